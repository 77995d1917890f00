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

The thresholds below are in display columns. They were set on the shared sample (which
must rebuild exactly) and checked on generated bulletins wrapped at 16-35 columns by
`kexie.synth.wrap` (about 94 % rebuild exactly; nearly all the rest are full-width
paragraph ends that the lost indent makes ambiguous, as `synth.wrap.ambiguous` flags).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Line
from . import cues
from .normalize import join_lines, normalize, normalize_all, width

TOL = 1.0  # columns: a line at most this short of the expected width is still full (kinsoku, hanging 。)
CLEARLY_SHORT = 2.5  # columns short of full: certainly a paragraph's last line
MIN_MEASURE = 8  # a "modal width" under this many columns is no measure at all (a list of short lines)
MAX_MEASURE = 60  # columns: no printed page line is wider (A4 at 9 pt holds about 50 CJK characters)
ROOM = 0.75  # columns: a line this much short of the measure had room for one more character
# Marks that may not open a line (GB/T 15834 and common typesetting practice): a typesetter
# pushes the character before them down, leaving the previous line one character short.
NO_LINE_START = "、，。；：！？）」』”’》〉】…·,.;:!?)"
NO_LINE_END = "“‘（《〈「『【("  # marks that may not close a line: they move down with the next character
HANGING = "，。；：！？）”’》」』】,.;:!?)"  # may hang into the margin instead of pulling a character down
_PULLING = "".join(c for c in NO_LINE_START if c not in HANGING)
_UNIT_RE = re.compile(
    rf"[{re.escape(NO_LINE_END)}]*(?:[A-Za-z0-9][A-Za-z0-9.%]*|[^\x00-\x7f](?: [^\x00-\x7f])?|.)[{re.escape(_PULLING)}]*"
)  # "X Y" around a phrase space is one unit: a typesetter does not break at a phrase space
_NOT_ALONE = frozenset(_PULLING + " ")  # after a first character, these join its unit
_ASCII_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
_ASCII_RUN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%]*")
# A run of spaces not after an ASCII word nor before one. The literal space comes first (the
# lookbehind spans it) so the engine scans for spaces, not tries every character.
_PHRASE_SPACE_RE = re.compile(r" (?<![A-Za-z0-9.%] ) *(?![A-Za-z0-9])")
# Both in one pass (neither can match inside the other): a run is group 1, a phrase space "".
_RUN_OR_PHRASE_SPACE_RE = re.compile(rf"({_ASCII_RUN_RE.pattern})|{_PHRASE_SPACE_RE.pattern}")
AUTOSPACE = 0.5  # columns an ASCII run costs beyond its characters (¼ em each side)
SLACK = 0.25  # columns: copy-out spacing makes measured widths this uncertain
SENTENCE_MARKS = cues.SENTENCE_MARKS
HEADING_OPEN = "【〖［["
PAGE_NUMBER_LEN = 16  # characters: a page-number line is short ("第 2 页 共 8 页")
_HAS_DIGIT_RE = re.compile(r"\d")
MAX_TITLE_LINES = 4  # a title wraps over at most this many lines
MAX_INDENT = 4.5  # columns: a first-line indent is 2 characters, rarely up to 4
WRAPPED_SHARE = 0.25  # at least this share of lines at the measure: the text was wrapped at one
FULL_SHARE = 0.3  # see _measure
STANDARD_INDENT = 2  # characters: the first-line indent of Chinese official documents
TINY = 8  # lines: a text this short is measured from what little it has
EXACT_VOTES = 8  # lines of Chinese only needed for them alone to vote for the measure
OVER_SHARE = 0.1  # a measure few lines exceed (only hanging marks and the odd long word)


@dataclass(slots=True)
class Block:
    """A unit of text for segmentation: a paragraph, or a title/heading/masthead line."""

    text: str  # normalized
    n_lines: int = 1
    fill: float = 0.0  # first line's width ÷ the full measure; 0 when unknown
    width: float = 0.0  # first line's width in columns (text only; 0 when unknown)
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


