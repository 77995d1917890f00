"""Precompute at start-up what the busiest pages need: the dashboard and the profiles (with graphs)
of the most active organizations and people.

These are the most expensive reads (aggregates over every article an entity appears in) and the
most visited ones (the dashboard links to them). Computed in a background thread into the
generation-keyed cache, so the server answers at once and the first visitor does not wait; an
ingest makes them stale and they are recomputed on the next visit.
"""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI

from .. import services
from ..errors import KexieError
from .routes.entity import GRAPH_NODES

WARM_PROFILES = 20  # of each kind: the dashboard lists this many top organizations and people

log = logging.getLogger("kexie.web")


def warm_cache(app: FastAPI) -> int:
    """Fill the cache; returns how many results it computed (0 when the archive is unreachable)."""
    settings, cache = app.state.settings, app.state.cache
    done = 0
    try:
        gen = services.archive_generation(settings)
        d = cache.get("dashboard", gen, lambda: services.dashboard(settings))
        done += 1
        for e in [*d.top_orgs[:WARM_PROFILES], *d.top_people[:WARM_PROFILES]]:
            key = str(e.id)  # the profile page's own read (routes/entity.py)
            cache.get(("entity-page", key), gen, lambda k=key: services.entity_page(settings, k, GRAPH_NODES))
            done += 1
        services.warm_match(settings)  # the 对接 page's index (issue 7; its own cache, not counted here)
    except KexieError as e:
        log.warning("cache warm-up stopped: %s", e)
    return done


def start(app: FastAPI) -> threading.Thread:
    thread = threading.Thread(target=warm_cache, args=(app,), name="kexie-warm", daemon=True)
    thread.start()
    return thread
