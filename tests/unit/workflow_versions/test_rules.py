"""The version diff and the migration rules, on the shipped sengketa file and its v2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mediasi.workflow.diff import Kind, version_diff
from mediasi.workflow.guards import GUARDS, CaseFacts
from mediasi.workflow.loader import WorkflowFileError, load_text
from mediasi.workflow.migration import (
    MappingRefused,
    check_pairs,
    parse_pairs,
    plan_move,
    state_map,
)
from mediasi.workflow.spec import WorkflowSpec
from tests.workflow_texts import sengketa_v2, shipped

V1 = load_text(shipped("sengketa"), "v1")[0]
V2 = load_text(sengketa_v2(), "v2")[0]
NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def move(new: WorkflowSpec, state: str, pairs: dict[str, str] | None = None, **kw: object):  # type: ignore[no-untyped-def]
    facts = kw.pop("facts", CaseFacts(party_roles=("complainant", "respondent")))
    return plan_move(
        V1,
        new,
        state_map(V1, new, pairs or {}),
        state=state,
        is_final=bool(kw.pop("is_final", False)),
        entered_at=kw.pop("entered_at", NOW),  # type: ignore[arg-type]
        now=NOW,
        facts_of=lambda: facts,  # type: ignore[return-value]
        guards=GUARDS,
    )


def test_the_diff_names_the_renamed_state_and_the_steps_that_now_lead_to_it() -> None:
    diff = version_diff(V1, V2, shipped("sengketa"), sengketa_v2())
    found = {(c.kind, str(c.subject)) for c in diff.changes}
    assert (Kind.ADDED, "Tahap telaah") in found
    assert (Kind.REMOVED, "Tahap assessed") in found
    assess = next(c for c in diff.changes if str(c.subject) == "Langkah assess")
    assert [(str(a.name), a.before, a.after) for a in assess.aspects] == [
        ("Ke tahap", "assessed", "telaah")
    ]
    assert "-version: 1" in diff.text
    assert "+version: 2" in diff.text


def test_a_changed_deadline_label_and_role_are_each_one_aspect() -> None:
    text = shipped("sengketa").replace("deadline: 7 days", "deadline: 10 days", 1)
    text = text.replace("version: 1\n", "version: 2\n", 1)
    diff = version_diff(V1, load_text(text, "v2")[0], None, text)
    [change] = diff.changes
    assert str(change.subject) == "Tahap assessed"
    assert [(a.before, a.after) for a in change.aspects] == [("7 days", "10 days")]
    assert diff.text == ()


def test_the_same_version_has_no_changes() -> None:
    assert version_diff(V1, V1, None, "").empty


def test_a_state_kept_by_name_maps_to_itself_and_a_declared_rename_is_followed() -> None:
    assert move(V2, "reported").after == "reported"
    assert move(V2, "assessed").after == "telaah"


def test_a_state_the_new_version_lacks_without_a_mapping_is_refused() -> None:
    unmapped = load_text(sengketa_v2(mapped=False), "v2")[0]
    refused = move(unmapped, "assessed")
    assert refused.after is None
    assert "assessed" in str(refused.refusal)
    assert move(unmapped, "assessed", {"assessed": "telaah"}).after == "telaah"


def test_a_closed_case_is_never_moved() -> None:
    kept = move(V2, "settled", is_final=True)
    assert kept.skipped
    assert not kept.moves
    assert kept.refusal is None


def test_a_mapping_into_a_final_state_is_refused() -> None:
    refused = move(V2, "assessed", {"assessed": "settled"})
    assert refused.after is None
    assert "akhir" in str(refused.refusal)
    with pytest.raises(MappingRefused):
        check_pairs({"assessed": "settled"}, [V1], V2)


def test_a_case_moves_even_when_the_new_entry_conditions_do_not_hold_and_is_warned() -> None:
    # The only step into 'agreed' asks for a fully signed agreement; this case has none.
    moved = move(V2, "agreed", facts=CaseFacts())
    assert moved.after == "agreed"
    assert len(moved.warnings) == 1
    # Into 'telaah' a step without conditions leads too (return_escalation): no warning.
    assert not move(V2, "assessed", facts=CaseFacts()).warnings


def test_the_due_time_follows_the_new_deadline_from_when_the_state_was_entered() -> None:
    entered = NOW - timedelta(days=8)
    late = move(V2, "assessed", entered_at=entered)
    assert late.due_at == entered + timedelta(days=7)
    assert any("lewat" in str(w) for w in late.warnings)


def test_pairs_are_read_and_bad_ones_refused_with_reasons() -> None:
    assert parse_pairs("assessed=telaah, reported = reported\n") == {
        "assessed": "telaah",
        "reported": "reported",
    }
    with pytest.raises(MappingRefused) as refused:
        parse_pairs("a=b=c\nx=y,x=z")
    assert len(refused.value.reasons) == 2
    with pytest.raises(MappingRefused):
        check_pairs({"nowhere": "telaah"}, [V1], V2)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("states: {assessed: nowhere}", "unknown state 'nowhere'"),
        ("states: {assessed: settled}", "is final"),
    ],
)
def test_migrate_from_is_checked_with_its_line(change: str, reason: str) -> None:
    text = sengketa_v2().replace("states: {assessed: telaah}", change)
    with pytest.raises(WorkflowFileError) as refused:
        load_text(text, "v2")
    [problem] = refused.value.problems
    assert reason in problem.reason
    assert problem.line == len(text.splitlines())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("a: &x [1]\nb: *x\n", "anchors and aliases"),
        ("a: " + "[" * 50 + "]" * 50 + "\n", "nested more than"),
        ("name: x\nversion: " + "9" * 5000 + "\n", "cannot be read"),
        ("name: x\x00\n", "NUL"),
    ],
)
def test_hostile_yaml_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(WorkflowFileError) as refused:
        load_text(text, "unggahan")
    assert reason in refused.value.problems[0].reason
