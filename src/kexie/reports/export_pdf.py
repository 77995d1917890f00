"""PDF export (ReportLab platypus), laid out like the Word version.

Chinese text is set in an embedded TrueType CJK font (see `fonts.py`), so the PDF renders
the same in any reader, pdftoppm included, and its text can be searched and copied. Lines
break between any two Chinese characters (``wordWrap='CJK'``), as Chinese typesetting does.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from .blocks import Block, Cell, Chart, Heading, Note, Para, Table, Title, number
from .charts import drawing
from .fonts import CjkFonts, cjk_fonts, markup

BODY_PT = 16
TITLE_PT = 22
TABLE_PT = 10.5
NOTE_PT = 12
MARGINS = {"topMargin": 37 * mm, "bottomMargin": 35 * mm, "leftMargin": 28 * mm, "rightMargin": 26 * mm}


def _styles(f: CjkFonts) -> dict[str, ParagraphStyle]:
    base = {"wordWrap": "CJK", "fontName": f.serif}
    return {
        "title": ParagraphStyle(
            "title", **base, fontSize=TITLE_PT, leading=TITLE_PT * 1.5, alignment=TA_CENTER, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "subtitle", **base, fontSize=BODY_PT, leading=BODY_PT * 1.5, alignment=TA_CENTER, spaceAfter=14
        ),
        "h1": ParagraphStyle(
            "h1",
            wordWrap="CJK",
            fontName=f.sans,
            fontSize=BODY_PT,
            leading=BODY_PT * 1.5,
            firstLineIndent=BODY_PT * 2,
            spaceBefore=4,
        ),
        "h2": ParagraphStyle(
            "h2", **base, fontSize=BODY_PT, leading=BODY_PT * 1.5, firstLineIndent=BODY_PT * 2
        ),
        "body": ParagraphStyle(
            "body",
            **base,
            fontSize=BODY_PT,
            leading=BODY_PT * 1.5,
            firstLineIndent=BODY_PT * 2,
            alignment=TA_JUSTIFY,
        ),
        "note": ParagraphStyle(
            "note",
            **base,
            fontSize=NOTE_PT,
            leading=NOTE_PT * 1.5,
            firstLineIndent=NOTE_PT * 2,
            textColor=colors.HexColor("#404040"),
            spaceBefore=6,
        ),
        "caption": ParagraphStyle(
            "caption",
            wordWrap="CJK",
            fontName=f.sans,
            fontSize=NOTE_PT,
            leading=NOTE_PT * 1.6,
            alignment=TA_CENTER,
        ),
        "th": ParagraphStyle(
            "th",
            wordWrap="CJK",
            fontName=f.sans,
            fontSize=TABLE_PT,
            leading=TABLE_PT * 1.35,
            alignment=TA_CENTER,
        ),
        "td": ParagraphStyle("td", **base, fontSize=TABLE_PT, leading=TABLE_PT * 1.35, alignment=TA_LEFT),
        "num": ParagraphStyle("num", **base, fontSize=TABLE_PT, leading=TABLE_PT * 1.35, alignment=TA_RIGHT),
    }


def _p(text: str, style: ParagraphStyle, f: CjkFonts, bold: bool = False) -> Paragraph:
    # A run the body face lacks switches to the sans face; bold text is set in the sans face.
    font = f.sans if bold else style.fontName
    text = markup(text, font, f.sans if font == f.serif else f.serif)
    if font != style.fontName:
        text = f'<font face="{font}">{text}</font>'
    return Paragraph(text, style)


def _cell(v: Cell, st: dict[str, ParagraphStyle], f: CjkFonts, bold: bool) -> Paragraph:
    if isinstance(v, int | float):
        return _p(number(v), st["num"], f, bold)
    return _p(str(v), st["td"], f, bold)


def _table(b: Table, st: dict[str, ParagraphStyle], f: CjkFonts, width: float) -> list:
    out: list = []
    if b.caption:
        out.append(_p(b.caption, st["caption"], f))
    rows = [[_p(c, st["th"], f) for c in b.columns]]
    rows += [[_cell(v, st, f, False) for v in r] for r in b.rows]
    if b.total:
        rows.append([_cell(v, st, f, True) for v in b.total])
    widths = b.widths or [1.0] * len(b.columns)
    col_w = [width * w / sum(widths) for w in widths]
    t = RLTable(rows, colWidths=col_w, repeatRows=1, hAlign="CENTER")
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out += [t, Spacer(1, 10)]
    return out


def _footer(f: CjkFonts):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(f.serif, 14)
        canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {doc.page} —")
        canvas.restoreState()

    return draw


def render_pdf(blocks: list[Block]) -> bytes:
    """The blocks as an A4 PDF (bytes) with the Chinese font embedded."""
    f = cjk_fonts()
    st = _styles(f)
    buf = io.BytesIO()
    title = next((b.text for b in blocks if isinstance(b, Title)), "")
    doc = SimpleDocTemplate(buf, pagesize=A4, title=title, author="kexie", **MARGINS)
    width = doc.width
    story: list = []
    for b in blocks:
        match b:
            case Title():
                story.append(_p(b.text, st["title"], f, bold=True))
                if b.subtitle:
                    story.append(_p(b.subtitle, st["subtitle"], f))
            case Heading():
                story.append(_p(b.text, st["h1"] if b.level == 1 else st["h2"], f, bold=b.level == 1))
            case Para():
                story.append(_p(b.text, st["body"], f))
            case Note():
                story.append(_p(b.text, st["note"], f))
            case Table():
                story += _table(b, st, f, width)
            case Chart():
                story += [Spacer(1, 6), drawing(b, width=width), Spacer(1, 8)]
    doc.build(story, onFirstPage=_footer(f), onLaterPages=_footer(f))
    return buf.getvalue()
