"""The supervisor's desk through the JSON API: the review queue and the overdue cases a page at
a time, the desk's figures, the area's audit export; a decision on an escalation taken from the
queue through the case's transitions. Supervisors only, each within their area; both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import update

from mediasi.cases.models import Case
from mediasi.db.base import utcnow
from mediasi.deadlines.services import DeadlineScanner
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World
from tests.integration.api.tokens import bearer, issue
from tests.integration.supervision.test_trail import offline_problems, wib
from tests.integration.web.conftest import Db, app_of

PROBLEM = "application/problem+json"
QUEUE = "/api/supervision/queue"
OVERDUE = "/api/supervision/overdue"
FIGURES = "/api/supervision/figures"
EXPORT = "/api/supervision/export"
IN_JANUARY = f"{EXPORT}?start=2026-01-01&end=2026-01-31"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


@pytest.fixture
def as_(runtime: Runtime, world: World) -> Any:
    tokens: dict[str, dict[str, str]] = {}

    def headers(username: str) -> dict[str, str]:
        if username not in tokens:
            tokens[username] = bearer(issue(runtime, world, username))
        return tokens[username]

    return headers


def problem_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:400]
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def escalations(runtime: Runtime, world: World, timed: TimedCases) -> dict[str, UUID]:
    now = utcnow()
    newer = timed.escalated(
        now - timedelta(hours=1), reason="Korban anak di bawah umur.", target="unit_ppa"
    )
    older = timed.escalated(
        now - timedelta(hours=2),
        reason="Terlapor mengancam pelapor.",
        target="reskrim_polsek",
        desa=world.desa_a2,
        title="Ancaman parang",
    )
    other_area = timed.escalated(
        now - timedelta(hours=3), by="officer_b", desa=world.desa_b1, title="Warisan sawah"
    )
    by_scanner = timed.mediated(now - timedelta(days=20), title="Utang panen")
    assert len(DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks).run().fired) == 1
    return {"older": older, "newer": newer, "other_area": other_area, "by_scanner": by_scanner}


# ---- the review queue ------------------------------------------------------------------------


def test_the_queue_lists_the_areas_escalations_longest_waiting_first(
    client: TestClient[Any], as_: Any, db: Db, escalations: dict[str, UUID]
) -> None:
    body = client.get(QUEUE, headers=as_("supervisor")).json()
    ids = [item["case"]["id"] for item in body["items"]]
    assert ids == [str(escalations[k]) for k in ("older", "newer", "by_scanner")]
    assert (body["total"], body["page"], body["pages"], body["next"]) == (3, 1, 1, None)
    older = body["items"][0]
    assert older["reason"] == "Terlapor mengancam pelapor."
    assert (older["target"], older["target_label"]) == ("reskrim_polsek", "Unit Reskrim Polsek")
    assert older["escalated_by"] == "Officer"
    case = db.case(escalations["older"])
    assert older["case"]["reference"] == case.reference
    assert older["case"]["version"] == case.version
    assert older["case"]["state_label"] == "Dieskalasi (menunggu tinjauan)"
    assert older["case"]["desa_name"] == "Talangagung"
    assert body["items"][2]["escalated_by"] == "sistem"  # the deadline scanner

    theirs = client.get(QUEUE, headers=as_("supervisor_b")).json()
    assert [i["case"]["id"] for i in theirs["items"]] == [str(escalations["other_area"])]
    assert "Ancaman parang" not in client.get(QUEUE, headers=as_("supervisor_b")).text
    everyone = client.get(QUEUE, headers=as_("polres_supervisor")).json()
    assert {i["case"]["id"] for i in everyone["items"]} == {str(v) for v in escalations.values()}


@pytest.mark.parametrize("username", ["officer", "tokoh", "admin"])
@pytest.mark.parametrize("path", [QUEUE, OVERDUE, FIGURES, IN_JANUARY])
def test_only_supervisors_use_the_desk(
    client: TestClient[Any], as_: Any, username: str, path: str
) -> None:
    refused = problem_of(client.get(path, headers=as_(username)), 403)
    assert refused["detail"] == "Meja pengawas hanya untuk pengawas."


def test_the_queue_is_paged_like_the_case_list(
    client: TestClient[Any], as_: Any, timed: TimedCases
) -> None:
    now = utcnow()
    made = [timed.escalated(now - timedelta(minutes=30 - n)) for n in range(21)]
    headers = as_("supervisor")
    first = client.get(QUEUE, headers=headers).json()
    assert (first["total"], first["pages"], len(first["items"])) == (21, 2, 20)
    assert (first["prev"], first["next"]) == (None, f"{QUEUE}?page=2")
    second = client.get(first["next"], headers=headers).json()
    assert [i["case"]["id"] for i in second["items"]] == [str(made[-1])]
    assert second["prev"] == f"{QUEUE}?page=1"
    listed = [i["case"]["id"] for i in first["items"] + second["items"]]
    assert listed == [str(case_id) for case_id in made]
    for query in ("page=0", "page=x", "page=10001", "per_page=100"):
        problem_of(client.get(f"{QUEUE}?{query}", headers=headers), 422)


def test_returning_an_escalation_from_the_queue_through_its_transition(
    client: TestClient[Any], as_: Any, db: Db, escalations: dict[str, UUID]
) -> None:
    """The decision is the case's step: the queue gives the version, the step the rules."""
    headers = as_("supervisor")
    item = client.get(QUEUE, headers=headers).json()["items"][0]
    case_id, version = item["case"]["id"], item["case"]["version"]
    steps = client.get(f"/api/cases/{case_id}/steps", headers=headers).json()
    assert {s["trigger"] for s in steps if s["available"]} == {
        "accept_escalation",
        "return_escalation",
    }
    url = f"/api/cases/{case_id}/transitions/return_escalation"
    before = db.snapshot(UUID(case_id))
    # Without the reason the officer is to read: refused beside the field, nothing written.
    bare = client.post(url, json={"version": version, "fields": {}}, headers=headers)
    assert "instructions" in problem_of(bare, 422)["errors"]
    # The officer may not decide; a supervisor elsewhere does not see the case.
    officer = client.post(
        url, json={"version": version, "fields": {"instructions": "x"}}, headers=as_("officer")
    )
    problem_of(officer, 403)
    elsewhere = client.post(
        url,
        json={"version": version, "fields": {"instructions": "x"}},
        headers=as_("supervisor_b"),
    )
    problem_of(elsewhere, 404)
    stale = client.post(
        url, json={"version": version - 1, "fields": {"instructions": "x"}}, headers=headers
    )
    problem_of(stale, 409)
    assert db.snapshot(UUID(case_id)) == before

    why = "Panggil para pihak sekali lagi bersama kepala desa."
    done = client.post(
        url,
        json={"version": version, "fields": {"instructions": why}},
        headers={**headers, "Idempotency-Key": "kembalikan-1"},
    )
    assert done.status_code == 200, done.text[:400]
    assert done.json()["state"] == "assessed"
    last = db.events(UUID(case_id))[-1]
    assert (last.trigger, last.payload["instructions"], last.actor_role) == (
        "return_escalation",
        why,
        "supervisor",
    )
    left = [i["case"]["id"] for i in client.get(QUEUE, headers=headers).json()["items"]]
    assert case_id not in left
    assert len(left) == 2
    # The officer reads the reason on the case's chain, through the API too.
    trail = client.get(f"/api/cases/{case_id}/trail", headers=as_("officer")).json()
    assert trail["events"][-1]["payload"]["instructions"] == why
    assert trail["intact"] is True


