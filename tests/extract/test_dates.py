"""Dates: numerals, time of day, ranges, relative words, the issue's year and the year before."""

from __future__ import annotations

import pytest

from kexie.extract.dates import activity_date, find_dates
from kexie.model import Article, Issue

ISSUE = Issue(date="2023-02-28", year=2023)


def _dates(text: str, issue: Issue = ISSUE) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity) for m in find_dates(Article(1, "标题", [text]), issue)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2月22日，市科协召开会议。", ("2月22日", "2023-02-22")),
        ("二〇二三年二月二十二日，学会召开年会。", ("二〇二三年二月二十二日", "2023-02-22")),
        ("2021年12月3日，学会成立。", ("2021年12月3日", "2021-12-03")),
        ("2月20日下午，茶话会举行。", ("2月20日下午", "2023-02-20")),
        ("九月十二日上午，专家义诊。", ("九月十二日上午", "2022-09-12")),
        ("3月1日至3日，培训班举办。", ("3月1日至3日", "2022-03-01")),
        ("2月20日-21日，论坛举办。", ("2月20日-21日", "2023-02-20")),
        ("日前，讲座完成录制。", ("日前", None)),
        ("上周，专家走访企业。", ("上周", None)),
    ],
)
def test_first_date_expression(text: str, expected: tuple[str, str | None]) -> None:
    assert _dates(text)[0] == expected


def test_date_after_the_issue_belongs_to_the_year_before() -> None:
    january = Issue(date="2024-01-15", year=2024)
    assert _dates("12月28日，工作站揭牌。", january) == [("12月28日", "2023-12-28")]
    assert _dates("1月8日，召开总结会。", january) == [("1月8日", "2024-01-08")]


def test_explicit_year_is_kept_even_after_the_issue_date() -> None:
    assert _dates("2023年12月1日将举办年会。", ISSUE) == [("2023年12月1日", "2023-12-01")]


def test_years_alone_and_impossible_days_are_not_dates() -> None:
    assert _dates("2023年党建工作会，2022年度述职。") == []
    assert _dates("2月30日") == [("2月30日", None)]


def test_no_year_anywhere_keeps_the_text_without_a_date() -> None:
    assert _dates("5月4日，党员参观。", Issue()) == [("5月4日", None)]


def test_activity_date_is_the_first_of_the_first_paragraph_else_the_title() -> None:
    a = Article(1, "3月5日座谈会", ["日前，学会召开座谈会。4月1日将继续。", "2月1日另一件事。"])
    assert activity_date(find_dates(a, ISSUE)) == (None, "日前")
    b = Article(1, "3月5日座谈会", ["学会召开座谈会。", "2月1日另一件事。"])
    assert activity_date(find_dates(b, ISSUE)) == ("2022-03-05", "3月5日")
    c = Article(1, "座谈会", ["学会召开座谈会。"])
    assert activity_date(find_dates(c, ISSUE)) == (None, None)


def test_mention_offsets_point_into_the_text() -> None:
    a = Article(1, "标题", ["会上，2月22日上午举行。"])
    (m,) = find_dates(a, ISSUE)
    assert a.text_of(m.paragraph)[m.start : m.end] == m.text == "2月22日上午"


def test_a_day_alone_at_a_clause_start_is_in_the_issue_month() -> None:
    issue = Issue(date="2023-09-30", year=2023)
    assert _dates("20日上午，省科协召开座谈会。", issue) == [("20日上午", "2023-09-20")]
    assert _dates("会上，（记者）5日至6日举办培训。", Issue(date="2023-03-04", year=2023)) == [
        ("5日至6日", "2023-02-05")
    ]
    assert _dates("每月20日开放，共30日。", issue) == []
    assert _dates("20日上午，座谈会。", Issue(year=2023)) == [("20日上午", None)]
