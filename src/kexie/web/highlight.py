"""Split an article's text into plain and highlighted pieces from its mentions' offsets.

Pure: the template escapes every piece and wraps the highlighted ones in a link or a span,
so no text from a document ever reaches the page unescaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    type: str | None = None  # PER ORG LOC DATE QTY TITLE; None: plain text
    entity_id: int | None = None


def pieces(
    text: str, mentions: Sequence[dict[str, Any]], entity_ids: Sequence[int | None], paragraph: int
) -> list[Piece]:
    """`text` cut at the mentions of `paragraph` (-1: the title).

    Mentions whose offsets do not match the text are dropped rather than shown shifted;
    overlapping ones keep the earlier (and, at the same start, the longer) mention.
    """
    spans = []
    for m, eid in zip(mentions, entity_ids, strict=False):
        if m.get("paragraph") != paragraph:
            continue
        start, end = int(m.get("start", -1)), int(m.get("end", -1))
        if not (0 <= start < end <= len(text)) or text[start:end] != m.get("text", text[start:end]):
            continue
        spans.append((start, -end, m.get("type"), eid))
    spans.sort()
    out: list[Piece] = []
    pos = 0
    for start, neg_end, kind, eid in spans:
        end = -neg_end
        if start < pos:
            continue
        if start > pos:
            out.append(Piece(text[pos:start]))
        out.append(Piece(text[start:end], kind, eid))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return out
