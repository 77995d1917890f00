"""The one mapping from exceptions to responses (after datasette's handle_exception).

Under /api the answer is JSON ``{"error": {"code", "message", "status"}}``; everywhere else a
Chinese error page. Never a stack trace: unexpected errors are logged on the server and the
user sees a short Chinese message.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, InputError, KexieError, NotFound, StoreError, UnsupportedFormat
from .csrf import CsrfError

log = logging.getLogger("kexie.web")


class UploadRefused(InputError):
    """An upload the web refuses before reading it: too large, wrong type, too many files."""

    code = "upload_refused"

    def __init__(self, message: str, *, subject: str | None = None, status: int = 422) -> None:
        super().__init__(message, subject=subject)
        self.status = status


TITLES = {
    400: "请求有误",
    403: "请求被拒绝",
    404: "未找到",
    405: "不支持的请求方法",
    413: "文件过大",
    415: "不支持的文件类型",
    422: "请求参数有误",
    500: "服务器出错",
    503: "数据库暂时不可用",
}

# pydantic error types → Chinese, for 422 messages a user can act on
VALIDATION = {
    "missing": "缺少必填项",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "float_parsing": "必须是数字",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "greater_than": "数值太小",
    "less_than": "数值太大",
    "literal_error": "取值无效",
    "enum": "取值无效",
    "string_too_long": "太长",
    "string_pattern_mismatch": "格式不对",
}


def status_of(exc: KexieError) -> int:
    if isinstance(exc, UploadRefused):
        return exc.status
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, CsrfError):
        return 403
    if isinstance(exc, UnsupportedFormat):
        return 415
    if isinstance(exc, InputError | ConfigError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def respond(request: Request, status: int, code: str, message: str) -> Response:
    """The error response: JSON under /api, else the Chinese error page."""
    if _wants_json(request):
        return JSONResponse(
            {"error": {"code": code, "message": message, "status": status}}, status_code=status
        )
    from .render import render  # late: render imports templates, errors must import cleanly first

    title = TITLES.get(status, "出错了")
    return render(
        request, "error.html", {"status": status, "title": title, "message": message}, status=status
    )


def validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body", "form")]
        field = ".".join(loc) or "请求"
        parts.append(f"参数 {field}：{VALIDATION.get(e.get('type', ''), e.get('msg', '取值无效'))}")
    return "；".join(parts) or "请求参数无效"


def install(app: FastAPI) -> None:
    @app.exception_handler(KexieError)
    async def _kexie(request: Request, exc: KexieError) -> Response:
        return respond(request, status_of(exc), exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, "invalid_request", validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        if status == 404:
            message = f"没有这个页面：{request.url.path}"
        elif status == 405:
            message = f"{request.url.path} 不接受 {request.method} 请求"
        else:
            message = (
                exc.detail if isinstance(exc.detail, str) and exc.detail else TITLES.get(status, "出错了")
            )
        return respond(request, status, f"http_{status}", message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(
            request, 500, "internal", "服务器内部错误，已记录在服务器日志中；请稍后重试或联系管理员"
        )
