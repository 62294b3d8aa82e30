"""Security headers on every response, including a Content-Security-Policy with no inline
script: htmx is configured from a meta tag and every script is a file under /static."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def security_headers(https: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """An app-level ``before_send`` hook: it wraps every response, including the router's own
    404/405 and the refusals of middleware (CSRF), which route middleware never sees."""

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        for name, value in HEADERS.items():
            headers[name] = value
        if https:
            headers["Strict-Transport-Security"] = HSTS
        if "Cache-Control" not in headers:  # pages hold personal data: only static files say
            headers["Cache-Control"] = "no-store"

    return add_headers
