"""Domain errors become a problem-details JSON body for the API and a readable page otherwise."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect, Template
from litestar.types import ExceptionHandlersMap

from mediasi.errors import FieldErrors, MediasiError
from mediasi.i18n import _
from mediasi.web.i18n import language_of
from mediasi.web.render import base_context

PROBLEM_JSON = "application/problem+json"
LOG_IN_FIRST = _("Perlu masuk terlebih dahulu.")


def wants_json(request: Request[Any, Any, Any]) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "html" not in accept


def language(request: Request[Any, Any, Any]) -> str:
    runtime = getattr(request.app.state, "runtime", None)
    return language_of(request.cookies, runtime.settings.default_language if runtime else None)


def problem(status: int, title: str, detail: str, **extra: Any) -> Response[dict[str, Any]]:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return Response(body, status_code=status, media_type=PROBLEM_JSON)


def _domain_error(request: Request[Any, Any, Any], exc: MediasiError) -> Response[Any]:
    lang = language(request)
    if wants_json(request):
        extra: dict[str, Any] = {}
        if isinstance(exc, FieldErrors):
            extra["errors"] = {name: msg.get(lang) for name, msg in exc.errors.items()}
        return problem(exc.status_code, exc.title, exc.text(lang), **extra)
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
    )


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
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
        return problem(exc.status_code, detail, detail, **extra)
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
    return {MediasiError: _domain_error, HTTPException: _http_error}
