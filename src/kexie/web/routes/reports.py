"""报告 (issue 6): download a unit's work report, a year's platform statistics, or compose an issue.

One page with three forms. The reports are GET downloads (the address says what they are, so a
link to "西城区科协 2023 年度报告" can be bookmarked); composing is a POST (it carries typed
text) protected by the CSRF token. A mistake in a form (a bad date, an unknown unit) comes back
as the same page with the message above the form and the values kept, not as an error page.
The JSON API (/api/compose) answers errors as JSON, like every /api route.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from ... import services
from ...errors import ConfigError, KexieError
from ...reports.compose import DEFAULT_SECTIONS, NewItem
from ...reports.formats import Rendered
from ...store.views import SearchQuery
from .. import csrf
from ..errors import status_of
from ..params import settings_of
from ..render import render

router = APIRouter()

RECENT = 30  # recent articles offered as checkboxes in the compose form
Text = Annotated[str, Query(max_length=100)]


def download(r: Rendered) -> Response:
    """The export as an attachment; the Chinese file name in RFC 5987 form, an ASCII one for old clients."""
    ascii_name = "kexie-report." + r.filename.rsplit(".", 1)[-1]
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(r.filename)}"
    return Response(r.data, media_type=r.media_type, headers={"Content-Disposition": disposition})


def _page(
    request: Request, form: dict[str, Any] | None = None, error: KexieError | None = None
) -> HTMLResponse:
    settings = settings_of(request)
    today = dt.date.today()
    try:
        recent = services.search(settings, SearchQuery(sort="date", per_page=RECENT)).hits
        next_number = services.next_issue_number(settings, today.year)
    except KexieError:  # the archive is unreachable: the forms still show, the error page would not help
        recent, next_number = [], 1
    values = {
        "org": "",
        "date_from": f"{today.year}-01-01",
        "date_to": today.isoformat(),
        "unit_format": "docx",
        "year": str(today.year),
        "stats_format": "xlsx",
        "articles": [],
        "article_ids": "",
        "number": "",
        "date": today.isoformat(),
        "name": "",
        "compose_format": "docx",
        "item_title": "",
        "item_date": "",
        "item_body": "",
        "item_attribution": "",
        "item_section": "",
        **(form or {}),
    }
    return render(
        request,
        "reports.html",
        {
            "active": "reports",
            "v": values,
            "error": str(error) if error else None,
            "error_form": (form or {}).get("_form"),
            "recent": recent,
            "next_number": next_number,
            "sections": DEFAULT_SECTIONS,
        },
        status=status_of(error) if error else 200,
    )


@router.get("/reports", response_class=HTMLResponse, include_in_schema=False)
def reports_page(request: Request) -> HTMLResponse:
    return _page(request)


@router.get("/reports/unit", include_in_schema=False)
def unit_download(
    request: Request, org: Text = "", date_from: Text = "", date_to: Text = "", format: Text = "docx"
) -> Response:
    form = {"_form": "unit", "org": org, "date_from": date_from, "date_to": date_to, "unit_format": format}
    try:
        if not org.strip():
            raise ConfigError("请填写单位名称", subject="单位")
        return download(services.report_unit(settings_of(request), org.strip(), date_from, date_to, format))
    except KexieError as e:
        return _page(request, form, e)


@router.get("/reports/stats", include_in_schema=False)
def stats_download(request: Request, year: Text = "", format: Text = "xlsx") -> Response:
    try:
        return download(services.report_stats(settings_of(request), year, format))
    except KexieError as e:
        return _page(request, {"_form": "stats", "year": year, "stats_format": format}, e)


def _ids(values: list[str], extra: str) -> list[int]:
    ids: list[int] = []
    for part in [*values, *extra.replace("，", ",").replace(" ", ",").split(",")]:
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise ConfigError(f"“{part}”不是文章编号", subject="文章编号")
        ids.append(int(part))
    return list(dict.fromkeys(ids))


@router.post("/reports/compose", include_in_schema=False, dependencies=[Depends(csrf.require_csrf)])
async def compose_form(request: Request) -> Response:
    f = await request.form()
    form: dict[str, Any] = {k: str(f.get(k) or "") for k in f if k not in ("articles", "csrf_token")}
    form["articles"] = [str(x) for x in f.getlist("articles")]
    form["_form"] = "compose"
    try:
        ids = _ids(form["articles"], form.get("article_ids", ""))
        items = []
        if form.get("item_title", "").strip() or form.get("item_body", "").strip():
            items.append(
                NewItem(
                    title=form.get("item_title", ""),
                    body=form.get("item_body", ""),
                    date=form.get("item_date") or None,
                    attribution=form.get("item_attribution", ""),
                    section=form.get("item_section") or None,
                )
            )
        number = form.get("number", "").strip()
        if number and not number.isdigit():
            raise ConfigError(f"“{number}”不是期号（应为正整数）", subject="期号")
        return download(
            services.compose_issue(
                settings_of(request),
                ids,
                items,
                number=int(number) if number else None,
                issue_date=form.get("date") or None,
                name=form.get("name") or None,
                fmt=form.get("compose_format", "docx"),
            )
        )
    except KexieError as e:
        return _page(request, form, e)


class ItemIn(BaseModel):
    title: str = Field(max_length=200, description="标题")
    body: str = Field(max_length=50_000, description="正文，段落之间换行")
    date: str | None = Field(None, description="活动日期 yyyy-mm-dd")
    attribution: list[str] | str = Field(default_factory=list, description="供稿单位")
    section: str | None = Field(None, max_length=50, description="栏目，如 学会动态")


class ComposeIn(BaseModel):
    articles: list[int] = Field(default_factory=list, max_length=200, description="档案中的文章编号，按顺序")
    items: list[ItemIn] = Field(default_factory=list, max_length=50, description="新填写的稿件")
    number: int | None = Field(None, ge=1, description="期号 N（第N期）；缺省为上一期加一")
    date: str | None = Field(None, description="出刊日期 yyyy-mm-dd；缺省为今天")
    name: str | None = Field(None, max_length=50, description="刊名，缺省为 科协工作动态")
    sections: list[str] = Field(default_factory=list, description="栏目顺序")
    format: str = Field("docx", description="docx 或 pdf")


@router.post(
    "/api/compose",
    summary="组稿：由档案文章和新稿件生成一期工作动态（docx 或 pdf 文件）",
    tags=["api"],
    dependencies=[Depends(csrf.require_csrf)],
    response_class=Response,
)
def api_compose(request: Request, body: ComposeIn) -> Response:
    items = [NewItem(i.title, i.body, i.date, i.attribution, i.section) for i in body.items]
    return download(
        services.compose_issue(
            settings_of(request),
            body.articles,
            items,
            number=body.number,
            issue_date=body.date,
            name=body.name,
            sections=body.sections or None,
            fmt=body.format,
        )
    )


@router.get(
    "/api/reports/unit", summary="单位工作报告（docx、pdf 或 md 文件）", tags=["api"], response_class=Response
)
def api_unit(request: Request, org: Text, date_from: Text, date_to: Text, format: Text = "docx") -> Response:
    return download(services.report_unit(settings_of(request), org, date_from, date_to, format))


@router.get(
    "/api/reports/stats", summary="年度服务平台统计（xlsx 或 md 文件）", tags=["api"], response_class=Response
)
def api_stats(request: Request, year: Text, format: Text = "xlsx") -> Response:
    return download(services.report_stats(settings_of(request), year, format))
