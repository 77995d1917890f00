"""Web pages: one article each — its body, title and publication date, via trafilatura.

trafilatura removes navigation, footers and boilerplate and finds the main text; what
it does not find is not guessed: a page without an article is refused with a reason.
"""

from __future__ import annotations

import re

from ..config import Settings
from ..errors import InputError
from ..model import Line, PageLines

MIN_TEXT = 10  # characters: shorter "articles" are navigation crumbs
# A byline: "发布时间：2023-03-15 来源：区科协 浏览次数：12" — page furniture, not article text.
_BYLINE_RE = re.compile(
    r"^(?:\s*(?:发布时间|发布日期|发布者|日期|时间|来源|信息来源|作者|编辑|责任编辑|审核|浏览次数|阅读次数|点击数|字号)\s*[：:][^：:。，！？；]{0,40}?(?=\s|$|[ 　]*(?:发布|日期|时间|来源|作者|编辑|责任|审核|浏览|阅读|点击|字号)))+\s*$"
)


def read(data: bytes, name: str, settings: Settings | None = None) -> PageLines:
    import trafilatura  # slow to import; only for web pages

    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
        )
    except Exception as e:  # lxml and trafilatura errors on broken markup
        raise InputError(f"web page cannot be read ({type(e).__name__}: {e})", subject=name) from None
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    paras = [p.strip() for p in text.split("\n") if p.strip() and not _BYLINE_RE.match(p.strip())]
    if doc is None or sum(len(p) for p in paras) < MIN_TEXT:
        raise InputError("no article found in the web page", subject=name)
    title = (getattr(doc, "title", None) or "").strip() or None
    date = getattr(doc, "date", None) or None
    if title and paras and paras[0] == title:
        paras = paras[1:]
    lines = [Line(p, kind="para") for p in paras]
    year = int(date[:4]) if date and date[:4].isdigit() else None
    return PageLines(format="html", lines=lines, meta_title=title, meta_date=date, meta_year=year)
