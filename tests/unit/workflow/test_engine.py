"""The engine on both shipped workflows: every transition, every role, every guard.

The cases are generated from the files, so a transition added to a workflow is covered
without touching this module; a guard added to the registry must be described in
``GUARD_CASES`` (a test says so).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mediasi.errors import FieldErrors
from mediasi.text import Text
from mediasi.workflow.checklist import Finding
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.errors import GuardFailed, RoleNotAllowed, UnknownTrigger
from mediasi.workflow.guards import GUARDS, CaseFacts, EarlierSettlement, GuardRegistry
from mediasi.workflow.loader import WorkflowRegistry, load_workflows
from mediasi.workflow.spec import FieldSpec, FieldType, TransitionSpec, WorkflowSpec

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = load_workflows(ROOT / "workflows")
ROLES = ("officer", "supervisor", "tokoh", "admin", "system")
SPECS = REGISTRY.all()


@dataclass(frozen=True)
class GuardCase:
    """Facts that make a guard hold, facts that make it fail, and words its refusal must use."""

    holds: dict[str, Any]
    fails: dict[str, Any]
    word_id: str
    word_en: str


# Items answered the disqualifying way, one for Reskrim and one for Unit PPA.
RULED_OUT = Finding(
    "eligibility", "korupsi", Text(id="Korupsi?", en="Corruption?"), "Pasal 1", "reskrim"
)
FOR_PPA = Finding("eligibility", "seksual", Text(id="Seksual?", en="Sexual?"), "Pasal 2", "ppa")
EARLIER = EarlierSettlement("RJ/PAKISAJI/2026/0003", "Pakisaji")

GUARD_CASES: dict[str, GuardCase] = {
    "has_parties": GuardCase(
        {"party_roles": ("complainant", "respondent")},
        {"party_roles": ("complainant",)},
        "terlapor",
        "respondent",
    ),
    "has_complainant": GuardCase(
        {"party_roles": ("complainant",)},
        {"party_roles": ("respondent",)},
        "pelapor",
        "complainant",
    ),
    "has_mediator": GuardCase(
        {"tokoh_roles": ("mediator",)}, {"tokoh_roles": ("witness",)}, "mediator", "mediator"
    ),
    "session_held": GuardCase({"sessions_held": 1}, {"sessions_held": 0}, "sesi", "session"),
    "session_failed": GuardCase(
        {"extra": {"latest_session_failed": True}},
        {"extra": {"latest_session_failed": False}},
        "gagal",
        "failed",
    ),
    "agreement_fully_signed": GuardCase(
        {"agreement_fully_signed": True},
        {"agreement_fully_signed": False},
        "ditandatangani",
        "signed",
    ),
    "has_broken_obligation": GuardCase(
        {"broken_obligations": 1}, {"broken_obligations": 0}, "dilanggar", "broken"
    ),
    "obligations_settled": GuardCase(
        {"open_obligations": 0, "broken_obligations": 0},
        {"open_obligations": 2},
        "belum dipenuhi",
        "still open",
    ),
    "eligibility_clear": GuardCase(
        {"checklist_answered": True},
        {"checklist_answered": True, "exclusions": (RULED_OUT,)},
        "Korupsi? (Pasal 1)",
        "Corruption? (Pasal 1)",
    ),
    "not_for_ppa": GuardCase(
        {"exclusions": ()}, {"exclusions": (FOR_PPA,)}, "Seksual? (Pasal 2)", "Sexual? (Pasal 2)"
    ),
    "victim_consented": GuardCase(
        {"victims": 1},
        {"victims": 1, "unconsented": ("Sri Wahyuni",)},
        "persetujuan dari: Sri Wahyuni",
        "consent yet from: Sri Wahyuni",
    ),
    "once_per_offender": GuardCase(
        {"offender_niks_recorded": True},
        {"offender_niks_recorded": True, "earlier_settlement": EARLIER},
        "dalam perkara RJ/PAKISAJI/2026/0003 (Pakisaji)",
        "in case RJ/PAKISAJI/2026/0003 (Pakisaji)",
    ),
}


def facts_for(guards: list[str], failing: str | None = None) -> CaseFacts:
    """Facts under which every guard in ``guards`` holds, except ``failing``."""
    values: dict[str, Any] = {}
    for name in guards:
        for key, value in GUARD_CASES[name].holds.items():
            if isinstance(value, tuple):
                values[key] = tuple(dict.fromkeys((*values.get(key, ()), *value)))
            elif isinstance(value, dict):
                values[key] = {**values.get(key, {}), **value}
            else:
                values[key] = value
    if failing is not None:
        for key, value in GUARD_CASES[failing].fails.items():
            values[key] = {**values.get(key, {}), **value} if isinstance(value, dict) else value
    return CaseFacts(**values)


def valid_value(field: FieldSpec) -> Any:
    if field.type is FieldType.CHECKLIST:
        return {
            item.key: "no" if item.disqualifies_when == "yes" else "yes" for item in field.items
        }
    if field.type is FieldType.CHOICE:
        return field.choices[0].value
    if field.type is FieldType.DATE:
        return "2026-12-01"
    if field.type is FieldType.DATETIME:
        return "2026-12-01T09:00"
    if field.type is FieldType.INTEGER:
        return field.min if field.min is not None else field.max if field.max is not None else 1
    return "x" * (field.min_length or 1)


def valid_payload(transition: TransitionSpec) -> dict[str, Any]:
    return {f.name: valid_value(f) for f in transition.fields}


def _id(spec: WorkflowSpec, t: TransitionSpec, source: str, *more: str) -> str:
    return "-".join((spec.name, f"v{spec.version}", t.trigger, f"from_{source}", *more))


STEPS = [(spec, t, source) for spec in SPECS for t in spec.transitions for source in t.source]
ALLOWED = [
    pytest.param(spec.key, t.trigger, source, role, id=_id(spec, t, source, role))
    for spec, t, source in STEPS
    for role in t.roles
]
REFUSED = [
    pytest.param(spec.key, t.trigger, source, role, id=_id(spec, t, source, role))
    for spec, t, source in STEPS
    for role in ROLES
    if role not in t.roles
]
GUARDED = [
    pytest.param(spec.key, t.trigger, source, guard, id=_id(spec, t, source, guard))
    for spec, t, source in STEPS
    for guard in t.guards
]
STATE_ROLES = [
    pytest.param(spec.key, state, role, id=f"{spec.name}-v{spec.version}-{state}-{role}")
    for spec in SPECS
    for state in spec.states
    for role in ROLES
]
STATES = [
    pytest.param(spec.key, state, id=f"{spec.name}-v{spec.version}-{state}")
    for spec in SPECS
    for state in spec.states
]


@pytest.fixture(scope="module")
def engine() -> WorkflowEngine:
    return WorkflowEngine(REGISTRY)


def the_transition(key: tuple[str, int], trigger: str, source: str) -> TransitionSpec:
    found = REGISTRY.get(*key).transition(trigger, source)
    assert found is not None
    return found


# ---- the test data describe the files -----------------------------------------------------


def test_both_workflows_are_covered() -> None:
    assert {"pengaduan", "sengketa"} <= {s.name for s in SPECS}
    for name in ("pengaduan", "sengketa"):
        assert any(p.id.startswith(f"{name}-") for p in ALLOWED)
        assert any(p.id.startswith(f"{name}-") for p in REFUSED)
    assert GUARDED, "the shipped workflows declare guards"


def test_every_registered_guard_is_described_here() -> None:
    assert set(GUARDS.names()) == set(GUARD_CASES), "describe new guards in GUARD_CASES"


@pytest.mark.parametrize("name", sorted(GUARD_CASES))
def test_guard_case_facts_really_make_the_guard_hold_and_fail(name: str) -> None:
    assert GUARDS[name].check(facts_for([name])) is True
    assert GUARDS[name].check(facts_for([name], failing=name)) is False
    assert GUARDS[name].check(CaseFacts(**GUARD_CASES[name].fails)) is False


# ---- every transition, every source, every role ------------------------------------------


@pytest.mark.parametrize(("key", "trigger", "source", "role"), ALLOWED)
def test_declared_role_fires_the_transition_to_its_dest(
    engine: WorkflowEngine, key: tuple[str, int], trigger: str, source: str, role: str
) -> None:
    t = the_transition(key, trigger, source)
    facts = facts_for(t.guards)
    fired = engine.fire(key, source, trigger, role, facts, valid_payload(t))
    assert (fired.source, fired.dest) == (source, t.dest)
    assert fired.transition == t
    assert set(fired.payload) == {f.name for f in t.fields}
    assert trigger in engine.allowed_triggers(key, source, role, facts)
    assert not engine._machines[key].models


@pytest.mark.parametrize(("key", "trigger", "source", "role"), REFUSED)
def test_any_other_role_is_refused(
    engine: WorkflowEngine, key: tuple[str, int], trigger: str, source: str, role: str
) -> None:
    t = the_transition(key, trigger, source)
    facts = facts_for(t.guards)
    with pytest.raises(RoleNotAllowed) as info:
        engine.fire(key, source, trigger, role, facts, valid_payload(t))
    assert info.value.status_code == 403
    assert f"Peran '{role}'" in info.value.text("id")
    assert f"'{trigger}'" in info.value.text("id")
    assert f"Role '{role}' may not take step '{trigger}'" in info.value.text("en")
    # The role is checked first: a wrong role hears "not allowed", not "fill in the form".
    with pytest.raises(RoleNotAllowed):
        engine.fire(key, source, trigger, role, CaseFacts(), {})
    assert trigger not in engine.allowed_triggers(key, source, role, facts)
    assert trigger not in [o.transition.trigger for o in engine.options(key, source, role, facts)]
    assert not engine._machines[key].models


@pytest.mark.parametrize(("key", "trigger", "source", "guard"), GUARDED)
def test_each_unmet_guard_refuses_with_the_condition_in_words(
    engine: WorkflowEngine, key: tuple[str, int], trigger: str, source: str, guard: str
) -> None:
    t = the_transition(key, trigger, source)
    facts = facts_for(t.guards, failing=guard)
    for role in t.roles:
        with pytest.raises(GuardFailed) as info:
            engine.fire(key, source, trigger, role, facts, valid_payload(t))
        error = info.value
        assert guard in error.guards
        assert set(error.guards) <= set(t.guards)
        assert error.status_code == 422
        assert GUARD_CASES[guard].word_id in error.text("id")
        assert GUARD_CASES[guard].word_en in error.text("en")
        assert GUARDS[guard].failure.get("id") in error.text("id")
        assert GUARDS[guard].failure.get("en") in error.text("en")
        assert trigger not in engine.allowed_triggers(key, source, role, facts)
        [option] = [o for o in engine.options(key, source, role, facts) if o.transition == t]
        assert not option.available
        # A guard that explains itself adds to its fixed text what in the facts made it fail.
        assert any(GUARDS[guard].failure.get("en") in m.get("en") for m in option.blocked)
    assert not engine._machines[key].models


@pytest.mark.parametrize(
    ("key", "trigger", "source"),
    [
        pytest.param(spec.key, t.trigger, source, id=_id(spec, t, source))
        for spec, t, source in STEPS
        if len(t.guards) > 1
    ]
    or [pytest.param(None, None, None, marks=pytest.mark.skip(reason="no multi-guard step"))],
)
def test_every_unmet_guard_is_named_at_once(
    engine: WorkflowEngine, key: tuple[str, int], trigger: str, source: str
) -> None:
    t = the_transition(key, trigger, source)
    nothing_holds: dict[str, Any] = {}
    for guard in t.guards:
        nothing_holds.update(GUARD_CASES[guard].fails)
    with pytest.raises(GuardFailed) as info:
        engine.fire(key, source, trigger, t.roles[0], CaseFacts(**nothing_holds), valid_payload(t))
    assert info.value.guards == t.guards
    assert len(info.value.messages) == len(t.guards)


@pytest.mark.parametrize(("key", "trigger", "source", "role"), ALLOWED)
def test_required_fields_are_checked_before_guards(
    engine: WorkflowEngine, key: tuple[str, int], trigger: str, source: str, role: str
) -> None:
    t = the_transition(key, trigger, source)
    required = {f.name for f in t.fields if f.required}
    if not required:
        fired = engine.fire(key, source, trigger, role, facts_for(t.guards), {})
        assert fired.dest == t.dest
        return
    with pytest.raises(FieldErrors) as info:
        engine.fire(key, source, trigger, role, CaseFacts(), {})
    assert set(info.value.errors) == required


@pytest.mark.parametrize(("key", "state"), STATES)
def test_a_trigger_that_does_not_leave_the_state_is_unknown(
    engine: WorkflowEngine, key: tuple[str, int], state: str
) -> None:
    spec = REGISTRY.get(*key)
    elsewhere = [t for t in spec.transitions if state not in t.source]
    leaving = {t.trigger for t in spec.transitions_from(state)}
    checked = 0
    for t in elsewhere:
        if t.trigger in leaving:
            continue
        for role in t.roles:
            with pytest.raises(UnknownTrigger) as info:
                engine.fire(key, state, t.trigger, role, facts_for(t.guards), valid_payload(t))
            assert info.value.status_code == 409
            assert f"'{t.trigger}'" in info.value.text("id")
            assert f"'{state}'" in info.value.text("en")
            checked += 1
    with pytest.raises(UnknownTrigger):
        engine.fire(key, state, "terbang", "officer", CaseFacts(), {})
    if spec.states[state].final:
        assert not leaving
        assert checked == sum(len(t.roles) for t in spec.transitions)
    assert not engine._machines[key].models


# ---- allowed_triggers and options agree with the file -------------------------------------


@pytest.mark.parametrize(("key", "state", "role"), STATE_ROLES)
def test_allowed_triggers_and_options_agree_with_the_file(
    engine: WorkflowEngine, key: tuple[str, int], state: str, role: str
) -> None:
    spec = REGISTRY.get(*key)
    declared = [t for t in spec.transitions_from(state) if role in t.roles]
    triggers = [t.trigger for t in declared]

    # With no facts at all: options list every declared step, allowed_triggers the unblocked ones.
    options = engine.options(key, state, role, CaseFacts())
    assert [o.transition.trigger for o in options] == triggers
    assert sorted(engine.allowed_triggers(key, state, role, CaseFacts())) == sorted(
        o.transition.trigger for o in options if o.available
    )
    for option in options:
        assert len(option.blocked) <= len(option.transition.guards)

    for t in declared:
        facts = facts_for(t.guards)
        allowed = engine.allowed_triggers(key, state, role, facts)
        assert t.trigger in allowed
        assert set(allowed) <= set(triggers)
        [option] = [o for o in engine.options(key, state, role, facts) if o.transition == t]
        assert option.available
        assert option.blocked == ()
    if spec.states[state].final:
        assert triggers == []
    assert not engine._machines[key].models


def test_options_of_a_blocked_step_say_why() -> None:
    engine = WorkflowEngine(REGISTRY)
    key = REGISTRY.latest("sengketa").key
    [option] = [
        o
        for o in engine.options(key, "assessed", "officer", CaseFacts())
        if o.transition.trigger == "schedule_mediation"
    ]
    assert not option.available
    texts = [m.get("en") for m in option.blocked]
    assert texts == [
        GUARDS["has_parties"].failure.get("en"),
        GUARDS["has_mediator"].failure.get("en"),
    ]


def test_only_the_system_escalates_an_overdue_mediation(engine: WorkflowEngine) -> None:
    key = REGISTRY.latest("sengketa").key
    spec = REGISTRY.get(*key)
    on_expiry = spec.states["mediated"].on_expiry
    assert on_expiry == "escalate_overdue"
    assert engine.allowed_triggers(key, "mediated", "system", CaseFacts()) == [on_expiry]
    for role in ("officer", "supervisor", "tokoh", "admin"):
        assert on_expiry not in engine.allowed_triggers(key, "mediated", role, CaseFacts())
    fired = engine.fire(key, "mediated", on_expiry, "system", CaseFacts(), {})
    assert fired.dest == "escalated"


def test_a_dispute_walks_from_report_to_settlement(engine: WorkflowEngine) -> None:
    key = REGISTRY.latest("sengketa").key
    parties = ("complainant", "respondent")
    state = REGISTRY.get(*key).initial
    steps = [
        ("assess", CaseFacts(party_roles=parties), {"assessment": "Layak", "risk_level": "tinggi"}),
        (
            "schedule_mediation",
            CaseFacts(party_roles=parties, tokoh_roles=("mediator",)),
            {"session_at": "2026-12-01T09:00", "place": "Balai desa"},
        ),
        (
            "agree",
            CaseFacts(party_roles=parties, agreement_fully_signed=True),
            {"summary": "Batas tanah dipasang ulang."},
        ),
        ("close", CaseFacts(party_roles=parties, open_obligations=0), {}),
    ]
    seen = [state]
    for trigger, facts, payload in steps:
        fired = engine.fire(key, state, trigger, "officer", facts, payload)
        state = fired.dest
        seen.append(state)
    assert seen == ["reported", "assessed", "mediated", "agreed", "settled"]
    assert REGISTRY.get(*key).states[state].final
    assert (
        engine.allowed_triggers(key, state, "officer", CaseFacts(agreement_fully_signed=True)) == []
    )


def test_fired_payload_is_the_cleaned_one(engine: WorkflowEngine) -> None:
    key = REGISTRY.latest("sengketa").key
    fired = engine.fire(
        key,
        "assessed",
        "schedule_mediation",
        "officer",
        facts_for(["has_parties", "has_mediator"]),
        {"session_at": " 2026-12-01T09:00 ", "place": "  Balai desa  "},
    )
    assert fired.payload == {"session_at": "2026-12-01T09:00+07:00", "place": "Balai desa"}


# ---- the machine: built once, no models left behind, its answer counts ---------------------


def test_the_machines_hold_no_models_after_many_calls() -> None:
    engine = WorkflowEngine(REGISTRY)
    assert set(engine._machines) == {s.key for s in SPECS}
    for spec in SPECS:
        for t in spec.transitions:
            for source in t.source:
                engine.allowed_triggers(spec.key, source, t.roles[0], CaseFacts())
                engine.options(spec.key, source, t.roles[0], CaseFacts())
                engine.fire(
                    spec.key, source, t.trigger, t.roles[0], facts_for(t.guards), valid_payload(t)
                )
                with pytest.raises(RoleNotAllowed):
                    engine.fire(spec.key, source, t.trigger, "nobody", CaseFacts(), {})
                with pytest.raises(UnknownTrigger):
                    engine.fire(spec.key, source, "terbang", t.roles[0], CaseFacts(), {})
                for guard in t.guards:
                    with pytest.raises(GuardFailed):
                        engine.fire(
                            spec.key,
                            source,
                            t.trigger,
                            t.roles[0],
                            facts_for(t.guards, failing=guard),
                            valid_payload(t),
                        )
    for key, machine in engine._machines.items():
        assert machine.models == [], key


def _tiny(guard: str) -> WorkflowSpec:
    return WorkflowSpec.model_validate(
        {
            "name": "kecil",
            "version": 1,
            "label": "Kecil",
            "initial": "open",
            "categories": [{"value": "umum", "label": "Umum"}],
            "states": {"open": {"label": "Buka"}, "done": {"label": "Selesai", "final": True}},
            "transitions": [
                {
                    "trigger": "finish",
                    "label": "Selesai",
                    "source": "open",
                    "dest": "done",
                    "roles": ["officer"],
                    "guards": [guard],
                }
            ],
        }
    )


def test_the_machine_has_the_last_word_when_a_condition_changes_meanwhile() -> None:
    answers = iter([True, False])
    guards = GuardRegistry()
    guards.register("flaky", Text(id="Berubah.", en="Changed."))(lambda facts: next(answers))
    engine = WorkflowEngine(WorkflowRegistry([_tiny("flaky")]), guards)
    with pytest.raises(GuardFailed) as info:
        engine.fire(("kecil", 1), "open", "finish", "officer", CaseFacts(), {})
    assert info.value.guards == ["machine"]
    assert "conditions do not hold" in info.value.text("en")
    assert engine._machines[("kecil", 1)].models == []


def test_a_guard_that_raises_leaves_no_model_behind() -> None:
    calls = {"n": 0}

    def boom(facts: CaseFacts) -> bool:
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("guard exploded")
        return True

    guards = GuardRegistry()
    guards.register("boom", Text(id="Meledak.", en="Exploded."))(boom)
    engine = WorkflowEngine(WorkflowRegistry([_tiny("boom")]), guards)
    with pytest.raises(RuntimeError, match="guard exploded"):
        engine.fire(("kecil", 1), "open", "finish", "officer", CaseFacts(), {})
    assert engine._machines[("kecil", 1)].models == []
    # … and the engine still works afterwards.
    calls["n"] = -10
    assert engine.fire(("kecil", 1), "open", "finish", "officer", CaseFacts(), {}).dest == "done"


def test_concurrent_calls_do_not_mix_up_cases() -> None:
    engine = WorkflowEngine(REGISTRY)
    key = REGISTRY.latest("sengketa").key
    spec = REGISTRY.get(*key)
    errors: list[BaseException] = []

    def expected(state: str, role: str) -> set[str]:
        return {
            t.trigger
            for t in spec.transitions_from(state)
            if role in t.roles and all(GUARDS[g].check(CaseFacts()) for g in t.guards)
        }

    def worker(state: str, role: str) -> None:
        want = expected(state, role)
        try:
            for _ in range(100):
                got = set(engine.allowed_triggers(key, state, role, CaseFacts()))
                assert got == want, (state, role, got)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [
        threading.Thread(target=worker, args=(state, role))
        for state in spec.states
        for role in ("officer", "supervisor", "system")
    ]
    assert (
        len({frozenset(expected(s, r)) for s in spec.states for r in ("officer", "supervisor")}) > 2
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert engine._machines[key].models == []
