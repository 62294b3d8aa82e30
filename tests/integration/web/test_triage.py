"""The officer's triage of public reports, on both backends: only whoever holds the desa sees
a report; accepting makes a case (the reporter its complainant, told the case's reference),
merging links an open case, declining needs a reason the resident then reads; each decision
is once, and a chained report event."""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as Pending
from uuid import UUID

import pytest
from sqlalchemy import select

from mediasi.accounts.actor import Actor
from mediasi.audit.reports import verify_reports
from mediasi.cases.chain import GENESIS, event_hash
from mediasi.cases.models import Case, Party
from mediasi.cases.schemas import CaseCreate
from mediasi.errors import Conflict
from mediasi.intake.codes import format_code
from mediasi.intake.models import PublicReport, ReportEvent
from mediasi.intake.triage import Decline, TriageService
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from tests.factories import World, submitted
from tests.integration.web.conftest import Cases, Web, field_error


def report(runtime: Runtime, report_id: UUID) -> PublicReport:
    with runtime.sessions() as session:
        row = session.get(PublicReport, report_id)
        assert row is not None
        return row


def test_the_officer_of_the_desa_sees_the_report_oldest_first(
    web: Web, runtime: Runtime, world: World
) -> None:
    first = submitted(runtime, world)
    submitted(runtime, world, reporter_phone="0813-1111-2222", what="Ada balap liar tiap malam.")
    queue = web.login_as("officer").get("/laporan")
    assert queue.status_code == 200
    assert queue.text.count('class="report') == 2
    assert queue.text.index(f"/laporan/{first.id}") < queue.text.index(
        "/laporan/", queue.text.index(f"/laporan/{first.id}") + 1
    )
    assert "Sengketa antarwarga · Batas tanah" in queue.text  # the labels, not the codes
    assert "sengketa · batas_tanah" not in queue.text
    page = web.get(f"/laporan/{first.id}")
    assert "Patok batas sawah dipindah" in page.text
    assert "0812****7890" in page.text
    assert "+6281234567890" not in page.text


@pytest.mark.parametrize(("username", "status"), [("officer_b", 404), ("tokoh", 403)])
def test_who_does_not_hold_the_desa_never_sees_the_report(
    web: Web, runtime: Runtime, world: World, username: str, status: int
) -> None:
    row = submitted(runtime, world)
    web.login_as(username)
    queue = web.get("/laporan")
    assert str(row.id) not in queue.text
    assert web.get(f"/laporan/{row.id}").status_code == status
    assert web.post(f"/laporan/{row.id}/accept", {}).status_code == status
    assert report(runtime, row.id).status == "new"


def test_accepting_makes_a_case_with_the_reporter_as_complainant(
    web: Web, runtime: Runtime, world: World
) -> None:
    row = submitted(runtime, world)
    web.login_as("officer")
    response = web.post(f"/laporan/{row.id}/accept", {})
    assert response.status_code == 303
    decided = report(runtime, row.id)
    assert decided.status == "accepted"
    assert response.headers["location"] == f"/cases/{decided.case_id}"
    with runtime.sessions() as session:
        case = session.get(Case, decided.case_id)
        assert case is not None
        assert (case.workflow, case.category, case.state) == ("sengketa", "batas_tanah", "reported")
        assert case.title == "Patok batas sawah dipindah tetangga saat musim tanam."
        assert "Dusun Krajan RT 02" in case.description
        [party] = session.scalars(select(Party).where(Party.case_id == case.id))
        assert (party.role, party.name, party.phone) == ("complainant", "Sumiati", "+6281234567890")
        told = session.scalars(
            select(Message).where(Message.case_id == case.id, Message.kind == "report_received")
        ).one()
        assert told.address == "+6281234567890"
        assert case.reference in told.text
    web.get("/lacak")
    status = web.post("/lacak", {"code": format_code(row.code), "digits": "7890"})
    assert "Dilaporkan" in status.text or "Diterima" in status.text
    assert "Sumiati" not in status.text


def test_declining_needs_a_reason_which_the_resident_reads(
    web: Web, runtime: Runtime, world: World
) -> None:
    row = submitted(runtime, world)
    web.login_as("officer")
    short = web.post(f"/laporan/{row.id}/decline", {"reason": "tidak"})
    assert short.status_code == 422
    assert field_error(short.text, "reason") == "Terlalu pendek."
    assert report(runtime, row.id).status == "new"
    reason = "Bukan wilayah desa ini; silakan lapor ke Polsek Pakisaji."
    done = web.post(f"/laporan/{row.id}/decline", {"reason": reason})
    assert done.status_code == 303
    assert report(runtime, row.id).status == "declined"
    web.get("/lacak")
    page = web.post("/lacak", {"code": format_code(row.code), "digits": "7890"})
    assert reason in page.text


def test_merging_links_an_open_case_of_the_area(
    web: Web, runtime: Runtime, world: World, cases: Cases
) -> None:
    case_id = cases.report()
    with runtime.sessions() as session:
        reference = session.get(Case, case_id).reference  # type: ignore[union-attr]
    row = submitted(runtime, world)
    web.login_as("officer")
    wrong = web.post(f"/laporan/{row.id}/merge", {"reference": "SGK/NOWHERE/2026/9999"})
    assert wrong.status_code == 422
    assert "Tidak ada perkara dengan nomor ini" in (field_error(wrong.text, "reference") or "")
    merged = web.post(f"/laporan/{row.id}/merge", {"reference": reference.lower()})
    assert merged.status_code == 303
    assert merged.headers["location"] == f"/cases/{case_id}"
    assert (report(runtime, row.id).status, report(runtime, row.id).case_id) == (
        "merged",
        case_id,
    )


