"""Mediation sessions through the JSON API: listed, scheduled, recorded and moved with the case
page's rules (the step's roles, fields and conditions, the case version), each write an event
on the case's chain; on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar.testing import TestClient

from mediasi.db.base import utcnow
from mediasi.mediation.models import MediationSession
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Cases, Db, app_of
from tests.integration.web.test_session_move import moved_messages

PROBLEM = "application/problem+json"


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


def as_(runtime: Runtime, world: World, username: str) -> dict[str, str]:
    return bearer(issue(runtime, world, username))


def local(moment: datetime) -> str:
    """A time as a client in the village types it: WIB, no offset, minutes."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


def assessed_with_mediator(cases: Cases) -> UUID:
    case_id = cases.report()
    cases.fire(case_id, "assess")
    cases.invite(case_id)
    return case_id


def problem_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:400]
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    return body


# ---- reading ---------------------------------------------------------------------------------


def test_the_sessions_of_a_case_are_listed_for_whoever_sees_it(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.mediated()
    [row] = db.sessions(case_id)
    for reader in ("officer", "supervisor", "tokoh"):
        response = client.get(f"/api/cases/{case_id}/sessions", headers=as_(runtime, world, reader))
        assert response.status_code == 200, (reader, response.text[:300])
        body = response.json()
        assert (body["total"], body["page"], body["pages"]) == (1, 1, 1)
        assert (body["prev"], body["next"]) == (None, None)
        [item] = body["items"]
        assert item["id"] == str(row.id)
        assert (item["status"], item["place"], item["held_at"]) == ("scheduled", "Balai desa", None)
    one = client.get(
        f"/api/cases/{case_id}/sessions/{row.id}", headers=as_(runtime, world, "tokoh")
    )
    assert one.status_code == 200
    assert one.json()["place"] == "Balai desa"


def test_outside_the_callers_scope_a_cases_sessions_are_not_found(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.mediated()
    [row] = db.sessions(case_id)
    for outsider in ("officer_b", "supervisor_b"):
        headers = as_(runtime, world, outsider)
        listed = client.get(f"/api/cases/{case_id}/sessions", headers=headers)
        assert problem_of(listed, 404)["detail"] == "Perkara tidak ditemukan."
        assert "Balai desa" not in listed.text
        one = client.get(f"/api/cases/{case_id}/sessions/{row.id}", headers=headers)
        problem_of(one, 404)
    # A session of another case, under a case the officer holds: not found there.
    other = cases.report()
    crossed = client.get(
        f"/api/cases/{other}/sessions/{row.id}", headers=as_(runtime, world, "officer")
    )
    assert problem_of(crossed, 404)["detail"] == "Sesi mediasi tidak ditemukan."


def test_a_long_list_is_paged_like_the_case_list(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases
) -> None:
    case_id = cases.mediated()
    start = utcnow() + timedelta(days=1)
    with runtime.sessions.begin() as session:
        for n in range(1, 22):
            session.add(
                MediationSession(
                    id=uuid4(),
                    case_id=case_id,
                    scheduled_at=start + timedelta(days=n),
                    place=f"Tempat {n:02d}",
                    status="scheduled",
                )
            )
    headers = as_(runtime, world, "officer")
    first = client.get(f"/api/cases/{case_id}/sessions", headers=headers).json()
    assert (first["total"], first["page"], first["pages"]) == (22, 1, 2)
    assert len(first["items"]) == 20
    assert first["items"][0]["place"] == "Balai desa"  # the earliest first
    assert first["prev"] is None
    assert first["next"] == f"/api/cases/{case_id}/sessions?page=2"
    second = client.get(first["next"], headers=headers).json()
    assert [i["place"] for i in second["items"]] == ["Tempat 20", "Tempat 21"]
    assert second["prev"] == f"/api/cases/{case_id}/sessions?page=1"
    assert second["next"] is None
    seen = {i["id"] for i in first["items"]} | {i["id"] for i in second["items"]}
    assert len(seen) == 22
    # A page past the last is the last (a stale link still shows something).
    past = client.get(f"/api/cases/{case_id}/sessions?page=9", headers=headers).json()
    assert (past["page"], past["items"]) == (2, second["items"])


@pytest.mark.parametrize(
    ("query", "field"),
    [("page=0", "page"), ("page=dua", "page"), ("page=99999999999999999999", "page"), ("x=1", "x")],
    ids=["zero", "words", "huge", "unknown"],
)
def test_a_wrong_page_is_422_naming_it(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, query: str, field: str
) -> None:
    case_id = cases.mediated()
    response = client.get(
        f"/api/cases/{case_id}/sessions?{query}", headers=as_(runtime, world, "officer")
    )
    assert field in problem_of(response, 422)["errors"]


# ---- scheduling --------------------------------------------------------------------------------


def test_scheduling_takes_the_workflows_step_and_chains_the_event(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = assessed_with_mediator(cases)
    when = utcnow() + timedelta(days=3)
    version = db.case(case_id).version
    response = client.post(
        f"/api/cases/{case_id}/sessions",
        json={"version": version, "fields": {"session_at": local(when), "place": "Masjid"}},
        headers=as_(runtime, world, "officer"),
    )
    assert response.status_code == 201, response.text[:400]
    body = response.json()
    case = db.case(case_id)
    assert case.state == "mediated"
    assert body["case_version"] == case.version == version + 1
    session = body["session"]
    assert (session["status"], session["place"]) == ("scheduled", "Masjid")
    assert datetime.fromisoformat(session["scheduled_at"]) == when.replace(second=0, microsecond=0)
    last = db.events(case_id)[-1]
    assert last.trigger == "schedule_mediation"
    assert last.payload["session_id"] == session["id"]
    assert [str(s.id) for s in db.sessions(case_id)] == [session["id"]]


def test_after_a_failed_session_scheduling_again_is_the_reschedule_step(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.mediated()
    headers = as_(runtime, world, "officer")
    url = f"/api/cases/{case_id}/sessions"
    fields = {"session_at": local(utcnow() + timedelta(days=7)), "place": "Balai RW 02"}
    # The scheduled session has not failed yet: the step's condition refuses, nothing written.
    before = db.snapshot(case_id)
    blocked = client.post(
        url, json={"version": db.case(case_id).version, "fields": fields}, headers=headers
    )
    assert "gagal atau ditunda" in problem_of(blocked, 422)["detail"]
    assert db.snapshot(case_id) == before
    cases.record_session(case_id, "failed")
    again = client.post(
        url,
        json={"version": db.case(case_id).version, "fields": {**fields, "note": "Sesi kedua"}},
        headers=headers,
    )
    assert again.status_code == 201, again.text[:400]
    assert db.events(case_id)[-1].trigger == "reschedule"
    assert db.events(case_id)[-1].payload["note"] == "Sesi kedua"
    assert sorted(s.status for s in db.sessions(case_id)) == ["failed", "scheduled"]


def test_scheduling_is_refused_as_the_page_refuses_it(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    cases.fire(case_id, "assess")  # no mediator invited yet
    url = f"/api/cases/{case_id}/sessions"
    fields = {"session_at": local(utcnow() + timedelta(days=3)), "place": "Masjid"}
    before = db.snapshot(case_id)
    version = db.case(case_id).version

    def post(username: str, body: dict[str, Any]) -> Any:
        return client.post(url, json=body, headers=as_(runtime, world, username))

    no_mediator = post("officer", {"version": version, "fields": fields})
    assert "mediator" in problem_of(no_mediator, 422)["detail"].lower()
    # The step is the officer's: a supervisor over the case may not take it; who does not see
    # the case is told it does not exist.
    by_supervisor = post("supervisor", {"version": version, "fields": fields})
    assert "tidak berwenang" in problem_of(by_supervisor, 403)["detail"]
    for outsider in ("officer_b", "tokoh"):  # the tokoh is not invited to this case yet
        problem_of(post(outsider, {"version": version, "fields": fields}), 404)
    stale = post("officer", {"version": version - 1, "fields": fields})
    assert "diubah orang lain" in problem_of(stale, 409)["detail"]
    missing = post("officer", {"version": version, "fields": {"session_at": fields["session_at"]}})
    assert "place" in problem_of(missing, 422)["errors"]
    wrong_step = post("officer", {"version": version, "trigger": "escalate", "fields": fields})
    assert "trigger" in problem_of(wrong_step, 422)["errors"]
    assert db.snapshot(case_id) == before

    reported = cases.report()
    no_step = client.post(
        f"/api/cases/{reported}/sessions",
        json={"version": db.case(reported).version, "fields": fields},
        headers=as_(runtime, world, "officer"),
    )
    assert "tidak ada langkah" in problem_of(no_step, 409)["detail"]


# ---- recording and moving ----------------------------------------------------------------------


def test_recording_a_session_is_done_once_and_chained(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.mediated()
    [row] = db.sessions(case_id)
    headers = as_(runtime, world, "officer")
    url = f"/api/cases/{case_id}/sessions/{row.id}/record"
    held = utcnow() - timedelta(hours=2)
    body = {
        "version": db.case(case_id).version,
        "outcome": "partial",
        "held_at": local(held),
        "attendees": "Pelapor, terlapor, KH. Abdul Rohman",
        "minutes": "Sepakat soal patok utara;\nselatan belum.",
    }
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 200, response.text[:400]
    out = response.json()
    assert out["session"]["status"] == "partial"
    assert out["session"]["minutes"] == "Sepakat soal patok utara;\nselatan belum."
    assert out["case_version"] == db.case(case_id).version
    last = db.events(case_id)[-1]
    assert (last.trigger, last.payload["outcome"]) == ("session.recorded", "partial")
    # Once: a second record is a conflict, nothing written.
    again = client.post(url, json={**body, "version": out["case_version"]}, headers=headers)
    assert "sudah dicatat" in problem_of(again, 409)["detail"]
    assert db.events(case_id)[-1].seq == last.seq


def test_a_session_cannot_be_recorded_before_it_happened(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.mediated()
    [row] = db.sessions(case_id)
    before = db.snapshot(case_id)
    body = {
        "version": db.case(case_id).version,
        "outcome": "agreed",
        "held_at": local(utcnow() + timedelta(days=1)),
        "attendees": "Para pihak",
        "minutes": "Sepakat.",
    }
    response = client.post(
        f"/api/cases/{case_id}/sessions/{row.id}/record",
        json=body,
        headers=as_(runtime, world, "officer"),
    )
    assert "held_at" in problem_of(response, 422)["errors"]
    assert db.snapshot(case_id) == before


def test_moving_a_session_changes_its_time_and_place_and_tells_the_chain(
    client: TestClient[Any], runtime: Runtime, world: World, cases: Cases, db: Db
) -> None:
    case_id = cases.mediated()
    [row] = db.sessions(case_id)
    headers = as_(runtime, world, "supervisor")  # the case page lets a supervisor move it too
    url = f"/api/cases/{case_id}/sessions/{row.id}/move"
    later = utcnow() + timedelta(days=5)
    version = db.case(case_id).version
    response = client.post(
        url,
        json={"version": version, "session_at": local(later), "place": "Masjid Al-Ikhlas"},
        headers=headers,
    )
    assert response.status_code == 200, response.text[:400]
    moved = response.json()["session"]
    assert moved["place"] == "Masjid Al-Ikhlas"
    assert datetime.fromisoformat(moved["scheduled_at"]) == later.replace(second=0, microsecond=0)
    last = db.events(case_id)[-1]
    assert (last.trigger, last.payload["previous_place"]) == ("session.moved", "Balai desa")
    # Everyone invited is told, as when the page moves it.
    told = {m.recipient_name for m in moved_messages(runtime, case_id)}
    assert told == {"KH. Abdul Rohman", "Darto Santoso", "Slamet Wibowo"}
    past = client.post(
        url,
        json={
            "version": version + 1,
            "session_at": local(utcnow() - timedelta(days=1)),
            "place": "Masjid",
        },
        headers=headers,
    )
    assert "session_at" in problem_of(past, 422)["errors"]
    assert db.events(case_id)[-1].seq == last.seq
