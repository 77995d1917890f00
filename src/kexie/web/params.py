"""Request parameters shared by the pages and the API: the search state lives in the address."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import asdict, astuple
from typing import Annotated, Any, Literal

from fastapi import Query, Request

from .. import services
from ..config import Settings
from ..store.views import SearchQuery

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
MAX_PAGE = 500  # deeper than anyone pages by hand; keeps OFFSET bounded
PER_PAGE = 20


def settings_of(request: Request) -> Settings:
    return request.app.state.settings


def search_query(
    q: Annotated[str, Query(max_length=200, description="检索词；可用引号表示短语")] = "",
    year: Annotated[int | None, Query(ge=1949, le=2100, description="年份")] = None,
    date_from: Annotated[str | None, Query(pattern=ISO_DATE, description="起始日期 yyyy-mm-dd")] = None,
    date_to: Annotated[str | None, Query(pattern=ISO_DATE, description="截止日期 yyyy-mm-dd")] = None,
    org: Annotated[str | None, Query(max_length=100, description="机构（编号或名称）")] = None,
    person: Annotated[str | None, Query(max_length=100, description="人物（编号或姓名）")] = None,
    place: Annotated[str | None, Query(max_length=100, description="地点（编号或名称）")] = None,
    event_type: Annotated[str | None, Query(max_length=20, description="活动类型")] = None,
    platform: Annotated[str | None, Query(max_length=20, description="服务平台")] = None,
    section: Annotated[str | None, Query(max_length=50, description="栏目")] = None,
    document: Annotated[int | None, Query(ge=1, description="来源文件编号")] = None,
    sort: Annotated[
        Literal["relevance", "date"], Query(description="排序：relevance 相关度，date 日期")
    ] = "relevance",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="页码")] = 1,
) -> SearchQuery:
    return SearchQuery(
        q=q.strip(),
        year=year,
        date_from=date_from,
        date_to=date_to,
        org=org or None,
        person=person or None,
        place=place or None,
        event_type=event_type or None,
        platform=platform or None,
        section=section or None,
        document=document,
        sort=sort,
        page=page,
        per_page=PER_PAGE,
    )


def search_key(query: SearchQuery) -> tuple:
    return ("search", *astuple(query))


def state_of(query: SearchQuery) -> dict[str, Any]:
    """The query as the address parameters it came from (see render.search_url)."""
    d = asdict(query)
    d.pop("per_page", None)
    return {k: v for k, v in d.items() if v not in (None, "")}


GENERATION_TTL = 1.0  # seconds an archive generation is trusted before asking the database again


def generation(request: Request) -> int:
    """The archive's generation, asked at most once per GENERATION_TTL: another process's ingest
    shows within a second; this app's own ingests reset it at once (see forget_generation)."""
    state = request.app.state
    memo = getattr(state, "generation_memo", None)
    now = time.monotonic()
    if memo is not None and now - memo[0] < GENERATION_TTL:
        return memo[1]
    gen = services.archive_generation(settings_of(request))
    state.generation_memo = (now, gen)
    return gen


def forget_generation(request: Request) -> None:
    request.app.state.generation_memo = None
    request.app.state.cache.clear()


def cached(request: Request, key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result, reused until the archive changes (see web/cache.py)."""
    return request.app.state.cache.get(key, generation(request), compute)
