"""The JSON API under /api: search, articles, entities, statistics, ingest; its description at
/api/openapi.json, rendered locally at /api/docs (no CDN)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.datastructures import UploadFile

from ... import services
from ...store.views import SearchQuery
from .. import csrf
from ..errors import UploadRefused
from ..ingest import check_length, ingest_upload
from ..params import cached, search_key, search_query, settings_of
from ..render import render
from .home import cached_dashboard

router = APIRouter(prefix="/api", tags=["api"])

STATUS = {"stored": 201, "replaced": 201, "skipped": 200, "failed": 422}


@router.get("/search", summary="全文检索（带分面计数）")
def api_search(request: Request, query: Annotated[SearchQuery, Depends(search_query)]) -> dict[str, Any]:
    settings = settings_of(request)
    result = cached(request, search_key(query), lambda: services.search(settings, query))
    return {
        **result.to_json(),
        "page": query.page,
        "per_page": query.per_page,
        "facets_exact": result.facets_exact,
        "took_ms": result.took_ms,
    }


@router.get("/articles/{article_id}", summary="一篇文章：正文、提取结果、来源")
def api_article(request: Request, article_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    return services.get_article(settings_of(request), article_id).to_json()


@router.get("/entities", summary="按名称或别称查找实体（最常提及的在前）")
def api_find_entities(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=100, description="名称中的字词")],
    type: Annotated[
        Literal["PER", "ORG", "LOC"] | None, Query(description="PER 人物，ORG 机构，LOC 地点")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, Any]]:
    return [asdict(e) for e in services.find_entities(settings_of(request), q, type, limit)]


@router.get("/documents", summary="已入库的文件（最新的在前）")
def api_documents(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    return [asdict(d) for d in services.list_documents(settings_of(request), limit, offset)]


@router.get("/entities/{key}", summary="实体档案（编号或名称）")
def api_entity(request: Request, key: Annotated[str, Path(min_length=1, max_length=100)]) -> dict[str, Any]:
    settings = settings_of(request)
    return cached(request, ("entity", key), lambda: services.get_entity(settings, key)).to_json()


@router.get("/entities/{entity_id}/graph", summary="实体的关系网络")
def api_graph(
    request: Request,
    entity_id: Annotated[int, Path(ge=1)],
    limit: Annotated[int, Query(ge=1, le=200)] = 40,
) -> dict[str, Any]:
    return services.entity_graph(settings_of(request), entity_id, limit).to_json()


@router.get("/stats", summary="统计：按月、按单位、按平台、按类型，活跃机构与人物")
def api_stats(request: Request) -> dict[str, Any]:
    return cached_dashboard(request).to_json()


@router.get("/csrf", summary="取得 CSRF 令牌（POST 请求须在 X-CSRF-Token 头中带回，并携带同名 Cookie）")
def api_csrf(request: Request) -> JSONResponse:
    response = JSONResponse(
        {"token": csrf.token_for(request), "header": "X-CSRF-Token", "cookie": csrf.COOKIE}
    )
    csrf.set_cookie(request, response)
    return response


@router.post(
    "/ingest",
    summary="上传并入库一个文件（需 CSRF 令牌）",
    dependencies=[Depends(check_length), Depends(csrf.require_csrf)],
    status_code=201,
    responses={200: {"description": "内容相同，已跳过"}, 422: {"description": "无法读取或拒绝"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {
                            "file": {"type": "string", "format": "binary", "description": "公报文件"}
                        },
                    }
                }
            },
        }
    },
)
async def api_ingest(request: Request) -> JSONResponse:
    """The body is parsed here, after the size and CSRF checks (a declared File would be parsed first)."""
    form = await request.form(max_files=1)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise UploadRefused("请求中没有文件（表单字段 file）", subject="file")
    try:
        result = await ingest_upload(request, file)
    except UploadRefused as e:
        refusal = {"code": e.code, "message": str(e), "status": e.status}
        return JSONResponse(
            {
                "name": file.filename,
                "status": "failed",
                "reason": str(e),
                "code": e.code,
                "articles": 0,
                "error": refusal,
            },
            status_code=e.status,
        )
    body = {
        "name": result.name,
        "status": result.status,
        "document_id": result.document_id,
        "articles": result.articles,
        "reason": result.reason,
        "code": result.code,
        "seconds": result.seconds,
        "links": _links(request, result.document_id),
    }
    return JSONResponse(body, status_code=STATUS.get(result.status, 200))


def _links(request: Request, document_id: int | None) -> dict[str, str]:
    if not document_id:
        return {}
    return {"search": f"/search?document={document_id}", "file": f"/documents/{document_id}/file"}


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description as a plain page: FastAPI's Swagger UI would load from a CDN."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "params": [
                        (p["name"], p.get("in", ""), p.get("required", False), p.get("description", ""))
                        for p in op.get("parameters", [])
                    ],
                }
            )
    return render(request, "api_docs.html", {"active": "api", "ops": ops})
