"""Round trip: generated bulletins, typeset (PDF, DOCX) or wrapped to copied-out text, parse back
to the same articles — sections, titles, paragraphs, attributions — and the same masthead.

Hypothesis draws the generator's seed and shape and the layout (text width and page height, PDF
page size and font size, encoding); the parse is `services.parse_bytes` without extraction.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4, A5, B5, LETTER

from kexie import services
from kexie.config import Settings
from kexie.model import Bulletin
from kexie.reports.bulletin_docx import render_docx
from kexie.reports.bulletin_pdf import render_pdf
from kexie.synth import generate_bulletin, strip_gold
from kexie.synth.wrap import ambiguous, to_bytes

SETTINGS = Settings()
# derandomized: CI sees the same examples every run, so an expected failure stays expected
EXAMPLES = settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)

shapes = st.fixed_dictionaries(
    {
        "seed": st.integers(0, 2**32 - 1),
        "articles": st.integers(1, 6),
        "masthead": st.booleans(),
        "sections": st.booleans(),
    }
)


def _bulletin(shape: dict) -> Bulletin:
    return strip_gold(generate_bulletin(**shape))


def _texts(b: Bulletin) -> list[tuple]:
    return [(a.section, a.title, a.paragraphs, a.attribution) for a in b.articles]


def _check(expected: Bulletin, got: Bulletin) -> None:
    assert _texts(got) == _texts(expected)
    want, have = expected.issue, got.issue
    if want.title:
        assert (have.title, have.number, have.date, have.year) == (
            want.title,
            want.number,
            want.date,
            want.year,
        )
    else:
        assert have.title is None and have.number is None
        years = set(
            re.findall(r"(\d{4})年", "".join(a.title + "".join(a.paragraphs) for a in expected.articles))
        )
        if years == {str(want.year)}:
            assert have.year == want.year


def _parse(name: str, data: bytes) -> Bulletin:
    return services.parse_bytes(name, data, SETTINGS, extract=False)


@EXAMPLES
@given(
    shapes,
    st.integers(18, 40),
    st.integers(12, 30),
    st.sampled_from(["utf-8", "gbk", "gb18030", "utf-8-sig", "utf-16"]),
    st.booleans(),
)
def test_copied_out_text_parses_back(
    shape: dict, width: int, page_height: int, encoding: str, furniture: bool
) -> None:
    b = _bulletin(shape)
    assume(not ambiguous(b, width))
    data = to_bytes(b, width=width, page_height=page_height, encoding=encoding, furniture=furniture)
    _check(b, _parse("bulletin.txt", data))


# the issuing office beside the date, and the footer note, are optional parts of a masthead
issuers = st.sampled_from([None, "科协办公室"])
footers = st.sampled_from(["内部资料　注意保存", None])


@EXAMPLES
@given(shapes, st.sampled_from([(A4, 16), (A4, 12), (A5, 10.5), (B5, 12), (LETTER, 14)]), issuers, footers)
def test_typeset_pdf_parses_back(shape: dict, layout: tuple, issuer: str | None, footer: str | None) -> None:
    b = _bulletin(shape)
    page_size, font_size = layout
    data = render_pdf(b, page_size=page_size, font_size=font_size, issuer=issuer, footer=footer)
    _check(b, _parse("bulletin.pdf", data))


@EXAMPLES
@given(shapes, issuers, footers, st.sampled_from([16, 14, 12]))
def test_docx_parses_back(shape: dict, issuer: str | None, footer: str | None, font_size: float) -> None:
    b = _bulletin(shape)
    _check(b, _parse("bulletin.docx", render_docx(b, issuer=issuer, footer=footer, font_size=font_size)))


def test_the_same_bulletin_reads_the_same_in_every_format() -> None:
    b = _bulletin({"seed": 2024, "articles": 5, "masthead": True, "sections": True})
    for name, data in (
        ("b.txt", to_bytes(b, encoding="gbk")),
        ("b.txt", to_bytes(b, encoding="utf-16")),
        ("b.pdf", render_pdf(b)),
        ("b.docx", render_docx(b)),
    ):
        _check(b, _parse(name, data))
