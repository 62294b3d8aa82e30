"""The CSRF check, and what comes before it.

A CSRF cookie that does not carry our HMAC is dropped before the check: Litestar echoes
whatever ``mediasi_csrf`` cookie arrives as the page's token and never replaces it, so a
planted or corrupted cookie would lock the person out of every form. Dropped here, the next
page simply gets a fresh, signed token.

The check itself is Litestar's, run as app middleware after authentication, except for a
JSON API call authenticated by its ``Authorization`` header: a browser cannot add that header
to a cross-site request, and such a call is judged by the header alone, never by a cookie.
"""

from __future__ import annotations

from hmac import compare_digest

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.middleware.csrf import CSRF_SECRET_LENGTH, CSRFMiddleware, generate_csrf_hash
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.types.empty import Empty
from litestar.utils.scope.state import ScopeState

API_PREFIX = "/api/"


def bearer_call(scope: Scope) -> bool:
    """A JSON API request that authenticates by its ``Authorization`` header."""
    if not str(scope.get("path", "")).startswith(API_PREFIX):
        return False
    return any(name == b"authorization" for name, _ in scope.get("headers", ()))


class SessionCSRF(CSRFMiddleware):
    """Litestar's CSRF middleware, skipped for a bearer call (see the module's docstring)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if bearer_call(scope):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def is_signed_token(token: str, secret: str) -> bool:
    if len(token) <= CSRF_SECRET_LENGTH:
        return False
    expected = generate_csrf_hash(token=token[:CSRF_SECRET_LENGTH], secret=secret)
    return compare_digest(token[CSRF_SECRET_LENGTH:], expected)


def _without_cookie(header: str, name: str) -> str:
    parts = [p for p in header.split(";") if p.strip().split("=", 1)[0].strip() != name]
    return ";".join(parts).strip()


class CSRFCookieGuard(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    def __init__(self, cookie_name: str, secret: str) -> None:
        self.cookie_name = cookie_name
        self.secret = secret

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        headers = scope.get("headers", [])
        cookie_header = b"; ".join(v for k, v in headers if k == b"cookie").decode("latin-1")
        prefix = f"{self.cookie_name}="
        value = next(
            (
                p.strip()[len(prefix) :]
                for p in cookie_header.split(";")
                if p.strip().startswith(prefix)
            ),
            None,
        )
        if value is not None and not is_signed_token(value, self.secret):
            kept = _without_cookie(cookie_header, self.cookie_name)
            scope["headers"] = [(k, v) for k, v in headers if k != b"cookie"] + (
                [(b"cookie", kept.encode("latin-1"))] if kept else []
            )
            state = ScopeState.from_scope(scope)
            state.cookies = Empty
            state.headers = Empty
        await next_app(scope, receive, send)
