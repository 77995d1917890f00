"""The association's service platforms, in the order of shared/contract/taxonomy.json.

Reports list platforms in this fixed order (not by count), so a reader finds each one in
the same place every year; activities the classifier gave no platform come last.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..extract.classify import platform_keys

PLATFORMS: tuple[str, ...] = platform_keys()
OTHER = "其他工作"


def platform_order(present: Iterable[str]) -> list[str]:
    """The platforms in `present`: taxonomy order, unknown ones by name, OTHER last."""
    have = set(present)
    known = [p for p in PLATFORMS if p in have]
    extra = sorted(have - set(PLATFORMS) - {OTHER})
    return known + extra + ([OTHER] if OTHER in have else [])
