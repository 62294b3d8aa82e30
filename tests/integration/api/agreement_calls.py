"""Calling the agreement API as an integration does: with a token of its own (an officer's, a
tokoh's …), JSON in and out, an Idempotency-Key when asked; and the URLs of its routes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.tokens import bearer, issue
from tests.writes import Watch

PROBLEM = "application/problem+json"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256
# What a token's use writes besides the request's own work (its last use).
TOKEN_USE = ("web_sessions", "api_tokens")


def agreement_url(case_id: UUID, tail: str = "") -> str:
    return f"/api/cases/{case_id}/agreement{tail}"


def signer_url(agreement_id: UUID, tail: str = "") -> str:
    return f"/api/agreements/{agreement_id}{tail}"


class Caller:
    """One integration: a token of ``username`` with ``scopes``."""

    def __init__(
        self,
        client: TestClient[Any],
        runtime: Runtime,
        world: World,
        username: str,
        scopes: tuple[str, ...] | None = None,
    ) -> None:
        self.client = client
        self.headers = bearer(issue(runtime, world, username, scopes))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, headers=self.headers, **kwargs)

    def post(
        self, url: str, body: Any = None, *, key: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        if key is not None:
            headers["Idempotency-Key"] = key
        if body is not None:
            kwargs["json"] = body
        return self.client.post(url, headers=headers, **kwargs)

    def ok(self, url: str, body: Any = None, **kwargs: Any) -> dict[str, Any]:
        """A write that must succeed: its JSON answer."""
        response = self.post(url, body, **kwargs)
        assert response.status_code == 200, response.text[:800]
        answer: dict[str, Any] = response.json()
        return answer


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The problem details of a refusal with ``status``."""
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body: dict[str, Any] = response.json()
    return body


def watching(runtime: Runtime) -> Watch:
    """What a refused call writes: nothing but the token's last use."""
    return Watch(runtime, skip=TOKEN_USE)
