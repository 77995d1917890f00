"""The web application: server-rendered Chinese pages and a JSON API over `kexie.services`.

`create_app(settings)` builds it; `kexie serve` runs it with uvicorn on 127.0.0.1.
Nothing here knows SQL or the pipeline: every route calls one service and renders its result.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
