"""Log in, log out, and switch the language."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Response
from sqlalchemy.orm import Session

from mediasi import i18n
from mediasi.accounts.auth import rotate_session
from mediasi.accounts.services import AccountService
from mediasi.accounts.sessions import session_payload
from mediasi.accounts.throttle import slow_down_address
from mediasi.config import Settings
from mediasi.errors import TooManyRequests, Unauthorized
from mediasi.i18n import _
from mediasi.web.boundary import BadInput
from mediasi.web.forms import client_address, flat, with_headers_of
from mediasi.web.i18n import COOKIE
from mediasi.web.render import render

Form = URLEncodedBody[dict[str, Any]]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
BAD_CHARACTERS = _("Nama pengguna atau kata sandi berisi karakter yang tidak sah.")


def safe_next(target: str | None) -> str:
    """Only a local path may follow a login (no open redirect to another site)."""
    if not target or not isinstance(target, str) or len(target) > 500:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


class AccountController(Controller):
    @get("/login", sync_to_thread=False, name="login_form", exclude_from_auth=True)
    def login_form(self, request: Request[Any, Any, Any]) -> Any:
        return render(
            request,
            "login.html",
            next=safe_next(request.query_params.get("next")),
            error=None,
            username="",
        )

    @post(
        "/login",
        sync_to_thread=True,
        name="login",
        exclude_from_auth=True,
        before_request=slow_down_address,
    )
    def login(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        settings: NamedDependency[Settings],
        data: Form,
    ) -> Any:
        form = flat(data)
        username = str(form.get("username") or "")[:60]
        password = str(form.get("password") or "")
        target = safe_next(form.get("next"))
        try:
            if _CONTROL.search(username) or _CONTROL.search(password):
                # No account has such a name, and the database must not see it.
                raise BadInput(BAD_CHARACTERS)
            user = AccountService(db_session, settings).authenticate(
                username, password, client_address(request)
            )
        except BadInput as exc:
            return render(request, "login.html", status=400, error=exc, username="", next=target)
        except (Unauthorized, TooManyRequests) as exc:
            page = render(
                request,
                "login.html",
                status=exc.status_code,
                error=exc,
                username=username,
                next=target,
            )
            return with_headers_of(exc, page)
        rotate_session(request)
        request.set_session(session_payload(user))
        return Redirect(target, status_code=303)

    @post("/logout", sync_to_thread=False, name="logout")
    def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        request.clear_session()
        return Redirect(request.app.route_reverse("login_form"), status_code=303)

    @get("/lang/{code:str}", sync_to_thread=False, name="language", exclude_from_auth=True)
    def language(self, request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
        back = safe_next(request.query_params.get("next"))
        response: Response[Any] = Redirect(back, status_code=303)
        if code in i18n.languages():
            response.set_cookie(
                COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True
            )
        return response
