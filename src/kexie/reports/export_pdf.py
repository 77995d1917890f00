"""PDF export (ReportLab platypus), laid out like the Word version.

Chinese text is set in an embedded TrueType CJK font (see `fonts.py`), so the PDF renders
the same in any reader, pdftoppm included, and its text can be searched and copied. Lines
break between any two Chinese characters (``wordWrap='CJK'``), as Chinese typesetting does.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from ..store.reporting import paused_gc
from .blocks import Block, Cell, Chart, Heading, Note, Para, Table, Title, number
from .charts import drawing
from .fonts import CjkFonts, cjk_fonts, covers, markup
from .linebreak import break_lines

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


CELL_PAD = 3.0


def _cell_text(v: Cell) -> str:
    return number(v) if isinstance(v, int | float) else str(v)


class _PagedTable(Flowable):
    """A long table that cuts itself into one ReportLab Table per page, header repeated on each.

    ReportLab's own Table re-copies and re-measures all remaining rows at every page split,
    quadratic in the rows (minutes for a report of 10,000 activities). Here the row heights are
    known up front, so each split takes the rows that fit (a bisection over the running heights)
    and leaves the rest as a view of the same data: linear in the rows.
    """

    def __init__(self, data, heights, col_w, style, total_style, start: int = 1) -> None:
        super().__init__()
        self.data, self.heights, self.col_w = data, heights, col_w
        self.style, self.total_style, self.start = style, total_style, start
        self.hAlign = "CENTER"
        self._ends = list(accumulate(heights)) if start == 1 else None

    def _cum(self) -> list[float]:
        return self._ends if self._ends is not None else list(accumulate(self.heights))

    def _height(self, start: int, end: int) -> float:
        ends = self._cum()
        return self.heights[0] + ends[end - 1] - ends[start - 1]

    def _table(self, start: int, end: int) -> RLTable:
        rows = [self.data[0], *self.data[start:end]]
        t = RLTable(rows, colWidths=self.col_w, rowHeights=[self.heights[0], *self.heights[start:end]])
        last = end == len(self.data)
        t.setStyle(TableStyle(self.style + (self.total_style if last else [])))
        return t

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return sum(self.col_w), self._height(self.start, len(self.data))

    def split(self, avail_width: float, avail_height: float) -> list:
        ends = self._cum()
        base = ends[self.start - 1] - self.heights[0]  # rows before `start`, less the header
        end = bisect_right(ends, base + avail_height, lo=self.start)
        if end <= self.start:
            return []  # not even one row fits: the next frame
        first = self._table(self.start, end)
        if end >= len(self.data):
            return [first]
        rest = _PagedTable(self.data, self.heights, self.col_w, self.style, self.total_style, end)
        rest._ends = ends
        return [first, rest]

    def draw(self) -> None:
        t = self._table(self.start, len(self.data))
        t.wrapOn(self.canv, sum(self.col_w), self._height(self.start, len(self.data)))
        t.drawOn(self.canv, 0, 0)


def _measure(face: str):
    """Token width at table size, memoized: a table's text is made of a few thousand distinct tokens."""

    @lru_cache(maxsize=65536)
    def measure(tok: str) -> float:
        return stringWidth(tok, face, TABLE_PT)

    return measure


def _table(b: Table, st: dict[str, ParagraphStyle], f: CjkFonts, width: float) -> list:
    """A grid table with plain-text cells broken into lines here (not Paragraph cells).

    Paragraph cells cost a markup parse each, and a table of thousands of them took minutes;
    strings broken by the Chinese line breaker and measured with the font's metrics are exact
    and fast. One face per table: the Song face when it has every character, else the sans face.
    """
    out: list = []
    if b.caption:
        out.append(_p(b.caption, st["caption"], f))
    widths = b.widths or [1.0] * len(b.columns)
    col_w = [width * w / sum(widths) for w in widths]
    body = [[_cell_text(v) for v in r] for r in [*b.rows, *([b.total] if b.total else [])]]
    text = "".join(c for r in body for c in r)
    font = f.serif if covers(f.serif, text) else f.sans

    widths_of = {face: _measure(face) for face in (font, f.sans)}

    def lines(s: str, w: float, face: str) -> str:
        measure = widths_of[face]
        if sum(map(measure, s)) <= w:
            return s
        return "\n".join(break_lines(s, w, measure=measure))

    data = [[lines(c, col_w[i] - 2 * CELL_PAD, f.sans) for i, c in enumerate(b.columns)]]
    data += [[lines(c, col_w[i] - 2 * CELL_PAD, font) for i, c in enumerate(r)] for r in body]
    numeric = [
        bool(b.rows) and all(isinstance(r[i], int | float) for r in b.rows) for i in range(len(b.columns))
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, 0), f.sans, TABLE_PT, TABLE_PT * 1.3),
        ("FONT", (0, 1), (-1, -1), font, TABLE_PT, TABLE_PT * 1.3),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7e6e6")),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, n in enumerate(numeric) if n]
    leading = TABLE_PT * 1.3
    heights = [max(c.count("\n") + 1 for c in row) * leading + 7 for row in data]
    total_style = [("FONT", (0, -1), (-1, -1), f.sans, TABLE_PT, leading)] if b.total else []
    out.append(_PagedTable(data, heights, col_w, style, total_style))
    out.append(Spacer(1, 10))
    return out


def _footer(f: CjkFonts):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(f.serif, 14)
        canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {doc.page} —")
        canvas.restoreState()

    return draw


@paused_gc()  # ~300 pages of flowables for 10k activities: see paused_gc
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
