"""A report as a short list of typed blocks, written once and rendered by every exporter.

The wording of a report (headings, sentences, what an empty section says) lives in the
report modules (`unit.py`, `statistics.py`) that produce these blocks; the exporters
(`export_docx`, `export_pdf`, `export_md`) only typeset them. So the Word, PDF and Markdown
versions of one report can never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Cell = str | int | float


@dataclass(frozen=True, slots=True)
class Title:
    text: str
    subtitle: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1: 一、…  2: （一）…


@dataclass(frozen=True, slots=True)
class Para:
    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """A remark in smaller type: what the numbers mean, where they come from."""

    text: str


@dataclass(frozen=True, slots=True)
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    total: list[Cell] | None = None  # a bold last row
    widths: list[float] | None = None  # relative column widths
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart: one bar group per category, one colour per series."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]] = field(default_factory=list)
    stacked: bool = False


Block = Title | Heading | Para | Note | Table | Chart


def number(value: float) -> str:
    """A quantity as people write it: 1,200 / 3.5 / 52 (no trailing .0)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
