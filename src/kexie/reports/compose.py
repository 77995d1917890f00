"""Composing the next bulletin issue (第N期) from archived articles and newly entered items.

The editor picks articles from the archive (by id, in the order she wants them) and may type
new items (title, date, body, attribution, section). An issue then is: the bulletin's name,
第N期 (numbered on from the last issue stored for that year unless she gives N), a date, and
the articles grouped by section in a configured order — articles without a section first
(before any section heading, as printed bulletins put their lead items), then the configured
sections, then any other section in order of first appearance. Typesetting is the bulletin
typesetters' job (`bulletin_docx`, `bulletin_pdf`): what comes out parses back to the same
articles (`kexie parse`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..errors import ConfigError
from ..model import Article, Bulletin, Issue, Source
from .formats import parse_date

DEFAULT_NAME = "科协工作动态"
# Section headings in the order bulletins print them (see synth/data/mastheads.tsv for the
# headings bulletins use); any other section follows these.
DEFAULT_SECTIONS: tuple[str, ...] = (
    "工作要闻",
    "学会动态",
    "区科协动态",
    "基层动态",
    "企业科协动态",
    "高校科协动态",
)
MAX_TITLE = 120  # characters: a bulletin title is a line or two
_SPLIT_UNITS = re.compile(r"[、，,；;\s]+")
_BRACKETS = "【】[]〔〕"


@dataclass(slots=True)
class NewItem:
    """An item typed in by the editor (form or API), not (yet) in the archive."""

    title: str
    body: str  # paragraphs separated by line breaks
    date: str | None = None
    attribution: list[str] | str = field(default_factory=list)
    section: str | None = None


def _clean_section(section: str | None) -> str | None:
    s = (section or "").strip().strip(_BRACKETS).strip()
    return s or None


def new_article(item: NewItem, position: int = 1) -> Article:
    """Check a typed item and make it an Article; ConfigError naming the field otherwise."""
    where = f"第{position}条新稿件"
    title = re.sub(r"\s+", " ", item.title or "").strip()
    if not title:
        raise ConfigError("标题不能为空", subject=f"{where}.title")
    if len(title) > MAX_TITLE:
        raise ConfigError(f"标题过长（{len(title)}字，最多{MAX_TITLE}字）", subject=f"{where}.title")
    paragraphs = [p.strip() for p in (item.body or "").splitlines() if p.strip()]
    if not paragraphs:
        raise ConfigError("正文不能为空", subject=f"{where}.body")
    when = parse_date(item.date, f"{where}.date").isoformat() if item.date else None
    units = item.attribution
    if isinstance(units, str):
        units = _SPLIT_UNITS.split(units.strip().strip("（）()"))
    units = [u.strip() for u in units if u and u.strip()]
    return Article(
        index=position,
        title=title,
        paragraphs=paragraphs,
        section=_clean_section(item.section),
        attribution=list(dict.fromkeys(units)),
        date=when,
    )


def order_by_section(
    articles: Sequence[Article], sections: Sequence[str] = DEFAULT_SECTIONS
) -> list[Article]:
    """Unsectioned first, then `sections` in order, then other sections by first appearance; stable."""
    rank: dict[str | None, int] = {None: -1}
    for s in sections:
        rank.setdefault(_clean_section(s), len(rank))
    for a in articles:
        rank.setdefault(a.section, len(rank))
    return sorted(articles, key=lambda a: rank[a.section])


def compose(
    articles: Sequence[Article],
    *,
    number: int,
    issue_date: str | date,
    name: str = DEFAULT_NAME,
    sections: Sequence[str] = DEFAULT_SECTIONS,
    fmt: str = "docx",
) -> Bulletin:
    """The issue as a Bulletin: ordered, renumbered articles under its masthead."""
    if not articles:
        raise ConfigError("至少需要选择一篇文章或填写一条新稿件", subject="articles")
    if number < 1:
        raise ConfigError(f"期号必须是正整数，不是 {number}", subject="--number")
    when = parse_date(issue_date, "--date")
    name = (name or "").strip() or DEFAULT_NAME
    ordered = [
        replace(a, index=i, section=_clean_section(a.section))
        for i, a in enumerate(order_by_section(articles, sections), start=1)
    ]
    issue = Issue(title=name, number=f"第{number}期", date=when.isoformat(), year=when.year)
    digest = hashlib.sha256(
        json.dumps([a.to_json() for a in ordered], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    return Bulletin(Source(f"{name}第{number}期.{fmt}", digest, fmt), issue, ordered)  # type: ignore[arg-type]


def render_issue(bulletin: Bulletin, fmt: str) -> bytes:
    """Typeset the issue (docx or pdf) in the standard bulletin layout."""
    if fmt == "docx":
        from .bulletin_docx import render_docx

        return render_docx(bulletin)
    from .bulletin_pdf import render_pdf
    from .fonts import cjk_fonts, covers

    fonts = cjk_fonts()
    text = "".join(
        [bulletin.issue.title or "", bulletin.issue.number or ""]
        + [
            a.title + "".join(a.paragraphs) + "".join(a.attribution) + (a.section or "")
            for a in bulletin.articles
        ]
    )
    # An embedded face, so the PDF renders anywhere; the Song face unless it lacks a character.
    font = fonts.serif if covers(fonts.serif, text) else fonts.sans
    return render_pdf(bulletin, font=font)
