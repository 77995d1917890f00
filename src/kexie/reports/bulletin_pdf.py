"""Typeset a bulletin issue as PDF in the standard layout of a work bulletin (工作动态/简报).

Page 1 opens with the masthead: the bulletin's name large, bold and red, the issue number, the
date (with the issuing office on the left when given) and a red double rule. Then, in order,
section headings 【…】, article titles (bold, larger, centred, wrapped when long) and body
paragraphs (justified, two-character first-line indent, the contributing units in parentheses
at the end of the last one). Every later page has a running header; every page a footer line
and its page number.

Drawn line by line on a ReportLab canvas with our own Chinese line breaker (`linebreak`), so the
lines break by the same rules as the copied-out text of `kexie.synth.wrap`.
The default face is ReportLab's CID font STSong-Light, which needs no font file (readers supply
the glyphs); pass `font` to use a registered TrueType face instead.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from kexie.model import Bulletin
from kexie.reports.bulletin_text import cn_date, printed_paragraphs
from kexie.reports.linebreak import break_lines

CID_FONT = "STSong-Light"
RED = Color(0.8, 0.0, 0.0)
# Sizes relative to the body size, as in printed bulletins: 小初 masthead over 三号 body, etc.
MASTHEAD_SCALE = 2.6
TITLE_SCALE = 1.3
HEADING_SCALE = 1.1
FURNITURE_SCALE = 0.7
LEADING = 1.7  # line pitch / font size: a typical 28-line page at 16 pt on A4
MAX_CHAR_SPACE = 0.25  # justification never spreads characters by more than this many ems


def _register(font: str) -> str:
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    return font


@dataclass(slots=True)
class _Pen:
    """The canvas and where the next line goes."""

    c: Canvas
    font: str
    size: float
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    header: str | None
    footer: str | None
    page: int = 1
    y: float = 0.0

    @property
    def measure_width(self) -> float:
        return self.width - self.left - self.right

    def text(
        self,
        s: str,
        x: float,
        size: float,
        *,
        bold: bool = False,
        color: Color = black,
        char_space: float = 0.0,
        anchor: str = "left",
    ) -> None:
        w = pdfmetrics.stringWidth(s, self.font, size) + char_space * max(len(s) - 1, 0)
        if anchor == "center":
            x -= w / 2
        elif anchor == "right":
            x -= w
        # colour, render mode and character spacing are graphics state, which outlives the text
        # object: set them inside a saved state so that nothing leaks into the next line
        self.c.saveState()
        self.c.setFillColor(color)
        t = self.c.beginText(x, self.y)
        t.setFont(self.font, size)
        if bold:  # the CID face has no bold: fill and stroke the glyphs instead
            self.c.setStrokeColor(color)
            self.c.setLineWidth(size * 0.035)
            t.setTextRenderMode(2)
        if char_space:
            t.setCharSpace(char_space)
        t.textOut(s)
        self.c.drawText(t)
        self.c.restoreState()

    def head(self) -> None:
        """The running header of pages after the first, drawn first so it reads first."""
        if not self.header or self.page == 1:
            return
        small = self.size * FURNITURE_SCALE
        y = self.height - self.top + small * 1.2
        self.c.setStrokeColor(black)
        self.c.setLineWidth(0.5)
        self.c.line(self.left, y - small * 0.5, self.width - self.right, y - small * 0.5)
        save, self.y = self.y, y
        self.text(self.header, self.width / 2, small, anchor="center")
        self.y = save

    def foot(self) -> None:
        """The footer line: a note on the left, the page number on the right."""
        small = self.size * FURNITURE_SCALE
        y = self.bottom - small * 2.2
        self.c.setStrokeColor(black)
        self.c.setLineWidth(0.5)
        self.c.line(self.left, y + small * 1.3, self.width - self.right, y + small * 1.3)
        save, self.y = self.y, y
        if self.footer:
            self.text(self.footer, self.left, small)
        self.text(f"— {self.page} —", self.width - self.right, small, anchor="right")
        self.y = save

    def need(self, height: float) -> None:
        """Start a new page unless `height` more points fit above the bottom margin."""
        if self.y - height < self.bottom:
            self.foot()
            self.c.showPage()
            self.page += 1
            self.y = self.height - self.top
            self.head()

    def down(self, dy: float) -> None:
        self.y -= dy


def _measure(font: str, size: float):
    cache: dict[str, float] = {}

    def measure(tok: str) -> float:
        w = cache.get(tok)
        if w is None:
            w = cache[tok] = pdfmetrics.stringWidth(tok, font, size)
        return w

    return measure


def _masthead(p: _Pen, bulletin: Bulletin, issuer: str | None) -> None:
    issue = bulletin.issue
    big = p.size * MASTHEAD_SCALE
    p.down(big)
    p.text(issue.title or "", p.width / 2, big, bold=True, color=RED, anchor="center")
    p.down(p.size * 2.0)
    if issue.number:
        p.text(issue.number, p.width / 2, p.size * 1.1, anchor="center")
        p.down(p.size * 1.9)
    if issue.date or issuer:
        if issuer:
            p.text(issuer, p.left, p.size)
        if issue.date:
            anchor = "right" if issuer else "center"
            x = p.width - p.right if issuer else p.width / 2
            p.text(cn_date(issue.date), x, p.size, anchor=anchor)
        p.down(p.size * 0.8)
    p.c.setStrokeColor(RED)
    p.c.setLineWidth(1.8)
    p.c.line(p.left, p.y, p.width - p.right, p.y)
    p.c.setLineWidth(0.6)
    p.c.line(p.left, p.y - 3, p.width - p.right, p.y - 3)
    p.down(p.size * 1.6)


def _paragraph(p: _Pen, text: str, measure) -> None:
    size, lead = p.size, p.size * LEADING
    indent = 2 * size
    lines = break_lines(text, p.measure_width, p.measure_width - indent, measure)
    for i, line in enumerate(lines):
        p.need(lead)
        p.down(lead)
        x = p.left + (indent if i == 0 else 0)
        space = 0.0
        if i < len(lines) - 1:  # justify every line but the last
            avail = p.measure_width - (indent if i == 0 else 0)
            extra = avail - measure(line)
            if extra > 0 and len(line) > 1:
                space = min(extra / (len(line) - 1), size * MAX_CHAR_SPACE)
        p.text(line, x, size, char_space=space)


def render_pdf(
    bulletin: Bulletin,
    *,
    page_size: tuple[float, float] = A4,
    font_size: float = 16,
    margins: tuple[float, float, float, float] = (80, 74, 80, 74),
    font: str = CID_FONT,
    issuer: str | None = None,
    footer: str | None = "内部资料　注意保存",
    created: dt.date | None = None,
) -> bytes:
    """The bulletin as a PDF. `margins` are top, right, bottom, left in points.

    The document's creation date is `created`, else the issue's date, else now: readers fall
    back on it for the bulletin's year.
    """
    if font == CID_FONT or font in ("MSung-Light", "HeiseiMin-W3"):
        _register(font)
    buf = io.BytesIO()
    issue = bulletin.issue
    created = created or (dt.date.fromisoformat(issue.date) if issue.date else None)
    # with a known date the output is byte-for-byte reproducible (fixed /ID); else it is dated now
    c = Canvas(buf, pagesize=page_size, invariant=created is not None)
    title = " ".join(x for x in (issue.title, issue.number) if x)
    c.setTitle(title or bulletin.source.name)
    c.setCreator("kexie")
    if created is not None:
        stamp = f"D:{created.year:04d}{created.month:02d}{created.day:02d}000000+00'00'"
        c.setDateFormatter(lambda *_: stamp)
    width, height = page_size
    top, right, bottom, left = margins
    p = _Pen(c, font, font_size, width, height, left, right, top, bottom, header=title or None, footer=footer)
    p.y = height - top
    body = _measure(font, font_size)
    title_size = font_size * TITLE_SCALE
    heading_size = font_size * HEADING_SCALE
    if issue.title:
        _masthead(p, bulletin, issuer)
    section = None
    for art in bulletin.articles:
        lines = break_lines(art.title, p.measure_width - 2 * font_size, measure=_measure(font, title_size))
        # keep a heading and a title with the first two lines of the body
        keep = title_size * (0.9 + 1.5 * len(lines)) + font_size * LEADING * 2
        if art.section and art.section != section:
            p.need(heading_size * 2.4 + keep)
            p.down(heading_size * 2.0)
            p.text(f"【{art.section}】", p.left, heading_size, bold=True)
            p.down(heading_size * 0.4)
        section = art.section
        p.need(keep)
        p.down(title_size * 0.6)
        for line in lines:
            p.down(title_size * 1.5)
            p.text(line, width / 2, title_size, bold=True, anchor="center")
        p.down(title_size * 0.3)
        for para in printed_paragraphs(art):
            _paragraph(p, para, body)
    p.foot()
    c.showPage()
    c.save()
    return buf.getvalue()
