"""首页: the dashboard. Aggregates over the whole archive, cached (see web/cache.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ... import services
from ..charts import chart_data
from ..params import cached, settings_of
from ..render import render_cached

router = APIRouter()


def cached_dashboard(request: Request):
    settings = settings_of(request)
    return cached(request, "dashboard", lambda: services.dashboard(settings))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request) -> HTMLResponse:
    def build() -> tuple[str, dict]:
        d = cached_dashboard(request)
        return "home.html", {"active": "home", "d": d, "charts": chart_data(d)}

    return render_cached(request, "home", build)
