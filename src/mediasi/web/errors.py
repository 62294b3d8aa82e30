"""Domain errors become a problem-details JSON body for the API and a readable page otherwise;
an unexpected error is logged once with its traceback and request id, and answered with that
id only (never the internals)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Template
from litestar.types import ExceptionHandlersMap

from mediasi.errors import FieldErrors, MediasiError
from mediasi.i18n import Message, _
from mediasi.web.i18n import language_of
from mediasi.web.render import base_context
from mediasi.web.request_ids import request_id_of
from mediasi.web.stale_form import is_stale_form, stale_form

PROBLEM_JSON = "application/problem+json"
LOG_IN_FIRST = _("Perlu masuk terlebih dahulu.")
log = logging.getLogger("mediasi.errors")

INTERNAL_ERROR_TITLE = _("Kesalahan server")


def internal_error(request_id: str) -> Message:
    """What a person reads when something unexpected went wrong: the id to report, no more."""
    return _(
        "Terjadi kesalahan di server; tidak ada yang disimpan. Coba lagi, dan bila terulang "
        "sebutkan kode permintaan %(request_id)s kepada admin.",
        request_id=request_id,
    )


def wants_json(request: Request[Any, Any, Any]) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "html" not in accept


def language(request: Request[Any, Any, Any]) -> str:
    runtime = getattr(request.app.state, "runtime", None)
    return language_of(request.cookies, runtime.settings.default_language if runtime else None)


def problem(
    status: int,
    title: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    body.update(extra or {})
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _domain_error(request: Request[Any, Any, Any], exc: MediasiError) -> Response[Any]:
    lang = language(request)
    if wants_json(request):
        members = exc.members(lang)
        return problem(exc.status_code, exc.title, exc.text(lang), members, dict(exc.headers))
    errors = (
        {name: msg.get(lang) for name, msg in exc.errors.items()}
        if isinstance(exc, FieldErrors)
        else {}
    )
    return Template(
        template_name="error_fragment.html" if request.headers.get("hx-request") else "error.html",
        context={
            **base_context(request),
            "status": exc.status_code,
            "title": exc.title,
            "detail": exc.text(lang),
            "errors": errors,
        },
        status_code=exc.status_code,
        media_type=MediaType.HTML,
        headers=dict(exc.headers),
    )


def _internal_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Any exception nothing else handled: one log line with the traceback and the request
    id (the path, not the query: a query may hold a name), and a 500 carrying only that id."""
    request_id = request_id_of(request.scope)
    log.error(
        "unexpected error request_id=%s method=%s path=%s",
        request_id,
        request.method,
        request.url.path,
        exc_info=exc,
    )
    lang = language(request)
    title = INTERNAL_ERROR_TITLE.get(lang)
    detail = internal_error(request_id).get(lang)
    if wants_json(request):
        return problem(500, title, detail, {"request_id": request_id})
    try:
        context = {
            **base_context(request),
            "request": request,  # url_for and csrf_input read it, as in a handler's template
            "status": 500,
            "title": title,
            "detail": detail,
            "errors": {},
            "request_id": request_id,
        }
        name = "error_fragment.html" if request.headers.get("hx-request") else "error.html"
        engine = request.app.template_engine
        assert engine is not None
        page = engine.get_template(name).render(**context)
    except Exception:  # the page itself failed: a plain one still carries the id
        log.exception("error page failed request_id=%s", request_id)
        page = f"<!doctype html><title>500</title><h1>500</h1><p>{detail}</p>"
    return Response(page, status_code=500, media_type=MediaType.HTML)


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if exc.status_code >= 500:
        return _internal_error(request, exc)
    if is_stale_form(exc):
        return stale_form(request, language(request))
    detail = exc.detail if isinstance(exc.detail, str) else "Error"
    if isinstance(exc, NotAuthorizedException) and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.headers.get("hx-request"):
            redirect = ClientRedirect(request.app.route_reverse("login_form"))
            redirect.status_code = 401
            return redirect
        login = request.app.route_reverse("login_form")
        return Redirect(f"{login}?next={quote(target)}", status_code=303)
    if isinstance(exc, NotAuthorizedException):
        return problem(
            401,
            "Unauthorized",
            f"{LOG_IN_FIRST.get('id')} / {LOG_IN_FIRST.get('en')}",
        )
    if wants_json(request):
        extra = {"extra": exc.extra} if exc.extra else {}
        return problem(exc.status_code, detail, detail, extra, exc.headers or None)
    return Template(
        template_name="error_fragment.html" if request.headers.get("hx-request") else "error.html",
        context={
            **base_context(request),
            "status": exc.status_code,
            "title": detail,
            "detail": detail,
            "errors": {},
        },
        status_code=exc.status_code,
        media_type=MediaType.HTML,
        headers=exc.headers or {},
    )


def exception_handlers() -> ExceptionHandlersMap:
    return {MediasiError: _domain_error, HTTPException: _http_error, Exception: _internal_error}
