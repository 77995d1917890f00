"""`create_app(settings)`: one FastAPI app, its templates, static files, routes and error pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ..config import Settings
from . import csrf, errors
from . import warm as warmup
from .cache import DEFAULT_ITEMS, ReadCache
from .headers import SecurityHeaders
from .render import make_templates
from .routes import api, article, entity, home, match, reports, search, upload

STATIC = Path(__file__).resolve().parent / "static"


def create_app(
    settings: Settings,
    *,
    secret: str | None = None,
    cache_items: int = DEFAULT_ITEMS,
    warm: bool = False,
    threads: int = 0,
) -> FastAPI:
    """The app for one archive. `secret` signs CSRF tokens (random per process when None); `warm`
    precomputes the busiest pages in the background at start-up (web/warm.py; `kexie serve` sets it).

    FastAPI's own /docs and /redoc load their scripts from a CDN, so they are off; the OpenAPI
    description is at /api/openapi.json and rendered locally at /api/docs.

    `threads` caps the requests one process computes at once (0: the server's default of 40). Pages
    are CPU work under Python's GIL: several at once in one process only interleave and stretch
    each other, so a server of several worker processes serves best with one or two each.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if threads:
            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        if warm:
            warmup.start(app)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="kexie 科协工作动态数字工作台 API",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.signer = csrf.make_signer(secret)
    app.state.cache = ReadCache(cache_items)
    app.state.templates = make_templates()
    app.state.charts_available = (STATIC / "vendor" / "echarts.min.js").is_file()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (home, search, article, entity, upload, match, reports, api):
        app.include_router(module.router)
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    return app
