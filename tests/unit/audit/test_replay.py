"""Replaying events gives a case's state, fields, parties and tokoh; a bad history is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mediasi.audit.replay import EventView, ReplayError, Snapshot, replay
from mediasi.cases.kinds import (
    CASE_EDITED,
    CASE_FIELDS,
    CASE_REPORTED,
    PARTY_ADDED,
    PARTY_REMOVED,
    PARTY_UPDATED,
    TOKOH_INVITED,
    TOKOH_REMOVED,
)
from mediasi.workflow.loader import load_workflows

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = load_workflows(ROOT / "workflows")
SENGKETA = REGISTRY.latest("sengketa")
PENGADUAN = REGISTRY.latest("pengaduan")

CASE = {
    "title": "Batas tanah Pak Darto dan Bu Sri",
    "description": "Patok batas kebun bergeser.",
    "category": "batas_tanah",
    "desa_id": "desa-1",
    "reporter_name": "Darto",
    "reporter_phone": "081234567890",
    "assigned_officer_id": "officer-1",
    "risk_level": None,
}
SITI = {"role": "complainant", "name": "Siti", "nik": None, "phone": None, "address": "RT 02"}
BUDI = {"role": "respondent", "name": "Budi", "nik": None, "phone": "0812", "address": None}


class History:
    """Builds a list of events the way the case service writes them."""

    def __init__(self) -> None:
        self.events: list[EventView] = []
        self.state: str | None = None

    def add(self, trigger: str, to: str, payload: dict[str, Any], src: str | None = "") -> History:
        from_state = self.state if src == "" else src
        self.events.append(EventView(len(self.events) + 1, trigger, from_state, to, payload))
        self.state = to
        return self

    def report(self, state: str = "reported", workflow: str = "sengketa", **case: Any) -> History:
        payload = {"case": {**CASE, **case}, "workflow": workflow, "workflow_version": 1}
        return self.add(CASE_REPORTED, state, payload, src=None)

    def note(self, kind: str, payload: dict[str, Any]) -> History:
        assert self.state is not None
        return self.add(kind, self.state, payload)

    def fire(self, trigger: str, to: str, **payload: Any) -> History:
        return self.add(trigger, to, payload)


def settled() -> History:
    return (
        History()
        .report()
        .note(PARTY_ADDED, {"party_id": "p1", "party": SITI})
        .note(PARTY_ADDED, {"party_id": "p2", "party": BUDI})
        .fire("assess", "assessed", assessment="Layak dimediasi", risk_level="tinggi")
        .note(TOKOH_INVITED, {"tokoh_id": "t1", "name": "Ustaz Hasan", "role": "mediator"})
        .fire("schedule_mediation", "mediated", session_at="2026-12-01T09:00+07:00", place="Balai")
        .note("session.recorded", {"outcome": "failed"})
        .fire("reschedule", "mediated", session_at="2026-12-08T09:00+07:00", place="Masjid")
        .fire("agree", "agreed", summary="Patok dipasang ulang bersama.")
    )


def test_a_settled_dispute_replays_to_its_state_and_fields() -> None:
    snap = replay(settled().events, SENGKETA)
    assert snap.state == "agreed"
    assert snap.fields == {**CASE, "risk_level": "tinggi"}
    assert snap.parties == {"p1": SITI, "p2": BUDI}
    assert snap.tokoh == {"t1": "mediator"}


def test_each_prefix_of_the_history_replays_to_the_state_at_that_point() -> None:
    history = settled()
    for n, event in enumerate(history.events, start=1):
        assert replay(history.events[:n], SENGKETA).state == event.to_state


def test_the_replayed_snapshot_equals_the_case_as_stored() -> None:
    stored = Snapshot(
        state="agreed",
        fields={**CASE, "risk_level": "tinggi"},
        parties={"p1": SITI, "p2": BUDI},
        tokoh={"t1": "mediator"},
    )
    assert replay(settled().events, SENGKETA).differences(stored) == []


def test_differences_name_what_disagrees() -> None:
    stored = Snapshot(
        state="mediated",
        fields={**CASE, "risk_level": "rendah"},
        parties={"p1": SITI},
        tokoh={},
    )
    assert replay(settled().events, SENGKETA).differences(stored) == [
        "state 'agreed' != 'mediated'",
        "risk_level 'tinggi' != 'rendah'",
        "parties differ",
        "tokoh differ",
    ]


def test_case_field_is_set_only_when_the_step_carries_it() -> None:
    history = (
        History()
        .report(risk_level="rendah")
        .fire("escalate", "escalated", reason="Ancaman", target="unit_ppa")
        .fire("return_escalation", "assessed", instructions="Coba mediasi")
    )
    assert replay(history.events, SENGKETA).fields["risk_level"] == "rendah"


def test_an_edit_changes_the_case_fields() -> None:
    history = (
        History()
        .report()
        .note(
            CASE_EDITED,
            {
                "changes": {
                    "title": [CASE["title"], "Batas kebun"],
                    "category": ["batas_tanah", "warisan"],
                }
            },
        )
    )
    snap = replay(history.events, SENGKETA)
    assert snap.fields["title"] == "Batas kebun"
    assert snap.fields["category"] == "warisan"
    assert snap.state == "reported"


def test_parties_added_updated_and_removed_are_reflected() -> None:
    moved = {**BUDI, "address": "RT 05", "phone": None}
    history = (
        History()
        .report()
        .note(PARTY_ADDED, {"party_id": "p1", "party": SITI})
        .note(PARTY_ADDED, {"party_id": "p2", "party": BUDI})
        .note(PARTY_UPDATED, {"party_id": "p2", "party": moved})
        .note(PARTY_REMOVED, {"party_id": "p1", "name": "Siti"})
    )
    assert replay(history.events, SENGKETA).parties == {"p2": moved}


def test_party_fields_outside_the_list_are_not_kept() -> None:
    history = (
        History()
        .report()
        .note(PARTY_ADDED, {"party_id": "p1", "party": {**SITI, "internal_note": "x"}})
    )
    assert replay(history.events, SENGKETA).parties == {"p1": SITI}


def test_tokoh_invited_and_removed_are_reflected() -> None:
    history = (
        History()
        .report()
        .note(TOKOH_INVITED, {"tokoh_id": "t1", "name": "Ustaz Hasan", "role": "mediator"})
        .note(TOKOH_INVITED, {"tokoh_id": "t2", "name": "Pak RT", "role": "witness"})
        .note(TOKOH_REMOVED, {"tokoh_id": "t1"})
    )
    assert replay(history.events, SENGKETA).tokoh == {"t2": "witness"}


def test_other_events_do_not_change_anything() -> None:
    history = History().report().note("agreement.signed", {"signatory": "Siti"})
    snap = replay(history.events, SENGKETA)
    assert snap.state == "reported"
    assert snap.fields == CASE


def test_a_complaint_replays_with_its_own_workflow() -> None:
    history = (
        History()
        .report(workflow="pengaduan")
        .fire("follow_up", "in_progress", action_plan="Patroli malam")
    )
    history.fire("resolve", "resolved", resolution="Selesai")
    assert replay(history.events, PENGADUAN).state == "resolved"
    with pytest.raises(ReplayError):
        replay(history.events, SENGKETA)


def test_no_events_give_no_state() -> None:
    assert replay([], SENGKETA).state is None


# ---- inconsistent histories --------------------------------------------------------------


def refused(events: list[EventView], *fragments: str) -> str:
    with pytest.raises(ReplayError) as info:
        replay(events, SENGKETA)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    return message


def test_an_event_from_the_wrong_state_is_refused() -> None:
    history = History().report().fire("assess", "assessed", risk_level="sedang")
    history.add("schedule_mediation", "mediated", {}, src="reported")
    refused(history.events, "event 3", "starts from 'reported' but the case was 'assessed'")


def test_a_trigger_that_does_not_lead_to_the_stated_dest_is_refused() -> None:
    history = History().report().fire("assess", "mediated", risk_level="sedang")
    refused(history.events, "event 2", "'assess' does not lead from 'reported' to 'mediated'")


def test_a_trigger_not_available_from_the_state_is_refused() -> None:
    history = History().report().fire("agree", "agreed", summary="x")
    refused(history.events, "event 2", "'agree' does not lead from 'reported'", "sengketa v1")


def test_an_unknown_trigger_is_refused() -> None:
    history = History().report().fire("terbang", "assessed")
    refused(history.events, "'terbang' does not lead")


def test_nothing_leaves_a_final_state() -> None:
    history = settled().fire("escalate", "escalated", reason="x", target="unit_ppa")
    refused(history.events, "'escalate' does not lead from 'agreed'")


def test_a_second_report_is_refused() -> None:
    history = History().report().report()
    refused(history.events, "event 2", "reported twice")


def test_a_history_must_start_with_the_report() -> None:
    history = History()
    history.state = "reported"
    history.note(PARTY_ADDED, {"party_id": "p1", "party": SITI})
    refused(history.events, "event 1", "does not start with the report")


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (PARTY_ADDED, {"party_id": "p1", "party": SITI}),
        (TOKOH_INVITED, {"tokoh_id": "t1", "role": "mediator"}),
        (CASE_EDITED, {"changes": {}}),
        ("session.recorded", {}),
    ],
)
def test_an_event_that_is_not_a_transition_cannot_change_the_state(
    kind: str, payload: dict[str, Any]
) -> None:
    history = History().report().add(kind, "agreed", payload)
    refused(history.events, "event 2", f"{kind!r} cannot change the state")


def test_a_report_must_enter_the_initial_state() -> None:
    history = History().report(state="agreed")
    refused(history.events, "event 1")


def test_the_reported_fields_are_read_from_the_report() -> None:
    snap = replay(History().report(title="Lain").events, SENGKETA)
    assert set(snap.fields) == set(CASE_FIELDS)
    assert snap.fields["title"] == "Lain"
    assert snap.state == SENGKETA.initial
