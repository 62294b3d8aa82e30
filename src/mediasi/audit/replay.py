"""Replaying a case's events gives its state and fields; comparing proves the row is honest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mediasi.cases.kinds import (
    CASE_EDITED,
    CASE_FIELDS,
    CASE_HANDED_OVER,
    CASE_REPORTED,
    PARTY_ADDED,
    PARTY_FIELDS,
    PARTY_REMOVED,
    PARTY_UPDATED,
    TOKOH_INVITED,
    TOKOH_REMOVED,
    WORKFLOW_MIGRATED,
    is_transition,
)
from mediasi.workflow.spec import WorkflowSpec


@dataclass
class Snapshot:
    """What a case is: its state, its fields, its parties and its tokoh, as plain values."""

    state: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    parties: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokoh: dict[str, str] = field(default_factory=dict)
    # The workflow version the case is on (a migration moves it); None where not compared.
    version: int | None = None

    def differences(self, other: Snapshot) -> list[str]:
        out = []
        if None not in (self.version, other.version) and self.version != other.version:
            out.append(f"workflow version {self.version!r} != {other.version!r}")
        if self.state != other.state:
            out.append(f"state {self.state!r} != {other.state!r}")
        for name in CASE_FIELDS:
            if self.fields.get(name) != other.fields.get(name):
                out.append(f"{name} {self.fields.get(name)!r} != {other.fields.get(name)!r}")
        if self.parties != other.parties:
            out.append("parties differ")
        if self.tokoh != other.tokoh:
            out.append("tokoh differ")
        return out


class ReplayError(ValueError):
    """The events do not make a consistent history."""


@dataclass(frozen=True)
class EventView:
    seq: int
    trigger: str
    from_state: str | None
    to_state: str
    payload: dict[str, Any]


def replay(
    events: list[EventView],
    spec: WorkflowSpec,
    version_of: Callable[[int], WorkflowSpec] | None = None,
) -> Snapshot:
    """The case ``events`` make, starting on ``spec`` (the version the case was reported on);
    a migration switches to the version it names, looked up with ``version_of``."""
    snap = Snapshot(version=spec.version)
    for ev in events:
        p = ev.payload
        if ev.trigger == CASE_REPORTED:
            if snap.state is not None:
                raise ReplayError(f"event {ev.seq}: the case is reported twice")
            if ev.to_state != spec.initial:
                raise ReplayError(
                    f"event {ev.seq}: a case is reported into {spec.initial!r}, not {ev.to_state!r}"
                )
            snap.state = ev.to_state
            snap.fields = {name: p["case"].get(name) for name in CASE_FIELDS}
            continue
        if snap.state is None:
            raise ReplayError(f"event {ev.seq}: history does not start with the report")
        if ev.from_state != snap.state:
            raise ReplayError(
                f"event {ev.seq}: starts from {ev.from_state!r} but the case was {snap.state!r}"
            )
        if ev.trigger == WORKFLOW_MIGRATED:
            spec = _migrated(ev, spec, version_of)
            snap.version = spec.version
            snap.state = ev.to_state
            continue
        if ev.trigger == CASE_EDITED:
            for name, (_, new) in p["changes"].items():
                snap.fields[name] = new
        elif ev.trigger == CASE_HANDED_OVER:
            snap.fields["assigned_officer_id"] = p["to_officer_id"]
        elif ev.trigger in (PARTY_ADDED, PARTY_UPDATED):
            snap.parties[p["party_id"]] = {name: p["party"].get(name) for name in PARTY_FIELDS}
        elif ev.trigger == PARTY_REMOVED:
            snap.parties.pop(p["party_id"], None)
        elif ev.trigger == TOKOH_INVITED:
            snap.tokoh[p["tokoh_id"]] = p["role"]
        elif ev.trigger == TOKOH_REMOVED:
            snap.tokoh.pop(p["tokoh_id"], None)
        elif is_transition(ev.trigger):
            transition = spec.transition(ev.trigger, snap.state)
            if transition is None or transition.dest != ev.to_state:
                raise ReplayError(
                    f"event {ev.seq}: {ev.trigger!r} does not lead from {snap.state!r} "
                    f"to {ev.to_state!r} in {spec.name} v{spec.version}"
                )
            for f in transition.fields:
                if f.case_field and f.name in p:
                    snap.fields[f.case_field] = p[f.name]
        if ev.to_state != snap.state and not is_transition(ev.trigger):
            raise ReplayError(f"event {ev.seq}: {ev.trigger!r} cannot change the state")
        snap.state = ev.to_state
    return snap


def _migrated(
    ev: EventView, spec: WorkflowSpec, version_of: Callable[[int], WorkflowSpec] | None
) -> WorkflowSpec:
    """The version a migration event moves to, after checking it leaves the version replay is on
    and lands on one of the new version's states."""
    p = ev.payload
    if p.get("from_version") != spec.version:
        raise ReplayError(
            f"event {ev.seq}: migrates from v{p.get('from_version')} but the case was on "
            f"v{spec.version}"
        )
    if version_of is None:
        raise ReplayError(f"event {ev.seq}: a migration, and no other version is at hand")
    new = version_of(int(p["to_version"]))
    if ev.to_state not in new.states or new.states[ev.to_state].final:
        raise ReplayError(
            f"event {ev.seq}: {ev.to_state!r} is not an open state of {new.name} v{new.version}"
        )
    return new
