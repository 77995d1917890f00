"""Reflow: a reader's `PageLines` → a `Bulletin` with its articles rebuilt as written.

``rebuild(pagelines, source)`` is the stage's one entry point: lines → blocks
(`paragraphs` for text and pre-split paragraphs, `layout` for PDF geometry) →
masthead, sections and articles (`segment`). Text is normalized here, once; the
extraction fields of the articles stay empty for `kexie.extract` to fill.
"""

from __future__ import annotations

from ..model import Bulletin, PageLines, Source
from .paragraphs import Block, blocks_from_paragraphs, unwrap_text
from .segment import segment


def blocks_of(pagelines: PageLines) -> list[Block]:
    """The blocks of a document, by the geometry its format gives."""
    if pagelines.format == "txt":
        return unwrap_text(pagelines.lines)
    if pagelines.format == "pdf":
        from .layout import unwrap_layout

        return unwrap_layout(pagelines)
    return blocks_from_paragraphs(pagelines.lines)


def rebuild(pagelines: PageLines, source: Source) -> Bulletin:
    """Rebuild the bulletin's structure: masthead, sections, titles, paragraphs, attributions."""
    blocks = blocks_of(pagelines)
    issue, articles = segment(
        blocks, meta_year=pagelines.meta_year, meta_title=pagelines.meta_title, meta_date=pagelines.meta_date
    )
    return Bulletin(source=source, issue=issue, articles=articles)


__all__ = ["Block", "blocks_of", "rebuild"]
