"""The shipped restorative justice workflow: every item of its eligibility checklist, answered
the disqualifying way, closes the peace route, names its article and leaves only the referral
(to Unit PPA where the item says so); answered the eligible way, the case goes on to the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mediasi.errors import FieldErrors
from mediasi.workflow.checklist import PPA, RESKRIM, recorded_findings, referral
from mediasi.workflow.durations import Duration, DurationUnit
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.errors import GuardFailed
from mediasi.workflow.guards import CaseFacts
from mediasi.workflow.loader import load_workflows
from mediasi.workflow.spec import ChecklistItem
from tests.factories import RJ_CLARIFY as CLARIFY

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = load_workflows(ROOT / "workflows")
SPEC = REGISTRY.latest("keadilan_restoratif")
KEY = SPEC.key
CHECK = SPEC.transition("check_eligibility", "reported")
assert CHECK is not None
[CHECKLIST] = [f for f in CHECK.fields if f.name == "eligibility"]
ITEMS = CHECKLIST.items
PARTIES = ("complainant", "respondent")
REFERRALS = {"refer_reskrim", "refer_ppa"}
WITHDRAW = "withdraw_consent"
# The victim consented and every offender has a NIK with no earlier settlement.
CONSENTED: dict[str, Any] = {"victims": 1, "offender_niks_recorded": True}
MEDIATION_STEPS = ("clarify", "schedule_mediation", "agree")


def eligible() -> dict[str, str]:
    """Every item answered the way that keeps the case eligible."""
    return {i.key: "no" if i.disqualifies_when == "yes" else "yes" for i in ITEMS}


def facts_after(answers: dict[str, str], **more: Any) -> CaseFacts:
    """What the facts source reads from an event recording ``answers``."""
    found = recorded_findings(SPEC, {"eligibility": answers})
    assert found is not None
    return CaseFacts(
        party_roles=PARTIES,
        tokoh_roles=("mediator",),
        checklist_answered=True,
        exclusions=found,
        **(CONSENTED | more),
    )


@pytest.fixture(scope="module")
def engine() -> WorkflowEngine:
    return WorkflowEngine(REGISTRY)


def check_eligibility(engine: WorkflowEngine, answers: dict[str, str]) -> dict[str, Any]:
    fired = engine.fire(
        KEY,
        "reported",
        "check_eligibility",
        "officer",
        CaseFacts(party_roles=PARTIES),
        {"offence": "Pasal 476 KUHP", "eligibility": answers},
    )
    assert fired.dest == "eligibility_checked"
    return fired.payload


@pytest.mark.parametrize("item", ITEMS, ids=[i.key for i in ITEMS])
def test_a_disqualifying_answer_leaves_only_the_referral_and_names_its_article(
    engine: WorkflowEngine, item: ChecklistItem
) -> None:
    answers = {**eligible(), item.key: item.disqualifies_when}
    recorded = check_eligibility(engine, answers)
    assert recorded["eligibility"] == answers  # the answers go into the event as given
    facts = facts_after(recorded["eligibility"])
    assert [f.key for f in facts.exclusions] == [item.key]

    with pytest.raises(GuardFailed) as info:
        engine.fire(KEY, "eligibility_checked", "clarify", "officer", facts, CLARIFY)
    assert info.value.guards == ["eligibility_clear"]
    assert f"{item.label.get('id')} ({item.source})" in info.value.text("id")
    assert f"{item.label.get('en')} ({item.source})" in info.value.text("en")

    goes_to = item.refer_to or RESKRIM
    assert referral(facts.exclusions) == goes_to
    for role in ("officer", "supervisor"):
        allowed = set(engine.allowed_triggers(KEY, "eligibility_checked", role, facts))
        assert allowed == ({"refer_ppa"} if goes_to == PPA else {*REFERRALS, WITHDRAW})
    fired = engine.fire(
        KEY, "eligibility_checked", f"refer_{goes_to}", "officer", facts, {"reason": "x"}
    )
    assert fired.dest == "referred"
    assert SPEC.states["referred"].final


@pytest.mark.parametrize("item", [i for i in ITEMS if i.refer_to == PPA], ids=lambda i: i.key)
def test_a_ppa_item_refuses_the_referral_to_reskrim_by_its_article(
    engine: WorkflowEngine, item: ChecklistItem
) -> None:
    facts = facts_after({**eligible(), item.key: item.disqualifies_when})
    with pytest.raises(GuardFailed) as info:
        engine.fire(KEY, "eligibility_checked", "refer_reskrim", "officer", facts, {"reason": "x"})
    assert "Unit PPA" in info.value.text("id")
    assert item.source in info.value.text("id")


def test_ppa_comes_first_when_items_for_both_are_answered(engine: WorkflowEngine) -> None:
    ppa = next(i for i in ITEMS if i.refer_to == PPA)
    reskrim = next(i for i in ITEMS if i.refer_to is None)
    facts = facts_after(
        {**eligible(), ppa.key: ppa.disqualifies_when, reskrim.key: reskrim.disqualifies_when}
    )
    assert len(facts.exclusions) == 2
    assert engine.allowed_triggers(KEY, "eligibility_checked", "officer", facts) == ["refer_ppa"]


def test_answering_every_item_the_eligible_way_opens_the_peace_route(
    engine: WorkflowEngine,
) -> None:
    facts = facts_after(check_eligibility(engine, eligible())["eligibility"])
    assert facts.exclusions == ()
    allowed = set(engine.allowed_triggers(KEY, "eligibility_checked", "officer", facts))
    assert allowed == {"clarify", "fail", WITHDRAW, *REFERRALS}


def test_without_recorded_answers_the_peace_route_stays_closed(engine: WorkflowEngine) -> None:
    facts = CaseFacts(party_roles=PARTIES, tokoh_roles=("mediator",))
    with pytest.raises(GuardFailed) as info:
        engine.fire(KEY, "eligibility_checked", "clarify", "officer", facts, CLARIFY)
    assert "Daftar periksa kelayakan belum diisi." in info.value.text("id")


def test_a_case_walks_from_the_report_to_its_registration(engine: WorkflowEngine) -> None:
    facts = facts_after(eligible())
    steps: list[tuple[str, str, CaseFacts, dict[str, Any]]] = [
        ("check_eligibility", "officer", facts, {"offence": "x", "eligibility": eligible()}),
        ("clarify", "officer", facts, CLARIFY),
        ("schedule_mediation", "officer", facts, {"session_at": "2026-05-12T09:00", "place": "x"}),
        (
            "agree",
            "officer",
            facts_after(eligible(), agreement_fully_signed=True),
            {"summary": "Sepeda dikembalikan."},
        ),
        (
            "restore",
            "officer",
            facts,
            {"restoration": "Sepeda dikembalikan.", "victim_statement": "ditandatangani"},
        ),
        ("approve", "supervisor", facts, {}),
        (
            "register",
            "officer",
            facts,
            {"registration": "B/12/V/2026", "registered_on": "2026-05-20"},
        ),
    ]
    state = SPEC.initial
    seen = [state]
    for trigger, role, step_facts, payload in steps:
        state = engine.fire(KEY, state, trigger, role, step_facts, payload).dest
        seen.append(state)
    assert seen == [
        "reported",
        "eligibility_checked",
        "clarified",
        "mediated",
        "agreed",
        "restored",
        "approved",
        "registered",
    ]
    assert SPEC.states[state].final


def test_the_superior_approves_within_one_working_day() -> None:
    waiting = SPEC.states["restored"]
    assert waiting.review
    assert waiting.deadline == Duration(1, DurationUnit.WORKING_DAYS)
    # The superior decides; only the victim's withdrawal may also end the wait.
    decisions = [t for t in SPEC.transitions_from("restored") if t.trigger != WITHDRAW]
    assert {t.trigger for t in decisions} == {"approve", "return_settlement"}
    assert all(t.roles == ["supervisor"] for t in decisions)


def test_every_item_cites_an_article_and_the_unread_ones_are_marked() -> None:
    assert len({i.key for i in ITEMS}) == len(ITEMS)
    for item in ITEMS:
        assert item.source.strip()
        assert item.label.get("id").strip()
        assert item.label.get("en") != item.label.get("id"), "every item has its English"
    # Pasal 81 and 82 of UU 20/2025 were known only from news reports and statements.
    unread = ("Pasal 81", "Pasal 82", "belum dipastikan")
    for item in ITEMS:
        if any(word in item.source for word in unread):
            assert item.needs_legal_review, item.key
    assert {"kekerasan_seksual", "kekerasan_perempuan_anak"} <= {
        i.key for i in ITEMS if i.refer_to == PPA
    }


@pytest.mark.parametrize("trigger", MEDIATION_STEPS)
def test_every_mediation_step_needs_the_victims_consent_and_the_offenders_nik(
    trigger: str,
) -> None:
    guards = {g for t in SPEC.transitions if t.trigger == trigger for g in t.guards}
    assert {"victim_consented", "once_per_offender"} <= guards


def test_without_the_victims_consent_the_clarification_is_refused(engine: WorkflowEngine) -> None:
    facts = facts_after(eligible(), victims=1, unconsented=("Darto Santoso",))
    with pytest.raises(GuardFailed) as info:
        engine.fire(KEY, "eligibility_checked", "clarify", "officer", facts, CLARIFY)
    assert info.value.guards == ["victim_consented"]
    assert "Darto Santoso" in info.value.text("id")


def test_the_victim_may_withdraw_from_every_open_state_with_a_reason(
    engine: WorkflowEngine,
) -> None:
    withdraw = [t for t in SPEC.transitions if t.trigger == WITHDRAW]
    [step] = withdraw
    open_states = {name for name, state in SPEC.states.items() if not state.final}
    assert set(step.source) == open_states
    assert SPEC.states[step.dest].final
    assert step.effects == ["withdraw_consent"]
    facts = facts_after(eligible())
    with pytest.raises(FieldErrors) as short:
        engine.fire(KEY, "mediated", WITHDRAW, "officer", facts, {"reason": "tidak mau"})
    assert "sedikitnya 10" in short.value.errors["reason"].get("id")
    reason = "Korban tidak ingin berdamai lagi."
    fired = engine.fire(KEY, "mediated", WITHDRAW, "officer", facts, {"reason": reason})
    assert (fired.dest, fired.payload) == ("referred", {"reason": reason})


def test_a_case_unit_ppa_must_take_is_referred_there_not_withdrawn(
    engine: WorkflowEngine,
) -> None:
    ppa = next(i for i in ITEMS if i.refer_to == PPA)
    facts = facts_after({**eligible(), ppa.key: ppa.disqualifies_when})
    assert WITHDRAW not in engine.allowed_triggers(KEY, "eligibility_checked", "officer", facts)


def test_a_settlement_stands_from_the_signed_agreement_until_it_fails() -> None:
    settled = {name for name, state in SPEC.states.items() if state.settlement}
    assert settled == {"agreed", "restored", "approved", "registered"}
