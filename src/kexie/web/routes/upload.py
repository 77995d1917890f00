"""上传: drag and drop several files; the page's script sends each to POST /api/ingest.

Without JavaScript the same form posts to /upload and gets the results as a page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from .. import csrf
from ..ingest import ACCEPT, check_length, ingest_form, limits_text
from ..render import render

router = APIRouter()


@router.get("/upload", response_class=HTMLResponse, include_in_schema=False)
def upload_page(request: Request) -> HTMLResponse:
    return render(
        request,
        "upload.html",
        {"active": "upload", "accept": ",".join(ACCEPT), "limits": limits_text(request), "results": None},
    )


@router.post(
    "/upload",
    response_class=HTMLResponse,
    include_in_schema=False,
    dependencies=[Depends(check_length), Depends(csrf.require_csrf)],
)
async def upload_form(request: Request, results: Annotated[list, Depends(ingest_form)]) -> HTMLResponse:
    return render(
        request,
        "upload.html",
        {"active": "upload", "accept": ",".join(ACCEPT), "limits": limits_text(request), "results": results},
    )
