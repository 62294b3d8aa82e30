"""Requests per minute on the API, per token and per address: the call past the limit is a
429 problem with Retry-After, in the caller's language; calls refused for their token count
against the address; with Redis, app nodes share one count."""

from __future__ import annotations

import dataclasses
import time
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from litestar import Litestar
from litestar.testing import TestClient

from mediasi.api import rate_limits
from mediasi.app import create_app
from mediasi.runtime import Runtime
from mediasi.tokens.minting import mint
from tests.factories import World
from tests.integration.api.tokens import age, bearer, issue, prefix_of
from tests.integration.web.conftest import Web

PROBLEM = "application/problem+json"
REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(autouse=True)
def mid_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limiter's clock held halfway through the current minute: a test's calls made
    across a window's edge would start a new count (CI saw the fourth call of three pass)."""
    now = time.time()
    held = (now // rate_limits.WINDOW) * rate_limits.WINDOW + rate_limits.WINDOW / 2
    monkeypatch.setattr(rate_limits, "time", SimpleNamespace(time=lambda: held))


def limited(runtime: Runtime, **limits: Any) -> Litestar:
    settings = runtime.settings.model_copy(update=limits)
    return create_app(runtime=dataclasses.replace(runtime, settings=settings))


def assert_too_many(response: Any, words: str) -> None:
    assert response.status_code == 429, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    assert int(response.headers["retry-after"]) == rate_limits.WINDOW // 2  # to the next minute
    assert words in response.json()["detail"]


def test_a_token_past_its_limit_is_told_when_to_come_back(runtime: Runtime, world: World) -> None:
    app = limited(runtime, api_rate_per_token=3, api_rate_per_address=1000)
    busy, other = issue(runtime, world, "officer"), issue(runtime, world, "officer")
    with TestClient(app, raise_server_exceptions=False) as client:
        statuses = [client.get("/api/cases", headers=bearer(busy)).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        assert_too_many(client.get("/api/cases", headers=bearer(busy)), "Terlalu banyak")
        client.cookies.set("lang", "en")
        assert_too_many(client.get("/api/cases", headers=bearer(busy)), "Too many")
        # Another token from the same address has its own count.
        assert client.get("/api/cases", headers=bearer(other)).status_code == 200


def test_an_address_past_its_limit_is_refused_whoever_calls(runtime: Runtime, world: World) -> None:
    app = limited(runtime, api_rate_per_token=1000, api_rate_per_address=3)
    with TestClient(app, raise_server_exceptions=False) as client:
        Web(client).login_as("officer")
        for _ in range(3):
            assert client.get("/api/cases").status_code == 200
        assert_too_many(client.get("/api/cases"), "Terlalu banyak")
        text = issue(runtime, world, "supervisor")
        assert_too_many(client.get("/api/cases", headers=bearer(text)), "Terlalu banyak")
        assert client.get("/cases").status_code == 200  # the pages are not counted


def test_a_client_guessing_tokens_meets_the_address_limit(runtime: Runtime, world: World) -> None:
    """Each refused token (made up, malformed, expired) counts against the address, so the
    guessing stops at the limit with a 429, not a 401 every time; the limit holds for a
    good token from there as well."""
    app = limited(runtime, api_rate_per_token=1000, api_rate_per_address=3)
    expired = issue(runtime, world, "officer")
    age(runtime, prefix_of(expired), expired=True)
    good = issue(runtime, world, "officer")
    guesses = [bearer(mint().text), {"Authorization": "Bearer tebakan"}, bearer(expired)]
    with TestClient(app, raise_server_exceptions=False) as client:
        for headers in guesses:
            refused = client.get("/api/cases", headers=headers)
            assert refused.status_code == 401, refused.text[:300]
            assert refused.headers["content-type"].startswith(PROBLEM)
        assert_too_many(client.get("/api/cases", headers=bearer(mint().text)), "Terlalu banyak")
        assert_too_many(client.get("/api/cases", headers=bearer(good)), "Terlalu banyak")
        assert_too_many(client.get("/api/cases"), "Terlalu banyak")  # no login at all
        assert client.get("/login").status_code == 200  # the pages are not counted


def test_with_redis_the_nodes_share_one_count(runtime: Runtime, world: World) -> None:
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.RedisError as exc:  # pragma: no cover - the suite's Redis is always there
        pytest.fail(f"Redis at {REDIS} does not answer: {exc}")
    limits = {"api_rate_per_token": 3, "api_rate_per_address": 1000, "redis_url": REDIS}
    text = issue(runtime, world, "officer")
    one, two = limited(runtime, **limits), limited(runtime, **limits)
    with (
        TestClient(one, raise_server_exceptions=False) as first,
        TestClient(two, raise_server_exceptions=False) as second,
    ):
        assert first.get("/api/cases", headers=bearer(text)).status_code == 200
        assert second.get("/api/cases", headers=bearer(text)).status_code == 200
        assert first.get("/api/cases", headers=bearer(text)).status_code == 200
        assert_too_many(second.get("/api/cases", headers=bearer(text)), "Terlalu banyak")
