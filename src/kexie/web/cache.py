"""A small in-process cache for expensive read-only results (the dashboard).

Aggregates over the whole archive change only when something is ingested: entries live for
`ttl` seconds (ingests by another process show up after that) and the app clears the cache
itself after every ingest it handles.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


class ReadCache:
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._items: dict[str, tuple[float, Any]] = {}
        self._building: dict[str, threading.Lock] = {}

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        """The cached value, or compute it once (concurrent callers wait for the same computation)."""
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit and now - hit[0] < self.ttl:
                return hit[1]
            build = self._building.setdefault(key, threading.Lock())
        with build:
            with self._lock:
                hit = self._items.get(key)
                if hit and time.monotonic() - hit[0] < self.ttl:
                    return hit[1]
            value = compute()
            with self._lock:
                self._items[key] = (time.monotonic(), value)
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
