"""Width and spacing rules, applied once so every later stage sees the same characters.

- full-width digits and Latin letters become half-width (０-９ Ａ-Ｚ ａ-ｚ); Chinese
  punctuation (，。：“”（）＋ ...) stays full-width;
- whitespace between a Chinese character or Chinese punctuation and an ASCII letter or
  digit is removed ("2 月 22 日" → "2月22日", the artifact of PDF text extraction);
- whitespace next to Chinese punctuation is removed;
- a run of whitespace between two Chinese phrases (a title with a subtitle) stays, as one
  ASCII space; between two ASCII words it stays too.

`width()` measures display columns: a Chinese character or full-width mark counts 1,
anything else ½. Everything is compiled regexes and str methods: this runs on every
byte of every input (the text target is ≥ 5 MB/s on one core).
"""

from __future__ import annotations

import re

# Ideographs (CJK unified + extension A + compatibility + the supplementary planes) and kana.
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Chinese punctuation: CJK symbols, full-width forms, and the quotes/dashes/dots used with them.
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u2015\u00b7\u2022\u2027\u25cf\u25cb\u25a0\u25a1\u3010\u3011"
_ALNUM = "A-Za-z0-9"

_FULLWIDTH_ALNUM = str.maketrans(
    {
        chr(c): chr(c - 0xFEE0)
        for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
    }
)
_FULLWIDTH_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_SPACES_RE = re.compile(r"[ \t\u3000\u00a0\u2002-\u200b\u202f\u205f\ufeff]+")
# What `_SPACES_RE` would change: any space but a single ASCII one (most text has none).
_ODD_SPACES_RE = re.compile(r"[\t\u3000\u00a0\u2002-\u200b\u202f\u205f\ufeff]|  ")
# A space to drop: after Chinese (or punctuation) before ASCII/punctuation, or after
# ASCII/punctuation before Chinese/punctuation. Chinese–space–Chinese is kept. The literal
# space comes first (the neighbour before it is a two-character lookbehind) so the regex
# engine scans for spaces instead of trying the lookbehind at every character.
_DROP_SPACE_RE = re.compile(
    f" (?:(?<=[{_HAN}{_CJK_PUNCT}] )(?=[{_ALNUM}{_CJK_PUNCT}])|(?<=[{_ALNUM}{_CJK_PUNCT}] )(?=[{_HAN}{_CJK_PUNCT}]))"
)
_ASCII_WORD_END = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789,.;:!?)")
_ASCII_WORD_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789(")


def normalize(text: str) -> str:
    """The one normalization of kexie (see the module docstring)."""
    if _FULLWIDTH_ALNUM_RE.search(text):
        text = text.translate(_FULLWIDTH_ALNUM)
    if _ODD_SPACES_RE.search(text):
        text = _SPACES_RE.sub(" ", text)
    text = text.strip()
    if " " in text:
        text = _DROP_SPACE_RE.sub("", text)
    return text


_SEP = "\n"


def normalize_all(texts: list[str]) -> list[str]:
    """`normalize` of each text, done on all of them at once: a document's paragraphs cost a
    few regex passes over the document, not a few per paragraph.

    The texts are stripped and joined with newlines, which no rule matches across (the space
    rules look at spaces, and none touches a newline). Texts holding a newline, or spaces other
    than single ASCII ones (rare: the stripping would then need doing again), are normalized
    one by one.
    """
    doc = _SEP.join([t.strip() for t in texts])
    if doc.count(_SEP) != len(texts) - 1 or _ODD_SPACES_RE.search(doc):
        return [normalize(t) for t in texts]
    if _FULLWIDTH_ALNUM_RE.search(doc):
        doc = doc.translate(_FULLWIDTH_ALNUM)
    if " " in doc:
        doc = _DROP_SPACE_RE.sub("", doc)
    return doc.split(_SEP)


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines: no separator, except a space between two ASCII words."""
    if len(parts) == 1:
        return parts[0].strip()
    out: list[str] = []
    last = ""  # the last character so far
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if last in _ASCII_WORD_END and p[0] in _ASCII_WORD_START:
            out.append(" ")
        out.append(p)
        last = p[-1]
    return "".join(out)


def width(text: str) -> float:
    """Display columns: ASCII ½, everything else (CJK characters, full-width marks) 1.

    Counted with one C-level encode: the few non-ASCII characters that are narrow in
    print (é, Greek) are rare enough in bulletins to be measured as wide.
    """
    n = len(text)
    narrow = len(text.encode("ascii", "ignore"))
    return n - narrow / 2
