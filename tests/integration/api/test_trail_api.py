"""A case's audit trail through the JSON API: every event with its hashes (re-verifiable with
nothing but the answer), whether the chain holds, and the CSV; officers and supervisors over
the case only, as the trail page; both backends."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import update

from mediasi.cases.chain import GENESIS
from mediasi.cases.event_model import Event
from mediasi.runtime import Runtime
from tests.factories import TimedCases, World
from tests.integration.api.tokens import bearer, issue
from tests.integration.supervision.test_trail import HEADER, offline_problems, wib
from tests.integration.web.conftest import Db, Web, app_of

PROBLEM = "application/problem+json"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


@pytest.fixture
def case_id(timed: TimedCases) -> UUID:
    """Reported with two parties, assessed, escalated; the mediator invited (the tokoh)."""
    case_id = timed.report(wib(2026, 11, 2, 9))
    timed.fire(case_id, "assess", wib(2026, 11, 3, 10))
    timed.invite(case_id, wib(2026, 11, 3, 11))
    timed.fire(case_id, "escalate", wib(2026, 11, 4, 11))
    return case_id


def as_(runtime: Runtime, world: World, username: str, *scopes: str) -> dict[str, str]:
    return bearer(issue(runtime, world, username, *((scopes,) if scopes else ())))


def test_the_trail_holds_every_event_and_verifies_offline(
    client: TestClient[Any], runtime: Runtime, world: World, db: Db, case_id: UUID
) -> None:
    events = db.events(case_id)
    for reader in ("officer", "supervisor", "polres_supervisor"):
        response = client.get(f"/api/cases/{case_id}/trail", headers=as_(runtime, world, reader))
        assert response.status_code == 200, response.text[:400]
        body = response.json()
        assert (body["case_id"], body["reference"]) == (str(case_id), db.case(case_id).reference)
        assert (body["intact"], body["problems"]) == (True, [])
        rows = body["events"]
        assert [(r["seq"], r["trigger"], r["hash"]) for r in rows] == [
            (e.seq, e.trigger, e.hash) for e in events
        ]
        assert rows[0]["prev_hash"] == GENESIS
        assert offline_problems(rows) == []
    # As stored: the auditor's copy carries the complainant's full NIK (the page's export does).
    assert "3507010101010001" in response.text


def test_a_changed_event_shows_in_the_answer_and_offline(
    client: TestClient[Any], runtime: Runtime, world: World, db: Db, case_id: UUID
) -> None:
    second = db.events(case_id)[1]
    forged = json.loads(json.dumps(second.payload))
    forged["party"]["name"] = "Nama Palsu"
    with runtime.sessions.begin() as session:
        session.execute(
            update(Event).where(Event.case_id == case_id, Event.seq == 2).values(payload=forged)
        )
    body = client.get(
        f"/api/cases/{case_id}/trail", headers=as_(runtime, world, "supervisor")
    ).json()
    assert body["intact"] is False
    assert "event 2: content was changed after it was written" in body["problems"]
    assert body["events"][1]["payload"]["party"]["name"] == "Nama Palsu"
    assert offline_problems(body["events"]) == [f"{db.case(case_id).reference} #2: hash"]


def test_the_csv_is_the_pages_export_and_verifies_alone(
    client: TestClient[Any], runtime: Runtime, world: World, db: Db, case_id: UUID
) -> None:
    headers = as_(runtime, world, "officer")
    response = client.get(f"/api/cases/{case_id}/trail.csv", headers=headers)
    assert response.status_code == 200, response.text[:400]
    assert response.headers["content-type"].startswith("text/csv")
    name = db.case(case_id).reference.replace("/", "-")
    assert response.headers["content-disposition"] == f'attachment; filename="{name}.csv"'
    reader = csv.DictReader(io.StringIO(response.text))
    assert reader.fieldnames == HEADER
    rows = list(reader)
    assert [r["hash"] for r in rows] == [e.hash for e in db.events(case_id)]
    assert offline_problems(rows) == []
    # The page's own export, byte for byte (the same rows, the same cell guards).
    with TestClient(app_of(runtime)) as browser:
        page = Web(browser).login_as("officer").get(f"/cases/{case_id}/trail/export.csv")
    assert page.text == response.text


def test_a_tokoh_of_the_case_is_refused_the_trail_and_outsiders_do_not_find_it(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID
) -> None:
    tokoh = as_(runtime, world, "tokoh")
    assert client.get(f"/api/cases/{case_id}", headers=tokoh).status_code == 200
    for path in ("trail", "trail.csv"):
        refused = client.get(f"/api/cases/{case_id}/{path}", headers=tokoh)
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith(PROBLEM)
        assert refused.json()["detail"] == "Jejak audit hanya untuk petugas dan pengawas."
        for outsider in ("officer_b", "supervisor_b", "admin"):
            hidden = client.get(
                f"/api/cases/{case_id}/{path}", headers=as_(runtime, world, outsider)
            )
            assert hidden.status_code == 404
            assert "3507010101010001" not in hidden.text


def test_the_trail_needs_the_audit_scope(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID
) -> None:
    cases_only = as_(runtime, world, "supervisor", "cases:write", "supervision:write")
    for path in ("trail", "trail.csv"):
        refused = client.get(f"/api/cases/{case_id}/{path}", headers=cases_only)
        assert refused.status_code == 403
        assert "audit:read" in refused.json()["detail"]
    reader = as_(runtime, world, "supervisor", "audit:read")
    assert client.get(f"/api/cases/{case_id}/trail", headers=reader).status_code == 200
    assert client.get(f"/api/cases/{case_id}/events", headers=reader).status_code == 403
