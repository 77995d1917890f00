"""An in-process cache of read results (dashboard, searches, profiles), keyed on the archive's generation.

The archive bumps its generation on every ingest or correction (`services.archive_generation`),
so a cached result is served only while nothing it depends on has changed: no staleness, whichever
process wrote. Bounded (least recently used out) so a crawl of many distinct searches cannot
grow it without limit; concurrent requests for the same missing key compute it once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

DEFAULT_ITEMS = 2048  # results and rendered pages kept (a page is 10-60 KB: at most ~100 MB)


class ReadCache:
    def __init__(self, max_items: int = DEFAULT_ITEMS) -> None:
        self.max_items = max_items
        self._lock = threading.Lock()
        self._items: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def _lookup(self, key: Hashable, generation: int) -> tuple[bool, Any]:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == generation:
                self._items.move_to_end(key)
                self.hits += 1
                return True, hit[1]
            return False, None

    def get(self, key: Hashable, generation: int, compute: Callable[[], Any]) -> Any:
        """The value for `key` computed at `generation`, computing it (once) when absent or older."""
        found, value = self._lookup(key, generation)
        if found:
            return value
        with self._lock:
            build = self._building.setdefault(key, threading.Lock())
        with build:
            found, value = self._lookup(key, generation)
            if found:
                return value
            value = compute()
            with self._lock:
                self.misses += 1
                self._items[key] = (generation, value)
                self._items.move_to_end(key)
                while len(self._items) > self.max_items:
                    self._items.popitem(last=False)
                self._building.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
