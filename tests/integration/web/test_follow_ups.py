"""Follow-ups on both backends, through the pages: an officer sets one on a case, sees it on the
case page and on home (overdue / today / coming), marks it done or removes it (who and when
kept); a wrong form is answered beside its field and writes nothing; a follow-up is never an
overdue case; it is reminded once on the morning of its day; it moves with a handover."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select, update

from mediasi.accounts.models import User
from mediasi.cases.event_model import Event
from mediasi.cases.queries import CaseQueries
from mediasi.db.base import utcnow
from mediasi.followups.models import DONE, OPEN, REMOVED, FollowUp
from mediasi.handover.schemas import HandoverForm
from mediasi.handover.services import HandoverService
from mediasi.notifications.models import Message
from mediasi.notifications.schedule import Schedule
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.integration.handover.conftest import add_officer
from tests.integration.web.conftest import Cases, Db, Web, field_error, section_with
from tests.writes import Watch


def today() -> date:
    return utcnow().astimezone(LOCAL_TZ).date()


def follow_ups(runtime: Runtime, case_id: UUID) -> list[FollowUp]:
    with runtime.sessions() as session:
        query = select(FollowUp).where(FollowUp.case_id == case_id).order_by(FollowUp.due_on)
        return list(session.scalars(query))


def add(web: Web, case_id: UUID, **fields: str) -> object:
    form = {"due_on": today().isoformat(), "note": "Telepon teradu hari Kamis", **fields}
    return web.post(f"/cases/{case_id}/follow-ups", form, htmx=True)


def close(web: Web, case_id: UUID, follow_up_id: UUID, outcome: str) -> Any:
    url = f"/cases/{case_id}/follow-ups/{follow_up_id}/close"
    return web.post(url, {"outcome": outcome}, htmx=True)


def put_row(runtime: Runtime, world: World, case_id: UUID, due_on: date, note: str) -> UUID:
    """A follow-up of the officer's, on any day (the form refuses past days)."""
    officer = world.actor("officer").id
    with runtime.sessions.begin() as session:
        row = FollowUp(
            case_id=case_id,
            owner_id=officer,
            set_by_id=officer,
            due_on=due_on,
            note=note,
            status=OPEN,
        )
        session.add(row)
        session.flush()
        return row.id


def test_an_officer_sets_a_follow_up_and_finds_it_on_the_case_and_at_home(
    web: Web, cases: Cases, runtime: Runtime, world: World, db: Db
) -> None:
    case_id = cases.report()
    version = db.case(case_id).version
    web.login_as("officer")
    response = add(web, case_id, due_time="09:30")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Telepon teradu hari Kamis" in section_with(response.text, 'id="follow-ups"')  # type: ignore[attr-defined]

    [row] = follow_ups(runtime, case_id)
    officer = world.actor("officer").id
    assert (row.owner_id, row.set_by_id, row.due_time) == (officer, officer, time(9, 30))
    assert db.case(case_id).version == version  # no step of the case: the version stays
    put_row(runtime, world, case_id, today() - timedelta(days=2), "Kirim undangan ke RT")
    put_row(runtime, world, case_id, today() + timedelta(days=3), "Cek patok batas")
    put_row(runtime, world, case_id, today() + timedelta(days=30), "Jauh sekali")

    home = web.get("/").text
    section = section_with(home, 'id="home-follow-ups"')
    overdue = section.split("Terlewat")[1].split("Hari ini")[0]
    assert "Kirim undangan ke RT" in overdue
    assert "Telepon teradu hari Kamis" in section.split("Hari ini")[1].split("Akan datang")[0]
    assert "Cek patok batas" in section.split("Akan datang")[1]
    assert "Jauh sekali" not in section  # beyond the coming week
    # A follow-up past its day is not a case past its deadline.
    overdue_cases = section_with(home, 'class="card overdue-card"')
    assert "Tidak ada perkara yang lewat tenggat." in overdue_cases
    with runtime.sessions() as session:
        assert CaseQueries(session).due(world.actor("officer"), utcnow())[1] == []

    # The supervisor of the desa sees the case's follow-ups; a tokoh does not.
    tokoh = web.client.__class__(web.client.app, raise_server_exceptions=False)
    with tokoh:
        other = Web(tokoh).login_as("tokoh")
        page = other.get(f"/cases/{case_id}")
        assert "Telepon teradu" not in page.text


