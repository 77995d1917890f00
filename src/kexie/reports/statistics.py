"""Platform statistics (服务平台工作统计) of a year: the tables the association compiles by hand.

Built from the year's aggregates (`kexie.store.reporting.StatsRows`, counted in SQL): activities
per platform × month, per unit × platform, the full platform × month × unit breakdown, the
partners of each platform and the most active organizations, people and places. Rendered by
`export_xlsx` (one sheet per table) and `export_md` via `stats_blocks`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..store.reporting import StatsRows
from .blocks import Block, Chart, Heading, Note, Para, Table, Title
from .platforms import OTHER, PLATFORMS, platform_order
from .unit import UNDATED

UNSIGNED = "（未署名）"
TYPE_NAMES = {"ORG": "单位", "PER": "人员", "LOC": "地点"}


@dataclass(slots=True)
class StatsReport:
    year: int
    articles: int
    months: list[str]  # yyyy-mm, the 12 months of the year (+ UNDATED when some articles have no month)
    platforms: list[str]  # rows of the platform tables, taxonomy order
    platform_month: dict[tuple[str, str], int]
    per_month: dict[str, int]  # distinct articles
    units: list[str]  # most active first
    unit_platform: dict[tuple[str, str], int]
    per_unit: dict[str, int]
    cube: list[tuple[str, str, str, int]]  # platform, month, unit, articles
    partners: dict[str, list[tuple[str, int]]]  # platform -> [(organization, articles)]
    top: dict[str, list[tuple[str, int]]]  # type -> [(name, articles)]

    @property
    def empty(self) -> bool:
        return self.articles == 0

    def platform_total(self, platform: str) -> int:
        return sum(self.platform_month.get((platform, m), 0) for m in self.months)


def build_stats(rows: StatsRows) -> StatsReport:
    """Arrange the aggregates into the report's tables (no counting beyond sums of disjoint parts)."""
    months = [f"{rows.year:04d}-{m:02d}" for m in range(1, 13)]
    month = lambda m: m or UNDATED  # noqa: E731
    if any(m is None for m, _ in rows.per_month):
        months.append(UNDATED)
    pm: dict[tuple[str, str], int] = defaultdict(int)
    for plat, m, n in rows.platform_month:
        pm[(plat or OTHER, month(m))] += n
    up: dict[tuple[str, str], int] = defaultdict(int)
    for plat, _m, unit, n in rows.cube:  # each article has one month: summing months is exact
        up[(unit or UNSIGNED, plat or OTHER)] += n
    per_unit = {u or UNSIGNED: n for u, n in rows.per_unit}
    platforms = platform_order({p for p, _ in pm} | set(PLATFORMS))
    partners: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for plat, org, n in rows.partners:
        partners[plat].append((org, n))
    top: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for typ, _eid, name, n in rows.top:
        top[typ].append((name, n))
    cube = sorted(
        ((p or OTHER, month(m), u or UNSIGNED, n) for p, m, u, n in rows.cube),
        key=lambda r: (platforms.index(r[0]) if r[0] in platforms else 99, r[1], -r[3], r[2]),
    )
    return StatsReport(
        year=rows.year,
        articles=rows.articles,
        months=months,
        platforms=platforms,
        platform_month=dict(pm),
        per_month={month(m): n for m, n in rows.per_month},
        units=sorted(per_unit, key=lambda u: (u == UNSIGNED, -per_unit[u], u)),
        unit_platform=dict(up),
        per_unit=per_unit,
        cube=cube,
        partners={p: sorted(v, key=lambda x: (-x[1], x[0])) for p, v in partners.items()},
        top={k: sorted(v, key=lambda x: (-x[1], x[0])) for k, v in top.items()},
    )


def _month_label(m: str) -> str:
    return m if m == UNDATED else f"{int(m[5:])}月"


def stats_tables(r: StatsReport) -> list[Table]:
    """The report's tables, each one sheet of the workbook."""
    month_cols = [_month_label(m) for m in r.months]
    t1 = Table(
        ["服务平台", *month_cols, "合计"],
        [
            [p] + [r.platform_month.get((p, m), 0) for m in r.months] + [r.platform_total(p)]
            for p in r.platforms
        ],
        total=["活动总数（去重）"] + [r.per_month.get(m, 0) for m in r.months] + [r.articles],
        caption="平台×月份",
    )
    plats = [p for p in r.platforms if any(r.unit_platform.get((u, p)) for u in r.units)]
    t2 = Table(
        ["单位", *plats, "活动总数（去重）"],
        [[u] + [r.unit_platform.get((u, p), 0) for p in plats] + [r.per_unit.get(u, 0)] for u in r.units],
        total=["合计"] + [sum(r.unit_platform.get((u, p), 0) for u in r.units) for p in plats] + [""],
        caption="单位×平台",
    )
    t3 = Table(
        ["服务平台", "月份", "单位", "活动数"],
        [[p, _month_label(m), u, n] for p, m, u, n in r.cube],
        caption="平台×月份×单位明细",
    )
    t4 = Table(
        ["服务平台", "合作单位", "活动数"],
        [[p, org, n] for p in r.platforms for org, n in r.partners.get(p, [])],
        caption="各平台合作单位",
    )
    top_rows = []
    for typ in ("ORG", "PER", "LOC"):
        for i, (name, n) in enumerate(r.top.get(typ, []), start=1):
            top_rows.append([TYPE_NAMES[typ], i, name, n])
    t5 = Table(["类别", "排名", "名称", "活动数"], top_rows, caption="最活跃的单位、人员和地点")
    return [t1, t2, t3, t4, t5]


def stats_chart(r: StatsReport) -> Chart:
    return Chart(
        f"{r.year}年各服务平台活动数",
        [p for p in r.platforms],
        [("活动数", [r.platform_total(p) for p in r.platforms])],
    )


def stats_blocks(r: StatsReport) -> list[Block]:
    blocks: list[Block] = [
        Title(f"{r.year}年度服务平台工作统计", f"（统计范围：{r.year}年1月1日至12月31日）")
    ]
    if r.empty:
        blocks.append(Para(f"档案中暂无{r.year}年的活动记录，无可统计的内容。"))
        blocks.append(Note("请先导入该年度的工作动态，再重新生成统计。"))
        return blocks
    busiest = max(r.platforms, key=r.platform_total)
    blocks.append(
        Para(
            f"{r.year}年档案共收录活动{r.articles}项，涉及报送单位{len([u for u in r.units if u != UNSIGNED])}个；"
            f"活动最多的服务平台是{busiest}（{r.platform_total(busiest)}项）。"
        )
    )
    blocks.append(stats_chart(r))
    names = [
        "一、分平台分月活动数",
        "二、分单位分平台活动数",
        "三、平台×月份×单位明细",
        "四、各平台合作单位",
        "五、最活跃的单位、人员和地点",
    ]
    for heading, table in zip(names, stats_tables(r), strict=True):
        blocks.append(Heading(heading))
        blocks.append(table if table.rows else Para("本年度无此项数据。"))
    blocks.append(
        Note("说明：一项活动可同时服务多个平台、由多个单位报送，故各行、各列之和可能大于去重后的活动总数。")
    )
    return blocks
