"""Word export in the usual typography of Chinese official documents (after GB/T 9704-2012).

A4 with the standard margins (37/35/28/26 mm); the title in 2号 (22 pt) 方正小标宋 bold,
centred; first-level headings in 黑体, second-level in 楷体; body text in 仿宋 at 3号 (16 pt)
with a two-character first-line indent and 1.5 line spacing; page numbers "— N —" in the footer.

Fonts are named for the East-Asian script slot (``w:rFonts/@w:eastAsia``) as well as the
Latin ones; without it Word and WPS set Chinese in the default 宋体 whatever the style says.
The font table also names a substitute (``w:altName``) for each Chinese face, which Word and
WPS use when a machine lacks e.g. 方正小标宋简体 or 仿宋_GB2312, instead of guessing.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from ..store.reporting import paused_gc
from .blocks import Block, Cell, Chart, Heading, Note, Para, Table, Title, number
from .charts import png

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# Substitutes the font table offers Word/WPS when the first face is not installed.
ALT_NAMES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", H2_FONT: "楷体", H1_FONT: "SimHei", TABLE_FONT: "SimSun"}

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
TABLE_PT = 10.5  # 五号: tables are reference material, not read aloud
NOTE_PT = 12


def _fonts(run, east_asia: str, size: float, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _para(
    doc_or_cell, text: str, font: str, size: float, *, bold=False, align=None, indent=False, spacing=1.5
):
    p = doc_or_cell.add_paragraph()
    pf = p.paragraph_format
    pf.line_spacing = spacing
    pf.space_before = pf.space_after = Pt(0)
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _fonts(p.add_run(text), font, size, bold)
    return p


def _font_table(doc) -> None:
    """Add the Chinese faces to word/fontTable.xml with their charset and a substitute."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alt in ALT_NAMES.items():
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
        etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "auto"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run("— "), TABLE_FONT, 14)
    run = p.add_run()
    _fonts(run, TABLE_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _fonts(p.add_run(" —"), TABLE_FONT, 14)


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell_text(v: Cell) -> str:
    return number(v) if isinstance(v, int | float) else str(v)


TABLE_STYLE = "KexieTable"  # paragraph style of table cells: font, size, single spacing, no indent


def _table_style(doc) -> None:
    """The cells' typography once, as a style: 10k activities are ~65k cells, and spelling it out
    in every cell made the document XML three times larger (and its compression as much slower)."""
    st = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.font.name = LATIN_FONT
    st.font.size = Pt(TABLE_PT)
    rfonts = st.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), TABLE_FONT)
    rfonts.set(qn("w:hint"), "eastAsia")
    pf = st.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    pf.first_line_indent = Pt(0)


def _escape(text: str) -> str:
    return escape(text) if ("&" in text or "<" in text or ">" in text) else text


def _tc(text: str, width: int, align: str, rpr: str = "", fill: str | None = None) -> str:
    """One table cell as WordprocessingML (built as text: python-docx's cell API is quadratic in rows).

    Typography comes from TABLE_STYLE; `rpr` overrides it (the header's face, a total's bold).
    """
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{TABLE_STYLE}"/><w:jc w:val="{align}"/></w:pPr>'
        f'<w:r>{rpr}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r></w:p></w:tc>'
    )


_HEAD_RPR = f'<w:rPr><w:rFonts w:eastAsia="{H1_FONT}" w:hint="eastAsia"/></w:rPr>'
_BOLD_RPR = "<w:rPr><w:b/></w:rPr>"


def _table(doc, b: Table, text_width_mm: float, tables: list[str]) -> None:
    """Add a placeholder paragraph for the table; its WordprocessingML goes to `tables`.

    python-docx's cell API is quadratic in the rows and even appending parsed rows costs a
    node-by-node move; a report of 10,000 activities took minutes. The table is written as
    text here and put in place of its placeholder when the file is saved (`_splice`).
    """
    if b.caption:
        _para(doc, b.caption, H1_FONT, NOTE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = b.widths or [1.0] * len(b.columns)
    twips = [int(Mm(text_width_mm * w / sum(widths)).twips) for w in widths]
    numeric = [
        bool(b.rows) and all(isinstance(r[i], int | float) for r in b.rows) for i in range(len(b.columns))
    ]
    parts = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{w}"/>' for w in twips),
        '</w:tblGrid><w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>',
        *(_tc(c, twips[i], "center", _HEAD_RPR, fill="E7E6E6") for i, c in enumerate(b.columns)),
        "</w:tr>",
    ]
    body = [*b.rows, *([b.total] if b.total else [])]
    aligns = ["right" if n else "left" for n in numeric]
    for r_i, values in enumerate(body):
        rpr = _BOLD_RPR if b.total is not None and r_i == len(body) - 1 else ""
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for i, v in enumerate(values):
            parts.append(_tc(_cell_text(v), twips[i], aligns[i], rpr))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    doc.add_paragraph(_placeholder(len(tables)))
    # characters XML 1.0 cannot hold, dropped once per table (the markup itself has none)
    tables.append(_XML_BAD.sub("", "".join(parts)))
    doc.add_paragraph()


def _placeholder(i: int) -> str:
    return f"KEXIE-TABLE-{i}-PLACEHOLDER"


_PLACEHOLDER_PARA = re.compile(r"<w:p><w:r><w:t>KEXIE-TABLE-(\d+)-PLACEHOLDER</w:t></w:r></w:p>")


def _splice(docx_bytes: bytes, tables: list[str]) -> bytes:
    """Replace each placeholder paragraph of word/document.xml by its table (one pass over the XML)."""
    if not tables:
        return docx_bytes
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    parts = _PLACEHOLDER_PARA.split(src.read("word/document.xml").decode("utf-8"))
    # split keeps the captured numbers at the odd places: text, 0, text, 1, ...
    if parts[1::2] != [str(i) for i in range(len(tables))]:
        raise AssertionError("table placeholders not found once each, in order, in the document")
    parts[1::2] = tables
    xml = "".join(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = xml.encode("utf-8") if item.filename == "word/document.xml" else src.read(item.filename)
            dst.writestr(item, data)
    return out.getvalue()


@paused_gc()  # tens of thousands of table cells: see paused_gc
def render_docx(blocks: list[Block]) -> bytes:
    """The blocks as a .docx file (bytes)."""
    doc = Document()
    tables: list[str] = []
    _font_table(doc)
    _table_style(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    text_width = 210 - 28 - 26
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _page_number(section)
    for b in blocks:
        match b:
            case Title():
                p = _para(doc, b.text, TITLE_FONT, TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
                p.paragraph_format.space_after = Pt(6)
                if b.subtitle:
                    _para(doc, b.subtitle, H2_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
                doc.add_paragraph()
            case Heading():
                font = H1_FONT if b.level == 1 else H2_FONT
                _para(doc, b.text, font, BODY_PT, indent=True, bold=b.level > 1)
            case Para():
                _para(doc, b.text, BODY_FONT, BODY_PT, indent=True)
            case Note():
                p = _para(doc, b.text, H2_FONT, NOTE_PT, indent=True)
                p.runs[0].font.color.rgb = RGBColor(0x40, 0x40, 0x40)
            case Table():
                _table(doc, b, text_width, tables)
            case Chart():
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run().add_picture(io.BytesIO(png(b)), width=Mm(text_width - 6))
    doc.core_properties.title = next((b.text for b in blocks if isinstance(b, Title)), "")
    doc.core_properties.author = "kexie"
    buf = io.BytesIO()
    doc.save(buf)
    return _splice(buf.getvalue(), tables)