def _is_page_furniture(raw: list[str], texts: list[str], keep: list[int] | None = None) -> list[bool]:
    """Page numbers, and running headers/footers left in extracted text.

    Only lines at a page boundary can be furniture: next to a page number, or opening a page
    (the stray leading space of PDF copy-out). Such a short line is furniture when it repeats
    (digits masked) and never occurs off a boundary — body text repeats too — or, seen once,
    when it repeats the masthead (the issue number, the bulletin's name).
    """
    n = len(texts)
    out = [False] * n
    near: set[int] = set()
    if keep is None:  # the non-blank lines (blank ones are never furniture)
        keep = [i for i, t in enumerate(texts) if t]
    short = [i for i in keep if len(texts[i]) <= PAGE_NUMBER_LEN]
    for i in short:
        if cues.PAGE_NUMBER_RE.match(texts[i]):
            out[i] = True
            near.update((i - 2, i - 1, i + 1, i + 2))
    starts = [i for i in keep if raw[i][:1] == " " and raw[i][1:2] != " "]
    groups: dict[str, list[int]] = {}
    for i in sorted(near.union(starts)):
        t = texts[i] if 0 <= i < n else ""
        if t and not out[i] and len(t) <= 40 and t[-1] not in SENTENCE_MARKS and t[0] not in HEADING_OPEN:
            groups.setdefault(cues.DIGITS_RE.sub("#", t) if _HAS_DIGIT_RE.search(t) else t, []).append(i)
    if not groups:
        return out
    everywhere = Counter([texts[i] for i in keep])  # counted in C; only non-blank texts are asked
    first = texts[keep[0]] if keep else ""
    for idx in groups.values():
        at_boundary = Counter(texts[i] for i in idx)
        if any(everywhere[t] > c for t, c in at_boundary.items()):
            continue  # the same text off a page boundary: body text
        i = idx[0]
        if len(idx) >= 2 or (
            i > 0 and (cues.ISSUE_RE.search(texts[i]) or (len(first) <= 20 and texts[i].startswith(first)))
        ):
            for i in idx:
                out[i] = True
    return out


def _blank_before(keep: list[int], furniture: list[bool]) -> tuple[list[int], list[bool]]:
    """The text lines without the furniture, and whether a blank line came before each (since
    the previous text line kept: a blank line next to dropped furniture still counts)."""
    kept: list[int] = []
    blank: list[bool] = []
    prev = -1  # the previous non-blank line, kept or not
    gap = False
    for i in keep:
        gap = gap or i > prev + 1
        prev = i
        if not furniture[i]:
            kept.append(i)
            blank.append(gap)
            gap = False
    return kept, blank


def _indent(lead: str) -> bool:
    """Leading whitespace that is an explicit first-line indent (not the stray page-start space)."""
    return "\u3000" in lead or "\t" in lead or lead.count(" ") >= 2


def _page_start(raw: str) -> bool:
    """PDF copy-out opens each page with one stray space."""
    return raw[:1] == " " and raw[1:2] != " "


