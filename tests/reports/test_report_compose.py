"""Composing an issue: section order, numbering, typed items; and the round trip through `kexie parse`.

The round trip is property-tested: issues composed from archive records (synthetic bulletins
stored in a real archive), with any choice and order of articles, typed items, numbers, dates
and section orders, typeset as DOCX and PDF, parse back to the same masthead and articles.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import art

from kexie import services
from kexie.config import Settings
from kexie.errors import ConfigError
from kexie.reports.compose import DEFAULT_SECTIONS, NewItem, compose, new_article, order_by_section
from kexie.store import db
from kexie.store.archive import Archive
from kexie.store.reporting import articles_by_id
from kexie.synth import generate_bulletin

SEEDS = range(101, 107)


def test_sections_follow_the_configured_order_unsectioned_first():
    arts = [
        art(1, "区1", section="区科协动态"),
        art(2, "学1", section="学会动态"),
        art(3, "要闻", section=None),
        art(4, "其他1", section="专题"),
        art(5, "区2", section="区科协动态"),
    ]
    assert [a.title for a in order_by_section(arts)] == ["要闻", "学1", "区1", "区2", "其他1"]
    custom = [a.title for a in order_by_section(arts, ["区科协动态", "专题"])]
    assert custom == ["要闻", "区1", "区2", "其他1", "学1"]


def test_compose_renumbers_and_sets_the_masthead():
    b = compose(
        [art(7, "甲", section="学会动态"), art(9, "乙")],
        number=12,
        issue_date="2024年3月5日",
        name="工作简报",
    )
    assert (b.issue.title, b.issue.number, b.issue.date, b.issue.year) == (
        "工作简报",
        "第12期",
        "2024-03-05",
        2024,
    )
    assert [(a.index, a.title) for a in b.articles] == [(1, "乙"), (2, "甲")]
    with pytest.raises(ConfigError, match="至少需要"):
        compose([], number=1, issue_date="2024-03-05")
    with pytest.raises(ConfigError, match="--date"):
        compose([art(1, "甲")], number=1, issue_date="2024-02-30")


def test_typed_items_are_checked_field_by_field():
    a = new_article(
        NewItem(
            "  新稿件 标题 ", "第一段。\n\n  第二段。 ", "2023-05-01", "甲区科协、乙学会", "【学会动态】"
        ),
        2,
    )
    assert (a.title, a.paragraphs, a.date, a.attribution, a.section) == (
        "新稿件 标题",
        ["第一段。", "第二段。"],
        "2023-05-01",
        ["甲区科协", "乙学会"],
        "学会动态",
    )
    with pytest.raises(ConfigError, match=r"第3条新稿件\.title"):
        new_article(NewItem(" ", "正文"), 3)
    with pytest.raises(ConfigError, match=r"第1条新稿件\.body"):
        new_article(NewItem("标题", "\n \n"))
    with pytest.raises(ConfigError, match=r"第1条新稿件\.date"):
        new_article(NewItem("标题", "正文", date="五月"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Synthetic bulletins stored in a real archive: the records composition starts from."""
    s = Settings(db_url=f"sqlite:///{tmp_path_factory.mktemp('compose') / 'kexie.db'}")
    arch = Archive(s)
    for seed in SEEDS:
        arch.store(generate_bulletin(seed, sections=seed % 2 == 0, masthead=True), f"synth-{seed}".encode())
    with arch.read() as conn:
        from sqlalchemy import select

        from kexie.store import tables as t

        ids = [r[0] for r in conn.execute(select(t.articles.c.id).order_by(t.articles.c.id))]
    records = articles_by_id(arch, ids)
    yield s, ids, records
    db.close_all()


def _expected(records, ids, items, sections):
    from kexie.model import Article

    arts = [Article.from_json(records[i].record) for i in ids] + [
        new_article(it, k) for k, it in enumerate(items, start=1)
    ]
    return [(a.section, a.title, a.paragraphs, a.attribution) for a in order_by_section(arts, sections)]


SECTION_ORDERS = st.sampled_from(
    [list(DEFAULT_SECTIONS), ["区科协动态", "学会动态"], ["基层动态", "工作要闻", "科普动态"]]
)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_round_trip_parse_gives_back_the_composed_articles(archive, fmt, data):
    s, ids, records = archive
    chosen = data.draw(
        st.lists(st.sampled_from(ids), min_size=1, max_size=7, unique=True), label="article ids"
    )
    donors = data.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True), label="typed items")
    items = [
        NewItem(
            title=records[i].record["title"],
            body="\n".join(records[i].record["paragraphs"]),
            date=records[i].record["date"],
            attribution="、".join(records[i].record["attribution"]),
            section=data.draw(st.sampled_from([None, "学会动态", "专题报道"]), label="typed section"),
        )
        for i in donors
    ]
    number = data.draw(st.integers(1, 60), label="number")
    day = data.draw(st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31)), label="date")
    sections = data.draw(SECTION_ORDERS, label="section order")
    name = data.draw(st.sampled_from(["科协工作动态", "工作简报", "学会工作动态"]), label="name")

    rendered = services.compose_issue(
        s, chosen, items, number=number, issue_date=day.isoformat(), name=name, sections=sections, fmt=fmt
    )
    parsed = services.parse_bytes(rendered.filename, rendered.data, s, extract=False)

    assert (parsed.issue.title, parsed.issue.number, parsed.issue.date) == (
        name,
        f"第{number}期",
        day.isoformat(),
    )
    got = [(a.section, a.title, a.paragraphs, a.attribution) for a in parsed.articles]
    assert got == _expected(records, chosen, items, sections)
