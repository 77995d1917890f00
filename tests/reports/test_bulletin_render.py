"""The bulletin typesetters, checked by opening what they make with the files' own libraries."""

from __future__ import annotations

import io
import re

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.pagesizes import A4, A5

from kexie.reports.bulletin_docx import render_docx
from kexie.reports.bulletin_pdf import render_pdf
from kexie.reports.bulletin_text import attribution_text, cn_date
from kexie.reports.linebreak import column_width
from kexie.synth import generate_bulletin


@pytest.fixture(scope="module")
def bulletin():
    return generate_bulletin(21, articles=6, masthead=True, sections=True)


def _pages(data: bytes) -> list[tuple[str, list[tuple[str, float, tuple[int, int, int]]]]]:
    """Each page's text, and (character, font size, fill colour) of every character."""
    pdf = pdfium.PdfDocument(data)
    out = []
    for page in pdf:
        tp = page.get_textpage()
        chars = []
        for i in range(tp.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i))
            r, g, b, a = (pdfium_c.c_uint(), pdfium_c.c_uint(), pdfium_c.c_uint(), pdfium_c.c_uint())
            pdfium_c.FPDFText_GetFillColor(tp.raw, i, r, g, b, a)
            chars.append((ch, pdfium_c.FPDFText_GetFontSize(tp.raw, i), (r.value, g.value, b.value)))
        out.append((tp.get_text_range(), chars))
    return out


def _flat(text: str) -> str:
    return re.sub(r"[\r\n]", "", text)


def _body(pages, header: str) -> str:
    """The running text of all pages: page headers and footers dropped, lines joined."""
    keep = []
    for text, _ in pages:
        for line in text.split("\r\n"):
            if line != header and not re.search(r"— \d+ —$", line):
                keep.append(line)
    return "".join(keep)


@pytest.mark.parametrize(("page_size", "font_size"), [(A4, 16), (A5, 10.5)])
def test_pdf_holds_masthead_headings_titles_paragraphs_and_attributions(
    bulletin, page_size, font_size
) -> None:
    pages = _pages(render_pdf(bulletin, page_size=page_size, font_size=font_size))
    assert len(pages) >= 2
    issue = bulletin.issue
    flat = _body(pages, f"{issue.title} {issue.number}")
    first = _flat(pages[0][0])
    assert first.startswith(issue.title + issue.number + cn_date(issue.date))
    for art in bulletin.articles:
        if art.section:
            assert f"【{art.section}】" in flat
        assert art.title in flat
        for p in art.paragraphs:
            assert p in flat
        assert art.paragraphs[-1][-10:] + attribution_text(art.attribution) in flat
    for n, (text, _) in enumerate(pages, start=1):
        assert f"— {n} —" in text
        assert "内部资料" in text
        if n > 1:
            assert text.startswith(f"{issue.title} {issue.number}")


def test_pdf_sets_masthead_red_and_large_titles_larger_than_body(bulletin) -> None:
    _, chars = _pages(render_pdf(bulletin, font_size=16))[0]
    sizes = {}
    for ch, size, color in chars:
        sizes.setdefault(ch, []).append((size, color))
    head = bulletin.issue.title
    mast = [c for c in chars if c[0] in head][: len(head)]
    assert all(size == pytest.approx(16 * 2.6, rel=0.02) for _, size, _ in mast)
    assert all(color[0] > 150 and color[1] < 60 for _, _, color in mast)  # red
    title = bulletin.articles[0].title
    text = "".join(c[0] for c in chars)
    at = text.find(title[:6])
    assert at > 0 and chars[at][1] == pytest.approx(16 * 1.3, rel=0.02)
    body = bulletin.articles[0].paragraphs[0][:6]
    at = text.find(body)
    assert at > 0 and chars[at][1] == pytest.approx(16, rel=0.02)
    # the masthead's red (and its bold) end with it: number, date and body are black
    assert all(color == (0, 0, 0) for _, _, color in chars[len(head) :])


def test_narrower_pages_and_sizes_change_the_lines_not_the_words(bulletin) -> None:
    wide = _pages(render_pdf(bulletin, page_size=A4, font_size=16))
    narrow = _pages(render_pdf(bulletin, page_size=A5, font_size=10.5))
    small = _pages(render_pdf(bulletin, page_size=A4, font_size=12))
    body = [
        [ln for t, _ in doc for ln in t.split("\r\n") if not re.search(r"— \d+ —$", ln)]
        for doc in (wide, narrow, small)
    ]
    longest = [max(column_width(ln) for ln in lines) for lines in body]
    # body text: A4 at 16 pt about 28 columns a line, at 12 pt about 37, A5 at 10.5 pt about 26
    assert 26 <= longest[0] <= 29.5 and 35 <= longest[2] <= 39 and 24 <= longest[1] <= 27.5
    assert len(body[2]) < len(body[0]) < len(body[1])
    assert "".join(_flat(t) for t, _ in wide).count("。") == "".join(_flat(t) for t, _ in narrow).count("。")


