"""Markdown export: the report blocks as plain text a user can paste anywhere or diff.

A chart becomes a small table of its numbers (Markdown has no pictures of its own).
"""

from __future__ import annotations

from ..store.reporting import paused_gc
from .blocks import Block, Cell, Chart, Heading, Note, Para, Table, Title, number


def _cell(v: Cell) -> str:
    text = number(v) if isinstance(v, int | float) else str(v)
    return text.replace("|", "\\|").replace("\n", " ") or " "


def _table(columns: list[str], rows: list[list[Cell]], total: list[Cell] | None = None) -> list[str]:
    numeric = [all(isinstance(r[i], int | float) for r in rows) and bool(rows) for i in range(len(columns))]
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |"]
    lines.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    if total is not None:
        lines.append("| " + " | ".join(f"**{_cell(c)}**" if str(c) else " " for c in total) + " |")
    return lines


@paused_gc()
def render_md(blocks: list[Block]) -> bytes:
    """UTF-8 Markdown of the blocks."""
    out: list[str] = []
    for b in blocks:
        match b:
            case Title():
                out.append(f"# {b.text}")
                if b.subtitle:
                    out += ["", b.subtitle]
            case Heading():
                out.append(f"{'#' * (b.level + 1)} {b.text}")
            case Para():
                out.append(b.text)
            case Note():
                out.append(f"> {b.text}")
            case Table():
                if b.caption:
                    out += [f"**{b.caption}**", ""]
                out += _table(b.columns, b.rows, b.total)
            case Chart():
                out += [f"**{b.title}**", ""]
                out += _table(["", *b.categories], [[name, *values] for name, values in b.series])
        out.append("")
    return "\n".join(out).encode("utf-8")
