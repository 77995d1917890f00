"""The app as uvicorn's workers build it: settings from the environment (``kexie serve --workers``).

Each worker process builds its own app; `KEXIE_WEB_SECRET` (set once by `kexie serve`) makes them
sign CSRF tokens alike, so a page served by one worker can post to another.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from ..config import load_settings
from .app import create_app
from .cache import DEFAULT_ITEMS

SECRET_ENV = "KEXIE_WEB_SECRET"
THREADS_ENV = "KEXIE_WEB_THREADS"  # requests computed at once per worker (`kexie serve --threads`)
CACHE_ENV = (
    "KEXIE_WEB_CACHE_ITEMS"  # results and pages kept per worker; 0 computes every request (benchmarks)
)


def app_factory() -> FastAPI:
    items = int(os.environ.get(CACHE_ENV) or DEFAULT_ITEMS)
    return create_app(
        load_settings(),
        secret=os.environ.get(SECRET_ENV) or None,
        cache_items=items,
        warm=items > 0,
        threads=int(os.environ.get(THREADS_ENV) or 0),
    )
