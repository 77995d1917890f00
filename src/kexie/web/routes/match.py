"""对接 (issue 7): type a need, see who can help — ranked units and experts, the activities that
prove it with the need's words marked, and the association that can introduce them. Also /api/match.

The state lives in the address (/match?need=…&type=…&region=…), so a result can be bookmarked or
sent to a colleague.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ... import services
from ...analysis.match_roles import ROLE_NAMES
from ..params import settings_of
from ..render import render

router = APIRouter()

KINDS = {"any": "单位和个人", "org": "只看单位", "person": "只看个人"}

Need = Annotated[str, Query(max_length=500, description="需求：一两句话，如「果园水肥一体化技术指导」")]
Kind = Annotated[Literal["any", "org", "person"], Query(alias="type", description="org、person 或 any")]
Region = Annotated[str, Query(max_length=40, description="地区，如 平谷")]
Top = Annotated[int, Query(ge=1, le=50, description="返回条数")]


def pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The passage cut at its marks: (text, marked) pieces for the template to escape and wrap."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos or b > len(text):
            continue
        if a > pos:
            out.append((text[pos:a], False))
        out.append((text[a:b], True))
        pos = b
    if pos < len(text):
        out.append((text[pos:], False))
    return out


@router.get("/match", response_class=HTMLResponse, include_in_schema=False)
def match_page(
    request: Request, need: Need = "", kind: Kind = "any", region: Region = "", top: Top = 10
) -> HTMLResponse:
    result = (
        services.match(settings_of(request), need, kind=kind, region=region, top=top)
        if need.strip()
        else None
    )
    return render(
        request,
        "match.html",
        {
            "active": "match",
            "need": need,
            "kind": kind,
            "region": region,
            "result": result,
            "KINDS": KINDS,
            "ROLE_NAMES": ROLE_NAMES,
            "pieces": pieces,
        },
    )


@router.get("/api/match", summary="对接：谁能帮忙（排序的单位与专家、证据与联系途径）", tags=["api"])
def api_match(
    request: Request, need: Need = "", kind: Kind = "any", region: Region = "", top: Top = 10
) -> dict[str, Any]:
    return services.match(settings_of(request), need, kind=kind, region=region, top=top).to_json()