def test_accepting_an_escalation_refers_the_case_and_empties_its_place(
    client: TestClient[Any], as_: Any, db: Db, escalations: dict[str, UUID]
) -> None:
    case_id = escalations["newer"]
    headers = as_("polres_supervisor")
    done = client.post(
        f"/api/cases/{case_id}/transitions/accept_escalation",
        json={
            "version": db.case(case_id).version,
            "fields": {"decision_note": "Dilimpahkan ke Unit PPA."},
        },
        headers=headers,
    )
    assert done.status_code == 200, done.text[:400]
    assert db.case(case_id).state == "referred"
    queue = client.get(QUEUE, headers=headers).json()
    assert str(case_id) not in [i["case"]["id"] for i in queue["items"]]
    assert queue["total"] == 3


# ---- overdue cases and the figures -------------------------------------------------------------


def test_overdue_cases_of_the_area_longest_overdue_first(
    client: TestClient[Any], runtime: Runtime, as_: Any, db: Db, world: World, timed: TimedCases
) -> None:
    now = utcnow()
    later = timed.report(now - timedelta(days=10), title="Kambing masuk kebun")
    earlier = timed.report(now - timedelta(days=12), desa=world.desa_a2, title="Pagar roboh")
    paused = timed.report(now - timedelta(days=12), title="Pihak sakit")
    with runtime.sessions.begin() as session:
        session.execute(update(Case).where(Case.id == paused).values(paused_at=now))
    elsewhere = timed.report(now - timedelta(days=10), by="officer_b", desa=world.desa_b1)
    timed.report(now, title="Suara musik malam")  # not due yet

    body = client.get(OVERDUE, headers=as_("supervisor")).json()
    assert [i["id"] for i in body["items"]] == [str(earlier), str(later)]
    assert all(i["overdue"] for i in body["items"])
    assert body["total"] == 2
    assert body["items"][0]["due_at"] is not None
    theirs = client.get(OVERDUE, headers=as_("supervisor_b")).json()
    assert [i["id"] for i in theirs["items"]] == [str(elsewhere)]
    assert db.case(paused).due_at is not None  # overdue by its date, but its deadline is paused


