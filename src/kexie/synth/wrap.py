"""Render a Bulletin as the text one gets by copying it out of its PDF.

The style is that of ``shared/samples/bast-bulletin-2023-02.txt``: every printed line becomes a
line followed by a blank line; each page starts with a stray space (and the text ends with one);
the first-line indent is lost; a run of ASCII letters or digits next to a Chinese character gets a
space on that side (``2 月 22 日``, ``科技 i 空间``); lines break where the typesetter broke
them, with hanging closing punctuation. Titles are set larger, so they wrap at a narrower width.
"""

from __future__ import annotations

import re
from itertools import pairwise

from kexie.model import Bulletin
from kexie.reports.bulletin_text import cn_date, printed_paragraphs
from kexie.reports.linebreak import break_lines, column_width

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE = re.compile(rf"(?<=[{_CJK}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{_CJK}])")


# A word processor sets a quarter-em gap between Chinese and Latin text (Word's "autospace"),
# which is where the copied-out spaces come from; an ASCII run thus costs ½ column more. Measured on
# the sample: with the gap its lines break exactly where the sample's do, without it 8 do not.
AUTOSPACE = 0.5
# Titles are set about 1.2 times larger than the body: 23 columns of a 28-column page (the sample).
TITLE_RATIO = 0.83


def text_columns(tok: str) -> float:
    """Columns of a token as the copied-out text measures it (with the autospace of ASCII runs)."""
    w = column_width(tok)
    return w + AUTOSPACE if tok[0].isascii() and tok[0].isalnum() else w


def space_ascii(line: str) -> str:
    """Put the spaces a PDF text layer adds between Chinese characters and ASCII runs."""
    return _SPACE.sub(" ", line)


# Vertical space of a printed line, in body lines: what decides where pages break.
HEIGHT = {"masthead": 3.0, "number": 1.5, "date": 1.5, "heading": 2.0, "title": 1.6, "body": 1.0}


def printed_lines(
    bulletin: Bulletin, *, width: float = 28, title_width: float | None = None, indent: int = 2
) -> list[tuple[str, str]]:
    """The lines the typeset bulletin prints, in order, each with its kind (a key of HEIGHT)."""
    title_width = title_width if title_width is not None else max(8.0, width * TITLE_RATIO)
    issue = bulletin.issue
    lines: list[tuple[str, str]] = []
    if issue.title:
        lines.append((issue.title, "masthead"))
        if issue.number:
            lines.append((issue.number, "number"))
        if issue.date:
            lines.append((cn_date(issue.date), "date"))
    section = None
    for art in bulletin.articles:
        if art.section and art.section != section:
            lines.append((f"【{art.section}】", "heading"))
        section = art.section
        lines += [(ln, "title") for ln in break_lines(art.title, title_width, measure=text_columns)]
        for para in printed_paragraphs(art):
            lines += [(ln, "body") for ln in break_lines(para, width, width - indent, text_columns)]
    return lines


def paginate(lines: list[tuple[str, str]], page_height: float) -> list[list[str]]:
    """Fill pages of `page_height` body lines; a heading or title keeps with two lines after it."""
    pages: list[list[str]] = [[]]
    used = 0.0
    for i, (text, kind) in enumerate(lines):
        need = HEIGHT[kind]
        if kind in ("heading", "title"):
            j = i + 1
            while j < len(lines) and lines[j][1] in ("heading", "title"):
                need += HEIGHT[lines[j][1]]
                j += 1
            need += 2 * HEIGHT["body"]
        if pages[-1] and used + need > page_height:
            pages.append([])
            used = 0.0
        pages[-1].append(text)
        used += HEIGHT[kind]
    return pages


def to_text(
    bulletin: Bulletin,
    *,
    width: float = 28,
    page_height: float = 21,
    title_width: float | None = None,
    indent: int = 2,
    furniture: bool = False,
) -> str:
    """The whole bulletin as copied-out text; `furniture` adds page headers and page numbers.

    `width` is the body's line width in columns and `page_height` the page's in body lines.
    """
    lines = printed_lines(bulletin, width=width, title_width=title_width, indent=indent)
    pages = [[space_ascii(ln) for ln in page] for page in paginate(lines, page_height)]
    if furniture:
        issue = bulletin.issue
        header = space_ascii(" ".join(x for x in (issue.title, issue.number) if x)) if issue.title else None
        pages = [
            ([header] if header and n > 1 else []) + page + [f"— {n} —"]
            for n, page in enumerate(pages, start=1)
        ]
    return "".join(" " + "\n\n".join(page) + "\n" for page in pages) + " "


def ambiguous(b: Bulletin, width: float, indent: int = 2) -> bool:
    """Whether copied-out text cannot tell where some paragraph ends, whatever the reader does.

    Without the first-line indent, two paragraphs whose lines are exactly those of the one
    paragraph made by joining them (the first ends a full line with a full stop, and the second
    takes the lines a continuation would) print the same text. The round-trip tests leave such
    inputs out: no reader can get them right. PDF and DOCX keep the indent and are never ambiguous.
    """

    def lines(text: str) -> list[str]:
        return break_lines(text, width, width - indent, text_columns)

    for art in b.articles:
        paras = printed_paragraphs(art)
        for p, q in pairwise(paras):
            if lines(p + q) == lines(p) + lines(q):
                return True
        for p in paras:  # and the other way: one paragraph that reads as two
            ls = lines(p)
            for k in range(1, len(ls)):
                head = "".join(ls[:k])
                if head.endswith(("。", "！", "？")) and lines(head) + lines(p[len(head) :]) == ls:
                    return True
    return False


def to_bytes(bulletin: Bulletin, *, encoding: str = "utf-8", **kw: object) -> bytes:
    """`to_text` encoded, e.g. as ``gbk`` the way many of these files arrive."""
    return to_text(bulletin, **kw).encode(encoding)  # type: ignore[arg-type]
