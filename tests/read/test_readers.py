"""Readers: format by content, encodings reported, geometry and style hints carried."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4

from bulletin_corpus import spring_issue
from kexie.config import Settings
from kexie.read import read_bytes, sniff
from kexie.reports.bulletin_docx import render_docx
from kexie.reports.bulletin_pdf import render_pdf

SETTINGS = Settings()
TEXT = "科协工作动态\n\n3 月 5 日，市科协召开会议。\n"
HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>区科协举办科普讲座</title>"
    "<meta property='article:published_time' content='2023-03-15'></head><body>"
    "<nav><a href='/'>首页</a></nav><article><h1>区科协举办科普讲座</h1>"
    "<p>发布时间：2023-03-15 来源：区科协</p>"
    "<p>3月14日，区科协在社区服务中心举办科普讲座，邀请专家授课，120余名居民参加。</p>"
    "<p>讲座围绕合理膳食等内容展开，专家现场解答居民提问。（区科协）</p></article></body></html>"
)


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render_pdf(spring_issue(), page_size=A4, font_size=16, issuer="市科协办公室")


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render_docx(spring_issue())


def test_sniff_goes_by_content_not_name(pdf_bytes: bytes, docx_bytes: bytes) -> None:
    assert sniff(pdf_bytes, "bulletin.txt") == "pdf"
    assert sniff(docx_bytes, "bulletin.pdf") == "docx"
    assert sniff(HTML.encode(), "page.txt") == "html"
    assert sniff(TEXT.encode("gbk"), "notes.dat") == "txt"


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_text_encodings_are_detected_and_reported(encoding: str, reported: str) -> None:
    body = TEXT * 20  # enough text for detection to be sure
    pl = read_bytes(body.encode(encoding), "b.txt", SETTINGS)
    assert pl.format == "txt"
    assert pl.encoding == reported
    assert "\n".join(ln.text for ln in pl.lines).startswith("科协工作动态")


def test_big5_is_not_taken_for_gbk() -> None:
    text = "區科協舉辦科普講座，邀請專家為居民講解健康知識，幫助大家養成良好生活習慣。\n" * 20
    pl = read_bytes(text.encode("big5"), "trad.txt", SETTINGS)
    assert pl.encoding == "big5"
    assert pl.lines[0].text.startswith("區科協舉辦")


def test_utf16_without_bom_is_read() -> None:
    pl = read_bytes((TEXT * 20).encode("utf-16-le"), "b.txt", SETTINGS)
    assert pl.encoding == "utf-16-le"
    assert pl.lines[0].text == "科协工作动态"


def test_pdf_lines_carry_position_and_size(pdf_bytes: bytes) -> None:
    pl = read_bytes(pdf_bytes, "b.pdf", SETTINGS)
    assert pl.format == "pdf" and pl.pages >= 1 and pl.page_width > 500 and pl.page_height > 800
    first = pl.lines[0]
    assert first.text == "科协工作动态" and first.page == 0
    body = [ln for ln in pl.lines if ln.text.startswith("3 月 5 日") or ln.text.startswith("3月5日")]
    assert body, "the first body line is read"
    assert first.size > 2 * body[0].size  # the masthead is set large
    assert body[0].x0 > min(
        ln.x0 for ln in pl.lines if abs(ln.size - body[0].size) < 0.5
    )  # indented first line
    assert all(0 < ln.y < pl.page_height for ln in pl.lines)


def test_docx_paragraphs_carry_style(docx_bytes: bytes) -> None:
    pl = read_bytes(docx_bytes, "b.docx", SETTINGS)
    assert pl.format == "docx"
    title = next(ln for ln in pl.lines if ln.text.startswith("市科协召开2024年度"))
    body = next(ln for ln in pl.lines if ln.text.startswith("3月5日"))
    assert title.bold and title.centered and title.size > body.size
    assert not body.bold and not body.centered


def test_html_article_title_date_and_body() -> None:
    pl = read_bytes(HTML.encode(), "page.html", SETTINGS)
    assert pl.format == "html"
    assert pl.meta_title == "区科协举办科普讲座"
    assert pl.meta_date == "2023-03-15"
    texts = [ln.text for ln in pl.lines]
    assert texts[0].startswith("3月14日") and "首页" not in "".join(texts)
    assert not any(t.startswith("发布时间") for t in texts)  # the byline is page furniture
