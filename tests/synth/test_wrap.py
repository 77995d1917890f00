"""The copied-out-text renderer and the line breaker behind it."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kexie.model import Article, Bulletin, Issue, Source
from kexie.reports.linebreak import NO_END, NO_START, break_lines, column_width, tokens
from kexie.synth import generate_bulletin
from kexie.synth.wrap import ambiguous, space_ascii, to_bytes, to_text

CJK_TEXT = st.text(
    alphabet=st.sampled_from(
        list("科协学会召开工作会议主持讲话发展服务专家技术")
        + list("，。、；：“”（）《》")
        + list("5GAi2023 ")
    ),
    min_size=1,
    max_size=200,
).map(lambda s: re.sub(r"(?<![\u4e00-\u9fff]) +| +(?![\u4e00-\u9fff])", "", re.sub(r" +", " ", s)) or "科")
# (spaces as the bulletins have them: one, between two Chinese words, as in a title with a subtitle)


@settings(max_examples=150, deadline=None)
@given(CJK_TEXT, st.integers(min_value=6, max_value=40))
def test_break_lines_keeps_every_character_and_the_kinsoku_rules(text: str, width: int) -> None:
    lines = break_lines(text, width, width - 2)
    assert "".join(lines) == text
    for i, line in enumerate(lines):
        limit = width - 2 if i == 0 else width
        body = tokens(line)
        while len(body) > 1 and body[-1][0] in NO_START:  # hung marks
            body.pop()
        # only hanging punctuation, or a single unbreakable run longer than the line, overflows
        assert column_width("".join(body)) <= limit or len(body) <= 2
        if i > 0:
            assert line[0] not in NO_START or lines[i - 1][-1] in NO_START or len(lines[i - 1]) <= 2
            assert not line.startswith(" ")
        if i < len(lines) - 1:
            assert line[-1] not in NO_END or len(line) <= 2
            assert not line.endswith(" ")


def test_ascii_runs_are_never_split_and_the_enumeration_comma_pulls_a_character_down() -> None:
    lines = break_lines("甲乙丙丁戊己庚辛壬癸2023年", 11)
    assert lines == ["甲乙丙丁戊己庚辛壬癸", "2023年"]
    lines = break_lines("甲乙丙丁戊己、庚辛", 6)
    assert lines == ["甲乙丙丁戊", "己、庚辛"]
    lines = break_lines("甲乙丙丁戊己，庚辛", 6)
    assert lines == ["甲乙丙丁戊己，", "庚辛"]


def test_space_ascii_spaces_only_between_chinese_and_latin_or_digits() -> None:
    assert space_ascii("2月22日在金融街i客厅召开2023年会议") == "2 月 22 日在金融街 i 客厅召开 2023 年会议"
    assert space_ascii("“四＋N”（金融）与“数字+”") == "“四＋N”（金融）与“数字+”"
    assert space_ascii("5G、AI等") == "5G、AI 等"


def _sample_bulletin(shared_dir) -> Bulletin:
    rec = json.loads(
        (shared_dir / "samples" / "bast-bulletin-2023-02.reconstruction.json").read_text("utf-8")
    )
    arts = [
        Article(
            index=i + 1,
            title=a["title"],
            paragraphs=a["paragraphs"],
            section=a["section"],
            attribution=a["attribution"],
        )
        for i, a in enumerate(rec["articles"])
    ]
    return Bulletin(Source("sample", "0" * 64, "txt"), Issue(), arts)


def test_wrapping_the_samples_articles_reproduces_the_samples_lines(shared_dir) -> None:
    """Fidelity: typeset at the sample's width, the sample's own articles break where the sample does."""
    ours = [ln.strip() for ln in to_text(_sample_bulletin(shared_dir), width=28).split("\n") if ln.strip()]
    theirs = [
        ln.strip()
        for ln in (shared_dir / "samples" / "bast-bulletin-2023-02.txt").read_text("utf-8").split("\n")
        if ln.strip()
    ]
    same = len(set(ours) & set(theirs))
    assert abs(len(ours) - len(theirs)) <= 2
    assert same >= 0.95 * len(theirs), f"{same} of {len(theirs)} lines as in the sample"


def test_text_has_the_shape_of_copied_pdf_text() -> None:
    b = generate_bulletin(11, articles=6, masthead=True, sections=True)
    text = to_text(b, width=26, page_height=18)
    assert text.startswith(" ") and text.endswith("\n ")
    pages = text[1:-1].split("\n ")
    assert len(pages) >= 2
    for page in pages:
        body = page.rstrip("\n")
        lines = body.split("\n\n")
        assert all(ln and "\n" not in ln for ln in lines)  # one blank line between printed lines
    assert pages[0].split("\n\n")[0] == b.issue.title
    assert re.sub(r"\s", "", pages[0]).count(b.issue.number) == 1
    # spaces only ever stand between Chinese and ASCII (or inside the titles' own spaces)
    for line in text.split("\n"):
        assert re.search(r"[\u4e00-\u9fff][0-9A-Za-z]|[0-9A-Za-z][\u4e00-\u9fff]", line) is None


def test_text_holds_every_word_of_the_bulletin() -> None:
    b = generate_bulletin(12)
    flat = re.sub(r"(?<=\S) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=\S)", "", to_text(b).replace("\n", ""))
    flat = flat.replace(" ", "")
    for a in b.articles:
        assert a.title.replace(" ", "") in flat
        for p in a.paragraphs:
            assert p.replace(" ", "") in flat
        if a.attribution:
            assert "（" + "、".join(a.attribution) + "）" in flat


def test_furniture_adds_headers_from_page_two_and_numbers_every_page() -> None:
    b = generate_bulletin(4, articles=6, masthead=True)
    pages = to_text(b, page_height=15, furniture=True)[1:-1].split("\n ")
    for n, page in enumerate(pages, start=1):
        lines = page.rstrip("\n").split("\n\n")
        assert lines[-1] == f"— {n} —"
        if n > 1:
            assert lines[0].replace(" ", "") == (b.issue.title + b.issue.number).replace(" ", "")


def test_gbk_bytes() -> None:
    b = generate_bulletin(2)
    assert to_bytes(b, encoding="gbk").decode("gbk") == to_text(b)


def test_ambiguous_spots_paragraphs_the_lost_indent_hides() -> None:
    def one(*paragraphs: str) -> Bulletin:
        return Bulletin(
            Source("t", "0" * 64, "txt"), Issue(), [Article(index=1, title="题", paragraphs=list(paragraphs))]
        )

    # first paragraph fills its (indented) first line exactly, the second is one short line:
    # the same two lines as one paragraph continued
    assert ambiguous(one("甲乙丙。", "丁戊。"), width=6)
    assert ambiguous(one("甲乙丙。丁戊。"), width=6)
    # a short first paragraph: its end shows
    assert not ambiguous(one("甲乙。", "丁戊。"), width=6)
    # the second paragraph's full first line cannot be a continuation (that would be 2 wider)
    assert not ambiguous(one("甲乙丙。", "丁戊己庚辛壬癸子。"), width=6)
