"""搜索: query box, facets with counts, highlighted snippets, pages, sorting; state in the address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ... import services
from ...store.views import FACETS, SearchQuery
from ..params import MAX_PAGE, cached, search_key, search_query, settings_of, state_of
from ..render import render_cached

router = APIRouter()

FACET_ORDER = ("year", "platform", "event_type", "org", "person", "place", "section", "document")
FACET_SHOWN = 12  # values per facet on the page, most frequent first


def page_numbers(page: int, last: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20 — None marks a gap."""
    keep = {1, last, *range(page - 2, page + 3)}
    out: list[int | None] = []
    for n in range(1, last + 1):
        if n in keep:
            out.append(n)
        elif out and out[-1] is not None:
            out.append(None)
    return out


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, query: Annotated[SearchQuery, Depends(search_query)]) -> HTMLResponse:
    def build() -> tuple[str, dict]:
        settings = settings_of(request)
        result = cached(request, search_key(query), lambda: services.search(settings, query))
        last = min(MAX_PAGE, max(1, -(-result.total // query.per_page)))
        facets = []
        for name in (f for f in FACET_ORDER if f in FACETS):
            values = sorted(result.facets.get(name, {}).items(), key=lambda kv: (-kv[1], str(kv[0])))
            if name == "year":
                values = sorted(values, key=lambda kv: str(kv[0]), reverse=True)
            facets.append((name, values[:FACET_SHOWN], len(values)))
        return (
            "search.html",
            {
                "active": "search",
                "query": query,
                "state": state_of(query),
                "result": result,
                "facets": facets,
                "pages": page_numbers(query.page, last),
                "last_page": last,
            },
        )

    return render_cached(request, search_key(query), build)
