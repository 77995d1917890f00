"""A readable Rich view of a parsed bulletin (for `kexie parse` and `kexie demo`).

Pure: Bulletin → Rich renderable; printing is the caller's. User-facing, so Chinese.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Article, Bulletin

_FORMAT_NAMES = {"txt": "文本", "pdf": "PDF", "docx": "Word", "html": "网页"}


def _masthead(b: Bulletin, path: str | None) -> Text:
    i = b.issue
    t = Text()
    t.append(path or b.source.name, style="bold")
    t.append(f"  （{_FORMAT_NAMES.get(b.source.format, b.source.format)}）\n", style="dim")
    fields = [
        ("刊名", i.title),
        ("期号", i.number),
        ("日期", i.date),
        ("年份", str(i.year) if i.year else None),
    ]
    t.append("  ".join(f"{k}：{v or '—'}" for k, v in fields))
    t.append(f"  文章：{len(b.articles)} 篇")
    return t


def summary_table(b: Bulletin) -> Table:
    table = Table(show_lines=False, expand=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("栏目")
    table.add_column("标题", style="bold")
    table.add_column("日期")
    table.add_column("段落", justify="right")
    table.add_column("供稿单位")
    for a in b.articles:
        table.add_row(
            str(a.index),
            a.section or "—",
            a.title or "（无标题）",
            a.date or a.date_text or "—",
            str(len(a.paragraphs)),
            "、".join(a.attribution) or "—",
        )
    return table


def _article(a: Article) -> RenderableType:
    head = Text()
    if a.section:
        head.append(f"【{a.section}】", style="cyan")
    head.append(f"{a.index}. {a.title or '（无标题）'}", style="bold")
    meta = [f"日期：{a.date or a.date_text or '—'}", f"段落：{len(a.paragraphs)}"]
    if a.attribution:
        meta.append(f"供稿：{'、'.join(a.attribution)}")
    body = [Text(p) for p in a.paragraphs]
    return Group(head, Text("  ".join(meta), style="dim"), Padding(Group(*body), (0, 0, 1, 4)))


def render_bulletin(b: Bulletin, path: str | None = None, *, full: bool = False) -> RenderableType:
    """The masthead and a table of the articles; with `full`, every article's text too."""
    parts: list[RenderableType] = [summary_table(b)]
    if full:
        parts = [_article(a) for a in b.articles]
    return Panel(Group(_masthead(b, path), Text(""), *parts), expand=full)