def unwrap_text(lines: list[Line]) -> list[Block]:
    """Plain text → blocks, from the widths measured over the whole document."""
    raw = [ln.text.rstrip() for ln in lines]
    stripped = [t.lstrip() for t in raw]
    # Blank lines: between every pair of lines (PDF copy-out) they mean nothing; otherwise they end
    # paragraphs. Each pass below is one list comprehension (the per-line cost is Python's).
    keep = [i for i, t in enumerate(stripped) if t]
    furniture = _is_page_furniture(raw, stripped, keep)
    if any(furniture):
        keep, blank = _blank_before(keep, furniture)
    else:  # a blank line before: a gap since the previous text line
        blank = [i > k + 1 for k, i in zip([-1, *keep], keep, strict=False)]
    if not keep:
        return []
    texts = [stripped[i] for i in keep]
    indents = [
        raw[i][:1] in " \t\u3000" and _indent(raw[i][: len(raw[i]) - len(t)])
        for i, t in zip(keep, texts, strict=True)
    ]
    items: list[tuple[str, bool, bool]] = list(
        zip(texts, indents, blank, strict=True)
    )  # (text, indent, blank before)
    n_text, n_single_blank = len(items), blank.count(True)
    blanks_meaningful = n_single_blank < 0.8 * (n_text - 1)  # copy-out puts one after nearly every line
    narrow = [len(t.encode("ascii", "ignore")) for t in texts]  # one C call a line: the fast path
    # Chinese-only lines (most) are measured by their length; the rest by `_spaced_width`.
    widths = [
        len(t) - a / 2 if " " not in t else _spaced_width(t, a) for t, a in zip(texts, narrow, strict=True)
    ]
    exact = [
        not a or not _ASCII_ALNUM_RE.search(t) for t, a in zip(texts, narrow, strict=True)
    ]  # no autospace guess
    heading = [t[0] in HEADING_OPEN and bool(cues.HEADING_RE.match(t)) for t in texts]

    measure = _measure(
        widths,
        [t[-1] in HANGING for t in texts],
        [t.rstrip(cues.CLOSERS)[-1:] in cues.SENTENCE_MARKS for t in texts],  # cues.ends_sentence, inlined
        exact,
    )
    if measure is None:  # not wrapped at a measure: blank lines separate paragraphs, else each line is one
        if not blanks_meaningful or not n_single_blank:
            return [
                Block(text, indented=ind, width=w)
                for text, (_, ind, _), w in zip(normalize_all(texts), items, widths, strict=True)
            ]
        groups: list[list[str]] = []
        for k, (t, _, blank) in enumerate(items):
            if blank or not groups or heading[k] or heading[k - 1]:
                groups.append([])
            groups[-1].append(t)
        return [
            Block(text, n_lines=len(g))
            for text, g in zip(normalize_all([join_lines(g) for g in groups]), groups, strict=True)
        ]
    full_w, first_w = measure
    indent_w = full_w - first_w

    joined: list[str] = []  # the blocks' texts, normalized all at once at the end
    shapes: list[tuple[int, float, float, bool]] = []  # (lines, first fill, last fill, indented)
    parts: list[str] = []
    first_fill = 0.0
    n = len(items)
    for i, (t, explicit_indent, _) in enumerate(items):
        at_start = not parts
        if at_start:
            first_fill = widths[i] / full_w
        parts.append(t)
        nxt = items[i + 1] if i + 1 < n else None
        if nxt is None or heading[i] or heading[i + 1] or nxt[1] or (blanks_meaningful and nxt[2]):
            end = True
        else:
            expected = full_w - indent_w if at_start and not explicit_indent else full_w
            room = expected - widths[i]
            unit = _unit_width(nxt[0]) if room >= ROOM else 0.0
            if room >= max(unit, 1.0) + SLACK:
                end = True  # the next line's first word would have fitted: this line ended short
            elif room >= ROOM and room >= unit - SLACK and cues.ends_sentence(t):
                end = True  # a character would still have fitted after the full stop
            elif at_start or t[-1] in SENTENCE_MARKS or t[-2:-1] in SENTENCE_MARKS or t[-1] in "）)":
                end = _next_begins_new(items, widths, i, at_start, full_w, first_w)
            else:
                end = False  # a full line that does not end a sentence continues
        if not end and t[-1] in "）)" and cues.split_attribution(join_lines(parts)) is not None:
            end = True  # the closing attribution ends the article, however full its line
        if end:
            k = len(parts)
            if k == 1:  # the lines are stripped already: nothing to join
                joined.append(t)
                shapes.append((1, first_fill, widths[i] / full_w, explicit_indent))
            else:
                joined.append(join_lines(parts))
                shapes.append((k, first_fill, widths[i] / full_w, items[i - k + 1][1]))
            parts = []
    return [
        Block(text, n_lines=k, fill=fill, width=fill * full_w, last_fill=last, indented=ind)
        for text, (k, fill, last, ind) in zip(normalize_all(joined), shapes, strict=True)
    ]


