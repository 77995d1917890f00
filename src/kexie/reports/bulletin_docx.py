"""Typeset a bulletin issue as a Word document (DOCX) in the standard layout.

The same layout as `bulletin_pdf`, in the form editors receive and edit: A4; the masthead (bulletin
name large, bold, red; issue number; date; a red rule); section headings 【…】 bold in a Hei face;
article titles bold, centred and larger; body paragraphs in FangSong at 16 pt with a
two-character first-line indent and 1.5 line spacing, the attribution closing the last paragraph;
a running header from page 2 and a footer with the page number on every page.

Fonts are named for both scripts (``w:ascii``/``w:hAnsi`` and ``w:eastAsia`` of ``w:rFonts``):
Word and WPS pick the East Asian face for Chinese only when ``eastAsia`` is set, and substitute
by that name (仿宋, 宋体, 黑体 are present on every Chinese Windows and WPS installation).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from kexie.model import Bulletin
from kexie.reports.bulletin_text import cn_date, printed_paragraphs

BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)


def _fonts(
    run_or_style,
    east_asia: str,
    size: float | None = None,
    *,
    bold: bool = False,
    color: RGBColor | None = None,
) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size:
        font.size = Pt(size)
    if bold:
        font.bold = True
    if color is not None:
        font.color.rgb = color
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _para(
    container,
    text: str,
    east_asia: str,
    size: float,
    *,
    bold: bool = False,
    color: RGBColor | None = None,
    align=None,
    space_before: float = 0,
    space_after: float = 0,
) -> Paragraph:
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    if text:
        _fonts(p.add_run(text), east_asia, size, bold=bold, color=color)
    return p


def _rule(p: Paragraph, color: str = "C00000") -> None:
    """A red rule under the masthead: the paragraph's bottom border."""
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "thickThinSmallGap"), ("w:sz", "24"), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(k), v)
    borders.append(bottom)
    ppr.append(borders)


def _page_field(p: Paragraph, size: float) -> None:
    """``— N —`` with N a PAGE field, so Word numbers the pages itself."""
    _fonts(p.add_run("— "), BODY_FONT, size)
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = p.add_run("1")
    _fonts(run, BODY_FONT, size)
    fld.append(run._r)
    p._p.append(fld)
    _fonts(p.add_run(" —"), BODY_FONT, size)


def _footer(footer, note: str | None, size: float) -> None:
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if note:
        _fonts(p.add_run(note + "　　"), BODY_FONT, size)
    _page_field(p, size)


def render_docx(
    bulletin: Bulletin,
    *,
    font_size: float = 16,
    issuer: str | None = None,
    footer: str | None = "内部资料　注意保存",
) -> bytes:
    """The bulletin as a .docx file."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.2), Cm(3.0)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, font_size)
    normal.paragraph_format.line_spacing = 1.5
    issue = bulletin.issue
    title = " ".join(x for x in (issue.title, issue.number) if x)
    props = doc.core_properties
    props.title = title or bulletin.source.name
    props.author = issuer or "kexie"
    if issue.date:
        props.created = dt.datetime.fromisoformat(issue.date)

    small = font_size * 0.65
    section.different_first_page_header_footer = True
    if title:
        hp = section.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(hp.add_run(title), BODY_FONT, small)
    _footer(section.footer, footer, small)
    _footer(section.first_page_footer, footer, small)

    if issue.title:
        _para(
            doc,
            issue.title,
            TITLE_FONT,
            font_size * 2.6,
            bold=True,
            color=RED,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_after=6,
        )
        if issue.number:
            _para(doc, issue.number, BODY_FONT, font_size, align=WD_ALIGN_PARAGRAPH.CENTER)
        line = (
            f"{issuer}　　　　{cn_date(issue.date)}"
            if issuer and issue.date
            else (cn_date(issue.date) if issue.date else issuer or "")
        )
        p = _para(doc, line, BODY_FONT, font_size, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
        _rule(p)
    current = None
    for art in bulletin.articles:
        if art.section and art.section != current:
            _para(doc, f"【{art.section}】", HEADING_FONT, font_size, bold=True, space_before=12)
        current = art.section
        _para(
            doc,
            art.title,
            TITLE_FONT,
            font_size * 1.375,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            space_before=12,
            space_after=6,
        )
        for text in printed_paragraphs(art):
            p = _para(doc, text, BODY_FONT, font_size, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Pt(2 * font_size)
            ind = p._p.get_or_add_pPr().find(qn("w:ind"))
            if ind is not None:  # WPS and Word then indent by two characters whatever the size
                ind.set(qn("w:firstLineChars"), "200")
    buf = io.BytesIO()
    doc.save(buf)
    return _reproducible(buf.getvalue(), issue.date)


def _reproducible(data: bytes, iso: str | None) -> bytes:
    """The same zip with every entry dated by the issue (python-docx stamps them with the time of
    writing), so the same bulletin always gives the same bytes: same sha256, stable examples."""
    y, m, d = (int(x) for x in iso.split("-")) if iso else (1980, 1, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                zipfile.ZipInfo(info.filename, (max(y, 1980), m, d, 0, 0, 0)),
                src.read(info),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()
