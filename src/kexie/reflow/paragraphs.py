"""Unwrap lines into blocks (paragraphs, titles, headings) from the measured geometry.

Two kinds of input:

- **text** (copied out of a PDF): no coordinates, so the geometry is measured in display
  columns (`normalize.width`: CJK 1, ASCII ½). The modal line width is the full measure;
  the modal width of lines that follow a clearly short line is the first-line width, so
  the first-line indent is measured, not assumed. A line shorter than what is expected of
  it (the indented width at a paragraph's start, the full width after) ends its paragraph.
  A full line still ends one where the next line clearly begins a new one (a date, 日前，,
  an enumeration, a heading, the indented first-line width after a sentence end, a
  title-like short line). A page break is no paragraph break: a full line before it
  simply continues, and page numbers / running headers are dropped first.
- **layout** (PDF): the same rules on points: left margin, right margin and indent are the
  modes over the body lines of the document (see `layout.py`).

Readers that already know paragraphs (DOCX, HTML) give one `Line` per paragraph and
only need `blocks_from_paragraphs`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Line
from . import cues
from .normalize import join_lines, normalize, width

TOL = 1.0  # columns: a line at most this short of the expected width is still full (kinsoku, hanging 。)
CLEARLY_SHORT = 2.5  # columns short of full: certainly a paragraph's last line
MIN_MEASURE = 8  # a "modal width" under this many columns is no measure at all (a list of short lines)
WRAPPED_SHARE = 0.25  # at least this share of lines at the modal width: the text was wrapped at a measure


@dataclass(slots=True)
class Block:
    """A unit of text for segmentation: a paragraph, or a title/heading/masthead line."""

    text: str  # normalized
    n_lines: int = 1
    fill: float = 0.0  # first line's width ÷ the full measure; 0 when unknown
    last_fill: float = 0.0
    kind: str | None = None  # a reader's or the layout's hint: masthead, heading, title, para
    size: float = 1.0  # font size ÷ the body font size; 1 when unknown
    bold: bool = False
    centered: bool = False
    page: int = 0
    indented: bool = False  # its first line is indented (a paragraph start for sure)


def blocks_from_paragraphs(lines: list[Line]) -> list[Block]:
    """DOCX/HTML: each line is already a paragraph; carry the reader's hints over."""
    sizes = Counter()
    for ln in lines:
        if ln.size:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    out = []
    for ln in lines:
        text = normalize(ln.text.replace("\n", " ") if "\n" in ln.text else ln.text)
        if text:
            out.append(
                Block(
                    text,
                    kind=ln.kind,
                    size=(ln.size / body) if body and ln.size else 1.0,
                    bold=ln.bold,
                    centered=ln.centered,
                    page=ln.page,
                )
            )
    return out


def _is_page_furniture(texts: list[str]) -> list[bool]:
    """Page numbers and running headers/footers left in extracted text."""
    masked = Counter()
    for t in texts:
        if t and len(t) <= 40 and not cues.HEADING_RE.match(t) and not cues.SENTENCE_END_RE.search(t):
            masked[cues.DIGITS_RE.sub("#", t)] += 1
    return [
        bool(t) and (bool(cues.PAGE_NUMBER_RE.match(t)) or masked.get(cues.DIGITS_RE.sub("#", t), 0) >= 3)
        for t in texts
    ]


