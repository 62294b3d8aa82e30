"""Hostile input on the token pages and the API's own headers: script in a token's name is
kept as typed and shown escaped, oversize and unknown values are refused beside the field,
and a hostile Authorization or Idempotency-Key header is a clear 4xx problem, never a 500."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.tokens import bearer, issue
from tests.integration.security.conftest import (
    SCRIPT,
    SVG,
    Web,
    assert_escaped,
    field_message,
)
from tests.writes import Watch

PROBLEM = "application/problem+json"


def test_a_token_name_with_markup_is_kept_as_typed_and_shown_escaped(
    web: Web, runtime: Runtime, world: World
) -> None:
    web.login_as("officer")
    name = f"Aplikasi {SCRIPT}"
    made = web.post("/akun/token", {"name": name, "scopes": "cases:read", "days": "7"})
    assert made.status_code == 201
    assert_escaped(made.text, name)
    assert_escaped(web.get("/akun/token").text, name)
    with TestClient(web.client.app, raise_server_exceptions=False) as other:
        admin = Web(other).login_as("admin")
        assert_escaped(admin.get("/admin/token").text, name)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", SVG + "x" * 80, "Terlalu panjang"),
        ("days", "<b>7</b>", "bilangan bulat"),
        ("days", "9" * 40, "terlalu besar"),
        ("scopes", SCRIPT, "Pilihan tidak dikenal"),
        ("user_id", "12", "Pilihan tidak dikenal"),
        ("is_admin", "true", "tidak dikenal"),
    ],
)
def test_the_service_token_form_refuses_hostile_values_beside_the_field(
    web: Web, runtime: Runtime, world: World, field: str, value: str, expected: str
) -> None:
    web.login_as("admin")
    form = {
        "name": "Dasbor",
        "scopes": "cases:read",
        "days": "7",
        "user_id": str(world.actor("officer").id),
        field: value,
    }
    watch = Watch(runtime)
    response = web.post("/admin/token", form)
    assert response.status_code == 422, response.text[:300]
    message = field_message(response.text, field) or response.text
    assert expected in message, message[:500]
    assert watch.written() == []


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": b"Bearer msi_\x00"},
        {"Authorization": "Bearer " + "x" * 8000},
        {"Authorization": ("Bearer msi_0123abcd_" + "\u00e9" * 43).encode()},
        {"Idempotency-Key": b"kunci\x00nol"},
        {"Idempotency-Key": "k" * 5000},
    ],
    ids=["nul-in-token", "huge-token", "latin1-token", "nul-in-key", "huge-key"],
)
def test_hostile_api_headers_are_a_clear_4xx_problem(
    client: TestClient[object], runtime: Runtime, world: World, headers: dict[str, object]
) -> None:
    text = issue(runtime, world, "officer")
    sent = {**bearer(text), **headers}
    watch = Watch(runtime, skip=("web_sessions", "api_tokens"))
    body = {"workflow": "sengketa", "title": "x", "desa_id": str(world.desa_a1)}
    response = client.post("/api/cases", json=body, headers=sent)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["detail"]
    assert watch.written() == []
