"""Word, PDF and Markdown exports of a unit report, each opened with its own library.

PDFs are also rendered by poppler (pdftoppm, as a user's viewer would) and checked to show
ink, with real Chinese glyphs: two different Chinese titles must render differently, which
missing-glyph boxes (all alike) or an absent font (nothing drawn) would not.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import date

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from report_fixtures import art, need_tool, pdftoppm_gray, sourced

from kexie.reports.blocks import Para, Title
from kexie.reports.export_docx import BODY_FONT, TABLE_FONT, TABLE_STYLE, TITLE_FONT, render_docx
from kexie.reports.export_md import render_md
from kexie.reports.export_pdf import render_pdf
from kexie.reports.fonts import cjk_fonts, covers
from kexie.reports.unit import build_unit_report, unit_blocks

RARE_NAME = "王喆堃"  # 喆 and 堃 are outside GB 2312: the Song face lacks them, the fallback must not


@pytest.fixture(scope="module")
def blocks():
    items = [
        sourced(
            1,
            art(
                1,
                "甲区科协举办“京郊动物”系列科普讲座",
                date="2023-03-05",
                platforms=["社会化协同科普"],
                orgs=["甲区科协", "区文化活动中心"],
                persons=[(RARE_NAME, ["研究员"])],
                quantities=[("52集", 52, "集"), ("1200人次", 1200, "人次")],
            ),
        ),
        sourced(
            2,
            art(
                2, "甲区科协专家服务桃园", date="2023-05-20", platforms=["落地化科创服务"], orgs=["丙合作社"]
            ),
        ),
    ]
    return unit_blocks(
        build_unit_report("甲区科协", {"甲区科协"}, date(2023, 1, 1), date(2023, 12, 31), items)
    )


def _cells(document) -> list[str]:
    return [c.text for t in document.tables for row in t.rows for c in row.cells]


def test_docx_is_a4_official_typography_with_tables_and_chart(blocks):
    d = docx.Document(io.BytesIO(render_docx(blocks)))
    s = d.sections[0]
    assert (s.page_width.mm, s.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert (s.top_margin.mm, s.left_margin.mm) == pytest.approx((37, 28), abs=0.1)
    title = d.paragraphs[0]
    assert title.text == "甲区科协2023年度工作报告"
    run = title.runs[0]
    assert run.font.bold and run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == TITLE_FONT
    body = next(p for p in d.paragraphs if p.text.startswith("统计期间内"))
    assert body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing == 1.5
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == BODY_FONT
    cells = _cells(d)
    # table cells take their face and size from one paragraph style (not spelled out per cell)
    cell = next(c for t in d.tables for row in t.rows[1:] for c in row.cells if c.text == "区文化活动中心")
    style = cell.paragraphs[0].style
    assert style.name == TABLE_STYLE and style.font.size == Pt(10.5)
    assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == TABLE_FONT
    assert "甲区科协举办“京郊动物”系列科普讲座" in cells and "区文化活动中心" in cells
    assert RARE_NAME in cells and "1,200" in cells  # the 人次 total, with a thousands separator
    assert len(d.inline_shapes) == 1  # the monthly chart
    png = d.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert d.part.related_parts[png].blob[:8] == b"\x89PNG\r\n\x1a\n"
    with zipfile.ZipFile(io.BytesIO(render_docx(blocks))) as z:
        fonts = z.read("word/fontTable.xml").decode()
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:altName w:val="仿宋"' in fonts


def test_docx_page_number_field_in_footer(blocks):
    d = docx.Document(io.BytesIO(render_docx(blocks)))
    xml = d.sections[0].footer._element.xml
    assert "PAGE" in xml and "fldChar" in xml


def test_pdf_text_layer_holds_the_report(blocks):
    pdf = pdfium.PdfDocument(render_pdf(blocks))
    text = "".join(p.get_textpage().get_text_range() for p in pdf).replace("\r", "").replace("\n", "")
    assert "甲区科协2023年度工作报告" in text
    assert "丙合作社" in text and RARE_NAME in text and "1,200" in text
    assert pdf[0].get_size() == pytest.approx((595.28, 841.89), abs=0.5)


def test_pdf_embeds_cjk_fonts_with_unicode_maps(blocks, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render_pdf(blocks))
    out = subprocess.run(
        [need_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    cjk = [r for r in rows if r[0].split("+")[-1] != "Helvetica"]
    assert cjk, out
    for r in cjk:  # name type encoding emb sub uni ...
        assert r[-5:-2] == ["yes", "yes", "yes"], out


def test_every_character_has_a_glyph_in_the_font_that_sets_it(blocks):
    f = cjk_fonts()
    assert covers(f.sans, RARE_NAME)
    text = "".join(getattr(b, "text", "") for b in blocks)
    missing_in_serif = {ch for ch in text if not ch.isspace() and not covers(f.serif, ch)}
    assert all(covers(f.sans, ch) for ch in missing_in_serif)


def _ink(pixels: bytes) -> float:
    return sum(1 for p in pixels if p < 128) / len(pixels)


def test_poppler_renders_chinese_glyphs_not_boxes(blocks, tmp_path):
    _w, _h, page = pdftoppm_gray(render_pdf(blocks), tmp_path)
    assert 0.005 < _ink(page) < 0.5  # text on the page, not a blank or black page

    def title_band(text: str) -> bytes:
        w, h, px = pdftoppm_gray(render_pdf([Title(text), Para("正文")]), tmp_path, dpi=60)
        top, bottom = int(h * 0.12), int(h * 0.22)  # the title line below the 37 mm top margin
        return px[top * w : bottom * w]

    a, b = title_band("科学技术协会"), title_band("服务平台统计")
    assert _ink(a) > 0.01 and _ink(b) > 0.01
    differing = sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > 64) / len(a)
    assert differing > 0.01  # distinct glyphs; .notdef boxes would render alike


def test_markdown_carries_the_same_content(blocks):
    md = render_md(blocks).decode("utf-8")
    assert md.startswith("# 甲区科协2023年度工作报告")
    assert "## 二、分平台工作情况" in md and "### （一）落地化科创服务" in md
    assert "| 3月 | 3月5日 | 甲区科协举办“京郊动物”系列科普讲座 | 区文化活动中心 | 52集；1200人次 |" in md
    assert "| 服务人次 | 人次 | 1,200 | 1 |" in md
