"""CSRF protection for every request that changes data: a signed double-submit token.

The server mints a random value signed with the app's secret (itsdangerous) and sets it as an
HttpOnly, SameSite=Strict cookie; pages carry the same token in a ``<meta>`` tag and in hidden
form fields. A POST must present it again (``X-CSRF-Token`` header or ``csrf_token`` field):
the two must match and the signature must verify. Another site can neither read our cookie nor
our pages, so it cannot present the token; a forged cookie fails the signature check.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..errors import KexieError

COOKIE = "kexie_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
MAX_AGE = 12 * 3600  # seconds: one working day; a stale page gets a clear message and a reload fixes it


class CsrfError(KexieError):
    code = "csrf"


def make_signer(secret: str | None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret or secrets.token_urlsafe(32), salt="kexie-csrf")


def _valid(signer: URLSafeTimedSerializer, token: str | None) -> bool:
    if not token:
        return False
    try:
        signer.loads(token, max_age=MAX_AGE)
    except BadSignature:  # also SignatureExpired, its subclass
        return False
    return True


def token_for(request: Request) -> str:
    """The request's token: the cookie's when it is still valid, else a fresh one (set on the response)."""
    cached = getattr(request.state, "csrf_token", None)
    if cached:
        return cached
    signer: URLSafeTimedSerializer = request.app.state.signer
    token = request.cookies.get(COOKIE)
    if not _valid(signer, token):
        token = signer.dumps(secrets.token_urlsafe(16))
        request.state.csrf_new = True
    request.state.csrf_token = token
    return token


class LazyToken:
    """The token as templates see it: minted (and its cookie set) only if a page actually prints it,
    so pages without forms carry no per-visitor data and can be cached whole."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def __str__(self) -> str:
        return token_for(self.request)

    __html__ = __str__  # URL-safe characters only: nothing to escape


def used(request: Request) -> bool:
    return bool(getattr(request.state, "csrf_token", None))


def set_cookie(request: Request, response) -> None:
    """Attach a newly minted token to the response as the cookie."""
    if getattr(request.state, "csrf_new", False):
        response.set_cookie(
            COOKIE, request.state.csrf_token, max_age=MAX_AGE, httponly=True, samesite="strict", path="/"
        )


async def require_csrf(request: Request) -> None:
    """Dependency for every route that changes data: refuse unless the token comes back intact."""
    signer: URLSafeTimedSerializer = request.app.state.signer
    cookie = request.cookies.get(COOKIE)
    sent = request.headers.get(HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("multipart/form-data", "application/x-www-form-urlencoded")
    ):
        form = await request.form()  # Starlette caches it: the route reads the same parsed form
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not (cookie and sent and hmac.compare_digest(cookie, sent) and _valid(signer, cookie)):
        raise CsrfError("安全校验失败：请刷新页面后重试（表单缺少有效的 CSRF 令牌）", subject="csrf_token")
