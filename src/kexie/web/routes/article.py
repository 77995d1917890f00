"""文章: the rebuilt article with its mentions highlighted and linked, its record and its source."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from ... import services
from ..highlight import pieces
from ..params import settings_of
from ..render import render_cached

router = APIRouter()

MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    # HTML is served as an opaque download: shown inline it would run the document's scripts on our origin
    "html": "application/octet-stream",
}


def cues_of(record: dict) -> dict:
    """The cue words behind the article's event type and each of its platforms, for the record panel."""
    explain = record.get("explain") or services.explain_record(record)
    ev, pf = explain.get("event_type", {}), explain.get("platforms", {})
    event = record.get("event_type")
    return {
        "event": ev.get("cues", {}).get(event, []),
        "platforms": [(p, pf.get("cues", {}).get(p, [])) for p in record.get("platforms", [])],
        "recomputed": ev.get("choice") != event
        or list(pf.get("choice", [])) != list(record.get("platforms", [])),
    }


@router.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_page(request: Request, article_id: Annotated[int, Path(ge=1)]) -> HTMLResponse:
    def build() -> tuple[str, dict]:
        view = services.get_article(settings_of(request), article_id)
        record = view.record
        mentions = record.get("mentions", [])
        ids = view.mention_entities
        title = pieces(record.get("title", ""), mentions, ids, -1)
        paragraphs = [pieces(p, mentions, ids, i) for i, p in enumerate(record.get("paragraphs", []))]
        by_type: dict[str, list] = {}
        for e in view.entities:
            by_type.setdefault(e.type, []).append(e)
        return (
            "article.html",
            {
                "view": view,
                "r": record,
                "title_pieces": title,
                "paragraphs": paragraphs,
                "entities_by_type": by_type,
                "cues": cues_of(record),
            },
        )

    return render_cached(request, ("article-page", article_id), build)


@router.get("/documents/{document_id}/file", include_in_schema=False)
def document_download(request: Request, document_id: Annotated[int, Path(ge=1)]) -> Response:
    """The original bytes, as an attachment (never rendered inline: an HTML bulletin must not run here)."""
    name, data, fmt = services.document_file(settings_of(request), document_id)
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name) or "document"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        data,
        media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )
