"""The association's service platforms, in the order of shared/contract/taxonomy.json.

Reports list platforms in this fixed order (not by count), so a reader finds each one in
the same place every year; activities the classifier gave no platform come last.
"""

from __future__ import annotations

from collections.abc import Iterable

PLATFORMS: tuple[str, ...] = (
    "科学家精神宣教",
    "全链条人才托举",
    "前沿性学术交流",
    "落地化科创服务",
    "社会化协同科普",
    "专业化决策咨询",
    "国际化科技交流",
    "全媒体科学传播",
    "党建",
    "组织建设",
)
OTHER = "其他工作"


def platform_order(present: Iterable[str]) -> list[str]:
    """The platforms in `present`: taxonomy order, unknown ones by name, OTHER last."""
    have = set(present)
    known = [p for p in PLATFORMS if p in have]
    extra = sorted(have - set(PLATFORMS) - {OTHER})
    return known + extra + ([OTHER] if OTHER in have else [])
