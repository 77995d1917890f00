"""The unit work report's content, from hand-built archive articles (no database)."""

from __future__ import annotations

import gc
import json
from datetime import date

import pytest
from report_fixtures import art, sourced

from kexie.reports.blocks import Chart, Heading, Note, Para, Table, Title
from kexie.reports.platforms import OTHER
from kexie.reports.unit import (
    UNDATED,
    SourcedRecord,
    build_unit_report,
    build_unit_report_records,
    unit_blocks,
)
from kexie.store.reporting import paused_gc

YEAR = (date(2023, 1, 1), date(2023, 12, 31))


def _items():
    return [
        sourced(
            1,
            art(
                1,
                "甲区科协举办科普讲座",
                date="2023-03-05",
                platforms=["社会化协同科普", "全媒体科学传播"],
                orgs=["甲区科协", "乙学会"],
                persons=[("赵一", ["主席"]), ("钱二", ["研究员"])],
                quantities=[("300人", 300, "人"), ("12集", 12, "集")],
                attribution=["甲区科协"],
            ),
        ),
        sourced(
            2,
            art(
                2,
                "甲区科协专家服务桃园",
                date="2023-03-20",
                platforms=["落地化科创服务"],
                orgs=["甲区科协", "丙合作社"],
                persons=[("赵一", ["党组书记"])],
                quantities=[("500亩", 500, "亩"), ("20名", 20, "名"), ("8个平台", 8, "个")],
                attribution=["甲区科协", "乙学会"],
            ),
        ),
        sourced(3, art(3, "甲区科协召开工作会", date=None, orgs=["甲区科协"]), issue_date="2023-07-01"),
    ]


def test_groups_by_platform_in_taxonomy_order_and_counts_each_activity_once():
    r = build_unit_report("甲区科协", {"甲区科协"}, *YEAR, _items())
    assert [g.platform for g in r.platforms] == ["落地化科创服务", "社会化协同科普", "全媒体科学传播", OTHER]
    assert len(r.activities) == 3  # the two-platform lecture once
    lecture = next(g for g in r.platforms if g.platform == "全媒体科学传播").rows[0]
    assert lecture.title == "甲区科协举办科普讲座"
    assert lecture.partners == ["乙学会"]  # the unit itself is no partner of its own
    assert next(g for g in r.platforms if g.platform == "落地化科创服务").months == [("2023-03", 1)]


def test_months_span_the_period_and_undated_items_use_the_issue_date():
    r = build_unit_report("甲区科协", {"甲区科协"}, *YEAR, _items())
    months = dict(r.months)
    assert len(months) == 12 and months["2023-03"] == 2 and months["2023-07"] == 1 and months["2023-01"] == 0
    meeting = next(a for a in r.activities if a.id == 3)
    assert meeting.estimated_date and meeting.date == "2023-07-01"
    undated = build_unit_report(
        "甲区科协", set(), *YEAR, [sourced(9, art(9, "无日期", date=None), issue_date=None)]
    )
    assert dict(undated.months)[UNDATED] == 1


def test_people_partners_and_summed_measures():
    r = build_unit_report("甲区科协", {"甲区科协"}, *YEAR, _items())
    zhao = r.people[0]
    assert (zhao.name, zhao.titles, zhao.activities) == ("赵一", ["主席", "党组书记"], 2)
    assert {p.name: p.activities for p in r.partners} == {"乙学会": 2, "丙合作社": 1}
    totals = {t.unit: (t.value, t.activities) for t in r.totals}
    # 300人 + 20名 are one measure; a bare classifier (8个平台) is not summed
    assert totals == {"人": (320, 2), "集": (12, 1), "亩": (500, 1)}


def test_blocks_tell_the_story_in_chinese_with_a_chart():
    blocks = unit_blocks(build_unit_report("甲区科协", {"甲区科协"}, *YEAR, _items()))
    assert isinstance(blocks[0], Title) and blocks[0].text == "甲区科协2023年度工作报告"
    headings = [b.text for b in blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == ["一、总体情况", "二、分平台工作情况", "三、参与人员", "四、合作单位", "五、主要数据"]
    summary = next(b.text for b in blocks if isinstance(b, Para))
    assert "共开展或参与活动3项" in summary and "2家单位" in summary
    chart = next(b for b in blocks if isinstance(b, Chart))
    assert chart.series[0][1][2] == 2  # March
    platform_table = next(b for b in blocks if isinstance(b, Table))
    assert platform_table.total == ["活动总数（去重）", 3]
    activity_rows = [row for b in blocks if isinstance(b, Table) and b.columns[0] == "月份" for row in b.rows]
    assert any(row[2] == "甲区科协专家服务桃园" and "丙合作社" in row[3] for row in activity_rows)


def test_an_organization_without_activity_gets_a_report_that_says_so():
    r = build_unit_report("丁学会", {"丁学会"}, date(2023, 1, 1), date(2023, 6, 30), [])
    blocks = unit_blocks(r)
    assert r.empty
    assert [type(b) for b in blocks] == [Title, Para, Note]
    assert "暂无丁学会的活动记录" in blocks[1].text and "2023年6月30日" in blocks[1].text
    assert blocks[0].text == "丁学会工作情况报告"  # not a whole year


def test_sections_without_people_or_numbers_say_so():
    r = build_unit_report(
        "甲区科协", {"甲区科协"}, *YEAR, [sourced(5, art(5, "甲区科协开会", orgs=["甲区科协"]))]
    )
    texts = [b.text for b in unit_blocks(r) if isinstance(b, Para)]
    assert "统计期间的活动报道未提及具体人员。" in texts
    assert "统计期间的活动报道未涉及其他合作单位。" in texts
    assert "统计期间的活动报道中未见可汇总的数据。" in texts


def test_stored_records_give_the_same_report_as_articles():
    """The archive path reads decoded JSON records (with mentions, paragraphs…): same report."""
    items = _items()
    items[0].article.orgs[1].aliases.append("甲区科协")  # a partner written as the unit's own alias
    records = [
        SourcedRecord(s.id, json.loads(json.dumps(s.article.to_json())), s.issue, s.issue_date) for s in items
    ]
    by_article = build_unit_report("甲区科协", {"甲区科协"}, *YEAR, items)
    by_record = build_unit_report_records("甲区科协", {"甲区科协"}, *YEAR, records)
    assert by_record == by_article
    assert "乙学会" not in by_record.activities[0].partners
    assert unit_blocks(by_record) == unit_blocks(by_article)
    assert gc.isenabled()  # the report pauses the collector only while it builds


def test_paused_gc_nests_and_restores_on_error():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause leaves the outer one alone
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()
