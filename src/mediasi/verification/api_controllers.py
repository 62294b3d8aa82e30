"""``/api/verify/{code}``: the public check of a printed document as JSON. Public like the
page (no login, no token, no personal data); the API's rate limit per address holds."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlalchemy.orm import Session

from mediasi.agreements.canonical import normalise_code
from mediasi.errors import FieldErrors, NotFound
from mediasi.i18n import _
from mediasi.verification.api_schemas import VerificationOut
from mediasi.verification.lookup import look_up
from mediasi.web.errors import language
from mediasi.web.openapi import documented

NOT_A_CODE = _("Kode terdiri dari 10 huruf dan angka, mis. ABCDE-FGH23.")
UNKNOWN = _(
    "Tidak ada dokumen dengan kode ini. Periksa lagi kode yang Anda ketik; bila benar, "
    "dokumen ini tidak diterbitkan lewat aplikasi ini."
)


class VerificationApiController(Controller):
    path = "/api/verify"
    tags = ("verification",)

    @get(
        "/{code:str}",
        sync_to_thread=True,
        name="api:verify",
        exclude_from_auth=True,
        **documented(404, 422, public=True),
    )
    def verify(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        code: FromPath[str],
    ) -> VerificationOut:
        """Is the agreement or document with this code (as printed: ``ABCDE-FGH23``; case,
        dashes and spaces do not matter) unchanged, current and, for an agreement, signed
        by everyone it names?"""
        if normalise_code(code) is None:
            raise FieldErrors({"code": NOT_A_CODE})
        result = look_up(db_session, code)
        if result is None:
            raise NotFound(UNKNOWN)
        return VerificationOut.of(result, language(request))
