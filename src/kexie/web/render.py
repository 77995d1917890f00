"""Templates and the few helpers they share: Chinese labels, search links, the render call.

Autoescaping is on for every template: text from documents is always escaped; the only HTML we
insert unescaped is what we built ourselves from escaped parts (search snippets, highlighted text).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..store.views import Activity
from . import csrf

TEMPLATES = Path(__file__).resolve().parent / "templates"

ENTITY_TYPES = {"PER": "人物", "ORG": "机构", "LOC": "地点"}
MENTION_TYPES = {"PER": "人物", "ORG": "机构", "LOC": "地点", "DATE": "日期", "QTY": "数量", "TITLE": "职务"}
FACET_LABELS = {
    "year": "年份",
    "event_type": "活动类型",
    "platform": "服务平台",
    "org": "机构",
    "person": "人物",
    "place": "地点",
    "section": "栏目",
    "document": "来源文件",
}
# The search parameters the address carries, in a stable order (so equal searches have equal URLs).
SEARCH_PARAMS = (
    "q",
    "year",
    "date_from",
    "date_to",
    "org",
    "person",
    "place",
    "event_type",
    "platform",
    "section",
    "document",
    "sort",
    "page",
)


def search_url(state: dict[str, Any] | None = None, **changes: Any) -> str:
    """The /search address for `state` with `changes` applied; empty values and defaults are dropped.

    Changing anything but the page goes back to page 1.
    """
    merged = dict(state or {})
    if "page" not in changes:
        merged.pop("page", None)
    merged.update(changes)
    pairs = []
    for key in SEARCH_PARAMS:
        value = merged.get(key)
        if value in (None, "") or (key == "sort" and value == "relevance") or (key == "page" and value == 1):
            continue
        pairs.append((key, str(value)))
    return "/search" + ("?" + urlencode(pairs) if pairs else "")


def timeline_items(activities: list[Activity]) -> Markup:
    """A profile's timeline as `<li>` items: up to 200 rows per page, where Jinja's per-node cost was a
    quarter of a profile page's CPU (issue 5). Every value from a document is escaped."""
    if not activities:
        return Markup('<li class="muted">暂无</li>')
    out = []
    for a in activities:
        date = escape(a.date) if a.date else ""
        time_tag = f'<time datetime="{date}">{date}</time>' if date else "<time>日期不详</time>"
        tags = f'<span class="tag">{escape(a.event_type)}</span>' if a.event_type else ""
        tags += "".join(f'<span class="tag platform">{escape(p)}</span>' for p in a.platforms)
        out.append(
            f'<li>{time_tag}\n      <a href="/articles/{int(a.article_id)}">{escape(a.title)}</a>\n'
            f'      {tags}\n      <span class="muted small">{escape(a.document)}</span></li>'
        )
    return Markup("\n".join(out))


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        search_url=search_url,
        timeline_items=timeline_items,
        ENTITY_TYPES=ENTITY_TYPES,
        MENTION_TYPES=MENTION_TYPES,
        FACET_LABELS=FACET_LABELS,
    )
    return Jinja2Templates(env=env)


def _context(request: Request, context: dict[str, Any]) -> dict[str, Any]:
    return {
        "request": request,
        "csrf_token": csrf.LazyToken(request),
        "charts_available": request.app.state.charts_available,
        "active": "",
        **context,
    }


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a page with what every page needs (CSRF token, chart availability, active tab)."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, template, _context(request, context), status_code=status)
    csrf.set_cookie(request, response)
    return response


def render_cached(
    request: Request, key: Hashable, build: Callable[[], tuple[str, dict[str, Any]]]
) -> HTMLResponse:
    """A page that depends only on its address and the archive: rendered once per archive generation.

    `build()` returns (template, context). A page that prints a CSRF token is per visitor and is
    never cached (see csrf.LazyToken).
    """
    from .params import cached  # late: params imports services

    templates: Jinja2Templates = request.app.state.templates

    def page() -> str | None:
        template, context = build()
        html = templates.get_template(template).render(_context(request, context))
        return None if csrf.used(request) else html

    html = cached(request, ("page", key), page)
    if html is None:
        template, context = build()
        return render(request, template, context)
    return HTMLResponse(html)
