"""Reports over a real archive, on SQLite and PostgreSQL: services.report_unit / report_stats / compose_issue."""

from __future__ import annotations

import io
from collections import Counter

import docx
import openpyxl
import pytest
from report_fixtures import art

from kexie import services
from kexie.errors import ConfigError, NotFound
from kexie.model import Bulletin, Issue, Source
from kexie.store.archive import Archive


def _bulletin(name: str, number: str | None, day: str | None, articles) -> Bulletin:
    issue = Issue(title="科协工作动态" if number else None, number=number, date=day, year=2023)
    return Bulletin(Source(name, "0" * 64, "txt"), issue, articles)


@pytest.fixture
def archive(report_settings):
    arch = Archive(report_settings)
    b1 = _bulletin(
        "a.txt",
        "第3期",
        "2023-03-10",
        [
            art(
                1,
                "甲区科协举办科普讲座",
                date="2023-03-05",
                platforms=["社会化协同科普"],
                orgs=["甲区科协", "丙中心"],
                persons=[("赵一", ["主席"])],
                quantities=[("300人", 300, "人")],
                attribution=["甲区科协"],
            ),
            art(
                2,
                "乙学会召开学术年会",
                date="2023-03-08",
                platforms=["前沿性学术交流"],
                orgs=["乙学会"],
                attribution=["乙学会"],
                section="学会动态",
            ),
            art(
                3,
                "甲区科协调研企业",
                date=None,
                platforms=["落地化科创服务", "组织建设"],
                orgs=["甲区科协", "丁公司"],
                persons=[("赵一", ["党组书记"])],
                quantities=[("200人", 200, "人")],
                attribution=["甲区科协"],
                section="区科协动态",
            ),
        ],
    )
    b2 = _bulletin(
        "b.txt",
        "2023年第7期",
        "2023-09-01",
        [
            art(
                1,
                "乙学会与甲区科协共建科普基地",
                date="2023-08-30",
                platforms=["社会化协同科普"],
                orgs=["乙学会", "甲区科协"],
                attribution=["乙学会", "甲区科协"],
            ),
            art(
                2,
                "戊协会开展志愿服务",
                date="2024-01-05",
                platforms=["社会化协同科普"],
                orgs=["戊协会"],
                attribution=["戊协会"],
            ),
        ],
    )
    b3 = _bulletin(
        "c.txt",
        None,
        None,
        [art(1, "甲区科协党支部学习", date=None, platforms=["党建"], attribution=["甲区科协"])],
    )
    for i, b in enumerate((b1, b2, b3)):
        arch.store(b, f"bytes-{i}".encode())
    return report_settings


def test_unit_report_gathers_the_units_activities(archive):
    r = services.report_unit(archive, "甲区科协", "2023-01-01", "2023-12-31", "docx")
    assert r.filename.endswith(".docx") and r.media_type.endswith("wordprocessingml.document")
    d = docx.Document(io.BytesIO(r.data))
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    for title in (
        "甲区科协举办科普讲座",
        "甲区科协调研企业",
        "乙学会与甲区科协共建科普基地",
        "甲区科协党支部学习",
    ):
        assert title in cells
    assert "乙学会召开学术年会" not in cells and "戊协会开展志愿服务" not in cells
    assert "3月10日（刊期）" in cells  # undated: the issue's date
    assert "丁公司" in cells and "主席、党组书记" in cells
    text = "\n".join(p.text for p in d.paragraphs)
    assert "共开展或参与活动4项" in text
    assert "参与（受益）人数500" in text  # 300人 + 200人


def test_unit_report_period_and_errors(archive):
    md = services.report_unit(archive, "甲区科协", "2023-03-01", "2023-03-31", "md").data.decode()
    assert "甲区科协举办科普讲座" in md and "甲区科协调研企业" in md  # dated by its issue, in March
    assert "甲区科协党支部学习" not in md  # undated, issue undated: only whole-year reports take it
    empty = services.report_unit(archive, "甲区科协", "2022-01-01", "2022-12-31", "md").data.decode()
    assert "档案中暂无甲区科协的活动记录" in empty and "|" not in empty
    with pytest.raises(NotFound, match="没有这个单位"):
        services.report_unit(archive, "不存在的单位", "2023-01-01", "2023-12-31", "md")
    with pytest.raises(ConfigError, match="晚于"):
        services.report_unit(archive, "甲区科协", "2023-12-31", "2023-01-01", "md")
    with pytest.raises(ConfigError, match="不支持的格式"):
        services.report_unit(archive, "甲区科协", "2023-01-01", "2023-12-31", "xlsx")


def test_statistics_match_a_count_of_the_stored_articles(archive):
    wb = openpyxl.load_workbook(io.BytesIO(services.report_stats(archive, 2023, "xlsx").data))
    ws = wb["平台×月份"]
    table = {ws.cell(row=i, column=1).value: [c.value for c in ws[i]] for i in range(3, ws.max_row + 1)}
    # 2023 articles: the 2024-01-05 one is out; the undated one of the undated issue has year 2023
    expected = Counter(
        {"社会化协同科普": 2, "前沿性学术交流": 1, "落地化科创服务": 1, "组织建设": 1, "党建": 1}
    )
    for platform, n in expected.items():
        assert table[platform][14] == n, platform  # column 15: 合计 after 12 months + 日期不详
    assert table["活动总数（去重）"][14] == 5
    assert table["社会化协同科普"][3] == 1 and table["社会化协同科普"][8] == 1  # March, August
    units = {r[0].value: r[-1].value for r in wb["单位×平台"].iter_rows(min_row=3) if r[0].value != "合计"}
    assert units["甲区科协"] == 4 and units["乙学会"] == 2


def test_compose_numbers_on_and_orders_sections(archive):
    arch = Archive(archive)
    with arch.read() as conn:
        from sqlalchemy import select

        from kexie.store import tables as t

        ids = {r.title: r.id for r in conn.execute(select(t.articles.c.id, t.articles.c.title))}
    assert services.next_issue_number(archive, 2023, "科协工作动态") == 8
    wanted = [ids["甲区科协调研企业"], ids["乙学会召开学术年会"], ids["甲区科协举办科普讲座"]]
    r = services.compose_issue(archive, wanted, issue_date="2023-09-15", fmt="docx")
    assert r.filename == "科协工作动态2023年第8期.docx"
    paras = [p.text for p in docx.Document(io.BytesIO(r.data)).paragraphs if p.text.strip()]
    assert paras[:2] == ["科协工作动态", "第8期"]
    order = [
        paras.index(x)
        for x in (
            "甲区科协举办科普讲座",
            "【学会动态】",
            "乙学会召开学术年会",
            "【区科协动态】",
            "甲区科协调研企业",
        )
    ]
    assert order == sorted(order)  # unsectioned lead first, then the configured section order
    with pytest.raises(NotFound):
        services.compose_issue(archive, [999999], issue_date="2023-09-15")


def test_statistics_of_a_year_without_articles_say_so(archive):
    wb = openpyxl.load_workbook(io.BytesIO(services.report_stats(archive, 2019, "xlsx").data))
    ws = wb["平台×月份"]
    assert "档案中暂无2019年的活动记录" in ws["A1"].value
    assert ws.cell(row=2 + 10 + 1, column=1).value == "活动总数（去重）"  # zeros, not an empty sheet
    md = services.report_stats(archive, 2019, "md").data.decode()
    assert "档案中暂无2019年的活动记录" in md and "|" not in md
