"""Render a page, or just one of its blocks for an HTMX request, with the shared context."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import MediaType, Request
from litestar.plugins.htmx import ClientRedirect, HTMXRequest
from litestar.response import Redirect, Response

from mediasi import i18n
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.web.i18n import (
    catalog_text,
    date_formatter,
    input_time,
    language_of,
    local_text,
    number_formatter,
    rupiah_formatter,
    span_formatter,
    template_gettext,
)
from mediasi.web.masking import mask_nik, mask_phone


def base_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    lang = language_of(request.cookies, settings.default_language)
    user = request.scope.get("user")
    return {
        "user": user,
        "lang": lang,
        "languages": i18n.languages(),
        **template_gettext(lang),
        "txt": local_text(lang),
        "reason": catalog_text(lang),
        "when": date_formatter(lang),
        "span": span_formatter(lang),
        "input_time": input_time,
        "rupiah": rupiah_formatter(lang),
        "format_number": number_formatter(lang),
        "now": utcnow(),
        "mask_nik": mask_nik,
        "mask_phone": mask_phone,
        "request_path": request.url.path,
        "shown_page": shown_page(request),
        "request_query": request.url.query,
    }


def shown_page(request: Request[Any, Any, Any]) -> str:
    """The page the browser shows: for an HTMX request the one it was sent from (a form's
    POST path is no page to reload), otherwise the one asked for."""
    current = urlsplit(request.headers.get("hx-current-url", ""))
    if current.path and current.netloc == request.url.netloc:
        return current.path + (f"?{current.query}" if current.query else "")
    return request.url.path if request.method == "GET" else ""


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return isinstance(request, HTMXRequest) and bool(request.htmx)


def render(
    request: Request[Any, Any, Any],
    template: str,
    *,
    block: str | None = None,
    status: int = 200,
    re_target: str | None = None,
    re_swap: Any = None,
    push_url: str | None = None,
    **context: Any,
) -> HTMXBlockTemplate:
    """The whole page, or only ``block`` when HTMX asked for it."""
    return HTMXBlockTemplate(
        template_name=template,
        block_name=block if block and is_htmx(request) else None,
        context={**base_context(request), **context},
        status_code=status,
        re_target=re_target if is_htmx(request) else None,
        re_swap=re_swap if is_htmx(request) else None,
        push_url=push_url if is_htmx(request) else None,
        media_type=MediaType.HTML,
    )


def go(request: Request[Any, Any, Any], url: str) -> Response[Any]:
    """After a successful form post: HTMX follows a client redirect, a browser a 303."""
    if is_htmx(request):
        redirect = ClientRedirect(url)
        # litestar-htmx leaves the status unset, and a POST would then answer 201.
        redirect.status_code = 200
        return redirect
    return Redirect(url, status_code=303)


def attachment(body: str, filename: str, media_type: str) -> Response[str]:
    """A download the browser saves as ``filename`` (exports, the trail)."""
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
