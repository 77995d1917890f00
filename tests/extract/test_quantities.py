"""Quantities: number + unit, values parsed from the number only, prose numerals left alone."""

from __future__ import annotations

import pytest

from kexie.extract.quantities import find_quantities, parse_number
from kexie.model import Mention


def _q(text: str) -> list[tuple[str, float, str]]:
    qs, _ = find_quantities([(0, text)], [])
    return [(q.text, q.value, q.unit) for q in qs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("以500亩桃园为试点", ("500亩", 500, "亩")),
        ("该系列讲座共52集", ("52集", 52, "集")),
        ("共13人参加", ("13人", 13, "人")),
        ("开展活动3000余场次", ("3000余场次", 3000, "场次")),
        ("为六十年辉煌再出发", ("六十年", 60, "年")),
        ("搭建8个公共服务平台，使", ("8个公共服务平台", 8, "个")),
        ("服务群众1.5万人，", ("1.5万人", 15000, "人")),
        ("百余名专家参加", ("百余名", 100, "名")),
        ("投入500万元", ("500万元", 5_000_000, "元")),
        ("迎来近千名中学生", ("近千名", 1000, "名")),
        ("全校126名代表参加", ("126名", 126, "名")),
        ("增长30%", ("30%", 30, "%")),
    ],
)
def test_quantity(text: str, expected: tuple[str, float, str]) -> None:
    assert _q(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "一体谋划、一体推进",
        "过去一年来",
        "三个层次",
        "第十五次大会",
        "每集介绍一个动物",
        "2023年党建工作",
        "2022年度",
        "90年代",
    ],
)
def test_not_a_quantity(text: str) -> None:
    assert _q(text) == []


def test_spans_taken_by_dates_are_skipped() -> None:
    taken = [Mention("DATE", "2月22日", 0, 0, 5)]
    qs, ms = find_quantities([(0, "2月22日，13人参加")], taken)
    assert [q.text for q in qs] == ["13人"]
    assert [(m.start, m.end) for m in ms] == [(6, 9)]


def test_parse_number() -> None:
    assert parse_number("1.2亿") == 120_000_000
    assert parse_number("两千") == 2000
    assert parse_number("百") == 100
    assert parse_number("余") is None
