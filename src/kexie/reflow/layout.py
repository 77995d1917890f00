"""PDF lines → blocks, from the page geometry the reader measured.

1. The body font size is the size most characters are set in.
2. Page furniture goes: a line in the top or bottom band of a page that repeats across
   pages (digits masked: "第3期 · 2"), is a page number, or is set smaller than the body.
3. The body's left margin, right margin and first-line indent are the modes over the
   body-size lines; a body line starts a paragraph when indented, ends one when it stops
   short of the right margin. A page break is no paragraph break.
4. Lines in another size (masthead, titles, headings) or centered become blocks of their
   own, carrying their size ratio and centering for segmentation.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from ..model import Line, PageLines
from . import cues
from .normalize import join_lines, normalize
from .paragraphs import HANGING, Block

BAND = 0.12  # share of the page height at top and bottom where headers and footers live
SMALL = 0.9  # × body size: smaller lines in the bands are furniture
SAME_SIZE = 0.06  # relative difference under which two sizes are the same
SHORT = 1.0  # × body size: a line ending this far before the right margin is a last line
MASTHEAD_SIZE = 1.6  # × body size on the first page: the bulletin's name


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


SAME_Y = 3.0  # points: a running header or footer sits at the same height on every page
ATTACHED = 1.5  # × the body's line pitch: a band line this close to the body continues it


def _pitch(lines: list[Line]) -> float:
    """The body's usual distance from one baseline to the next (0 when no page has two lines)."""
    gaps = [b.y - a.y for a, b in pairwise(lines) if a.page == b.page and b.y > a.y]
    return _mode(gaps) or 0.0


def _attached(lines: list[Line], i: int, in_band: list[bool], pitch: float) -> bool:
    """Whether band line `i` is set at body leading right against a body line of its page.

    A running header or footer stands apart from the text; the last line of a paragraph
    that ends just above the footer (or the first one just under the header) does not.
    """
    ln = lines[i]
    return any(
        0 <= j < len(lines)
        and lines[j].page == ln.page
        and not in_band[j]
        and abs(lines[j].y - ln.y) <= pitch * ATTACHED
        for j in (i - 1, i + 1)
    )


def _furniture(lines: list[Line], page_h: float, body: float, pages: int) -> list[bool]:
    """Headers, footers and page numbers: lines in the top or bottom band that repeat at the
    same height across pages (digits masked), read as page numbers, or are set small.

    Repetition alone is not enough: the same paragraph ending may close two pages (an article
    printed twice, a stock phrase like 工作。), so a repeated line must also sit at one height
    and stand apart from the body's text.
    """
    if page_h <= 0:
        return [False] * len(lines)
    top, bottom = page_h * BAND, page_h * (1 - BAND)
    in_band = [ln.y < top or ln.y > bottom for ln in lines]
    seen: dict[str, list[Line]] = {}
    for ln, band in zip(lines, in_band, strict=True):
        if band:
            seen.setdefault(cues.DIGITS_RE.sub("#", ln.text.strip()), []).append(ln)
    pitch = _pitch(lines)
    out = []
    for i, (ln, band) in enumerate(zip(lines, in_band, strict=True)):
        if not band:
            out.append(False)
            continue
        t = ln.text.strip()
        if cues.PAGE_NUMBER_RE.match(t) or (0 < ln.size < body * SMALL):
            out.append(True)
            continue
        same = {o.page for o in seen[cues.DIGITS_RE.sub("#", t)] if abs(o.y - ln.y) <= SAME_Y}
        out.append(pages > 1 and len(same) >= 2 and not _attached(lines, i, in_band, pitch))
    return out


def _mode(values: list[float]) -> float | None:
    if not values:
        return None
    counts = Counter(round(v) for v in values)
    return float(max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0])


def unwrap_layout(pl: PageLines) -> list[Block]:
    lines = [ln for ln in pl.lines if ln.text.strip()]
    if not lines:
        return []
    body = _body_size(lines)
    furn = _furniture(lines, pl.page_height, body, pl.pages)
    lines = [ln for ln, f in zip(lines, furn, strict=True) if not f]
    is_body = [abs(ln.size - body) <= SAME_SIZE * body for ln in lines]
    body_lines = [ln for ln, b in zip(lines, is_body, strict=True) if b]
    # Margins: justified body text starts at the left margin and ends at the right one; only
    # indented first lines start further in, and only a hanging mark (，。) ends further out.
    left = min((ln.x0 for ln in body_lines), default=0.0)
    steady = [ln.x1 for ln in body_lines if ln.text.rstrip()[-1:] not in HANGING]
    right = max(steady) if steady else max((ln.x1 for ln in body_lines), default=0.0) - body
    measure = max(right - left, 1.0)
    indents = [ln.x0 - left for ln in body_lines if 0.5 * body <= ln.x0 - left <= 4.5 * body]
    indent = _mode(indents) or 0.0
    center = (left + right) / 2

    blocks: list[Block] = []
    parts: list[str] = []
    first: Line | None = None
    last_x1 = 0.0

    def close() -> None:
        nonlocal parts, first
        if parts and first is not None:
            blocks.append(
                Block(
                    normalize(join_lines(parts)),
                    n_lines=len(parts),
                    fill=(first.x1 - first.x0) / measure,
                    last_fill=(last_x1 - left) / measure,
                    page=first.page,
                    indented=indent > 0 and first.x0 - left >= 0.5 * indent,
                )
            )
        parts, first = [], None

    for ln, b in zip(lines, is_body, strict=True):
        centered = (
            abs((ln.x0 + ln.x1) / 2 - center) < body
            and ln.x0 - left > 1.5 * body
            and right - ln.x1 > 1.5 * body
            # A one-line paragraph at the first-line indent may happen to sit mid-page; a title
            # holds no sentence punctuation, a paragraph line does.
            and not (
                b
                and indent > 0
                and abs(ln.x0 - left - indent) < 0.25 * body
                and cues.SENTENCE_PUNCT_RE.search(ln.text)
            )
        )
        if not b or centered or cues.HEADING_RE.match(ln.text):
            close()
            kind = "masthead" if ln.page == 0 and ln.size >= MASTHEAD_SIZE * body else None
            blocks.append(
                Block(
                    normalize(ln.text),
                    fill=(ln.x1 - ln.x0) / measure,
                    kind=kind,
                    size=ln.size / body if body else 1.0,
                    bold=ln.bold,
                    centered=centered,
                    page=ln.page,
                )
            )
            continue
        starts = indent > 0 and ln.x0 - left >= 0.5 * indent
        if starts:
            close()
        if not parts:
            first = ln
        parts.append(ln.text)
        last_x1 = ln.x1
        if ln.x1 < right - SHORT * body:
            close()
    close()
    return blocks