def test_two_officers_deciding_at_the_same_moment_decide_it_once(
    runtime: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The supervisor declines the report while the officer is half-way through accepting
    it (read as new, case being made). On PostgreSQL the decline commits in that gap and the
    officer's write must then find the report decided; on SQLite the decline waits for the
    officer's lock and then finds it accepted. Either way: one decision, one chain, no
    orphan case."""
    row = submitted(runtime, world)
    rivals: list[Future[object]] = []

    def decline() -> object:
        with runtime.sessions.begin() as session:
            triage = TriageService(runtime.case_service(session))
            reason = Decline(reason="Sudah dimusyawarahkan di balai desa kemarin.")
            try:
                return triage.decline(world.actor("supervisor"), row.id, reason).status
            except Conflict as exc:
                return exc

    def accept() -> object:
        with runtime.sessions.begin() as session:
            cases = runtime.case_service(session)
            make_case = cases.report

            def while_the_rival_decides(actor: Actor, data: CaseCreate, **how: bool) -> Case:
                rivals.append(pool.submit(decline))
                with contextlib.suppress(Pending):
                    rivals[0].result(timeout=1.0)  # SQLite: still waiting for our write lock
                return make_case(actor, data, **how)

            monkeypatch.setattr(cases, "report", while_the_rival_decides)
            try:
                return TriageService(cases).accept(world.actor("officer"), row.id).id
            except Conflict as exc:
                return exc

    with ThreadPoolExecutor(1) as pool:
        first = accept()
        second = rivals[0].result(timeout=30)
    decided = report(runtime, row.id)
    if runtime.settings.database_url.startswith("postgresql"):
        assert isinstance(first, Conflict), "the officer's late write must find it declined"
        assert second == decided.status == "declined"
        assert decided.case_id is None
    else:
        assert isinstance(second, Conflict)
        assert first == decided.case_id
        assert decided.status == "accepted"
    with runtime.sessions() as session:
        triggers = session.scalars(
            select(ReportEvent.trigger).where(ReportEvent.report_id == row.id)
        ).all()
        cases_made = session.scalars(select(Case.id)).all()
        assert not [problem for _, problems in verify_reports(session) for problem in problems]
    assert len(triggers) == 2
    assert cases_made == ([decided.case_id] if decided.case_id else [])


def test_a_report_is_decided_once_and_every_decision_is_chained(
    web: Web, runtime: Runtime, world: World
) -> None:
    row = submitted(runtime, world)
    web.login_as("officer")
    assert web.post(f"/laporan/{row.id}/accept", {}).status_code == 303
    again = web.post(f"/laporan/{row.id}/decline", {"reason": "Sudah ditangani sebagai perkara."})
    assert again.status_code == 409
    assert "sudah diputuskan" in again.text
    with runtime.sessions() as session:
        events = list(
            session.scalars(
                select(ReportEvent).where(ReportEvent.report_id == row.id).order_by(ReportEvent.seq)
            )
        )
    assert [(e.seq, e.trigger, e.to_status) for e in events] == [
        (1, "report.submitted", "new"),
        (2, "report.accepted", "accepted"),
    ]
    previous = GENESIS
    for e in events:
        assert e.prev_hash == previous
        assert e.hash == event_hash(
            case_id=e.report_id,
            seq=e.seq,
            actor_id=e.actor_id,
            actor_name=e.actor_name,
            actor_role=e.actor_role,
            trigger=e.trigger,
            from_state=e.from_status,
            to_state=e.to_status,
            payload=e.payload,
            created_at=e.created_at,
            prev_hash=e.prev_hash,
        )
        previous = e.hash


def test_a_correction_is_a_new_note_and_the_report_stays_as_sent(
    web: Web, runtime: Runtime, world: World
) -> None:
    row = submitted(runtime, world)
    web.login_as("officer")
    assert web.post(f"/laporan/{row.id}/accept", {}).status_code == 303
    note = "Pelapor menelepon: patoknya di RT 03, bukan RT 02."
    noted = web.post(f"/laporan/{row.id}/notes", {"text": note})
    assert noted.status_code == 303
    assert noted.headers["location"] == f"/laporan/{row.id}#history"
    after = report(runtime, row.id)
    assert (after.what, after.place, after.status) == (row.what, row.place, "accepted")
    with runtime.sessions() as session:
        events = list(
            session.scalars(
                select(ReportEvent).where(ReportEvent.report_id == row.id).order_by(ReportEvent.seq)
            )
        )
        assert not [p for _, problems in verify_reports(session) for p in problems]
    assert [(e.trigger, e.from_status, e.to_status) for e in events][-1] == (
        "report.noted",
        "accepted",
        "accepted",
    )
    assert events[-1].payload == {"note": note}
    page = web.get(f"/laporan/{row.id}").text
    assert note in page
    assert "Diterima sebagai perkara" in page
    web.client.cookies.clear()
    web.get("/lacak")
    status = web.post("/lacak", {"code": format_code(row.code), "digits": "7890"})
    assert status.status_code == 200
    assert "RT 03" not in status.text


@pytest.mark.parametrize("text", ["", "ok", "a\x00b catatan", "x" * 2001])
def test_a_bad_note_is_refused_beside_the_field_and_not_written(
    web: Web, runtime: Runtime, world: World, text: str
) -> None:
    row = submitted(runtime, world)
    refused = web.login_as("officer").post(f"/laporan/{row.id}/notes", {"text": text})
    assert refused.status_code == 422
    assert field_error(refused.text, "text")
    with runtime.sessions() as session:
        triggers = session.scalars(
            select(ReportEvent.trigger).where(ReportEvent.report_id == row.id)
        ).all()
    assert triggers == ["report.submitted"]
