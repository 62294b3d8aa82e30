"""A form sent with a token that no longer holds (the page stood open too long, or the person
logged in again in another tab) is refused by Litestar's CSRF check with an English line.
Here the refusal says what happened in the person's language, gives a fresh token, and loses
nothing that was typed:

* sent by HTMX, the form is still on the page: the answer carries the new token, which
  ``app.js`` puts into the page, and the person presses the button again;
* sent by a plain form post (no JavaScript), the answer is a page holding what was sent, as
  a form to send again with the new token — but only when the post came from one of our own
  pages (``Sec-Fetch-Site``/``Origin``), so that a forged post from elsewhere is not turned
  into a button for the person to press.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from litestar import MediaType, Request, Response
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Cookie
from litestar.exceptions import HTTPException, PermissionDeniedException
from litestar.middleware.csrf import generate_csrf_token
from litestar.response import Template
from litestar.types.empty import Empty
from litestar.utils.scope.state import ScopeState

from mediasi.i18n import _
from mediasi.web.render import base_context

LITESTAR_REFUSAL = "CSRF token verification failed"
TOKEN_FIELD = "_csrf_token"  # noqa: S105 (a field name)
TOKEN_EVENT = "mediasi:csrf"  # noqa: S105 (an event name)

STALE = _(
    "Halaman ini sudah terlalu lama terbuka, atau Anda masuk lagi di tab lain, sehingga "
    "formulirnya kedaluwarsa. Belum ada yang disimpan."
)
PRESS_AGAIN = _("Isian Anda masih ada di halaman: tekan tombolnya sekali lagi.")
SEND_AGAIN = _("Isian Anda masih ada di bawah ini: periksa, lalu kirim ulang.")
GO_BACK = _("Kembali ke halaman sebelumnya, muat ulang, lalu isi dan kirim lagi.")


def is_stale_form(exc: HTTPException) -> bool:
    return isinstance(exc, PermissionDeniedException) and exc.detail == LITESTAR_REFUSAL


def from_our_pages(request: Request[Any, Any, Any]) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    return bool(origin) and urlsplit(origin).netloc == request.url.netloc


def sent_fields(request: Request[Any, Any, Any]) -> list[tuple[str, str]]:
    """The text fields of the refused post, as the CSRF check parsed them (files are not kept
    and cannot be sent again)."""
    form = ScopeState.from_scope(request.scope).form
    if form is Empty or not isinstance(form, dict):
        return []
    fields: list[tuple[str, str]] = []
    for name, value in form.items():
        for each in value if isinstance(value, list) else [value]:
            if isinstance(each, str) and name != TOKEN_FIELD:
                fields.append((name, each))
    return fields


def stale_form(request: Request[Any, Any, Any], lang: str) -> Response[Any]:
    config: CSRFConfig = request.app.state.csrf_config
    token = generate_csrf_token(secret=config.secret)
    cookie = Cookie(
        key=config.cookie_name,
        value=token,
        path=config.cookie_path,
        secure=config.cookie_secure,
        httponly=config.cookie_httponly,
        samesite=config.cookie_samesite,
    )
    stale = STALE.get(lang)
    if request.url.path.startswith("/api/"):
        body = {"type": "about:blank", "title": "Forbidden", "status": 403, "detail": stale}
        return Response(
            body, status_code=403, media_type="application/problem+json", cookies=[cookie]
        )
    htmx = bool(request.headers.get("hx-request"))
    fields = sent_fields(request) if not htmx and from_our_pages(request) else []
    then = PRESS_AGAIN if htmx else SEND_AGAIN if fields else GO_BACK
    return Template(
        template_name="error_fragment.html" if htmx else "stale_form.html",
        context={
            **base_context(request),
            "status": 403,
            "title": stale,
            "detail": f"{stale} {then.get(lang)}",
            "errors": {},
            "fields": fields,
            "action": request.url.path,
            "fresh_token": token,
            "reload_url": None,
        },
        status_code=403,
        media_type=MediaType.HTML,
        cookies=[cookie],
        headers={"HX-Trigger": json.dumps({TOKEN_EVENT: {"token": token}})} if htmx else {},
    )