def unwrap_text(lines: list[Line]) -> list[Block]:
    """Plain text → blocks, from the widths measured over the whole document."""
    raw = [ln.text.rstrip() for ln in lines]
    stripped = [t.strip() for t in raw]
    furniture = _is_page_furniture(stripped)
    # Blank lines: between every pair of lines (PDF copy-out) they mean nothing; otherwise they end paragraphs.
    items: list[tuple[str, bool, bool]] = []  # (text, explicit indent, blank line before)
    blank_before = False
    n_text = n_single_blank = 0
    for i, t in enumerate(stripped):
        if not t:
            blank_before = True
            continue
        if furniture[i]:
            continue
        lead = raw[i][: len(raw[i]) - len(raw[i].lstrip())]
        indent = "\u3000" in lead or "\t" in lead or lead.count(" ") >= 2
        if blank_before:
            n_single_blank += 1
        items.append((t, indent, blank_before))
        n_text += 1
        blank_before = False
    if not items:
        return []
    blanks_meaningful = n_single_blank < 0.5 * (n_text - 1)
    widths = [width(t) for t, _, _ in items]

    measure = _measure(widths)
    if measure is None:  # not wrapped at a measure: one line, one paragraph
        return [Block(normalize(t), indented=ind) for t, ind, _ in items]
    full_w, first_w = measure
    indent_w = full_w - first_w

    blocks: list[Block] = []
    parts: list[str] = []
    first_fill = 0.0
    n = len(items)
    for i, (t, explicit_indent, _) in enumerate(items):
        at_start = not parts
        if at_start:
            first_fill = widths[i] / full_w
        parts.append(t)
        nxt = items[i + 1] if i + 1 < n else None
        if (
            nxt is None
            or cues.HEADING_RE.match(t)
            or cues.HEADING_RE.match(nxt[0])
            or nxt[1]
            or (blanks_meaningful and nxt[2])
        ):
            end = True
        else:
            expected = full_w - indent_w if at_start and not explicit_indent else full_w
            if widths[i] < expected - TOL:
                end = True
            else:
                end = _next_begins_new(items, widths, i, at_start, full_w, first_w)
        if end:
            blocks.append(
                Block(
                    normalize(join_lines(parts)),
                    n_lines=len(parts),
                    fill=first_fill,
                    last_fill=widths[i] / full_w,
                    indented=explicit_indent if len(parts) == 1 else items[i - len(parts) + 1][1],
                )
            )
            parts = []
    return blocks


def _measure(widths: list[float]) -> tuple[float, float] | None:
    """(full width, first-line width) in columns, or None when the text is not wrapped."""
    counts = Counter(round(w) for w in widths if w >= MIN_MEASURE)
    if not counts:
        return None
    full = float(max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0])
    near = sum(1 for w in widths if full - TOL <= w <= full + 1.5)
    if near < max(2, WRAPPED_SHARE * len(widths)):
        return None
    # First lines: those after a line that certainly ended a paragraph (or the very first).
    firsts = Counter(
        round(w)
        for k, w in enumerate(widths)
        if (k == 0 or widths[k - 1] < full - CLEARLY_SHORT) and full - 4.5 <= w <= full + 0.5
    )
    first = full
    if firsts:
        mode = float(max(firsts.items(), key=lambda kv: (kv[1], kv[0]))[0])
        if mode <= full - 1.5 and firsts[int(mode)] >= 2:
            first = mode
    return full, first


def _next_begins_new(
    items: list[tuple[str, bool, bool]],
    widths: list[float],
    i: int,
    at_start: bool,
    full_w: float,
    first_w: float,
) -> bool:
    """A full line i still ends its paragraph when line i+1 clearly begins a new one."""
    cur, nxt = items[i][0], items[i + 1][0]
    sentence_end = bool(cues.SENTENCE_END_RE.search(cur))
    title_like_cur = (
        at_start and not cues.SENTENCE_PUNCT_RE.search(cur) and not cues.NOT_TITLE_END_RE.search(cur)
    )
    if cues.starts_paragraph(nxt) and (sentence_end or title_like_cur):
        return True
    if not sentence_end:
        return False
    w = widths[i + 1]
    if first_w < full_w - 1 and abs(w - first_w) <= 0.5 and i + 2 < len(items):
        return True  # the next line has exactly the indented first-line width
    # The next line is a title: short, no sentence punctuation, and a paragraph starts after it.
    if (
        w < first_w - TOL
        and i + 2 < len(items)
        and not cues.NOT_TITLE_END_RE.search(nxt)
        and not cues.SENTENCE_PUNCT_RE.search(nxt)
    ):
        after = items[i + 2][0]
        return cues.starts_paragraph(after) or abs(widths[i + 2] - first_w) <= TOL
    return False
