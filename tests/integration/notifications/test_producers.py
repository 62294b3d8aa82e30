"""Who hears what, through the real workflow steps on both backends: the tokoh, the parties,
the reporter, the officer and the supervisor, each once, with no NIK, address or description."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest
from sqlalchemy import select, update

from mediasi.accounts.models import Tokoh, User
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.errors import MediasiError
from mediasi.intake.models import PublicReport
from mediasi.notifications import audience
from mediasi.notifications.models import QUEUED, SUPPRESSED, Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.producers import _Teller
from mediasi.runtime import Runtime
from tests.factories import TimedCases, World

AT = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)  # 09:00 WIB, outside quiet hours


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    with runtime.sessions.begin() as session:
        session.execute(
            update(Tokoh).where(Tokoh.id == world.tokoh_a1).values(phone="+6281311112222")
        )
        session.execute(
            update(User).where(User.username == "officer").values(phone="+6281233334444")
        )
        session.execute(
            update(User).where(User.username == "supervisor").values(phone="+6281355556666")
        )
    return TimedCases(runtime, world)


def sent(runtime: Runtime, case_id: UUID, kind: str) -> list[Message]:
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Message)
                .where(Message.case_id == case_id, Message.kind == kind)
                .order_by(Message.created_at, Message.recipient_name)
            )
        )


def reference(runtime: Runtime, case_id: UUID) -> str:
    with runtime.sessions() as session:
        return session.get(Case, case_id).reference  # type: ignore[union-attr]


def test_a_scheduled_session_tells_the_tokoh_and_every_party_date_time_and_place(
    runtime: Runtime, timed: TimedCases
) -> None:
    case_id = timed.mediated(AT, reporter_phone="081299990000")
    messages = sent(runtime, case_id, "session_scheduled")
    by_name = {m.recipient_name: m for m in messages}
    assert set(by_name) == {"KH. Abdul Rohman", "Darto Santoso", "Slamet Wibowo"}
    tokoh, respondent = by_name["KH. Abdul Rohman"], by_name["Slamet Wibowo"]
    assert (tokoh.status, tokoh.address) == (QUEUED, "+6281311112222")
    assert (respondent.status, respondent.address) == (QUEUED, "+6281234567890")
    for text in (tokoh.text, respondent.text):
        assert reference(runtime, case_id) in text
        assert "12 Mei 2026" in text
        assert "09.00 WIB" in text
        assert "Balai desa" in text
        assert "3507010101010001" not in text
        assert "Patok" not in text
    # The complainant has no number: the log says so instead of pretending.
    assert by_name["Darto Santoso"].status == SUPPRESSED


def test_the_tokoh_hears_of_the_invitation_and_the_reporter_of_each_state(
    runtime: Runtime, timed: TimedCases
) -> None:
    case_id = timed.mediated(AT, reporter_phone="081299990000")
    [invited] = sent(runtime, case_id, "tokoh_invited")
    assert invited.recipient_name == "KH. Abdul Rohman"
    assert "penengah" in invited.text
    assert "KH. Abdul Rohman" in invited.text  # the name is kept whole; the SMS-length text
    assert "127.0.0.1:8000" in invited.text  # gives the site's address instead of the page's
    assert invited.params["link"].endswith(f"/cases/{case_id}")  # WhatsApp has the page
    # The officer took the report at the post: one message gives the case's number and the
    # tracking code of the report on record.
    assert sent(runtime, case_id, "report_received") == []
    [received] = sent(runtime, case_id, "report_received_tracked")
    assert received.address == "+6281299990000"
    with runtime.sessions() as session:
        [report] = session.scalars(select(PublicReport).where(PublicReport.case_id == case_id))
    assert (report.source, report.status) == ("walk_in", "accepted")
    assert reference(runtime, case_id) in received.text
    assert report.tracking_code in received.text
    assert "/lacak" in received.params["link"]
    states = [m.text for m in sent(runtime, case_id, "state_changed")]
    assert [s.rsplit(": ", 1)[1] for s in states] == ["Dinilai.", "Dalam mediasi."]


def test_an_escalation_waits_for_the_nearest_supervisor_and_its_return_tells_the_officer(
    runtime: Runtime, timed: TimedCases
) -> None:
    case_id = timed.escalated(AT)
    [waiting] = sent(runtime, case_id, "escalation_waiting")
    assert waiting.recipient_name == "Supervisor"  # the Polsek's, not the Polres's
    assert waiting.address == "+6281355556666"
    assert f"/cases/{case_id}" in waiting.text
    timed.fire(case_id, "return_escalation", AT, by="supervisor")
    [returned] = sent(runtime, case_id, "escalation_returned")
    assert (returned.recipient_name, returned.address) == ("Officer", "+6281233334444")
    assert "Coba mediasi" not in returned.text  # the instructions stay in the app


def test_with_no_active_supervisor_at_the_polsek_the_escalation_waits_for_the_polres(
    runtime: Runtime, timed: TimedCases
) -> None:
    with runtime.sessions.begin() as session:
        session.execute(update(User).where(User.username == "supervisor").values(is_active=False))
    case_id = timed.escalated(AT)
    [waiting] = sent(runtime, case_id, "escalation_waiting")
    assert waiting.recipient_name == "Polres_Supervisor"


def test_a_step_that_is_refused_queues_nothing(runtime: Runtime, timed: TimedCases) -> None:
    case_id = timed.report(AT, reporter_phone="081299990000")
    before = len(sent(runtime, case_id, "state_changed"))
    with pytest.raises(MediasiError):
        timed.fire(case_id, "schedule_mediation", AT)  # not from 'reported'
    assert len(sent(runtime, case_id, "state_changed")) == before == 0


def test_moving_a_session_before_it_is_held_tells_everyone_the_new_time_and_place(
    runtime: Runtime, timed: TimedCases
) -> None:
    case_id = timed.mediated(AT)
    timed.move_session(case_id, AT, datetime(2026, 5, 15, 14, 0), "Masjid Al-Ikhlas")
    moved = {m.recipient_name: m for m in sent(runtime, case_id, "session_moved")}
    assert set(moved) == {"KH. Abdul Rohman", "Darto Santoso", "Slamet Wibowo"}
    text = moved["KH. Abdul Rohman"].text
    assert moved["KH. Abdul Rohman"].status == QUEUED
    assert "15 Mei 2026" in text
    assert "14.00 WIB" in text
    assert "Masjid Al-Ikhlas" in text
    assert "12 Mei" not in text
    # Scheduled once, moved once: the first invitation is not sent again.
    assert len(sent(runtime, case_id, "session_scheduled")) == 3


def test_someone_listed_twice_for_one_step_is_told_once(
    runtime: Runtime, timed: TimedCases
) -> None:
    """A step's messages skip the outbox's lookup of their key (it holds the new event's id):
    a person named twice in one list (an officer who is also the reporter) is told once, not
    refused by the key's uniqueness at the commit."""
    case_id = timed.escalated(AT)
    with runtime.sessions.begin() as session:
        case = session.get(Case, case_id)
        assert case is not None
        event = session.scalars(
            select(Event).where(Event.case_id == case_id).order_by(Event.seq.desc())
        ).first()
        assert event is not None
        officer = audience.officer_of(session, case)
        tell = _Teller(Outbox(session, runtime.settings), case, event)
        tell("escalation_returned", [officer, officer], {"link": "/cases"})
    assert len(sent(runtime, case_id, "escalation_returned")) == 1
