"""Platform statistics from hand-built aggregates, and their Excel workbook opened with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pytest

from kexie.reports.blocks import Para, Table
from kexie.reports.export_md import render_md
from kexie.reports.export_xlsx import render_xlsx
from kexie.reports.platforms import OTHER, PLATFORMS
from kexie.reports.statistics import UNSIGNED, build_stats, stats_blocks, stats_chart, stats_tables
from kexie.reports.unit import UNDATED
from kexie.store.reporting import StatsRows


@pytest.fixture
def rows() -> StatsRows:
    # 5 articles: two 社会化协同科普 in Feb by 甲 (one also by 乙), one 党建 in May by 乙,
    # one unclassified and unsigned in Feb, one undated 党建 by 甲
    return StatsRows(
        year=2023,
        articles=5,
        per_month=[("2023-02", 3), ("2023-05", 1), (None, 1)],
        platform_month=[
            ("社会化协同科普", "2023-02", 2),
            (None, "2023-02", 1),
            ("党建", "2023-05", 1),
            ("党建", None, 1),
        ],
        per_unit=[("甲区科协", 3), ("乙学会", 2), (None, 1)],
        cube=[
            ("社会化协同科普", "2023-02", "甲区科协", 2),
            ("社会化协同科普", "2023-02", "乙学会", 1),
            (None, "2023-02", None, 1),
            ("党建", "2023-05", "乙学会", 1),
            ("党建", None, "甲区科协", 1),
        ],
        partners=[("社会化协同科普", "丙中心", 2), ("社会化协同科普", "丁学校", 1), ("党建", "丙中心", 1)],
        top=[("ORG", 1, "甲区科协", 3), ("ORG", 2, "乙学会", 2), ("PER", 3, "赵一", 2)],
    )


def test_tables_add_up(rows):
    r = build_stats(rows)
    assert r.months[-1] == UNDATED and len(r.months) == 13
    assert r.platforms[: len(PLATFORMS)] == list(PLATFORMS) and r.platforms[-1] == OTHER
    t1, t2, t3, t4, t5 = stats_tables(r)
    by_platform = {row[0]: row for row in t1.rows}
    assert by_platform["社会化协同科普"][2] == 2 and by_platform["社会化协同科普"][-1] == 2
    assert by_platform["党建"][-1] == 2 and by_platform["党建"][-2] == 1  # the undated one
    assert t1.total == ["活动总数（去重）", 0, 3, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 5]
    assert t2.columns == ["单位", "社会化协同科普", "党建", OTHER, "活动总数（去重）"]
    units = {row[0]: row for row in t2.rows}
    assert list(units) == ["甲区科协", "乙学会", UNSIGNED]  # most active first, unsigned last
    assert units["甲区科协"][-1] == 3
    assert len(t3.rows) == 5 and t3.rows[0][:3] == ["社会化协同科普", "2月", "甲区科协"]
    assert t4.rows[0] == ["社会化协同科普", "丙中心", 2]
    assert t5.rows[0] == ["单位", 1, "甲区科协", 3] and t5.rows[-1] == ["人员", 1, "赵一", 2]


def test_workbook_one_sheet_per_table_frozen_headers_totals_and_chart(rows):
    r = build_stats(rows)
    data = render_xlsx(stats_tables(r), stats_chart(r), "2023年度服务平台工作统计")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    tables = ["平台×月份", "单位×平台", "平台×月份×单位明细", "各平台合作单位", "最活跃的单位、人员和地点"]
    assert wb.sheetnames == [*tables, "图表数据"]
    for ws in (wb[name] for name in tables):
        assert ws.freeze_panes == "B3"  # title row and header row stay in view
        assert ws.cell(row=2, column=1).font.bold
    ws = wb["平台×月份"]
    assert [c.value for c in ws[2]][:3] == ["服务平台", "1月", "2月"]
    total = 2 + len(r.platforms) + 1
    assert ws.cell(row=total, column=1).value == "活动总数（去重）" and ws.cell(row=total, column=1).font.bold
    assert ws.cell(row=total, column=2 + 13).value == 5  # 12 months + 日期不详, then 合计
    assert ws.cell(row=3, column=2).number_format == "#,##0"
    assert ws.auto_filter.ref.startswith("A2:")
    charts = ws._charts
    assert len(charts) == 1 and charts[0].tagname == "barChart"
    # the chart's numbers, on their own sheet, are the per-platform totals
    values = {row[0]: row[1] for row in wb["图表数据"].iter_rows(min_row=2, values_only=True)}
    assert values["党建"] == 2 and values["社会化协同科普"] == 2 and values[OTHER] == 1
    ref = charts[0].series[0].val.numRef.f
    assert ref.startswith("'图表数据'!") or ref.startswith("图表数据!")


def test_empty_year_says_so(rows):
    empty = StatsRows(2020, 0, [], [], [], [], [], [])
    blocks = stats_blocks(build_stats(empty))
    assert any(isinstance(b, Para) and "暂无2020年的活动记录" in b.text for b in blocks)
    assert not any(isinstance(b, Table) for b in blocks)


def test_markdown_statistics(rows):
    md = render_md(stats_blocks(build_stats(rows))).decode()
    assert "# 2023年度服务平台工作统计" in md
    assert "| 社会化协同科普 | 丙中心 | 2 |" in md
    assert "活动最多的服务平台是社会化协同科普（2项）" in md or "活动最多的服务平台是党建（2项）" in md
