"""The width and spacing rules of normalization."""

from __future__ import annotations

import pytest

from kexie.reflow.normalize import join_lines, normalize, width


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2 月 22 日，北京", "2月22日，北京"),  # digits next to Chinese
        ("在金融街 i 客厅举行", "在金融街i客厅举行"),  # a Latin letter next to Chinese
        ("召开 2023 年党建工作会", "召开2023年党建工作会"),
        ("２０２３年ＡＢＣ会议", "2023年ABC会议"),  # full-width digits and Latin → half-width
        (
            "会议，要求：“三个年”（试行）！",
            "会议，要求：“三个年”（试行）！",
        ),  # Chinese punctuation stays full-width
        ("加快“四＋N”产业", "加快“四＋N”产业"),  # full-width plus is punctuation, not a letter
        ("笃定前行   行稳致远", "笃定前行 行稳致远"),  # a space between Chinese phrases stays, single
        ("笃定前行\u3000行稳致远", "笃定前行 行稳致远"),
        ("发展。 区委", "发展。区委"),  # no space next to Chinese punctuation
        ("5G 与 AI 技术", "5G与AI技术"),
        ("Hello   World", "Hello World"),  # ASCII words keep one space
        ("  两端空白  ", "两端空白"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent() -> None:
    s = "市科协召开 2023 年 党建 工作会 ， ＡＩ 赋能"
    assert normalize(normalize(s)) == normalize(s)


def test_join_lines_adds_no_space_inside_chinese() -> None:
    assert join_lines(["北京科技社", "团服务中心"]) == "北京科技社团服务中心"
    assert join_lines(["the annual", "meeting"]) == "the annual meeting"


def test_width_counts_cjk_one_ascii_half() -> None:
    assert width("科协") == 2
    assert width("2023") == 2
    assert width("“作风年”，") == 6
    assert width("") == 0
