"""What time brings, on both backends: a session's reminder the day before (never written in
quiet hours), the morning digests; each once however many rounds run."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select, update

from mediasi.accounts.models import Tokoh, User
from mediasi.notifications.models import Message
from mediasi.notifications.schedule import Schedule
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World

AT = datetime(2026, 5, 4, 9, 0, tzinfo=LOCAL_TZ)  # the session is on 12 May, 09:00 WIB


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    with runtime.sessions.begin() as session:
        session.execute(
            update(Tokoh).where(Tokoh.id == world.tokoh_a1).values(phone="+6281311112222")
        )
        for name, phone in (("officer", "+6281233334444"), ("supervisor", "+6281355556666")):
            session.execute(update(User).where(User.username == name).values(phone=phone))
    return TimedCases(runtime, world)


def run_at(runtime: Runtime, moment: datetime) -> int:
    return Schedule(runtime.sessions, runtime.settings, runtime.workflows, lambda: moment).run()


def of_kind(runtime: Runtime, kind: str, case_id: UUID | None = None) -> list[Message]:
    query = select(Message).where(Message.kind == kind)
    if case_id is not None:
        query = query.where(Message.case_id == case_id)
    with runtime.sessions() as session:
        return list(session.scalars(query.order_by(Message.recipient_name)))


def test_the_day_before_a_session_its_people_are_reminded_once(
    runtime: Runtime, timed: TimedCases
) -> None:
    case_id = timed.mediated(AT)
    assert run_at(runtime, datetime(2026, 5, 10, 10, 0, tzinfo=LOCAL_TZ)) == 0  # two days before
    assert run_at(runtime, datetime(2026, 5, 11, 22, 30, tzinfo=LOCAL_TZ)) == 0  # quiet hours
    assert run_at(runtime, datetime(2026, 5, 11, 10, 0, tzinfo=LOCAL_TZ)) == 3
    assert run_at(runtime, datetime(2026, 5, 11, 16, 0, tzinfo=LOCAL_TZ)) == 0  # once
    reminders = of_kind(runtime, "session_reminder", case_id)
    names = [m.recipient_name for m in reminders]
    assert names == ["Darto Santoso", "KH. Abdul Rohman", "Slamet Wibowo"]
    text = reminders[1].text
    assert "besok" in text
    assert "12 Mei 2026" in text
    assert "09.00 WIB" in text
    assert "Balai desa" in text


def test_the_morning_digest_tells_the_officer_and_the_supervisor_what_their_day_holds(
    runtime: Runtime, timed: TimedCases
) -> None:
    timed.mediated(AT)  # due 18 May (14 days in mediation)
    early = datetime(2026, 5, 20, 6, 30, tzinfo=LOCAL_TZ)
    assert run_at(runtime, early) == 0  # digests go out from 07:00
    # The officer, the Polsek's supervisor and the Polres's (whose area holds the desa too).
    assert run_at(runtime, early + timedelta(hours=2)) == 3
    assert run_at(runtime, early + timedelta(hours=5)) == 0  # one a day
    [officer] = of_kind(runtime, "officer_digest")
    assert officer.address == "+6281233334444"
    assert "0 perkara jatuh tempo hari ini, 1 lewat tenggat, 0 sesi hari ini" in officer.text
    polres, supervisor = of_kind(runtime, "supervisor_digest")
    assert polres.status == "suppressed"  # no number on record
    assert supervisor.address == "+6281355556666"
    assert "0 eskalasi menunggu, 1 perkara lewat tenggat" in supervisor.text
    assert run_at(runtime, datetime(2026, 5, 21, 8, 0, tzinfo=LOCAL_TZ)) == 3  # the next day


def test_once_the_days_digests_are_queued_a_round_does_not_count_the_day_again(
    runtime: Runtime, timed: TimedCases, statements: list[str]
) -> None:
    """The in-app worker runs a round every few seconds all day. After the morning's digests,
    a round counts nobody's cases: not of those whose digest is queued, nor, for ten minutes,
    of those whose day held nothing; then those are counted again."""
    timed.mediated(AT)
    moment = [datetime(2026, 5, 20, 6, 30, tzinfo=LOCAL_TZ)]  # before 07:00: no digest work
    schedule = Schedule(
        runtime.sessions, runtime.settings, runtime.workflows, lambda: moment[0], days_seen={}
    )
    statements.clear()
    assert schedule.run() == 0
    before_the_hour = len(statements)

    moment[0] = datetime(2026, 5, 20, 8, 30, tzinfo=LOCAL_TZ)
    assert schedule.run() == 3  # the officer and two supervisors; two others' days are empty
    statements.clear()
    moment[0] += timedelta(minutes=9)
    assert schedule.run() == 0
    assert len(statements) == before_the_hour, "\n".join(s[:150] for s in statements)

    statements.clear()
    moment[0] += timedelta(minutes=1)
    assert schedule.run() == 0
    counted = [s for s in statements if s.lower().startswith("select count(")]
    assert len(counted) == 2 * 2  # the two empty days, counted again: cases, then sessions


def test_a_day_with_nothing_in_it_sends_no_digest(runtime: Runtime, timed: TimedCases) -> None:
    timed.mediated(AT)
    assert run_at(runtime, datetime(2026, 5, 5, 8, 0, tzinfo=LOCAL_TZ)) == 0


def test_a_moved_session_is_reminded_the_day_before_its_new_date(
    runtime: Runtime, timed: TimedCases
) -> None:
    case_id = timed.mediated(AT)
    timed.move_session(case_id, AT, datetime(2026, 5, 15, 14, 0), "Masjid Al-Ikhlas")
    assert run_at(runtime, datetime(2026, 5, 11, 10, 0, tzinfo=LOCAL_TZ)) == 0  # the old eve
    assert run_at(runtime, datetime(2026, 5, 14, 10, 0, tzinfo=LOCAL_TZ)) == 3
    for reminder in of_kind(runtime, "session_reminder", case_id):
        assert "15 Mei 2026" in reminder.text
        assert "14.00 WIB" in reminder.text
        assert "Masjid Al-Ikhlas" in reminder.text
