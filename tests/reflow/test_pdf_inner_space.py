"""A body line whose middle character is a space keeps its font size (issue 2 regression).

In a PDF set in an embedded TrueType face (as `kexie compose` typesets it), once more than 256
distinct characters are used ReportLab spills into a second font subset; pdfium then drops the
space of "防灾减灾 你我同行" and puts one it generated from the gap, which has no font: size 1.0.
The reader used to take a line's size from its middle character, so such a line looked like
tiny type, fell out of its paragraph, and segmentation took it for a new article's title.
"""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4

from kexie import services
from kexie.config import Settings
from kexie.errors import ConfigError
from kexie.model import Article, Bulletin, Issue, Source
from kexie.read import read_bytes
from kexie.reports.bulletin_pdf import CID_FONT, render_pdf
from kexie.reports.fonts import cjk_fonts

SETTINGS = Settings()
# On A4 at 16 pt the paragraph's first line ends at 大, with the space as its middle character.
SPACED = (
    "某某区科协将以“防灾减灾 你我同行”为抓手，凝聚广大科技工作者力量，强化服务意识。活动期间，900人到场参与。"
)


def _filler() -> list[str]:
    """376 distinct characters (the first rows of GB 2312 level 1): the font needs a second subset."""
    chars = "".join(bytes([0xB0 + r, 0xA1 + k]).decode("gb2312") for r in range(4) for k in range(94))
    return [chars[i : i + 60] + "。" for i in range(0, len(chars), 60)]


def _bulletin() -> Bulletin:
    return Bulletin(
        Source("t", "0" * 64, "pdf"),
        Issue(title="科协工作动态", number="第1期", date="2024-03-08", year=2024),
        [
            Article(index=1, title="前一篇稿件", paragraphs=_filler(), attribution=[]),
            Article(
                index=2,
                title="某学会召开理事会",
                paragraphs=["近日，某学会召开理事会，选举产生新一届负责人。", SPACED],
                attribution=["某学会"],
            ),
        ],
    )


def _font(kind: str) -> str:
    if kind == "cid":
        return CID_FONT
    try:
        return cjk_fonts().serif
    except ConfigError as e:
        pytest.skip(str(e))


@pytest.mark.parametrize("kind", ["embedded", "cid"])
def test_a_line_with_a_space_in_its_middle_keeps_the_body_size_and_its_paragraph(kind: str) -> None:
    expected = _bulletin()
    data = render_pdf(expected, page_size=A4, font_size=16, font=_font(kind))
    lines = read_bytes(data, "b.pdf", SETTINGS).lines
    spaced = [ln for ln in lines if ln.text.startswith("某某区科协")]
    assert len(spaced) == 1
    t = spaced[0].text
    assert t[(len(t) - 1) // 2] == " ", "the fixture must put the space at the line's middle"
    assert spaced[0].size == 16.0

    got = services.parse_bytes("b.pdf", data, SETTINGS, extract=False)
    assert [(a.title, a.paragraphs, a.attribution) for a in got.articles] == [
        (a.title, a.paragraphs, a.attribution) for a in expected.articles
    ]
