"""Public: anyone holding a printed agreement or restorative justice document may check it (no
login, no personal data)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect
from sqlalchemy.orm import Session

from mediasi.agreements.canonical import format_code, normalise_code
from mediasi.restorative.verification import DocumentVerification
from mediasi.verification.lookup import Result, look_up
from mediasi.web.render import render

VERIFY = "verification/verify.html"
Db = NamedDependency[Session]
MAX_CODE = 40


def verify_page(
    request: Request[Any, Any, Any],
    result: Result | None,
    code: str,
    status: int,
    *,
    invalid: bool = False,
    looked: bool = False,
) -> Response[Any]:
    context: dict[str, Any] = {
        "result": result,
        "document": isinstance(result, DocumentVerification),
        "code": code,
        "invalid": invalid,
        "looked": looked,
    }
    return render(
        request, VERIFY, status=status, format_code=format_code, max_code=MAX_CODE, **context
    )


class VerificationController(Controller):
    """Public: anyone holding a printed document may check it (no login, no personal data)."""

    path = "/verify"

    @get("/", sync_to_thread=True, name="verify:form", exclude_from_auth=True)
    def form(self, request: Request[Any, Any, Any], code: FromQuery[str | None] = None) -> Any:
        if code is None:
            return verify_page(request, None, "", 200)
        normal = normalise_code(code)
        if normal is None:
            return verify_page(request, None, code[:MAX_CODE], 422, invalid=True)
        url = request.app.route_reverse("verify:code", code=format_code(normal))
        return Redirect(url, status_code=303)

    @get("/{code:str}", sync_to_thread=True, name="verify:code", exclude_from_auth=True)
    def check(self, request: Request[Any, Any, Any], db_session: Db, code: FromPath[str]) -> Any:
        result = look_up(db_session, code)
        return verify_page(request, result, code[:MAX_CODE], 200 if result else 404, looked=True)