def _measure(
    widths: list[float],
    hanging: list[bool] | None = None,
    ends_sentence: list[bool] | None = None,
    exact: list[bool] | None = None,
) -> tuple[float, float] | None:
    """(full width, first-line width) in columns, or None when the text is not wrapped.

    Lines ending in a mark that may hang past the margin do not vote for the measure.
    """
    hanging = hanging or [False] * len(widths)
    exact = exact or [True] * len(widths)
    # Lines of Chinese only have exact widths; lines with ASCII runs are off by the autospace
    # guess, so they vote only when too few lines are exact.
    votes = [w for w, e in zip(widths, exact, strict=True) if e and MIN_MEASURE <= w <= MAX_MEASURE]
    if len(votes) < EXACT_VOTES:
        votes = [w for w in widths if MIN_MEASURE <= w <= MAX_MEASURE]
    counts = Counter(
        [int(w + 0.5) for w in votes]
    )  # half up: a line with ASCII is full at half a column short
    steady = Counter([int(w + 0.5) for w, h in zip(widths, hanging, strict=True) if not h])
    if not counts:
        return None
    # The full measure: the widest width nearly as frequent as the most frequent one (short
    # paragraphs make first lines as frequent as full ones; hanging marks make a few lines wider).
    top = max(counts.values())
    candidates = sorted((w for w, c in counts.items() if c >= FULL_SHARE * top), reverse=True)
    # a width made only of lines whose last mark hangs past the margin is the measure plus one
    full = float(max(w if steady[w] else w - 1 for w in candidates))
    near = len(
        [w for w in widths if full - 2 - TOL <= w <= full + 1.5]
    )  # full lines and indented first lines
    wider = len([w for w in widths if w > full + 2])
    least = 1 if len(widths) < TINY else 2  # a short text may have a single full line
    if near < max(least, WRAPPED_SHARE * len(widths)) or wider > OVER_SHARE * len(widths):
        return None

    # The indent: how much shorter than full a first line is. First lines are those after a
    # line that certainly ended a paragraph and before a full line (so not a title).
    def shortfalls_after(ended: list[bool]) -> list[float]:
        return sorted(
            full - w
            for k, w in enumerate(widths[:-1])
            if (k == 0 or ended[k - 1]) and widths[k + 1] >= full - TOL and -1.5 <= full - w <= MAX_INDENT
        )

    # after lines that certainly ended a paragraph; in a short text, after any sentence end too
    shortfalls = shortfalls_after([w < full - CLEARLY_SHORT for w in widths])
    if len(shortfalls) < 2 and ends_sentence is not None:
        shortfalls = shortfalls_after(
            [w < full - CLEARLY_SHORT or e for w, e in zip(widths, ends_sentence, strict=True)]
        )
    indent = 0.0
    if len(shortfalls) >= 2:
        indent = float(round(shortfalls[len(shortfalls) // 2]))
    elif shortfalls and round(shortfalls[0]) == STANDARD_INDENT:
        indent = float(STANDARD_INDENT)  # one first line in a short text: the standard indent, confirmed once
    return full, full - max(indent, 0.0)


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
    sentence_end = cues.ends_sentence(cur) or cur.endswith(("）", ")"))
    title_like_cur = at_start and not cues.SENTENCE_PUNCT_RE.search(cur) and not cues.ends_open(cur)
    if not sentence_end and not title_like_cur:
        return False  # (every rule below needs one or the other: the common case, decided cheaply)
    if cues.starts_paragraph(nxt):
        return True
    if (
        title_like_cur
        and "，" not in cur
        and first_w < full_w - 1
        and widths[i] < first_w - 0.25
        and first_w - TOL <= widths[i + 1] <= first_w + 1
    ):
        return True  # a title as wide as a first line, then an indented first line
    if not sentence_end:
        return False
    w = widths[i + 1]
    if first_w < full_w - 1 and i + 2 < len(items):
        room_next = full_w - w
        if abs(_nominal(nxt, w, first_w) - first_w) <= 0.5 and (
            room_next >= max(_unit_width(items[i + 2][0]), 1.0)
        ):
            return True  # the next line has the indented first-line width, and is no full line cut short by a word
        if first_w - 1.25 <= w < first_w - 0.5 and _kinsoku(items[i + 2][0]):
            return True  # ... less the character pushed to the line after it
        # ... less a word that did not fit; as a continuation it would have had room for that
        # word, so it would be a paragraph's last line, which ends a sentence: this one runs on.
        unit2 = _unit_width(items[i + 2][0])
        if 0.5 < first_w - w < unit2 <= full_w - w and not cues.ends_sentence(nxt):
            return True
    # The next lines are a title (short, no sentence punctuation), then a paragraph starts.
    for j in range(i + 1, min(len(items), i + 2 + MAX_TITLE_LINES)):
        if j > i + 1 and (cues.starts_paragraph(items[j][0]) or abs(widths[j] - first_w) <= TOL):
            return True
        if not _title_line(items[j][0], widths[j], first_w):
            return False
    return False


def _line_width(text: str) -> float:
    """A line's printed width in columns.

    The spaces copy-out puts around an ASCII run are not printed as such: CJK typesetting
    sets a run with about ¼ em of autospace on each side, so a run costs ½ column more
    than its characters. A space between two Chinese phrases is a real (half-width) space.
    """
    if " " not in text:
        return width(text)
    return _spaced_width(text, len(text.encode("ascii", "ignore")))


def _spaced_width(text: str, narrow: int) -> float:
    """`_line_width` of a line with spaces, its ASCII characters (`narrow`) already counted: one
    regex pass counts both the ASCII runs and the phrase spaces, and width(text without its
    spaces) is computed without building that string (spaces are narrow)."""
    if narrow == len(text):
        return len(text) / 2
    found = _RUN_OR_PHRASE_SPACE_RE.findall(text)  # a run, or "" for a phrase space
    phrase_spaces = found.count("")
    runs = len(found) - phrase_spaces
    spaces = text.count(" ")
    return (len(text) - spaces) - (narrow - spaces) / 2 + AUTOSPACE * runs + 0.5 * phrase_spaces


def _unit_width(next_text: str) -> float:
    """Width of the first thing a typesetter cannot split off the next line: an ASCII word
    or number, or a character with the marks that may not open a line after it."""
    c = next_text[:1]
    if c > "\x7f" and c not in NO_LINE_END and next_text[1:2] not in _NOT_ALONE and not c.isspace():
        return 1.0  # the common case: one Chinese character, what `_UNIT_RE` would match
    m = _UNIT_RE.match(next_text)
    if not m:
        return 1.0
    unit = m.group(0).rstrip()
    return width(unit) + (AUTOSPACE if unit[-1:].isascii() and unit[-1:].isalnum() else 0.0)


def _kinsoku(next_text: str) -> bool:
    """The line before `next_text` was cut one character short: a mark may not open a line."""
    return len(next_text) >= 2 and (next_text[1] in _PULLING or next_text[0] in NO_LINE_END)


def _nominal(text: str, w: float, expected: float) -> float:
    """The width without a punctuation mark hanging past the measure."""
    return w - 1 if w >= expected + 0.75 and text[-1:] in HANGING else w


def _title_line(text: str, w: float, first_w: float) -> bool:
    if w >= first_w - TOL or cues.ends_open(text) or cues.SENTENCE_PUNCT_RE.search(text):
        return False
    lone = cues.split_attribution(text)
    return lone is None or bool(lone[0])  # an attribution on its own line belongs to the paragraph
