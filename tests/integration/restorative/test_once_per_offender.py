"""Once per offender across the deployment (SQLite and PostgreSQL): an offender settled by
restorative justice in one Polsek bars a second settlement in another, and the refusal names
the earlier case by its reference and Polsek only; a settlement that failed no longer counts;
an offender without a NIK is asked for it first."""

from __future__ import annotations

import threading
from uuid import UUID

import pytest
from sqlalchemy import select, update

from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, Party
from mediasi.cases.schemas import PartyInput, TokohInvite
from mediasi.errors import NotFound
from mediasi.runtime import Runtime
from mediasi.workflow.errors import GuardFailed
from mediasi.workflow.guards import EarlierSettlement
from tests.factories import World
from tests.integration.cases.test_service import service_in
from tests.integration.restorative.walk import (
    CLARIFY,
    OFFENDER_NIK,
    agreed,
    checked,
    consent,
    fire,
)

EARLIER_TITLE = "Tabung gas diambil dari warung Bu Darmi"


def _settled_in_polsek_a(runtime: Runtime, world: World) -> Case:
    first = checked(runtime, world, title=EARLIER_TITLE)
    consent(runtime, world, first)
    agreed(runtime, world, first, world.tokoh_a1)
    with runtime.sessions() as session:
        case = session.get(Case, first)
        assert case is not None
        assert case.state == "agreed"
        return case


def _second_in_polsek_b(runtime: Runtime, world: World) -> Case:
    second = checked(
        runtime,
        world,
        by="officer_b",
        desa=world.desa_b1,
        victim="Sri Wahyuni",
        offender="Slamet W.",
    )
    consent(runtime, world, second, by="officer_b")
    with runtime.sessions() as session:
        case = session.get(Case, second)
        assert case is not None
        return case


def _clarify_refused(runtime: Runtime, world: World, case: Case, by: str) -> GuardFailed:
    actor = world.actor(by)
    with service_in(runtime) as service, pytest.raises(GuardFailed) as info:
        service.fire(case.id, "clarify", actor, CLARIFY, service.get(case.id, actor).version)
    return info.value


def test_a_second_settlement_in_another_polsek_is_barred_naming_only_reference_and_polsek(
    runtime: Runtime, world: World
) -> None:
    earlier = _settled_in_polsek_a(runtime, world)
    second = _second_in_polsek_b(runtime, world)
    officer_b = world.actor("officer_b")
    with service_in(runtime) as service:
        with pytest.raises(NotFound):  # the other area's case stays out of reach
            service.get(earlier.id, officer_b)
        facts = service.facts(service.get(second.id, officer_b))
        assert facts.earlier_settlement == EarlierSettlement(earlier.reference, "Kepanjen")
        [option] = [
            o
            for o in service.options(service.get(second.id, officer_b), officer_b)
            if o.transition.trigger == "clarify"
        ]
        assert not option.available

    refusal = _clarify_refused(runtime, world, second, "officer_b")
    assert refusal.guards == ["once_per_offender"]
    said = refusal.text("id")
    assert (
        f"Terlapor sudah pernah diselesaikan dengan keadilan restoratif dalam perkara "
        f"{earlier.reference} (Kepanjen)."
    ) in said
    for lang in ("id", "en"):
        text = refusal.text(lang)
        assert earlier.reference in text
        for private in (OFFENDER_NIK, "Slamet", "Darto", EARLIER_TITLE, "agreed", "Sepakat"):
            assert private not in text, private
    with runtime.sessions() as session:
        events = session.scalars(
            select(Event).where(Event.case_id == second.id).order_by(Event.seq)
        ).all()
        assert [e.trigger for e in events][-1] == "rj.consent_given"  # nothing written
        assert all(OFFENDER_NIK not in str(e.payload) for e in events if e.trigger != "party.added")


def test_a_settlement_that_failed_no_longer_counts(runtime: Runtime, world: World) -> None:
    earlier = _settled_in_polsek_a(runtime, world)
    second = _second_in_polsek_b(runtime, world)
    fire(runtime, world, earlier.id, "fail", reason="Terlapor tidak mengembalikan barang.")
    fire(runtime, world, second.id, "clarify", "officer_b", **CLARIFY)
    with runtime.sessions() as session:
        case = session.get(Case, second.id)
        assert case is not None
        assert case.state == "clarified"


def test_a_case_being_mediated_does_not_bar_another(runtime: Runtime, world: World) -> None:
    """Only a signed peace counts: two open cases of one offender may both go on until one of
    them is agreed."""
    first = checked(runtime, world)
    consent(runtime, world, first)
    fire(runtime, world, first, "clarify", **CLARIFY)
    second = _second_in_polsek_b(runtime, world)
    fire(runtime, world, second.id, "clarify", "officer_b", **CLARIFY)


def test_an_offender_without_a_nik_is_asked_for_it_first(runtime: Runtime, world: World) -> None:
    case_id = checked(runtime, world, offender_nik=None)
    consent(runtime, world, case_id)
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
    refusal = _clarify_refused(runtime, world, case, "officer")
    assert refusal.guards == ["once_per_offender"]
    assert "Catat dulu NIK setiap terlapor" in refusal.text("id")

    officer = world.actor("officer")
    with service_in(runtime) as service:
        offender = service.session.scalars(
            select(Party).where(Party.case_id == case_id, Party.role == "respondent")
        ).one()
        data = PartyInput(role="respondent", name=offender.name, nik=OFFENDER_NIK)
        version = service.get(case_id, officer).version
        service.update_party(case_id, offender.id, officer, data, version)
    fire(runtime, world, case_id, "clarify", **CLARIFY)


def _mediated(runtime: Runtime, world: World, by: str, desa: UUID, tokoh: UUID) -> UUID:
    case_id = checked(runtime, world, by=by, desa=desa)
    consent(runtime, world, case_id, by=by)
    fire(runtime, world, case_id, "clarify", by, **CLARIFY)
    actor = world.actor(by)
    with service_in(runtime) as service:
        version = service.get(case_id, actor).version
        service.invite_tokoh(case_id, actor, TokohInvite(tokoh_id=tokoh), version)
    when = {"session_at": "2026-05-12T09:00", "place": "Balai desa"}
    fire(runtime, world, case_id, "schedule_mediation", by, **when)
    return case_id


# PostgreSQL only: on SQLite every writer begins IMMEDIATE, so writers go one at a time.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_cases_about_to_agree_are_judged_one_after_the_other(
    runtime: Runtime, world: World
) -> None:
    """The offender's lock holds the second lookup until the first case's transaction ends,
    and it then sees the first case agreed."""
    first = _mediated(runtime, world, "officer", world.desa_a1, world.tokoh_a1)
    second = _mediated(runtime, world, "officer_b", world.desa_b1, world.tokoh_b1)
    found: list[EarlierSettlement | None] = []

    def second_lookup() -> None:
        with service_in(runtime) as service:
            officer_b = world.actor("officer_b")
            found.append(service.facts(service.get(second, officer_b)).earlier_settlement)

    waiting = threading.Thread(target=second_lookup)
    with service_in(runtime) as service:
        case = service.get(first, world.actor("officer"))
        assert service.facts(case).earlier_settlement is None  # takes the offender's lock
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive(), "the second lookup did not wait for the first"
        # What the agree step writes, in the same transaction as the lookup.
        service.session.execute(update(Case).where(Case.id == first).values(state="agreed"))
        reference = case.reference
    waiting.join(10)
    assert found == [EarlierSettlement(reference, "Kepanjen")]