def test_done_and_removed_keep_who_and_when(
    web: Web, cases: Cases, runtime: Runtime, world: World
) -> None:
    case_id = cases.report()
    first = put_row(runtime, world, case_id, today(), "Telepon teradu")
    second = put_row(runtime, world, case_id, today(), "Salah catat")
    web.login_as("supervisor")
    done = close(web, case_id, first, "done")
    assert done.status_code == 200
    removed = close(web, case_id, second, "removed")
    assert removed.status_code == 200
    assert "selesai oleh Supervisor" in removed.text
    assert "dihapus oleh Supervisor" in removed.text

    rows = {r.id: r for r in follow_ups(runtime, case_id)}
    supervisor = world.actor("supervisor").id
    assert (rows[first].status, rows[first].closed_by_id) == (DONE, supervisor)
    assert (rows[second].status, rows[second].closed_by_id) == (REMOVED, supervisor)
    assert rows[first].closed_at is not None

    # Closed once: a second click (an old page) is refused, and nothing changes.
    watch = Watch(runtime)
    again = close(web, case_id, first, "removed")
    assert again.status_code == 409
    assert "sudah ditutup" in again.text
    assert watch.written() == []


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"due_on": "2020-01-01"}, "due_on", "sudah lewat"),
        ({"due_on": "2099-12-31"}, "due_on", "satu tahun"),
        ({"due_on": "99999999-01-01"}, "due_on", "Tanggal tidak sah"),
        ({"due_time": "25:61"}, "due_time", "Jam tidak sah"),
        ({"note": "ab"}, "note", "Terlalu pendek"),
        ({"note": "x" * 201}, "note", "Terlalu panjang"),
        ({"note": "Telepon\x00teradu"}, "note", "karakter yang tidak sah"),
    ],
)
def test_a_wrong_follow_up_is_answered_beside_its_field_and_writes_nothing(
    web: Web,
    cases: Cases,
    runtime: Runtime,
    fields: dict[str, str],
    field: str,
    words: str,
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    response = add(web, case_id, **fields)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert words in (field_error(response.text, field) or "")  # type: ignore[attr-defined]
    assert watch.written() == []


def test_only_those_who_work_the_case_keep_its_follow_ups(
    web: Web, cases: Cases, runtime: Runtime, world: World
) -> None:
    case_id = cases.report()
    row = put_row(runtime, world, case_id, today(), "Telepon teradu")
    web.login_as("officer_b")  # another Polsek: the case does not exist for them
    watch = Watch(runtime)
    assert add(web, case_id).status_code == 404  # type: ignore[attr-defined]
    assert close(web, case_id, row, "done").status_code == 404
    assert watch.written() == []
    # Another case's follow-up through this case's address is not found either.
    other = cases.report()
    web2 = web.client.__class__(web.client.app, raise_server_exceptions=False)
    with web2:
        officer = Web(web2).login_as("officer")
        watch = Watch(runtime)
        assert close(officer, other, row, "done").status_code == 404
        assert close(officer, case_id, row, "<b>").status_code == 422
        assert watch.written() == []


def test_the_officer_is_reminded_once_on_the_morning_of_the_day(
    runtime: Runtime, world: World, cases: Cases
) -> None:
    case_id = cases.report()
    day = today() + timedelta(days=1)
    row = put_row(runtime, world, case_id, day, "Telepon teradu hari Kamis")
    with runtime.sessions.begin() as session:
        session.execute(
            update(User).where(User.username == "officer").values(phone="+6281233334444")
        )

    def run_at(hour: int, on: date = day) -> None:
        moment = datetime.combine(on, time(hour), tzinfo=LOCAL_TZ)
        Schedule(runtime.sessions, runtime.settings, runtime.workflows, lambda: moment).run()

    def reminders() -> list[Message]:
        with runtime.sessions() as session:
            query = select(Message).where(Message.kind == "follow_up_due")
            return list(session.scalars(query))

    run_at(10, on=today())  # the day before
    run_at(6)  # before the morning digest hour
    assert reminders() == []
    run_at(8)
    run_at(11)  # once however many rounds
    [message] = reminders()
    assert message.address == "+6281233334444"
    assert message.recipient_ref == str(world.actor("officer").id)
    assert "Telepon teradu hari Kamis" in message.text
    assert "MED/KEPANJEN/2026/" in message.text
    # Done before its day: no reminder. Nor for an officer with no way to be reached.
    with runtime.sessions.begin() as session:
        session.execute(update(FollowUp).where(FollowUp.id == row).values(status=DONE))
    put_row(runtime, world, case_id, day, "Tanpa nomor")
    with runtime.sessions.begin() as session:
        session.execute(update(User).where(User.username == "officer").values(phone=None))
    run_at(9)
    assert len(reminders()) == 1


def test_open_follow_ups_move_to_the_successor_at_a_handover(
    runtime: Runtime, world: World, cases: Cases
) -> None:
    case_id = cases.report()
    mine = put_row(runtime, world, case_id, today(), "Telepon teradu")
    done = put_row(runtime, world, case_id, today(), "Sudah")
    successor_id = add_officer(runtime, world)
    with runtime.sessions.begin() as session:
        session.execute(update(FollowUp).where(FollowUp.id == done).values(status=DONE))
        HandoverService(runtime.case_service(session), runtime.settings).hand_over(
            world.actor("supervisor"),
            HandoverForm(
                desa_id=world.desa_a1,
                to_officer_id=successor_id,
                reason="Sprint mutasi",
                from_officer_id=world.actor("officer").id,
            ),
        )
    rows = {r.id: r for r in follow_ups(runtime, case_id)}
    assert rows[mine].owner_id == successor_id
    assert rows[mine].set_by_id == world.actor("officer").id  # who set it is kept
    assert rows[done].owner_id == world.actor("officer").id  # a closed one stays as it was
    with runtime.sessions() as session:
        kinds = session.scalars(select(Event.trigger).where(Event.case_id == case_id)).all()
        assert "case.handed_over" in kinds
