"""The eligibility checklist through the case service (SQLite and PostgreSQL): the answers go
into the event, the guards read the latest answers back, and a ruled-out case can only be
referred, to Unit PPA where its item says so."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from mediasi.audit.services import events_of, verify_case
from mediasi.cases.models import Case
from mediasi.runtime import Runtime
from mediasi.workflow.errors import GuardFailed
from tests.factories import RJ_CLARIFY as CLARIFY
from tests.factories import World
from tests.integration.cases.test_service import service_in
from tests.integration.restorative.walk import checked, consent


def _items(runtime: Runtime) -> list[Any]:
    spec = runtime.workflows.registry.latest("keadilan_restoratif")
    step = spec.transition("check_eligibility", "reported")
    assert step is not None
    return next(f for f in step.fields if f.name == "eligibility").items


def _eligible(runtime: Runtime) -> dict[str, str]:
    return {i.key: "no" if i.disqualifies_when == "yes" else "yes" for i in _items(runtime)}


def _checked(runtime: Runtime, world: World, **answers: str) -> UUID:
    """A new restorative justice case whose checklist is answered, with ``answers`` changed."""
    return checked(runtime, world, answers=answers)


def _allowed(runtime: Runtime, world: World, case_id: UUID) -> set[str]:
    with service_in(runtime) as service:
        officer = world.actor("officer")
        return set(service.allowed_triggers(service.get(case_id, officer), officer))


def test_eligible_answers_open_the_clarification(runtime: Runtime, world: World) -> None:
    case_id = _checked(runtime, world)
    leaving = {"fail", "refer_reskrim", "refer_ppa", "withdraw_consent"}
    assert _allowed(runtime, world, case_id) == leaving  # the victim has not consented yet
    consent(runtime, world, case_id)
    assert _allowed(runtime, world, case_id) == {"clarify", *leaving}
    officer = world.actor("officer")
    with service_in(runtime) as service:
        case = service.get(case_id, officer)
        facts = service.facts(case)
        assert (facts.checklist_answered, facts.exclusions) == (True, ())
        service.fire(case_id, "clarify", officer, CLARIFY, case.version)
    with runtime.sessions() as session:
        [*_, event] = events_of(session, case_id)
        assert event.trigger == "clarify"
        checked = next(e for e in events_of(session, case_id) if e.trigger == "check_eligibility")
        assert checked.payload["eligibility"] == _eligible(runtime)
        stored = session.get(Case, case_id)
        assert stored is not None
        assert verify_case(session, stored, runtime.workflows.registry).ok


@pytest.mark.parametrize(
    ("key", "goes_to"), [("korupsi", "refer_reskrim"), ("pelaku_anak", "refer_ppa")]
)
def test_a_ruled_out_case_can_only_be_referred(
    runtime: Runtime, world: World, key: str, goes_to: str
) -> None:
    case_id = _checked(runtime, world, **{key: "yes"})
    allowed = _allowed(runtime, world, case_id)
    assert allowed == (
        {"refer_ppa"}
        if goes_to == "refer_ppa"
        else {"refer_reskrim", "refer_ppa", "withdraw_consent"}
    )
    officer = world.actor("officer")
    item = next(i for i in _items(runtime) if i.key == key)
    with service_in(runtime) as service:
        case = service.get(case_id, officer)
        with pytest.raises(GuardFailed) as info:
            service.fire(case_id, "clarify", officer, CLARIFY, case.version)
    assert item.source in info.value.text("id")
    with service_in(runtime) as service:
        case = service.get(case_id, officer)
        service.fire(case_id, goes_to, officer, {"reason": "Dikecualikan."}, case.version)
    with runtime.sessions() as session:
        stored = session.get(Case, case_id)
        assert stored is not None
        assert (stored.state, stored.is_final) == ("referred", True)
