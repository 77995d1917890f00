"""The same bulletins, in different layouts, rebuild to the same articles.

PDFs at two page widths and font sizes (masthead, page headers, page numbers, footer),
Word, GBK copy-out text at two widths with page furniture; and hand-made text for the
edge cases: a paragraph ending exactly at full width, an article without attribution,
a title wrapped over two lines, an issue without sections.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, A5

from bulletin_corpus import plain_issue, spring_issue
from kexie import services
from kexie.config import Settings
from kexie.model import Bulletin
from kexie.read import read_bytes
from kexie.reports.bulletin_docx import render_docx
from kexie.reports.bulletin_pdf import render_pdf
from kexie.synth.wrap import to_bytes

SETTINGS = Settings()


def _texts(b: Bulletin) -> list[tuple]:
    return [(a.section, a.title, a.paragraphs, a.attribution) for a in b.articles]


def _parse(name: str, data: bytes) -> Bulletin:
    return services.parse_bytes(name, data, SETTINGS, extract=False)


RENDERINGS = {
    "pdf-a4-16pt": lambda b: ("b.pdf", render_pdf(b, page_size=A4, font_size=16, issuer="市科协办公室")),
    "pdf-a5-10.5pt": lambda b: ("b.pdf", render_pdf(b, page_size=A5, font_size=10.5)),
    "docx": lambda b: ("b.docx", render_docx(b)),
    "gbk-text-28": lambda b: ("b.txt", to_bytes(b, width=28, encoding="gbk")),
    "gbk-text-20-furniture": lambda b: ("b.txt", to_bytes(b, width=20, encoding="gbk", furniture=True)),
}


@pytest.mark.parametrize("make", [spring_issue, plain_issue], ids=["sections+masthead", "no-sections"])
@pytest.mark.parametrize("rendering", list(RENDERINGS))
def test_layouts_rebuild_the_same_articles(make, rendering: str) -> None:
    expected = make()
    name, data = RENDERINGS[rendering](expected)
    got = _parse(name, data)
    assert _texts(got) == _texts(expected)
    if expected.issue.title:
        assert (got.issue.title, got.issue.number, got.issue.date, got.issue.year) == (
            "科协工作动态",
            "2024年第3期",
            "2024-03-08",
            2024,
        )
    else:
        assert got.issue.title is None and got.issue.number is None


def test_pdf_page_furniture_is_dropped() -> None:
    b = spring_issue()
    data = render_pdf(b, page_size=A5, font_size=10.5, footer="内部资料 注意保存")
    pl = read_bytes(data, "b.pdf", SETTINGS)
    assert pl.pages >= 2, "the fixture spans pages, so headers and page numbers are there to drop"
    raw = "".join(ln.text for ln in pl.lines)
    assert "注意保存" in raw
    got = _parse("b.pdf", data)
    everything = "".join(a.title + "".join(a.paragraphs) for a in got.articles)
    assert "注意保存" not in everything and "第3期" not in everything


def test_wrapped_title_is_joined() -> None:
    got = _parse("b.pdf", render_pdf(spring_issue(), page_size=A5, font_size=10.5))
    assert got.articles[
        1
    ].title == "青年科技工作者沙龙聚焦新材料与绿色制造 多家学会联合推动产业学研深度对接".replace(
        "产业学研", "产学研"
    )


def test_article_without_attribution_keeps_its_last_paragraph() -> None:
    got = _parse("b.txt", to_bytes(spring_issue(), width=26))
    first = got.articles[0]
    assert first.attribution == []
    assert first.paragraphs[-1] == "会上，五家学会作了交流发言。"


def _wrap(paragraphs: list[str], width: int = 20, indent: int = 2) -> list[str]:
    """Pure-Chinese paragraphs cut at `width` characters, the first line `indent` shorter."""
    lines = []
    for p in paragraphs:
        first, rest = p[: width - indent], p[width - indent :]
        lines.append(first)
        lines += [rest[k : k + width] for k in range(0, len(rest), width)]
    return lines


PARAGRAPHS = [
    "区科协在社区举办科普讲座邀请专家为居民讲解健康知识帮助大家养成良好生活习惯。",
    "讲座结束后专家还为居民提供了健康咨询服务并发放宣传资料二百余份居民纷纷表示收获很大深受欢迎活动取得了良好的社会效果。",
    "区科协将继续组织专家走进社区学校和企业开展形式多样的科普活动。",
    "3月2日，区科协又走进学校为学生带来一堂生动的科学课。（区科协）",
]


def test_paragraph_ending_at_full_width_is_still_closed() -> None:
    lines = _wrap(PARAGRAPHS)
    assert len(lines[4]) == 20 and lines[4].endswith("。"), "paragraph 2 ends exactly at full width"
    assert len(lines[1]) == 20 and lines[1].endswith("。"), "so does paragraph 1"
    text = " 区科协举办科普讲座\n\n" + "\n\n".join(lines) + "\n"
    a = _parse("full.txt", text.encode("gbk")).articles
    assert len(a) == 1
    assert a[0].title == "区科协举办科普讲座"
    assert a[0].paragraphs == [*PARAGRAPHS[:3], "3月2日，区科协又走进学校为学生带来一堂生动的科学课。"]
    assert a[0].attribution == ["区科协"]


def test_attribution_wrapped_over_two_lines() -> None:
    text = (
        "市学会召开年度工作会\n"
        "3 月 3 日，市学会召开年度工作会议，总结\n"
        "上年工作，部署今年任务。（市学会、市科\n"
        "技服务中心）\n"
    )
    a = _parse("attr.txt", text.encode("utf-8")).articles[0]
    assert a.attribution == ["市学会", "市科技服务中心"]
    assert a.paragraphs == ["3月3日，市学会召开年度工作会议，总结上年工作，部署今年任务。"]


def test_text_with_one_paragraph_per_line() -> None:
    text = (
        "【学会动态】\n市学会举办学术年会\n"
        "5月10日，市学会举办2024年学术年会，200余名会员参加，会议由学会理事长主持，"
        "邀请三位院士作主旨报告，并为新当选的会士颁发证书。\n"
        "年会设置三个分会场，围绕前沿技术开展研讨。（市学会）\n"
    )
    got = _parse("lines.txt", text.encode("utf-8"))
    a = got.articles[0]
    assert (a.section, a.title, len(a.paragraphs), a.attribution) == (
        "学会动态",
        "市学会举办学术年会",
        2,
        ["市学会"],
    )
    assert got.issue.year == 2024


def test_text_with_blank_lines_between_paragraphs() -> None:
    body = [
        "县科协召开科普工作会",
        "",
        "6月1日，县科协召开全县科普工作会议，",
        "部署下半年科普工作。",
        "",
        "会议要求，各乡镇要加强科普阵地建设，",
        "提升服务能力。",
    ]
    a = _parse("blank.txt", "\n".join(body).encode("utf-8")).articles[0]
    assert a.title == "县科协召开科普工作会"
    assert a.paragraphs == [
        "6月1日，县科协召开全县科普工作会议，部署下半年科普工作。",
        "会议要求，各乡镇要加强科普阵地建设，提升服务能力。",
    ]


INDENTED = [
    "区科协召开学会工作座谈会",
    "　　3月1日，区科协召开学会工作座谈会，各学会负",
    "责人参加会议，交流一年来的工作情况和下一步打",
    "算。",
    "　　会议要求，各学会要加强自身建设，提升服务能",
    "力，更好地服务科技工作者。（区科协）",
]


@pytest.mark.parametrize("wrapped", [True, False], ids=["wrapped", "one-line-paragraphs"])
def test_text_indented_with_full_width_spaces(wrapped: bool) -> None:
    lines = INDENTED if wrapped else [INDENTED[0], "".join(INDENTED[1:4]), "".join(INDENTED[4:])]
    a = _parse("indent.txt", "\n".join(lines).encode("gbk")).articles[0]
    assert a.title == "区科协召开学会工作座谈会"
    assert a.paragraphs == [
        "3月1日，区科协召开学会工作座谈会，各学会负责人参加会议，交流一年来的工作情况和下一步打算。",
        "会议要求，各学会要加强自身建设，提升服务能力，更好地服务科技工作者。",
    ]
    assert a.attribution == ["区科协"]


def _page(page: int, body_end: float, last: str) -> list:
    """A page of body lines at 20 pt pitch ending with `last` at `body_end`, and a footer at 800."""
    from kexie.model import Line

    ys = [body_end - 20 * k for k in range(5, 0, -1)]
    rows = [
        Line(f"正文第{page}页第{k}行内容", page=page, x0=50, x1=300, y=y, size=16) for k, y in enumerate(ys)
    ]
    rows.append(Line(last, page=page, x0=50, x1=114, y=body_end, size=16))
    rows.append(Line(f"内部资料 注意保存 — {page} —", page=page, x0=50, x1=300, y=800, size=16))
    return rows


def test_a_repeated_paragraph_ending_above_the_footer_is_not_furniture() -> None:
    """The same last line closing two pages (an article printed twice, a stock 工作。) is text;
    the footer, at one height on every page and apart from the body, is furniture."""
    from kexie.reflow.layout import _body_size, _furniture

    # page 1: the line sits in the bottom band right under the body; page 2: the same text, lower
    lines = _page(1, 760.0, "作思路。") + _page(2, 770.0, "作思路。")
    furn = _furniture(lines, 842.0, _body_size(lines), 2)
    assert [ln.text for ln, f in zip(lines, furn, strict=True) if f] == [
        "内部资料 注意保存 — 1 —",
        "内部资料 注意保存 — 2 —",
    ]
    # even at one height on both pages, a line set at body leading against the text stays
    lines = _page(1, 760.0, "工作。") + _page(2, 760.0, "工作。")
    furn = _furniture(lines, 842.0, _body_size(lines), 2)
    assert sum(furn) == 2 and not any(f for ln, f in zip(lines, furn, strict=True) if ln.text == "工作。")


def test_an_article_printed_twice_keeps_its_last_line() -> None:
    """Round trip of issues holding each article twice: every copy's paragraphs come back whole.

    With these seeds at A4/16 pt a paragraph's last line closes two pages (found by the compose
    round-trip property test); it was once dropped as a repeated footer."""
    from kexie.synth import generate_bulletin

    for seed in (14, 15, 18):
        b = generate_bulletin(seed, sections=True, masthead=True)
        twice = Bulletin(issue=b.issue, articles=[*b.articles, *b.articles], source=b.source)
        got = _parse("b.pdf", render_pdf(twice, page_size=A4, font_size=16))
        assert [a.paragraphs for a in got.articles] == [a.paragraphs for a in twice.articles], seed
