"""A request id for every request: kept in the scope, sent back in ``X-Request-ID``, and
written with the traceback of any unexpected error, so a person can quote it and an admin can
find the log line."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

HEADER = "x-request-id"
_STATE_KEY = "mediasi_request_id"


def request_id_of(scope: Scope | dict[str, Any]) -> str:
    """The request's id, made on first use (an error handler may ask before anyone else)."""
    state = scope.setdefault("state", {})
    value = state.get(_STATE_KEY)
    if not isinstance(value, str):
        value = state[_STATE_KEY] = uuid4().hex
    return value


async def add_request_id(message: Message, scope: Scope) -> None:
    """A ``before_send`` hook: every HTTP response names its request id."""
    if message["type"] == "http.response.start":
        MutableScopeHeaders.from_message(message)[HEADER] = request_id_of(scope)
