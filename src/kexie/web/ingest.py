"""Uploads: limits checked at the edge (size, type, count), then `services.ingest_bytes` per file.

The request size is checked from Content-Length before the body is parsed, and each file's
size again after (chunked uploads carry no length). Type: the name's suffix must be one the
readers handle; the readers then sniff the content and refuse what is not what it claims.
"""

from __future__ import annotations

from pathlib import PurePath

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .. import services
from ..store.views import IngestResult
from .errors import UploadRefused
from .params import forget_generation

ACCEPT = (".txt", ".pdf", ".docx", ".html", ".htm")
MAX_FILES = 20  # per form post; the page's script sends one file per request anyway
OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file bytes


def max_bytes(request: Request) -> int:
    return request.app.state.settings.max_bytes


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def limits_text(request: Request) -> str:
    return f"支持 TXT、PDF、DOCX、HTML 文件；单个文件不超过 {_mb(max_bytes(request))}；每次最多 {MAX_FILES} 个文件"


async def check_length(request: Request) -> None:
    """Dependency: refuse an oversized request before reading its body."""
    raw = request.headers.get("content-length")
    limit = max_bytes(request)
    if raw and raw.isdigit() and int(raw) > limit + OVERHEAD:
        raise UploadRefused(
            f"上传内容共 {_mb(int(raw))}，超过单个文件 {_mb(limit)} 的上限", subject="上传", status=413
        )


def file_name(upload: UploadFile) -> str:
    """The file's own name, without any directory a browser may send."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name.strip()
    if not name:
        raise UploadRefused("上传的文件没有文件名", subject="上传")
    return name


async def read_checked(request: Request, upload: UploadFile) -> tuple[str, bytes]:
    name = file_name(upload)
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPT:
        raise UploadRefused(
            f"不支持 “{suffix or '无扩展名'}” 类型的文件，只接受 TXT、PDF、DOCX、HTML",
            subject=name,
            status=415,
        )
    limit = max_bytes(request)
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(f"文件超过 {_mb(limit)} 的上限", subject=name, status=413)
    if not data:
        raise UploadRefused("文件是空的", subject=name)
    return name, data


async def ingest_upload(request: Request, upload: UploadFile) -> IngestResult:
    """One uploaded file into the archive; refusals at the edge raise UploadRefused."""
    name, data = await read_checked(request, upload)
    result = await run_in_threadpool(services.ingest_bytes, request.app.state.settings, name, data)
    forget_generation(request)
    return result


async def ingest_form(request: Request) -> list[IngestResult]:
    """Dependency for the no-script upload form: every file of field `files`, each with its own result."""
    form = await request.form(max_files=MAX_FILES)
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        raise UploadRefused("没有选择文件", subject="files")
    results = []
    for upload in uploads:
        try:
            results.append(await ingest_upload(request, upload))
        except UploadRefused as e:
            results.append(
                IngestResult(name=upload.filename or "?", status="failed", reason=e.message, code=e.code)
            )
    return results
