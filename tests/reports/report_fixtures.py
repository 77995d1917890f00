"""Helpers of the report tests: hand-built archive articles, PDF rendering with poppler."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from kexie.model import Article, Org, Person, Quantity
from kexie.reports.unit import SourcedArticle


def art(
    index: int,
    title: str,
    *,
    date: str | None = "2023-02-22",
    platforms: list[str] = (),  # type: ignore[assignment]
    orgs: list[str] = (),  # type: ignore[assignment]
    persons: list[tuple[str, list[str]]] = (),  # type: ignore[assignment]
    quantities: list[tuple[str, float, str]] = (),  # type: ignore[assignment]
    attribution: list[str] = (),  # type: ignore[assignment]
    section: str | None = None,
    paragraphs: list[str] | None = None,
) -> Article:
    """An archived article as extraction leaves it (only the fields reports read)."""
    return Article(
        index=index,
        title=title,
        paragraphs=paragraphs or [f"{title}。正文第一段。"],
        section=section,
        attribution=list(attribution),
        date=date,
        event_type="科普活动",
        platforms=list(platforms),
        persons=[Person(n, list(t)) for n, t in persons],
        orgs=[Org(o) for o in orgs],
        quantities=[Quantity(t, v, u) for t, v, u in quantities],
    )


def sourced(id_: int, article: Article, issue_date: str | None = "2023-02-28") -> SourcedArticle:
    return SourcedArticle(id_, article, "科协工作动态 第3期", issue_date)


def need_tool(name: str) -> str:
    """The path of a Debian tool the test needs (installed by .ci/run); fail clearly when absent."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed (apt-get install poppler-utils; .ci/run does it)", pytrace=False
        )
    return path


def pdftoppm_gray(pdf: bytes, tmp: Path, dpi: int = 40, page: int = 1) -> tuple[int, int, bytes]:
    """Page `page` rendered by poppler's pdftoppm as 8-bit grey: (width, height, pixels)."""
    exe = need_tool("pdftoppm")
    src = tmp / f"in-{uuid.uuid4().hex[:6]}.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(
        [exe, "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(src)],
        capture_output=True,
        check=True,
    ).stdout
    # PGM: "P5\n<w> <h>\n255\n" then the pixels
    header, _, rest = out.partition(b"\n")
    assert header == b"P5"
    dims, _, rest = rest.partition(b"\n")
    _maxval, _, pixels = rest.partition(b"\n")
    w, h = (int(x) for x in dims.split())
    return w, h, pixels[: w * h]
