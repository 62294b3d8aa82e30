"""Mediation sessions through the JSON API, what a client gets wrong: hostile values refused
beside their field, bodies that are not JSON objects, a retried write (Idempotency-Key), a
token without the scope; nothing written by any of them. Both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import TestClient

from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.test_sessions_api import (
    as_,
    assessed_with_mediator,
    local,
    problem_of,
)
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Cases, Db, app_of


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def cases(runtime: Runtime, world: World) -> Cases:
    return Cases(runtime, world)


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


# ---- hostile input -------------------------------------------------------------------------------


LATER, EARLIER = "<later>", "<earlier>"
RECORDED = {"held_at": EARLIER, "attendees": "Para pihak", "minutes": "Belum sepakat."}
HOSTILE: list[tuple[str, dict[str, Any], str]] = [
    ("move", {"session_at": "2026-13-45T99:00", "place": "Masjid"}, "session_at"),
    ("move", {"session_at": "9999-12-31T23:59-12:00", "place": "Masjid"}, "session_at"),
    ("move", {"session_at": LATER, "place": "x" * 201}, "place"),
    ("move", {"session_at": LATER, "place": "Masjid", "version": 2**70}, "version"),
    ("move", {"session_at": LATER, "place": ["Masjid"]}, "place"),
    ("move", {"session_at": LATER, "place": "Masjid", "extra": 1}, "extra"),
    ("record", {**RECORDED, "outcome": "menang"}, "outcome"),
    ("record", {**RECORDED, "outcome": "failed", "minutes": "c" * 8001}, "minutes"),
    ("schedule", {"fields": {"session_at": "9999-12-31T23:59-12:00", "place": "M"}}, "session_at"),
    ("schedule", {"fields": {"session_at": "0001-01-01T00:00+14:00", "place": "M"}}, "session_at"),
    ("schedule", {"fields": {str(n): n for n in range(51)}}, "fields"),
    ("schedule", {"trigger": "x" * 61, "fields": {}}, "trigger"),
]


def _filled(value: Any) -> Any:
    """``value`` with the placeholders for a time to come and a time gone by filled in."""
    if isinstance(value, dict):
        return {name: _filled(item) for name, item in value.items()}
    times = {
        LATER: local(utcnow() + timedelta(days=2)),
        EARLIER: local(utcnow() - timedelta(hours=1)),
    }
    return times.get(value, value) if isinstance(value, str) else value


@pytest.mark.parametrize(("route", "body", "field"), HOSTILE)
def test_hostile_values_are_refused_beside_the_field_and_write_nothing(
    client: TestClient[Any],
    runtime: Runtime,
    world: World,
    cases: Cases,
    db: Db,
    route: str,
    body: dict[str, Any],
    field: str,
) -> None:
    case_id = cases.mediated() if route != "schedule" else assessed_with_mediator(cases)
    url = f"/api/cases/{case_id}/sessions"
    if route != "schedule":
        [row] = db.sessions(case_id)
        url = f"{url}/{row.id}/{route}"
    before = db.snapshot(case_id)
    sent = _filled({"version": db.case(case_id).version, **body})
    response = client.post(url, json=sent, headers=as_(runtime, world, "officer"))
    assert field in problem_of(response, 422).get("errors", {}), response.text[:400]
    assert db.snapshot(case_id) == before


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b'{"version": 1, "place": "\xff\xfe"}', 400),
        (b'{"version": 1, "place": "Mas\\u0000jid"}', 400),
        (b'{"version": 1, "fields": {"place": "\\udcff"}}', 400),
        (b"[" * 40 + b"]" * 40, 400),
        (b'{"version": 1, "place": "' + b"x" * (1024 * 1024 + 10) + b'"}', 413),
        (b"{not json", 400),
    ],
    ids=["invalid-utf8", "nul", "lone-surrogate", "deep-nesting", "oversized", "malformed"],
)
def test_bodies_that_are_not_json_objects_are_refused(
    client: TestClient[Any],
    runtime: Runtime,
    world: World,
    cases: Cases,
    db: Db,
    content: bytes,
    status: int,
) -> None:
    case_id = cases.mediated()
    [row] = db.sessions(case_id)
    before = db.snapshot(case_id)
    headers = {**as_(runtime, world, "officer"), "content-type": "application/json"}
    for url in (
        f"/api/cases/{case_id}/sessions",
        f"/api/cases/{case_id}/sessions/{row.id}/move",
        f"/api/cases/{case_id}/sessions/{row.id}/record",
    ):
        response = client.post(url, content=content, headers=headers)
        problem_of(response, status)
    assert db.snapshot(case_id) == before


# ---- retries -------------------------------------------------------------------------------------


def test_each_write_retried_with_its_key_answers_the_first_answer_and_writes_once(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = assessed_with_mediator(cases)
    token = issue(runtime, world, "officer")

    def twice(url: str, body: dict[str, Any], key: str) -> dict[str, Any]:
        headers = {**bearer(token), "Idempotency-Key": key}
        first = client.post(url, json=body, headers=headers)
        assert first.status_code in (200, 201), first.text[:400]
        events = len(db.events(case_id))
        again = client.post(url, json=body, headers=headers)
        assert again.status_code == first.status_code
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
        assert len(db.events(case_id)) == events
        body_out: dict[str, Any] = first.json()
        return body_out

    base = f"/api/cases/{case_id}/sessions"
    scheduled = twice(
        base,
        {
            "version": db.case(case_id).version,
            "fields": {"session_at": local(utcnow() + timedelta(days=2)), "place": "Masjid"},
        },
        "jadwal-1",
    )
    session_id = scheduled["session"]["id"]
    assert len(db.sessions(case_id)) == 1
    moved = twice(
        f"{base}/{session_id}/move",
        {
            "version": scheduled["case_version"],
            "session_at": local(utcnow() + timedelta(days=4)),
            "place": "Balai desa",
        },
        "pindah-1",
    )
    twice(
        f"{base}/{session_id}/record",
        {
            "version": moved["case_version"],
            "outcome": "failed",
            "held_at": local(utcnow() - timedelta(minutes=5)),
            "attendees": "Para pihak",
            "minutes": "Belum sepakat.",
        },
        "catat-1",
    )
    kinds = [e.trigger for e in db.events(case_id)][-3:]
    assert kinds == ["schedule_mediation", "session.moved", "session.recorded"]


def test_a_token_without_the_sessions_scope_is_refused(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.mediated()
    url = f"/api/cases/{case_id}/sessions"
    cases_only = bearer(issue(runtime, world, "officer", ("cases:write",)))
    assert "sessions:read" in problem_of(client.get(url, headers=cases_only), 403)["detail"]
    reader = bearer(issue(runtime, world, "officer", ("sessions:read",)))
    assert client.get(url, headers=reader).status_code == 200
    before = db.snapshot(case_id)
    body = {"version": db.case(case_id).version, "fields": {}}
    refused = client.post(url, json=body, headers=reader)
    assert "sessions:write" in problem_of(refused, 403)["detail"]
    assert db.snapshot(case_id) == before
