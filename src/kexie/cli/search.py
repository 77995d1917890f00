"""``kexie search QUERY``: full-text search of the archive with filters and facet counts."""

from __future__ import annotations

import html
import json
import re
from typing import Annotated

import typer
from rich.text import Text

from .app import DbOption, app, out, settings

_MARK = re.compile(r"<mark>(.*?)</mark>")


def _rich_snippet(snippet: str) -> Text:
    """The HTML snippet (escaped text, <mark> around hits) as Rich text with the hits in bold."""
    t = Text()
    pos = 0
    for m in _MARK.finditer(snippet):
        t.append(html.unescape(snippet[pos : m.start()]))
        t.append(html.unescape(m.group(1)), style="bold reverse")
        pos = m.end()
    t.append(html.unescape(snippet[pos:]))
    return t


@app.command()
def search(
    query: Annotated[
        str, typer.Argument(help='Words and "quoted phrases"; every word must match. Empty: browse.')
    ] = "",
    date_from: Annotated[
        str | None, typer.Option("--from", help="Articles dated on or after (yyyy-mm-dd).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Articles dated on or before (yyyy-mm-dd).")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Articles of this year.")] = None,
    org: Annotated[str | None, typer.Option("--org", help="Organization: id or any written form.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Person: id or name.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place: id or name.")] = None,
    event_type: Annotated[str | None, typer.Option("--event-type", help="Event type, e.g. 调研.")] = None,
    platform: Annotated[str | None, typer.Option("--platform", help="Platform, e.g. 党建.")] = None,
    section: Annotated[str | None, typer.Option("--section", help="Section of the bulletin.")] = None,
    document: Annotated[int | None, typer.Option("--document", help="Document id.")] = None,
    sort: Annotated[str, typer.Option("--sort", help="relevance or date (newest first).")] = "relevance",
    page: Annotated[int, typer.Option("--page", min=1, help="Page of results.")] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, max=100, help="Hits per page.")] = 20,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='Print {"total", "hits": [{article_id, title, date, snippet, score, document}], "facets"}.',
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """检索：Chinese full-text search with filters, facet counts and highlighted snippets."""
    from .. import services
    from ..store.views import SearchQuery

    q = SearchQuery(
        q=query,
        date_from=date_from,
        date_to=date_to,
        year=year,
        org=org,
        person=person,
        place=place,
        event_type=event_type,
        platform=platform,
        section=section,
        document=document,
        sort=sort,  # type: ignore[arg-type]
        page=page,
        per_page=per_page,
    )
    result = services.search(settings(db), q)
    if as_json:
        out.print(json.dumps(result.to_json(), ensure_ascii=False, indent=1), markup=False)
        return
    approx = "" if result.facets_exact else "（分面为抽样估计）"
    about = "" if result.total_exact else "约 "  # estimated from a sample of a huge hit set
    out.print(f"共 {about}{result.total} 条，用时 {result.took_ms:.0f} 毫秒{approx}", markup=False)
    for i, h in enumerate(result.hits, start=(page - 1) * per_page + 1):
        head = Text(f"{i}. ", style="bold")
        head.append(h.title, style="bold")
        head.append(f"  {h.date or '日期不详'} · {h.document} · #{h.article_id}", style="dim")
        out.print(head)
        out.print(Text("   ").append(_rich_snippet(h.snippet)))
    for name, label in (
        ("year", "年份"),
        ("org", "组织"),
        ("person", "人物"),
        ("event_type", "活动类型"),
        ("platform", "平台"),
    ):
        values = result.facets.get(name) or {}
        if values:
            shown = "  ".join(f"{k}({v})" for k, v in list(values.items())[:8])
            out.print(Text(f"{label}：", style="cyan").append(shown))
