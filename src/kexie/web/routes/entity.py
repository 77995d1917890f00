"""实体: the profile of an organization, person or place, with its neighbourhood graph."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from ... import services
from ...store.views import EntityProfile, Graph, Partner
from ..params import cached, settings_of
from ..render import render_cached, search_url

router = APIRouter()

GRAPH_NODES = 40  # enough to see the neighbourhood, few enough to read the labels


def graph_data(graph: Graph, center: int) -> dict[str, Any]:
    """Nodes and links in ECharts' shape; categories by entity type; each node links to its profile."""
    kinds = ["ORG", "PER", "LOC"]
    top = max((n.weight for n in graph.nodes), default=1) or 1
    return {
        "categories": kinds,
        "nodes": [
            {
                "id": str(n.id),
                "name": n.name,
                "value": n.weight,
                "category": kinds.index(n.type) if n.type in kinds else 0,
                "symbolSize": 14 + 26 * (n.weight / top) ** 0.5 + (10 if n.id == center else 0),
                "link": f"/entities/{n.id}",
                "center": n.id == center,
            }
            for n in graph.nodes
        ],
        "links": [{"source": str(e.source), "target": str(e.target), "value": e.weight} for e in graph.edges],
    }


FILTER = {"ORG": "org", "PER": "person", "LOC": "place"}


def together_url(profile: EntityProfile, partner: Partner) -> str:
    """The search for articles where both appear (two filters, or a filter and the partner's name)."""
    mine, theirs = FILTER.get(profile.type, "org"), FILTER.get(partner.type, "org")
    if mine != theirs:
        return search_url(**{mine: profile.id, theirs: partner.id})
    return search_url(**{mine: profile.id, "q": f'"{partner.name}"'})


@router.get("/entities/{key}", response_class=HTMLResponse, include_in_schema=False)
def entity_page(request: Request, key: Annotated[str, Path(min_length=1, max_length=100)]) -> HTMLResponse:
    def build() -> tuple[str, dict]:
        settings = settings_of(request)
        profile, graph = cached(
            request, ("entity-page", key), lambda: services.entity_page(settings, key, GRAPH_NODES)
        )
        platforms = sorted(profile.platforms.items(), key=lambda kv: -kv[1])
        return (
            "entity.html",
            {
                "p": profile,
                "graph": graph_data(graph, profile.id),
                "platforms": platforms,
                "top_platform": max((n for _, n in platforms), default=1) or 1,
                "partner_links": {x.id: together_url(profile, x) for x in profile.partners},
            },
        )

    return render_cached(request, ("entity-page", key), build)