def test_pdf_without_masthead_starts_with_the_first_title() -> None:
    b = generate_bulletin(5, masthead=False, sections=False)
    text = _flat(_pages(render_pdf(b))[0][0])
    assert text.startswith(b.articles[0].title)


def _east_asia(run) -> str | None:
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia")) if rfonts is not None else None


def test_docx_layout(bulletin) -> None:
    d = docx.Document(io.BytesIO(render_docx(bulletin)))
    sec = d.sections[0]
    assert round(sec.page_width.cm, 1) == 21.0 and round(sec.page_height.cm, 1) == 29.7
    paras = [p for p in d.paragraphs if p.text]
    issue = bulletin.issue
    mast = paras[0]
    assert mast.text == issue.title and mast.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert mast.runs[0].bold and mast.runs[0].font.color.rgb is not None and mast.runs[0].font.size > Pt(30)
    assert paras[1].text == issue.number and paras[2].text == cn_date(issue.date)
    assert paras[2]._p.pPr.find(qn("w:pBdr")) is not None  # the rule under the masthead
    texts = [p.text for p in paras]
    normal = d.styles["Normal"]
    assert normal.font.size == Pt(16) and normal.paragraph_format.line_spacing == 1.5
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    section = None
    for art in bulletin.articles:
        if art.section and art.section != section:
            h = paras[texts.index(f"【{art.section}】")]
            assert h.runs[0].bold
        section = art.section
        t = paras[texts.index(art.title)]
        assert t.alignment == WD_ALIGN_PARAGRAPH.CENTER and t.runs[0].bold and t.runs[0].font.size > Pt(16)
        i = texts.index(art.title)
        body = paras[i + 1 : i + 1 + len(art.paragraphs)]
        assert [p.text for p in body[:-1]] == art.paragraphs[:-1]
        assert body[-1].text == art.paragraphs[-1] + attribution_text(art.attribution)
        for p in body:
            assert p.paragraph_format.first_line_indent == Pt(32)
            assert _east_asia(p.runs[0]) == "仿宋" and p.runs[0].font.name == "Times New Roman"
    assert sec.header.paragraphs[0].text == f"{issue.title} {issue.number}"
    assert sec.different_first_page_header_footer
    for footer in (sec.footer, sec.first_page_footer):
        xml = footer._element.xml
        assert 'w:instr="PAGE"' in xml and "内部资料" in xml
    assert d.core_properties.title == f"{issue.title} {issue.number}"


def test_docx_without_masthead_and_sections() -> None:
    b = generate_bulletin(6, masthead=False, sections=False)
    d = docx.Document(io.BytesIO(render_docx(b)))
    paras = [p for p in d.paragraphs if p.text]
    assert paras[0].text == b.articles[0].title
    assert not any(p.text.startswith("【") for p in paras)


def test_pdf_bold_is_only_on_masthead_headings_and_titles(bulletin) -> None:
    pdf = pdfium.PdfDocument(render_pdf(bulletin))
    page = pdf[0]
    tp = page.get_textpage()
    bold, plain = [], []
    for obj in page.get_objects():
        if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        left, bottom, right, top = obj.get_bounds()
        text = tp.get_text_bounded(left, bottom, right, top).strip()
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
        (bold if mode == pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE else plain).append(text)
    assert bold[0] == bulletin.issue.title
    assert all(
        t.startswith("【") or t in bulletin.articles[0].title or t in bulletin.articles[1].title
        for t in bold[1:]
    )
    assert bulletin.issue.number in plain
    assert any(bulletin.articles[0].paragraphs[0].startswith(t) for t in plain)


def test_same_bulletin_same_bytes(bulletin) -> None:
    """Reproducible files (same sha256 for the same issue): stable examples, idempotent archiving."""
    assert render_pdf(bulletin) == render_pdf(bulletin)
    assert render_docx(bulletin) == render_docx(bulletin)
    other = generate_bulletin(22, masthead=True)
    assert render_docx(other) != render_docx(bulletin)
