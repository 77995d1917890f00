"""The dashboard's chart data: every bar carries the address of its filtered search."""

from __future__ import annotations

import calendar
from typing import Any

from ..extract.classify import platform_keys
from ..store.views import Dashboard
from .render import search_url

# The association's eight public service platforms and its two internal lines of work,
# in the order of shared/contract/taxonomy.json (always shown, even at zero).
PLATFORMS = platform_keys()
TOP_UNITS = 15


def month_range(month: str) -> tuple[str, str]:
    """'2023-02' → ('2023-02-01', '2023-02-28')."""
    y, m = (int(x) for x in month.split("-")[:2])
    return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _series(items: list[tuple[str, int]], link) -> dict[str, Any]:
    return {
        "labels": [k for k, _ in items],
        "values": [v for _, v in items],
        "links": [link(k) for k, _ in items],
    }


def chart_data(d: Dashboard) -> dict[str, Any]:
    def by_month(month: str) -> str:
        try:
            start, end = month_range(month)
        except ValueError:
            return search_url()
        return search_url(date_from=start, date_to=end, sort="date")

    platforms = [(p, d.per_platform.get(p, 0)) for p in PLATFORMS]
    platforms += [(p, n) for p, n in d.per_platform.items() if p not in PLATFORMS]
    units = sorted(d.per_unit.items(), key=lambda kv: -kv[1])[:TOP_UNITS]
    return {
        "month": _series(list(d.per_month.items()), by_month),
        "unit": _series(units, lambda u: search_url(org=u)),
        "platform": _series(platforms, lambda p: search_url(platform=p)),
        "event_type": _series(
            sorted(d.per_event_type.items(), key=lambda kv: -kv[1]), lambda t: search_url(event_type=t)
        ),
    }
