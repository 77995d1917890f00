"""Render a Bulletin as the text one gets by copying it out of its PDF.

The style is that of ``shared/samples/bast-bulletin-2023-02.txt``: every printed line becomes a
line followed by a blank line; each page starts with a stray space (and the text ends with one);
the first-line indent is lost; a run of ASCII letters or digits next to a Chinese character gets a
space on that side (``2 月 22 日``, ``金融街 i 客厅``); lines break where the typesetter broke
them, with hanging closing punctuation. Titles are set larger, so they wrap at a narrower width.
"""

from __future__ import annotations

import re

from kexie.model import Bulletin
from kexie.reports.bulletin_text import cn_date, printed_paragraphs
from kexie.reports.linebreak import break_lines

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE = re.compile(rf"(?<=[{_CJK}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{_CJK}])")


def space_ascii(line: str) -> str:
    """Put the spaces a PDF text layer adds between Chinese characters and ASCII runs."""
    return _SPACE.sub(" ", line)


def printed_lines(
    bulletin: Bulletin, *, width: float = 28, title_width: float | None = None, indent: int = 2
) -> list[str]:
    """The lines the typeset bulletin prints, in order (masthead, headings, titles, bodies)."""
    title_width = title_width if title_width is not None else max(8, round(width * 0.8))
    issue = bulletin.issue
    lines: list[str] = []
    if issue.title:
        lines.append(issue.title)
        if issue.number:
            lines.append(issue.number)
        if issue.date:
            lines.append(cn_date(issue.date))
    section = None
    for art in bulletin.articles:
        if art.section and art.section != section:
            lines.append(f"【{art.section}】")
        section = art.section
        lines += break_lines(art.title, title_width)
        for para in printed_paragraphs(art):
            lines += break_lines(para, width, width - indent)
    return lines


def to_text(
    bulletin: Bulletin,
    *,
    width: float = 28,
    lines_per_page: int = 24,
    title_width: float | None = None,
    indent: int = 2,
    furniture: bool = False,
) -> str:
    """The whole bulletin as copied-out text; `furniture` adds page headers and page numbers."""
    lines = [
        space_ascii(ln) for ln in printed_lines(bulletin, width=width, title_width=title_width, indent=indent)
    ]
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)] or [[]]
    if furniture:
        issue = bulletin.issue
        header = space_ascii(" ".join(x for x in (issue.title, issue.number) if x)) if issue.title else None
        pages = [
            ([header] if header and n > 1 else []) + page + [f"— {n} —"]
            for n, page in enumerate(pages, start=1)
        ]
    return "".join(" " + "\n\n".join(page) + "\n" for page in pages) + " "


def to_bytes(bulletin: Bulletin, *, encoding: str = "utf-8", **kw: object) -> bytes:
    """`to_text` encoded, e.g. as ``gbk`` the way many of these files arrive."""
    return to_text(bulletin, **kw).encode(encoding)  # type: ignore[arg-type]
