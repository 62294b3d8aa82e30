"""What the OpenAPI document says of each API operation besides what it reads (for that, see
:mod:`mediasi.web.openapi_input`): every problem-details answer it can give, how a caller
authenticates (or that it need not), and a success that is a stored file rather than JSON.

A handler spreads ``documented(...)`` into its decorator. The answers every API call can get
(400 from the input boundary, 401, 403, 429 from the rate limit) are always listed; a route
adds what its own path, body and service can answer. ``make test`` holds the document to
the app with a bounded schemathesis run (tests/integration/api/test_openapi_contract.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    Components,
    Example,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Schema,
    SecurityScheme,
)
from pydantic import BaseModel, ConfigDict

PROBLEM_JSON = "application/problem+json"

BEARER = "bearerToken"
SESSION = "sessionCookie"
CSRF = "csrfHeader"

SECURITY_SCHEMES = {
    BEARER: SecurityScheme(
        type="http",
        scheme="bearer",
        description="An API token (made at /akun/token): acts with its owner's role and area, "
        "within its scopes. No CSRF header is needed.",
    ),
    SESSION: SecurityScheme(
        type="apiKey",
        name="mediasi_session",
        security_scheme_in="cookie",
        description="The web session of a logged-in browser.",
    ),
    CSRF: SecurityScheme(
        type="apiKey",
        name="X-CSRFToken",
        security_scheme_in="header",
        description="With the session cookie, on every unsafe call: the page's CSRF token.",
    ),
}

_MEANINGS = {
    400: "Malformed input: bad characters, JSON, encoding or query parameters.",
    401: "No valid session or token.",
    403: "The caller's role, or the token's scopes, do not allow this (or a missing CSRF "
    "header with the session cookie).",
    404: "Not found, or outside the caller's area.",
    409: "The record changed since the given version, or the first call with this "
    "Idempotency-Key is still running (Retry-After).",
    413: "The body is too large.",
    415: "The body is not application/json.",
    422: "A field is missing or wrong (see errors), or an Idempotency-Key was reused for "
    "another request.",
    429: "Too many requests: see Retry-After.",
}
_EVERY_CALL = (400, 401, 403, 429)
_WITH_A_BODY = (409, 413, 415, 422)


class Problem(BaseModel):
    """A refusal as RFC 9457 problem details; ``detail`` in the caller's language."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: dict[str, str] | None = None


def _example(status: int) -> Example:
    return Example(
        summary=_MEANINGS[status],
        value={"type": "about:blank", "title": "…", "status": status, "detail": "…"},
    )


def problem_responses(*codes: int) -> dict[int, ResponseSpec]:
    return {
        code: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_JSON,
            description=_MEANINGS[code],
            generate_examples=False,
            examples=[_example(code)],
        )
        for code in sorted(set(codes))
    }


def documented(*codes: int, writes: bool = False, public: bool = False) -> dict[str, Any]:
    """Keyword arguments for a route decorator: its problem answers and its security."""
    if public:
        return {"responses": problem_responses(400, 429, *codes), "security": []}
    extra = _WITH_A_BODY if writes else ()
    session: dict[str, list[str]] = {SESSION: [], CSRF: []} if writes else {SESSION: []}
    return {
        "responses": problem_responses(*_EVERY_CALL, *extra, *codes),
        "security": [{BEARER: []}, session],
    }


def file_answer(*media_types: str, description: str) -> dict[str, Any]:
    """Keyword arguments for a route whose success is a stored file of one of ``media_types``:
    the success declared once per type, as bytes."""

    @dataclass
    class FileOperation(Operation):
        def __post_init__(self) -> None:
            binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
            answer = OpenAPIResponse(
                description=description,
                content={kind: OpenAPIMediaType(schema=binary) for kind in media_types},
            )
            self.responses = {**(self.responses or {}), "200": answer}

    return {"media_type": media_types[0], "operation_class": FileOperation}


def components() -> Components:
    return Components(security_schemes=dict(SECURITY_SCHEMES))
