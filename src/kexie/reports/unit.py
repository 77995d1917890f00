"""A unit's work report (单位工作报告): what one organization did in a period, from the archive.

The yearly report and the duty report (述职) of a department, district association or society
are retyped each December from news items kexie already holds. This module turns those items
into the report's content: activities grouped by service platform and by month, with dates,
partners, the people involved with their titles and the numbers they report, summed per unit
of measure (people reached, episodes, mu …), plus a chart. Pure: the archive query lives in
`kexie.store.reporting`; the typesetting in the exporters, which render `unit_blocks`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import Article
from ..store.reporting import paused_gc
from .blocks import Block, Chart, Heading, Note, Para, Table, Title, number
from .platforms import OTHER, platform_order

UNDATED = "日期不详"

# Measures that add up across activities, with the words a report uses for their sum (written
# here from the units bulletins report). Only these are summed: a bare classifier (个, 项 of
# "8个平台") or a rate, age or ordinal adds up to nothing a reader could use.
MEASURE_LABELS: dict[str, str] = {
    "人": "参与（受益）人数",
    "人次": "服务人次",
    "万人次": "服务人次（万）",
    "集": "节目（讲座）集数",
    "期": "期数",
    "场": "活动场次",
    "次": "次数",
    "亩": "服务面积（亩）",
    "公顷": "服务面积（公顷）",
    "家": "单位（企业）数",
    "篇": "篇数",
    "册": "册数",
    "份": "份数",
    "株": "株数",
    "万元": "金额（万元）",
    "亿元": "金额（亿元）",
    "元": "金额（元）",
}
SAME_MEASURE = {"名": "人", "位": "人", "场次": "场"}


@dataclass(frozen=True, slots=True)
class SourcedArticle:
    """An archived article with where it was published."""

    id: int
    article: Article
    issue: str | None = None  # e.g. 科协工作动态 第3期
    issue_date: str | None = None  # ISO: stands in for the activity date when the text gives none


@dataclass(slots=True)
class ActivityRow:
    id: int
    date: str | None  # ISO, None when neither the text nor the issue dates it
    month: str  # yyyy-mm or UNDATED
    title: str
    event_type: str | None
    platforms: list[str]
    partners: list[str]
    people: list[str]  # 姓名（职务）
    quantities: list[str]
    source: str | None
    estimated_date: bool = False  # the issue's date, the text giving none


@dataclass(slots=True)
class PlatformGroup:
    platform: str
    rows: list[ActivityRow]

    @property
    def months(self) -> list[tuple[str, int]]:
        return sorted(Counter(r.month for r in self.rows).items())


@dataclass(slots=True)
class PersonRow:
    name: str
    titles: list[str]
    activities: int


@dataclass(slots=True)
class PartnerRow:
    name: str
    activities: int


@dataclass(slots=True)
class MeasureTotal:
    unit: str
    label: str
    value: float
    activities: int


@dataclass(slots=True)
class UnitReport:
    org: str
    start: date
    end: date
    activities: list[ActivityRow] = field(default_factory=list)
    platforms: list[PlatformGroup] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    partners: list[PartnerRow] = field(default_factory=list)
    totals: list[MeasureTotal] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.activities

    @property
    def months(self) -> list[tuple[str, int]]:
        """Activities per month over the whole period, months without activity included."""
        counts = Counter(r.month for r in self.activities)
        out = [(m, counts.get(m, 0)) for m in month_range(self.start, self.end)]
        if counts.get(UNDATED):
            out.append((UNDATED, counts[UNDATED]))
        return out


def month_range(start: date, end: date) -> list[str]:
    months = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def cn_date(iso: str, with_year: bool = True) -> str:
    """2023-02-22 → 2023年2月22日 (or 2月22日)."""
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}年{m}月{d}日" if with_year else f"{m}月{d}日"


def cn_month(month: str) -> str:
    if month == UNDATED:
        return month
    y, m = month.split("-")
    return f"{int(y)}年{int(m)}月"


def _measure(unit: str) -> str:
    return SAME_MEASURE.get(unit, unit)


def _person(name: str, titles: Sequence[str]) -> str:
    return f"{name}（{'、'.join(titles)}）" if titles else name


@dataclass(frozen=True, slots=True)
class SourcedRecord:
    """An archived article as its record (the contract JSON, decoded) with where it was published.

    What the archive hands a report: building from the decoded JSON directly spares the
    `Article` objects (a tenth of a 10,000-activity report's time went into making them).
    Only the fields a report reads are needed: title, date, event_type, platforms, orgs (name,
    aliases), attribution, persons (name, titles), quantities (text, value, unit).
    """

    id: int
    record: dict[str, Any]
    issue: str | None = None
    issue_date: str | None = None


def record_of(s: SourcedArticle) -> SourcedRecord:
    """The record view of an `Article` (the fields a report reads)."""
    a = s.article
    rec = {
        "title": a.title,
        "date": a.date,
        "event_type": a.event_type,
        "platforms": a.platforms,
        "orgs": [{"name": o.name, "aliases": o.aliases} for o in a.orgs],
        "attribution": a.attribution,
        "persons": [{"name": p.name, "titles": p.titles} for p in a.persons],
        "quantities": [{"text": q.text, "value": q.value, "unit": q.unit} for q in a.quantities],
    }
    return SourcedRecord(s.id, rec, s.issue, s.issue_date)


def build_unit_report(
    org: str, names: set[str], start: date, end: date, items: list[SourcedArticle]
) -> UnitReport:
    """The report of `org` (known by `names`: canonical name and aliases) over its articles.

    `items` are the articles the archive attributes to or finds mentioning the unit in the
    period; an activity serving several platforms is listed under each, counted once in totals.
    """
    return build_unit_report_records(org, names, start, end, [record_of(s) for s in items])


@paused_gc()
def build_unit_report_records(
    org: str, names: set[str], start: date, end: date, items: list[SourcedRecord]
) -> UnitReport:
    """`build_unit_report` over decoded records (what `kexie.store.reporting.unit_articles` reads), in one pass."""
    report = UnitReport(org=org, start=start, end=end)
    own = set(names) | {org}
    by_platform: dict[str, list[ActivityRow]] = defaultdict(list)
    people: dict[str, list[str]] = {}
    person_count: Counter[str] = Counter()
    partner_count: Counter[str] = Counter()
    measure_sum: dict[str, float] = defaultdict(float)
    measure_acts: Counter[str] = Counter()
    seen: set[int] = set()
    activities = report.activities
    ordered = sorted(items, key=lambda s: (s.record.get("date") or s.issue_date or "9999", s.id))
    for s in ordered:
        if s.id in seen:
            continue
        seen.add(s.id)
        a = s.record
        own_date = a.get("date")
        when = own_date or s.issue_date
        partners = [
            o["name"]
            for o in a.get("orgs", ())
            if o["name"] not in own and own.isdisjoint(o.get("aliases", ()))
        ]
        attribution = a.get("attribution", ())
        partners += [u for u in attribution if u not in own and u not in partners]
        persons = a.get("persons", ())
        quantities = a.get("quantities", ())
        platforms = list(a.get("platforms", ()))
        row = ActivityRow(
            id=s.id,
            date=when,
            month=when[:7] if when else UNDATED,
            title=a["title"],
            event_type=a.get("event_type"),
            platforms=platforms,
            partners=partners,
            people=[_person(p["name"], p.get("titles", ())) for p in persons],
            quantities=[q["text"] for q in quantities],
            source=s.issue,
            estimated_date=own_date is None and when is not None,
        )
        activities.append(row)
        for p in platforms or (OTHER,):
            by_platform[p].append(row)
        for p in persons:
            name = p["name"]
            titles = people.setdefault(name, [])
            titles += [t for t in p.get("titles", ()) if t not in titles]
            person_count[name] += 1
        partner_count.update(set(partners))
        units_here = set()
        for q in quantities:
            unit = _measure(q["unit"])
            if unit not in MEASURE_LABELS:
                continue
            measure_sum[unit] += q["value"]
            units_here.add(unit)
        measure_acts.update(units_here)
    report.platforms = [PlatformGroup(p, by_platform[p]) for p in platform_order(by_platform)]
    report.people = [PersonRow(n, people[n], c) for n, c in person_count.most_common()]
    report.partners = [PartnerRow(n, c) for n, c in partner_count.most_common()]
    report.totals = [
        MeasureTotal(u, MEASURE_LABELS[u], v, measure_acts[u])
        for u, v in sorted(measure_sum.items(), key=lambda kv: (-measure_acts[kv[0]], kv[0]))
    ]
    return report


# ---------------------------------------------------------------- wording

CN_ORDINALS = "一二三四五六七八九十"


def _period(r: UnitReport) -> str:
    return f"{cn_date(r.start.isoformat())}至{cn_date(r.end.isoformat())}"


def report_title(r: UnitReport) -> str:
    full_year = r.start == date(r.start.year, 1, 1) and r.end == date(r.start.year, 12, 31)
    return f"{r.org}{r.start.year}年度工作报告" if full_year else f"{r.org}工作情况报告"


@paused_gc()
def unit_blocks(r: UnitReport) -> list[Block]:
    """The report's content, in the order and words of a Chinese work report."""
    blocks: list[Block] = [Title(report_title(r), f"（统计期间：{_period(r)}）")]
    if r.empty:
        blocks.append(Para(f"统计期间内（{_period(r)}），档案中暂无{r.org}的活动记录，本报告无分项内容。"))
        blocks.append(
            Note("如该单位在此期间有活动，请先将刊载相关消息的工作动态导入档案，再重新生成本报告。")
        )
        return blocks
    same_year = r.start.year == r.end.year
    n = len(r.activities)
    served = [g.platform for g in r.platforms if g.platform != OTHER]
    summary = f"统计期间内，{r.org}共开展或参与活动{n}项"
    if len(served) == 1:
        summary += f"，涉及{served[0]}平台"
    elif served:
        summary += f"，涉及{'、'.join(served)}等{len(served)}个服务平台"
    if r.partners:
        summary += f"，与{len(r.partners)}家单位开展合作"
    if r.people:
        summary += f"，报道中涉及人员{len(r.people)}人"
    blocks += [Heading("一、总体情况"), Para(summary + "。")]
    if r.totals:
        parts = [f"{t.label}{number(t.value)}{'' if '（' in t.label else t.unit}" for t in r.totals[:4]]
        blocks.append(Para(f"据活动报道统计，累计{'，'.join(parts)}。"))
    blocks.append(
        Chart(
            "各月活动数量",
            [cn_month(m).split("年")[-1] if same_year else cn_month(m) for m, _ in r.months],
            [("活动数", [c for _, c in r.months])],
        )
    )
    blocks.append(
        Table(
            ["服务平台", "活动数"],
            [[g.platform, len(g.rows)] for g in r.platforms],
            total=["活动总数（去重）", n],
            widths=[3, 1],
            caption="表1 分平台活动数",
        )
    )
    blocks.append(Heading("二、分平台工作情况"))
    for i, g in enumerate(r.platforms):
        months = "，".join(f"{cn_month(m)}{c}项" for m, c in g.months)
        blocks.append(Heading(f"（{CN_ORDINALS[i % 10]}）{g.platform}", level=2))
        blocks.append(Para(f"共{len(g.rows)}项：{months}。"))
        rows = []
        last_month = None
        for a in g.rows:
            label = cn_month(a.month).split("年")[-1] if same_year else cn_month(a.month)
            shown_month = label if a.month != last_month else ""
            last_month = a.month
            when = cn_date(a.date, not same_year) if a.date else UNDATED
            if a.estimated_date:
                when += "（刊期）"
            rows.append(
                [
                    shown_month,
                    when,
                    a.title,
                    "、".join(a.partners) or "—",
                    "；".join(a.quantities) or "—",
                ]
            )
        blocks.append(
            Table(["月份", "日期", "活动", "合作单位", "数据"], rows, widths=[1.3, 1.6, 4.3, 2.8, 2.1])
        )
    blocks.append(Heading("三、参与人员"))
    if r.people:
        blocks.append(
            Table(
                ["姓名", "职务", "参与活动数"],
                [[p.name, "、".join(p.titles) or "—", p.activities] for p in r.people],
                widths=[1.2, 4.5, 1.3],
            )
        )
    else:
        blocks.append(Para("统计期间的活动报道未提及具体人员。"))
    blocks.append(Heading("四、合作单位"))
    if r.partners:
        blocks.append(
            Table(["合作单位", "合作活动数"], [[p.name, p.activities] for p in r.partners], widths=[5, 1.5])
        )
    else:
        blocks.append(Para("统计期间的活动报道未涉及其他合作单位。"))
    blocks.append(Heading("五、主要数据"))
    if r.totals:
        blocks.append(
            Table(
                ["指标", "计量单位", "合计", "涉及活动数"],
                [[t.label, t.unit, t.value, t.activities] for t in r.totals],
                widths=[3, 1.3, 1.5, 1.5],
            )
        )
    else:
        blocks.append(Para("统计期间的活动报道中未见可汇总的数据。"))
    blocks.append(
        Note(
            "说明：本报告根据档案中的工作动态自动汇总。一项活动可同时服务多个平台，分平台活动数之和可能大于活动总数；"
            "报道未写明日期的活动按刊期日期计（标注“刊期”）；数据按计量单位分别加总。"
        )
    )
    return blocks
