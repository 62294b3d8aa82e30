"""A case's deadline over the API, on both backends: where it stands, pausing it where the
state allows (with a reason), resuming it (the due time moves by the pause), each an event on
the chain, through the page's pause service; a state without pauses, a second pause, a resume
without a pause, a stale version, a tokoh and another desa are refused and write nothing; a
retried pause with its Idempotency-Key pauses once."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import (
    HOSTILE,
    Caller,
    is_problem,
    version_of,
)
from tests.integration.web.conftest import Cases, Db


@pytest.fixture
def assessed(runtime: Runtime, world: World) -> UUID:
    """A dispute assessed: its state's deadline (7 days) may be paused for up to 30 days."""
    cases = Cases(runtime, world)
    case_id = cases.report()
    cases.fire(case_id, "assess")
    return case_id


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


def url(case_id: UUID, rest: str = "") -> str:
    return f"/api/cases/{case_id}/deadline{rest}"


def test_the_deadline_says_whether_it_may_be_paused(
    runtime: Runtime, world: World, assessed: UUID, officer: Caller
) -> None:
    shown = officer.get(url(assessed)).json()
    assert shown["state"] == "assessed"
    assert (shown["pausable"], shown["pause_max"], shown["paused_at"]) == (True, "30 days", None)
    assert shown["version"] == version_of(runtime, assessed)
    assert datetime.fromisoformat(shown["due_at"]) == Db(runtime).case(assessed).due_at
    reported = Cases(runtime, world).report(title="Baru dilaporkan saja")
    fresh = officer.get(url(reported)).json()
    assert (fresh["pausable"], fresh["pause_max"]) == (False, None)
    body = {"version": version_of(runtime, reported), "reason": "Pihak sakit"}
    assert (
        "tidak dapat dijeda"
        in is_problem(officer.send("POST", url(reported, "/pause"), body), 409)["detail"]
    )


def test_pause_then_resume_moves_the_due_time_and_records_both(
    runtime: Runtime, assessed: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    version = version_of(runtime, assessed)
    due_before = db.case(assessed).due_at
    body = {"version": version, "reason": "Pihak teradu dirawat di RS"}
    paused = officer.send("POST", url(assessed, "/pause"), body)
    assert paused.status_code == 200, paused.text
    shown = paused.json()
    assert shown["version"] == version + 1
    assert shown["pause_reason"] == "Pihak teradu dirawat di RS"
    assert shown["paused_at"] is not None
    assert shown["pause_until"] is not None
    assert db.case(assessed).paused_at is not None
    assert db.events(assessed)[-1].trigger == "deadline.paused"
    twice = officer.send("POST", url(assessed, "/pause"), {**body, "version": version + 1})
    assert "sudah dijeda" in is_problem(twice, 409)["detail"]

    resumed = officer.send("POST", url(assessed, "/resume"), {"version": version + 1})
    assert resumed.status_code == 200, resumed.text
    after = resumed.json()
    assert after["paused_at"] is None
    assert after["pause_reason"] is None
    assert after["version"] == version + 2
    assert datetime.fromisoformat(after["due_at"]) >= due_before
    assert db.events(assessed)[-1].trigger == "deadline.resumed"
    again = officer.send("POST", url(assessed, "/resume"), {"version": version + 2})
    assert "tidak sedang dijeda" in is_problem(again, 409)["detail"]


@pytest.mark.parametrize(
    ("path", "body", "named"),
    [
        ("/pause", {"reason": "ok"}, "reason"),
        ("/pause", {"reason": "x" * 301}, "reason"),
        ("/pause", {}, "reason"),
        ("/pause", {"reason": "Pihak sakit", "sampai": "besok"}, "sampai"),
        ("/resume", {"version": 0}, "version"),
        ("/resume", {"version": "@none"}, "version"),
    ],
    ids=["short", "long", "missing", "unknown", "version-zero", "no-version"],
)
def test_a_wrong_field_is_422_naming_it_and_nothing_is_written(
    runtime: Runtime, assessed: UUID, officer: Caller, path: str, body: dict[str, Any], named: str
) -> None:
    db = Db(runtime)
    before = db.snapshot(assessed)
    sent = {"version": version_of(runtime, assessed), **body}
    sent = {name: value for name, value in sent.items() if value != "@none"}
    problem = is_problem(officer.send("POST", url(assessed, path), sent), 422)
    assert named in problem["errors"], problem
    assert db.snapshot(assessed) == before


def test_a_stale_version_a_tokoh_and_another_desa_change_nothing(
    client: TestClient[Any], runtime: Runtime, world: World, assessed: UUID, officer: Caller
) -> None:
    Cases(runtime, world).invite(assessed)
    db = Db(runtime)
    before = db.snapshot(assessed)
    version = version_of(runtime, assessed)
    body = {"version": version, "reason": "Pihak sakit"}
    stale = officer.send("POST", url(assessed, "/pause"), {**body, "version": version - 1})
    assert "diubah orang lain" in is_problem(stale, 409)["detail"]
    tokoh = Caller(client, runtime, world, "tokoh")
    assert tokoh.get(url(assessed)).json()["pausable"] is True  # the tokoh sees the deadline
    assert (
        "tidak berwenang"
        in is_problem(tokoh.send("POST", url(assessed, "/pause"), body), 403)["detail"]
    )
    outsider = Caller(client, runtime, world, "officer_b")
    assert is_problem(outsider.get(url(assessed)), 404)
    assert is_problem(outsider.send("POST", url(assessed, "/pause"), body), 404)
    assert db.snapshot(assessed) == before
    assert db.case(assessed).paused_at is None


def test_a_retried_pause_and_resume_with_their_keys_each_happen_once(
    runtime: Runtime, assessed: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    version = version_of(runtime, assessed)
    body = {"version": version, "reason": "Pihak sakit"}
    paused = [officer.send("POST", url(assessed, "/pause"), body, key="jeda-1") for _ in "12"]
    assert [r.status_code for r in paused] == [200, 200]
    assert paused[1].headers["idempotent-replayed"] == "true"
    resumed = [
        officer.send("POST", url(assessed, "/resume"), {"version": version + 1}, key="lanjut-1")
        for _ in "12"
    ]
    assert [r.status_code for r in resumed] == [200, 200]
    assert resumed[1].json() == resumed[0].json()
    triggers = [e.trigger for e in db.events(assessed)[-2:]]
    assert triggers == ["deadline.paused", "deadline.resumed"]
    assert version_of(runtime, assessed) == version + 2


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_write_nothing(
    runtime: Runtime, assessed: UUID, officer: Caller, name: str, content: bytes, kind: str
) -> None:
    db = Db(runtime)
    before = db.snapshot(assessed)
    for path in ("/pause", "/resume"):
        response = officer.raw("POST", url(assessed, path), content, kind)
        assert 400 <= response.status_code < 500, (path, response.text[:300])
    assert db.snapshot(assessed) == before
    assert db.case(assessed).paused_at is None
