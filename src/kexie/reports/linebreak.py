"""Chinese line breaking as typesetters do it, shared by the PDF typesetter and the text renderer.

Text is cut into unbreakable tokens (one CJK character; a run of ASCII letters and digits such as
``2023`` or ``5G``; a space glued to its neighbours so that a subtitle's space never lands at a line
edge), then filled greedily. Two rules of Chinese typesetting (禁则) apply, as the bulletins show:
closing punctuation never starts a line — a comma or full stop "hangs" past the right margin, while
an enumeration comma (、) pulls the previous character down with it — and opening quotes and
brackets never end a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# never at the start of a line
NO_START = frozenset("，。、；：！？）」』”’》〉】…%·,.;:!?)")
# hung into the right margin rather than pulling a character down (what the sample bulletins do)
HANG = frozenset("，。；：！？）”’》」』】")
# never at the end of a line
NO_END = frozenset("“‘（《〈「『【(")

_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%]*")


def tokens(text: str) -> list[str]:
    """Unbreakable units: ASCII alnum runs, single characters, and ``X Y`` around an inner space."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        m = _ASCII_RUN.match(text, i)
        if m:
            j = m.end()
            while j > i + 1 and text[j - 1] == ".":  # a trailing full stop is punctuation
                j -= 1
            tok = text[i:j]
        else:
            tok = text[i]
            j = i + 1
        while j + 1 < n and text[j] == " ":
            # glue "X Y" (and "X Y Z"): the space stays inside a line, never at its edge
            nxt = _ASCII_RUN.match(text, j + 1)
            j = nxt.end() if nxt else j + 2
            tok = text[i:j]
        out.append(tok)
        i = j
    return out


def column_width(s: str) -> float:
    """Display columns: a CJK character (or full-width sign) is 1, an ASCII character ½."""
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in s)


def break_lines(
    text: str,
    width: float,
    first_width: float | None = None,
    measure: Callable[[str], float] = column_width,
) -> list[str]:
    """Fill `text` into lines of `width` (the first line `first_width`), with the 禁则 above."""
    toks = tokens(text)
    lines: list[str] = []
    cur: list[str] = []
    used = 0.0
    limit = first_width if first_width is not None else width
    i = 0
    while i < len(toks):
        tok = toks[i]
        w = measure(tok)
        if not cur or used + w <= limit + 1e-9:
            cur.append(tok)
            used += w
            i += 1
            continue
        carry: list[str] = []
        if tok[0] in NO_START:
            if tok[0] in HANG or len(cur) < 2 or cur[-1][0] in NO_START:
                # hang this and any following closing marks into the margin; the line ends there
                cur.append(tok)
                i += 1
                while i < len(toks) and toks[i][0] in HANG:
                    cur.append(toks[i])
                    i += 1
                lines.append("".join(cur))
                cur, used, limit = [], 0.0, width
                continue
            carry = [cur.pop()]
        while len(cur) > 1 and cur[-1][-1] in NO_END:
            carry.insert(0, cur.pop())
        lines.append("".join(cur))
        cur = carry
        used = sum(measure(t) for t in cur)
        limit = width
    if cur:
        lines.append("".join(cur))
    return lines
