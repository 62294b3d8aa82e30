"""The case service against a real database (SQLite and PostgreSQL): reporting, firing
transitions, parties and tokoh, optimistic locking and who sees which case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area
from mediasi.audit.services import events_of, verify_case
from mediasi.cases.access import desa_in_reach, visible_cases
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.schemas import PartyInput, TokohInvite
from mediasi.cases.services import CaseService
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound, StaleVersion
from mediasi.runtime import Runtime
from mediasi.workflow.errors import GuardFailed
from tests.factories import PAYLOADS, FixedClock, World, _area, _user

# A Friday morning in WIB (09:00 local), away from Indonesian public holidays.
FRIDAY = datetime(2026, 5, 8, 2, 0, tzinfo=UTC)


@contextmanager
def service_in(runtime: Runtime, clock: FixedClock | None = None) -> Iterator[CaseService]:
    """One transaction, as a request or a CLI command has it."""
    with runtime.sessions.begin() as session:
        if clock is None:
            yield runtime.case_service(session)
        else:
            yield runtime.case_service(session, clock=clock)


def report(runtime: Runtime, world: World, actor: str = "officer", **overrides: Any) -> Case:
    with service_in(runtime, overrides.pop("clock", None)) as service:
        return service.report(world.actor(actor), world.report(**overrides))


def stored(runtime: Runtime, case_id: UUID) -> tuple[Case, list[Event]]:
    """The case row and its events as another transaction sees them."""
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case, events_of(session, case_id)


def event_count(runtime: Runtime, case_id: UUID | None = None) -> int:
    with runtime.sessions() as session:
        query = select(func.count()).select_from(Event)
        if case_id is not None:
            query = query.where(Event.case_id == case_id)
        return session.execute(query).scalar_one()


# ---- report -------------------------------------------------------------------------------


def test_reference_numbers_count_per_polsek_and_year(runtime: Runtime, world: World) -> None:
    clock = FixedClock(FRIDAY)
    a1 = report(runtime, world, clock=clock)
    a2 = report(runtime, world, clock=clock, desa=world.desa_a2)
    b1 = report(runtime, world, "officer_b", clock=clock, desa=world.desa_b1)
    a3 = report(runtime, world, clock=clock)

    assert [a1.reference, a2.reference, a3.reference] == [
        "MED/KEPANJEN/2026/0001",
        "MED/KEPANJEN/2026/0002",
        "MED/KEPANJEN/2026/0003",
    ]
    assert b1.reference == "MED/PAKISAJI/2026/0001"
    assert (a3.polsek_id, a3.year, a3.number) == (world.polsek_a, 2026, 3)


def test_a_complaint_has_its_own_prefix_and_shares_the_numbering(
    runtime: Runtime, world: World
) -> None:
    clock = FixedClock(FRIDAY)
    first = report(runtime, world, clock=clock)
    complaint = report(
        runtime,
        world,
        clock=clock,
        workflow="pengaduan",
        category="ketertiban",
        parties=[PartyInput(role="complainant", name="Sumarni")],
    )
    after = report(runtime, world, clock=clock)
    assert first.reference == "MED/KEPANJEN/2026/0001"
    assert complaint.reference == "ADU/KEPANJEN/2026/0002"
    assert complaint.workflow == "pengaduan"
    assert after.reference == "MED/KEPANJEN/2026/0003"


def test_the_year_is_the_local_year_and_numbering_restarts_with_it(
    runtime: Runtime, world: World
) -> None:
    # 2025-12-31 17:30 UTC is already 2026-01-01 00:30 in WIB.
    old = report(runtime, world, clock=FixedClock(datetime(2025, 12, 31, 16, 0, tzinfo=UTC)))
    new = report(runtime, world, clock=FixedClock(datetime(2025, 12, 31, 17, 30, tzinfo=UTC)))
    assert old.reference == "MED/KEPANJEN/2025/0001"
    assert new.reference == "MED/KEPANJEN/2026/0001"


def test_a_report_starts_in_the_initial_state_with_its_deadline(
    runtime: Runtime, world: World
) -> None:
    case = report(runtime, world, clock=FixedClock(FRIDAY))
    row, events = stored(runtime, case.id)
    assert row.state == "reported"
    assert not row.is_final
    assert row.state_entered_at == FRIDAY
    # '2 working days' from Friday 09:00 WIB is Tuesday 09:00 WIB.
    assert row.due_at == datetime(2026, 5, 12, 2, 0, tzinfo=UTC)
    assert row.assigned_officer_id == world.actor("officer").id
    # The report, then one event per party; the version is the last event's number.
    assert [e.trigger for e in events] == ["case.reported", "party.added", "party.added"]
    assert [e.seq for e in events] == [1, 2, 3]
    assert row.version == 3
    assert events[0].from_state is None
    assert events[0].to_state == "reported"
    assert events[0].payload["case"]["title"] == "Sengketa batas sawah"


def test_a_supervisor_reports_for_the_officer_holding_the_desa(
    runtime: Runtime, world: World
) -> None:
    case = report(runtime, world, "supervisor", desa=world.desa_a2)
    row, events = stored(runtime, case.id)
    assert row.assigned_officer_id == world.actor("officer").id
    assert events[0].actor_name == "supervisor"
    assert events[0].actor_role == "supervisor"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "pencurian_berat"}, "category"),
        ({"workflow": "pengaduan", "category": "batas_tanah"}, "category"),
        ({"workflow": "tilang"}, "workflow"),
        ({"desa_id": uuid4()}, "desa_id"),
    ],
    ids=["unknown-category", "category-of-other-workflow", "unknown-workflow", "unknown-desa"],
)
def test_a_bad_report_names_the_field_and_writes_nothing(
    runtime: Runtime, world: World, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(FieldErrors) as caught, service_in(runtime) as service:
        service.report(world.actor("officer"), world.report(**overrides))
    assert list(caught.value.errors) == [field]
    assert event_count(runtime) == 0


@pytest.mark.parametrize(
    ("actor", "desa"),
    [("officer", "desa_b1"), ("officer_b", "desa_a1"), ("supervisor_b", "desa_a2")],
)
def test_a_desa_outside_the_reporters_area_is_refused(
    runtime: Runtime, world: World, actor: str, desa: str
) -> None:
    with pytest.raises(FieldErrors) as caught, service_in(runtime) as service:
        service.report(world.actor(actor), world.report(desa=getattr(world, desa)))
    assert list(caught.value.errors) == ["desa_id"]
    assert event_count(runtime) == 0


def test_an_area_that_is_not_a_desa_is_refused(runtime: Runtime, world: World) -> None:
    with pytest.raises(FieldErrors) as caught, service_in(runtime) as service:
        service.report(world.actor("polres_supervisor"), world.report(desa=world.polsek_a))
    assert list(caught.value.errors) == ["desa_id"]


@pytest.mark.parametrize("actor", ["tokoh", "admin"])
def test_a_tokoh_or_admin_cannot_report(runtime: Runtime, world: World, actor: str) -> None:
    with pytest.raises(Forbidden), service_in(runtime) as service:
        service.report(world.actor(actor), world.report())
    assert event_count(runtime) == 0


# ---- fire ---------------------------------------------------------------------------------


def test_each_transition_writes_exactly_one_event(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    clock = FixedClock(FRIDAY)
    case = report(runtime, world, clock=clock)
    before = case.version

    entered = clock.advance(timedelta(hours=3))
    with service_in(runtime, clock) as service:
        moved = service.fire(case.id, "assess", officer, PAYLOADS["assess"], before)
        assert moved.version == before + 1

    row, events = stored(runtime, case.id)
    assert len(events) == before + 1
    last = events[-1]
    assert last.seq == row.version == before + 1
    assert (last.trigger, last.from_state, last.to_state) == ("assess", "reported", "assessed")
    assert last.payload == PAYLOADS["assess"]
    assert (last.actor_id, last.actor_name, last.actor_role) == (officer.id, "officer", "officer")
    assert last.created_at == entered
    assert last.prev_hash == events[-2].hash
    # The field declared with case_field lands on the row.
    assert row.risk_level == "sedang"
    # Entering 'assessed' (7 days) recomputes the due time from the moment of entry.
    assert row.state == "assessed"
    assert row.state_entered_at == entered
    assert row.due_at == entered + timedelta(days=7)


def test_the_due_time_follows_each_state_and_a_final_state_has_none(
    runtime: Runtime, world: World
) -> None:
    officer, supervisor = world.actor("officer"), world.actor("supervisor")
    clock = FixedClock(FRIDAY)
    case = report(runtime, world, clock=clock)
    steps = [
        ("assess", officer, timedelta(days=7)),
        ("escalate", officer, None),  # 3 working days: checked below
        ("accept_escalation", supervisor, None),
    ]
    for trigger, actor, deadline in steps:
        clock.advance(timedelta(days=1))
        with service_in(runtime, clock) as service:
            case = service.fire(case.id, trigger, actor, PAYLOADS[trigger], case.version)
        row, _ = stored(runtime, case.id)
        if deadline is not None:
            assert row.due_at == clock.now + deadline
    row, events = stored(runtime, case.id)
    assert row.state == "referred"
    assert row.is_final
    assert row.due_at is None
    assert [e.to_state for e in events[-3:]] == ["assessed", "escalated", "referred"]
    with runtime.sessions() as session:
        assert verify_case(session, row, runtime.workflows.registry).ok


def test_entering_a_working_day_deadline_skips_the_weekend(runtime: Runtime, world: World) -> None:
    clock = FixedClock(datetime(2026, 5, 5, 2, 0, tzinfo=UTC))  # Tuesday 09:00 WIB
    case = report(runtime, world, clock=clock)
    clock.now = FRIDAY
    with service_in(runtime, clock) as service:
        service.fire(
            case.id, "escalate", world.actor("officer"), PAYLOADS["escalate"], case.version
        )
    row, _ = stored(runtime, case.id)
    # 3 working days from Friday 09:00 WIB: Monday, Tuesday, Wednesday.
    assert row.due_at == datetime(2026, 5, 13, 2, 0, tzinfo=UTC)


def test_a_failed_guard_writes_nothing(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    only_complainant = [PartyInput(role="complainant", name="Darto Santoso")]
    case = report(runtime, world, parties=only_complainant)
    events_before = event_count(runtime, case.id)

    with service_in(runtime) as service:
        # Caught inside the transaction, which then commits: nothing must have been staged.
        with pytest.raises(GuardFailed) as caught:
            service.fire(case.id, "assess", officer, PAYLOADS["assess"], case.version)
        assert caught.value.guards == ["has_parties"]

    row, events = stored(runtime, case.id)
    assert len(events) == events_before
    assert row.version == case.version
    assert row.state == "reported"
    assert row.risk_level is None


def test_bad_fields_write_nothing(runtime: Runtime, world: World) -> None:
    case = report(runtime, world)
    with service_in(runtime) as service:
        with pytest.raises(FieldErrors) as caught:
            service.fire(
                case.id, "assess", world.actor("officer"), {"risk_level": "gawat"}, case.version
            )
        assert set(caught.value.errors) == {"assessment", "risk_level"}
    row, events = stored(runtime, case.id)
    assert (row.version, row.state, len(events)) == (case.version, "reported", case.version)


def test_a_final_case_refuses_every_change(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    case = report(runtime, world)
    with service_in(runtime) as service:
        case = service.fire(case.id, "withdraw", officer, PAYLOADS["withdraw"], case.version)
    assert case.is_final
    assert case.due_at is None

    party = PartyInput(role="witness", name="Pak Lurah")
    attempts = [
        lambda s: s.fire(case.id, "assess", officer, PAYLOADS["assess"], case.version),
        lambda s: s.fire(case.id, "assess", officer, PAYLOADS["assess"]),
        lambda s: s.add_party(case.id, officer, party, case.version),
        lambda s: s.invite_tokoh(
            case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1), case.version
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Conflict) as caught, service_in(runtime) as service:
            attempt(service)
        assert type(caught.value) is Conflict
        assert "closed" in caught.value.text("en")
    row, events = stored(runtime, case.id)
    assert (row.version, len(events), row.state) == (case.version, case.version, "withdrawn")


def test_a_role_not_named_by_the_transition_is_refused(runtime: Runtime, world: World) -> None:
    case = report(runtime, world)
    with pytest.raises(Forbidden), service_in(runtime) as service:
        service.fire(case.id, "assess", world.actor("supervisor"), PAYLOADS["assess"], case.version)
    assert event_count(runtime, case.id) == case.version


# ---- optimistic locking (one writer at a time; see test_concurrency for real races) ---------


def test_an_old_expected_version_is_stale_and_writes_nothing(
    runtime: Runtime, world: World
) -> None:
    officer = world.actor("officer")
    case = report(runtime, world)
    seen = case.version
    with service_in(runtime) as service:
        service.add_party(case.id, officer, PartyInput(role="witness", name="Pak RT"), seen)

    with pytest.raises(StaleVersion) as caught, service_in(runtime) as service:
        service.fire(case.id, "assess", officer, PAYLOADS["assess"], seen)
    assert (caught.value.expected, caught.value.current) == (seen, seen + 1)
    assert case.reference in caught.value.text("en")

    row, events = stored(runtime, case.id)
    assert (row.version, row.state, len(events)) == (seen + 1, "reported", seen + 1)


def test_every_writing_method_checks_the_expected_version(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    case = report(runtime, world)
    with service_in(runtime) as service:
        party_id = service.add_party(
            case.id, officer, PartyInput(role="witness", name="Pak RT"), case.version
        ).id
    old = case.version  # one behind now
    attempts = [
        lambda s: s.add_party(case.id, officer, PartyInput(role="victim", name="Bu Tini"), old),
        lambda s: s.update_party(
            case.id, party_id, officer, PartyInput(role="witness", name="Pak RW"), old
        ),
        lambda s: s.remove_party(case.id, party_id, officer, old),
        lambda s: s.invite_tokoh(case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1), old),
    ]
    for attempt in attempts:
        with pytest.raises(StaleVersion), service_in(runtime) as service:
            attempt(service)
    assert event_count(runtime, case.id) == old + 1


# ---- parties and tokoh --------------------------------------------------------------------


def test_party_and_tokoh_changes_each_append_one_event(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    case = report(runtime, world)
    version = case.version

    def step(expected_trigger: str, act: Any) -> Any:
        nonlocal version
        with service_in(runtime) as service:
            result = act(service)
        row, events = stored(runtime, case.id)
        assert row.version == version + 1
        assert len(events) == version + 1
        assert events[-1].trigger == expected_trigger
        assert events[-1].from_state == events[-1].to_state == "reported"
        version += 1
        return result

    witness = step(
        "party.added",
        lambda s: s.add_party(
            case.id,
            officer,
            PartyInput(role="witness", name="Pak RT", phone="0812 3456 7890"),
            version,
        ),
    )
    step(
        "party.updated",
        lambda s: s.update_party(
            case.id, witness.id, officer, PartyInput(role="witness", name="Pak RW"), version
        ),
    )
    link = step(
        "tokoh.invited",
        lambda s: s.invite_tokoh(
            case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1, role="mediator"), version
        ),
    )
    assert link.role == "mediator"
    step("party.removed", lambda s: s.remove_party(case.id, witness.id, officer, version))
    step("tokoh.removed", lambda s: s.remove_tokoh(case.id, world.tokoh_a1, officer, version))

    with runtime.sessions() as session:
        names = set(session.scalars(select(Party.name).where(Party.case_id == case.id)))
        assert names == {"Darto Santoso", "Slamet Wibowo"}
        links = session.scalars(select(CaseTokoh).where(CaseTokoh.case_id == case.id)).all()
        assert links == []
        events = events_of(session, case.id)
        assert events[3].payload["party"]["phone"] == "+6281234567890"
        assert events[4].payload["party"]["name"] == "Pak RW"
        row = session.get(Case, case.id)
        assert row is not None
        assert verify_case(session, row, runtime.workflows.registry).ok


def test_a_tokoh_of_another_desa_cannot_be_invited(runtime: Runtime, world: World) -> None:
    case = report(runtime, world)
    invite = TokohInvite(tokoh_id=world.tokoh_b1)
    with pytest.raises(FieldErrors) as caught, service_in(runtime) as service:
        service.invite_tokoh(case.id, world.actor("officer"), invite, case.version)
    assert list(caught.value.errors) == ["tokoh_id"]
    unknown = TokohInvite(tokoh_id=uuid4())
    with pytest.raises(FieldErrors) as caught, service_in(runtime) as service:
        service.invite_tokoh(case.id, world.actor("officer"), unknown, case.version)
    assert list(caught.value.errors) == ["tokoh_id"]
    assert event_count(runtime, case.id) == case.version


def test_a_tokoh_cannot_be_invited_twice(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    case = report(runtime, world)
    with service_in(runtime) as service:
        service.invite_tokoh(case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1), case.version)
    with pytest.raises(FieldErrors) as caught, service_in(runtime) as service:
        service.invite_tokoh(
            case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1, role="witness"), case.version + 1
        )
    assert list(caught.value.errors) == ["tokoh_id"]
    assert event_count(runtime, case.id) == case.version + 1


def test_a_party_of_another_case_is_not_found(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    first = report(runtime, world)
    second = report(runtime, world)
    with service_in(runtime) as service:
        party_id = service.session.scalars(
            select(Party.id).where(Party.case_id == first.id).limit(1)
        ).one()
    with pytest.raises(NotFound), service_in(runtime) as service:
        service.remove_party(second.id, party_id, officer, second.version)
    assert event_count(runtime, second.id) == second.version


# ---- scope --------------------------------------------------------------------------------


def visible(session: Session, actor: Actor) -> set[UUID]:
    return set(session.scalars(select(Case.id).where(visible_cases(actor))))


@pytest.fixture
def spread(runtime: Runtime, world: World) -> dict[str, UUID]:
    """One case in each desa; the one in A1 has the tokoh with a login invited."""
    cases = {
        "a1": report(runtime, world, desa=world.desa_a1).id,
        "a1_plain": report(runtime, world, desa=world.desa_a1).id,
        "a2": report(runtime, world, desa=world.desa_a2).id,
        "b1": report(runtime, world, "officer_b", desa=world.desa_b1).id,
    }
    with service_in(runtime) as service:
        case = service.get(cases["a1"], world.actor("officer"))
        service.invite_tokoh(
            case.id, world.actor("officer"), TokohInvite(tokoh_id=world.tokoh_a1), case.version
        )
    return cases


@pytest.mark.parametrize(
    ("actor", "sees"),
    [
        ("officer", {"a1", "a1_plain", "a2"}),
        ("officer_b", {"b1"}),
        ("supervisor", {"a1", "a1_plain", "a2"}),
        ("supervisor_b", {"b1"}),
        ("polres_supervisor", {"a1", "a1_plain", "a2", "b1"}),
        ("tokoh", {"a1"}),
        ("admin", set()),
    ],
)
def test_each_actor_sees_only_the_cases_in_reach(
    runtime: Runtime, world: World, spread: dict[str, UUID], actor: str, sees: set[str]
) -> None:
    who = world.actor(actor)
    with service_in(runtime) as service:
        assert visible(service.session, who) == {spread[name] for name in sees}
        for name, case_id in spread.items():
            if name in sees:
                assert service.get(case_id, who).id == case_id
            else:
                with pytest.raises(NotFound):
                    service.get(case_id, who)


@pytest.mark.parametrize(
    ("watched", "other"),
    [
        ("KEPANJEN", "KEPANJENAN"),
        pytest.param("KEP_A", "KEPXA"),
        pytest.param("KEP%", "KEPOK"),
        ("KEPANJEN", "kepanjen"),
    ],
    ids=["longer-name", "underscore-wildcard", "percent-wildcard", "other-case"],
)
def test_supervisor_scope_is_the_subtree_not_a_name_pattern(
    request: pytest.FixtureRequest, runtime: Runtime, world: World, watched: str, other: str
) -> None:
    """A supervisor's scope is a path prefix; a sibling whose path merely matches it as a
    pattern (a longer name, LIKE wildcards in an area code, or only differs in letter case)
    must stay out of sight."""
    with runtime.sessions.begin() as session:
        polres = session.get(Area, world.polres)
        assert polres is not None
        polsek = {
            code: session.get(Area, world.polsek_a)
            if code == "KEPANJEN"
            else _area(session, code, "polsek", polres)
            for code in (watched, other)
        }
        desa = _area(session, f"DESA-{other}", "desa", polsek[other])
        supervisor = Actor.of(_user(session, f"sup-{watched}", "supervisor", polsek[watched]))
        polres_supervisor = world.actor("polres_supervisor")
        desa_id = desa.id
    case = report(runtime, world, "polres_supervisor", desa=desa_id)
    with runtime.sessions() as session:
        assert case.id not in visible(session, supervisor)
        assert case.id in visible(session, polres_supervisor)
        assert desa_id not in {d.id for d in desa_in_reach(session, supervisor)}


def test_an_out_of_scope_case_cannot_be_changed(
    runtime: Runtime, world: World, spread: dict[str, UUID]
) -> None:
    target = spread["b1"]
    with pytest.raises(NotFound), service_in(runtime) as service:
        service.fire(target, "assess", world.actor("officer"), PAYLOADS["assess"])
    with pytest.raises(NotFound), service_in(runtime) as service:
        service.add_party(
            target, world.actor("supervisor"), PartyInput(role="witness", name="Pak RT"), 3
        )
    with pytest.raises(Forbidden), service_in(runtime) as service:
        service.fire(spread["a1"], "assess", world.actor("tokoh"), PAYLOADS["assess"])
    with runtime.sessions() as session:
        versions = {row.id: row.version for row in session.execute(select(Case.id, Case.version))}
    assert versions[target] == 3
    assert versions[spread["a1"]] == 4
