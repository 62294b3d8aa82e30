"""``POST /api/reports`` on both backends: a report with no login, its tracking code in the
answer; the same Idempotency-Key twice makes one report, the same key with another body is
refused; bad and hostile bodies get problem details and store nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select

from mediasi.intake.models import PublicReport
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import app_of

PROBLEM = "application/problem+json"


@pytest.fixture
def api(runtime: Runtime, world: World) -> Any:
    app: Litestar = app_of(runtime)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def body(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "desa_id": str(world.desa_a1),
        "topic": "pengaduan:ketertiban",
        "what": "Balap liar tiap malam Minggu di jalan desa.",
        "place": "Jalan desa depan balai",
        "reporter_name": "Warga",
        "reporter_phone": "081298765432",
        "consent": True,
        **fields,
    }


def count(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(PublicReport)) or 0)


def test_a_report_by_api_gets_its_tracking_code(api: Any, runtime: Runtime, world: World) -> None:
    response = api.post("/api/reports", json=body(world))
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["code"].startswith("LPR-")
    assert answer["status"] == "new"
    assert answer["track_url"].endswith("/lacak")
    with runtime.sessions() as session:
        report = session.scalars(select(PublicReport)).one()
        assert report.source == "api"


def test_the_same_key_twice_makes_one_report(api: Any, runtime: Runtime, world: World) -> None:
    headers = {"Idempotency-Key": "app-7f3a-0001"}
    first = api.post("/api/reports", json=body(world), headers=headers)
    again = api.post("/api/reports", json=body(world), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["code"] == first.json()["code"]
    assert count(runtime) == 1


def test_the_same_key_with_another_body_is_refused(
    api: Any, runtime: Runtime, world: World
) -> None:
    headers = {"Idempotency-Key": "app-7f3a-0002"}
    assert api.post("/api/reports", json=body(world), headers=headers).status_code == 201
    other = api.post("/api/reports", json=body(world, place="Lapangan desa"), headers=headers)
    assert other.status_code == 422
    assert other.headers["content-type"].startswith(PROBLEM)
    assert "sudah dipakai untuk laporan lain" in other.json()["detail"]
    assert count(runtime) == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({"consent": False}, "consent", id="no-consent"),
        pytest.param({"desa_id": 12345678901234567890}, "desa_id", id="huge-number"),
        pytest.param({"what": "x" * 4001}, "what", id="oversized"),
        pytest.param({"topic": ["sengketa"]}, "topic", id="wrong-type"),
        pytest.param({"surprise": {"a": 1}}, "surprise", id="unknown-field"),
    ],
)
def test_a_wrong_body_gets_problem_details_and_stores_nothing(
    api: Any, runtime: Runtime, world: World, payload: dict[str, Any], field: str
) -> None:
    response = api.post("/api/reports", json=body(world, **payload))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert field in json.dumps(response.json())
    assert count(runtime) == 0


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"[" * 5000 + b"]" * 5000, id="deep-nesting"),
        pytest.param(b'{"what": "\xc3\x28"}', id="invalid-utf8"),
        pytest.param(
            b"{" + b",".join(b'"f%d": 1' % n for n in range(1000)) + b"}", id="1000-fields"
        ),
        pytest.param(b"not json", id="not-json"),
        pytest.param(b'{"what": "ada\\u0000apa di sini", "consent": true}', id="nul"),
    ],
)
def test_a_hostile_body_is_refused_and_stores_nothing(
    api: Any, runtime: Runtime, raw: bytes
) -> None:
    response = api.post("/api/reports", content=raw, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    assert count(runtime) == 0


def test_a_bad_idempotency_key_is_refused(api: Any, runtime: Runtime, world: World) -> None:
    response = api.post("/api/reports", json=body(world), headers={"Idempotency-Key": "a" * 201})
    assert response.status_code == 422
    assert count(runtime) == 0
