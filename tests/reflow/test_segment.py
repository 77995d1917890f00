"""Segmentation rules on blocks: masthead, headings, titles, attribution, the year."""

from __future__ import annotations

from kexie.reflow.cues import split_attribution
from kexie.reflow.paragraphs import Block
from kexie.reflow.segment import masthead, segment

BODY = "3月5日，市科协召开工作会议，部署全年任务。"


def _blocks(*texts: str, **kw: object) -> list[Block]:
    return [Block(t, n_lines=2 if "，" in t else 1, **kw) for t in texts]  # type: ignore[arg-type]


def test_masthead_on_separate_lines() -> None:
    issue, used = masthead(
        _blocks("科协工作动态", "2023年第5期", "北京市科协办公室 2023年3月1日", "标题", BODY)
    )
    assert (issue.title, issue.number, issue.date, used) == ("科协工作动态", "2023年第5期", "2023-03-01", 3)


def test_masthead_title_and_number_on_one_line() -> None:
    issue, used = masthead(_blocks("科协工作动态 第12期", "标题", BODY))
    assert (issue.title, issue.number, used) == ("科协工作动态", "第12期", 1)


def test_no_masthead_when_the_first_line_is_a_title() -> None:
    issue, used = masthead(_blocks("市科协召开2023年工作会议", BODY))
    assert used == 0 and issue.title is None and issue.number is None


def test_total_issue_number_is_not_the_issue_number() -> None:
    issue, _ = masthead(_blocks("科协简报", "第3期（总第120期）", BODY))
    assert issue.number == "第3期"


def test_year_from_masthead_then_text_then_metadata() -> None:
    issue, _ = segment(
        _blocks("科协工作动态", "第5期", "2021年6月1日", "标题", "2022年，学会召开年会，会员参加。")
    )
    assert issue.year == 2021
    issue, _ = segment(_blocks("标题", "2022年，学会召开年会，会员参加。"), meta_year=2019)
    assert issue.year == 2022
    issue, _ = segment(_blocks("标题", BODY), meta_year=2019)
    assert issue.year == 2019


def test_headings_without_brackets_and_sections_carry_over() -> None:
    _, arts = segment(_blocks("【学会动态】", "标题一", BODY, "标题二", BODY, "〖区县动态〗", "标题三", BODY))
    assert [(a.section, a.title) for a in arts] == [
        ("学会动态", "标题一"),
        ("学会动态", "标题二"),
        ("区县动态", "标题三"),
    ]


def test_attribution_variants() -> None:
    assert split_attribution("会议召开。（市科协、市学会）") == ("会议召开。", ["市科协", "市学会"])
    assert split_attribution("会议召开。（供稿：市科协）") == ("会议召开。", ["市科协"])
    assert split_attribution("会议召开。(市科协，市学会)") == ("会议召开。", ["市科协", "市学会"])
    assert split_attribution("（盒马鲜生（北京公司）、区科协）") == ("", ["盒马鲜生（北京公司）", "区科协"])
    assert split_attribution("活动由区科协（牵头单位）组织") is None  # not after a sentence end
    assert split_attribution("会议召开。（详见附件。）") is None  # a remark, not units


def test_attribution_on_its_own_line_closes_the_article() -> None:
    _, arts = segment(_blocks("标题一", BODY, "（市科协）", "标题二", BODY))
    assert [(a.title, a.attribution) for a in arts] == [("标题一", ["市科协"]), ("标题二", [])]


def test_styled_titles_from_layout_are_joined() -> None:
    blocks = [
        Block("青年科技工作者沙龙聚焦新材料", size=1.3, centered=True),
        Block("与绿色制造", size=1.3, centered=True),
        Block(BODY, n_lines=3),
    ]
    _, arts = segment(blocks)
    assert arts[0].title == "青年科技工作者沙龙聚焦新材料与绿色制造"
    assert arts[0].paragraphs == [BODY]


def test_web_page_title_from_metadata() -> None:
    issue, arts = segment(
        [Block("区科协举办讲座", kind="para"), Block(BODY, kind="para")],
        meta_title="区科协举办讲座",
        meta_date="2024-05-21",
    )
    assert (arts[0].title, arts[0].paragraphs, issue.date, issue.year) == (
        "区科协举办讲座",
        [BODY],
        "2024-05-21",
        2024,
    )
