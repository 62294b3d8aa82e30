"""One shape for every form: call the service, then show success or the same block with errors.

A handler passes the service call, the values to re-show, what success returns and how to
render a refusal. Field errors go beside their fields, a stale version says so with a reload
link, and any other refusal is said at the top of the form. Refusals the page cannot help with
(401, 403, 404) go on to the error page. The service has already undone its own writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from litestar import Request, Response

from mediasi.errors import FieldErrors, MediasiError, StaleVersion

T = TypeVar("T")

# Refusals a form cannot show beside a field: the error page says them instead.
PASS_THROUGH = frozenset({401, 403, 404})


@dataclass(frozen=True)
class Failure:
    """Why a form was refused, in the shapes its template shows."""

    error: MediasiError
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> int:
        return self.error.status_code

    @property
    def errors(self) -> dict[str, Any]:
        """Messages by field name, for the fields the form has."""
        return dict(self.error.errors) if isinstance(self.error, FieldErrors) else {}

    @property
    def conflict(self) -> StaleVersion | None:
        """Someone else changed the record meanwhile: the page offers a reload."""
        return self.error if isinstance(self.error, StaleVersion) else None

    @property
    def message(self) -> MediasiError | None:
        """A refusal no field shows (a closed case, a bad hidden version …), for the form's top."""
        if self.conflict is not None:
            return None
        errors = self.errors
        return self.error if not errors or "version" in errors else None


def submit(
    action: Callable[[], T],
    *,
    success: Callable[[T], Response[Any]],
    failure: Callable[[Failure], Response[Any]],
    values: Mapping[str, Any] | None = None,
) -> Response[Any]:
    """Run ``action`` (one service call); render ``success`` or ``failure`` from its outcome."""
    try:
        result = action()
    except MediasiError as exc:
        if exc.status_code in PASS_THROUGH:
            raise
        return with_headers_of(exc, failure(Failure(exc, values or {})))
    return success(result)


def with_headers_of(error: MediasiError, refused: Response[Any]) -> Response[Any]:
    """``refused`` with the headers ``error`` carries (a throttle's ``Retry-After``), as the
    API's answer to it has them; the page's own headers win."""
    for name, value in error.headers.items():
        refused.headers.setdefault(name, value)
    return refused


def first(value: Any) -> Any:
    """A form field sent twice counts once (the first); lists never reach the models."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def form_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """A posted form's own fields, each once, without the CSRF token."""
    return {key: value for key, value in flat(form).items() if key != "_csrf_token"}


def client_address(request: Request[Any, Any, Any]) -> str:
    """The client's address as the proxies setting resolved it."""
    return request.client.host if request.client else "unknown"


def flat(form: Mapping[str, Any]) -> dict[str, Any]:
    return {key: first(value) for key, value in form.items()}
