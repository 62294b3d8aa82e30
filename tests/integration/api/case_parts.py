"""For the tests of a case's parts over the API (parties, tokoh, deadline, follow-ups): a
client that calls as one person's token, and the hostile bodies every write must refuse."""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

import httpx
from litestar import Litestar
from litestar.testing import TestClient

from mediasi.app import create_app
from mediasi.cases.models import Case
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.tokens import bearer, issue

PROBLEM = "application/problem+json"

# (name, raw body, content type): each must be refused with a 4xx and write nothing.
HOSTILE: list[tuple[str, bytes, str]] = [
    (
        "nul",
        b'{"version": 1, "name": "Pak\\u0000RT", "reason": "a\\u0000b", "note": "a\\u0000"}',
        "application/json",
    ),
    ("invalid-utf8", b'{"version": 1, "name": "\xff\xfe"}', "application/json"),
    ("huge-number", b'{"version": 1' + b"0" * 400 + b', "name": "Pak RT"}', "application/json"),
    ("deep", b'{"a":' * 100 + b"1" + b"}" * 100, "application/json"),
    ("oversized", b'{"note": "' + b"x" * (1024 * 1024 + 10) + b'"}', "application/json"),
    ("not-json", b"version=1&name=Pak", "application/x-www-form-urlencoded"),
    ("array", b"[1, 2, 3]", "application/json"),
]

_UNLIMITED: dict[int, Litestar] = {}


def unlimited_app(runtime: Runtime) -> Litestar:
    """The app over ``runtime`` without the API's rate limits, built once per backend: every
    test client calls from one address, and a run sends more than a minute's allowance of API
    calls (the limits are tested on their own in test_rate_limits.py)."""
    if id(runtime) not in _UNLIMITED:
        lifted = {"api_rate_per_token": 1_000_000, "api_rate_per_address": 1_000_000}
        settings = runtime.settings.model_copy(update=lifted)
        variant = dataclasses.replace(runtime, settings=settings)
        _UNLIMITED[id(runtime)] = create_app(runtime=variant)
    return _UNLIMITED[id(runtime)]


class Caller:
    """One person's API calls with a token of theirs (every scope unless told)."""

    def __init__(self, client: TestClient[Any], runtime: Runtime, world: World, who: str) -> None:
        self.client = client
        self.headers = bearer(issue(runtime, world, who))

    def get(self, url: str, **params: Any) -> httpx.Response:
        """``params`` added to the query ``url`` may carry (a ``next`` link's)."""
        return self.client.get(httpx.URL(url).copy_merge_params(params), headers=self.headers)

    def send(
        self,
        method: str,
        url: str,
        body: Any = None,
        *,
        key: str | None = None,
        **params: Any,
    ) -> httpx.Response:
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {})}
        return self.client.request(method, url, json=body, params=params, headers=headers)

    def raw(self, method: str, url: str, content: bytes, content_type: str) -> httpx.Response:
        headers = {**self.headers, "content-type": content_type}
        return self.client.request(method, url, content=content, headers=headers)


def version_of(runtime: Runtime, case_id: UUID) -> int:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.version


def is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The problem body of a refusal with ``status`` (its JSON)."""
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body: dict[str, Any] = response.json()
    return body