def test_the_figures_are_the_desks(
    client: TestClient[Any],
    as_: Any,
    world: World,
    timed: TimedCases,
    escalations: dict[str, UUID],
) -> None:
    now = utcnow()
    timed.report(now - timedelta(days=10), desa=world.desa_a2)  # open and overdue
    timed.report(now)  # open
    figures = client.get(FIGURES, headers=as_("supervisor")).json()
    assert figures["awaiting_review"] == 3
    # Overdue: the new one; the scanner's escalation and the others are in review, on time.
    overdue = client.get(OVERDUE, headers=as_("supervisor")).json()
    assert figures["overdue"] == overdue["total"]
    [officer] = figures["officers"]
    assert (officer["username"], officer["name"]) == ("officer", "Officer")
    assert officer["open_cases"] == 5  # three escalated, the two just reported
    assert officer["overdue"] == overdue["total"]
    assert officer["agreed_this_month"] == 0
    theirs = client.get(FIGURES, headers=as_("supervisor_b")).json()
    assert (theirs["awaiting_review"], [o["username"] for o in theirs["officers"]]) == (
        1,
        ["officer_b"],
    )
    polres = client.get(FIGURES, headers=as_("polres_supervisor")).json()
    assert polres["awaiting_review"] == 4
    assert sorted(o["username"] for o in polres["officers"]) == ["officer", "officer_b"]


# ---- the area's audit export --------------------------------------------------------------------


def wib_day(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).date().isoformat()


def test_the_export_holds_the_areas_events_with_hashes_that_verify_offline(
    client: TestClient[Any], as_: Any, db: Db, escalations: dict[str, UUID]
) -> None:
    today = wib_day(utcnow())
    start = (date.fromisoformat(today) - timedelta(days=30)).isoformat()
    response = client.get(f"{EXPORT}?start={start}&end={today}", headers=as_("supervisor"))
    assert response.status_code == 200, response.text[:400]
    body = response.json()
    assert (body["start"], body["end"], body["desa"]) == (start, today, None)
    rows = body["events"]
    mine = {str(escalations[k]) for k in ("older", "newer", "by_scanner")}
    assert {row["case_id"] for row in rows} == mine
    expected = sum(len(db.events(UUID(case_id))) for case_id in mine)
    assert len(rows) == expected
    assert offline_problems(rows) == []
    # Anyone can see a changed payload breaks it.
    rows[1]["payload"] = {**rows[1]["payload"], "name": "Nama Palsu"}
    assert offline_problems(rows)


def test_the_export_of_one_desa_and_of_a_desa_outside_the_area(
    client: TestClient[Any], as_: Any, world: World, escalations: dict[str, UUID]
) -> None:
    today = wib_day(utcnow())
    since = wib_day(utcnow() - timedelta(days=1))  # the escalations were made hours ago
    one = client.get(
        f"{EXPORT}?start={since}&end={today}&desa={world.desa_a2}", headers=as_("supervisor")
    ).json()
    assert {row["case_id"] for row in one["events"]} == {str(escalations["older"])}
    outside = client.get(
        f"{EXPORT}?start={since}&end={today}&desa={world.desa_b1}", headers=as_("supervisor")
    )
    assert outside.status_code == 200
    assert outside.json()["events"] == []
    assert "Warisan sawah" not in outside.text


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-02-01&end=2026-01-01", "__root__"),
        ("start=2024-01-01&end=2026-01-01", "__root__"),
        ("start=2026-01-01", "end"),
        ("start=1&end=2026-01-01", "start"),
        ("start=2026-01-01&end=2026-01-31&desa=bukan", "desa"),
        ("start=2026-01-01&end=2026-01-31&format=csv", "format"),
    ],
    ids=["reversed", "over-a-year", "no-end", "not-a-day", "bad-desa", "unknown"],
)
def test_a_wrong_export_period_is_422_naming_it(
    client: TestClient[Any], as_: Any, query: str, field: str
) -> None:
    refused = problem_of(client.get(f"{EXPORT}?{query}", headers=as_("supervisor")), 422)
    assert field in refused["errors"], refused


def test_the_export_counts_whole_days_in_wib(
    client: TestClient[Any], as_: Any, db: Db, timed: TimedCases
) -> None:
    """Late on 31 March WIB is March; half past midnight on 1 April WIB (still 31 March in
    UTC) is April."""
    march = timed.report(wib(2026, 3, 10, 10), title="Sengketa irigasi sawah")
    timed.fire(march, "assess", wib(2026, 3, 31, 23, 30))
    timed.invite(march, wib(2026, 4, 1, 0, 30))
    body = client.get(f"{EXPORT}?start=2026-03-01&end=2026-03-31", headers=as_("supervisor"))
    triggers = [row["trigger"] for row in body.json()["events"]]
    assert triggers == ["case.reported", "party.added", "party.added", "assess"]
    april = client.get(f"{EXPORT}?start=2026-04-01&end=2026-04-30", headers=as_("supervisor"))
    assert [row["trigger"] for row in april.json()["events"]] == ["tokoh.invited"]
    assert db.events(march)[-1].trigger == "tokoh.invited"
