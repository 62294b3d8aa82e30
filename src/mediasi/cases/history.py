"""A case's events as a person reads them: the workflow's and the catalogs' words for every
key, names for people and places, times on the clock of the case's area, NIK and phone
numbers masked, digests given whole only on demand.

Two views read it: the case page's timeline (what an officer needs) and the audit trail page
(``full``: every stored field, labelled). The rows exactly as stored, for an auditor to
re-verify offline, are the trail's export (:mod:`mediasi.audit.export`), never this.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from mediasi import i18n
from mediasi.accounts.roles import ROLE_LABELS
from mediasi.accounts.zones import area_timezone
from mediasi.cases import kinds
from mediasi.cases.event_labels import (
    EVENT_LABELS,
    FIELD_LABELS,
    NO,
    VALUE_LABELS,
    YES,
)
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import CASE_FIELDS
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.written_under import versions_written_under
from mediasi.i18n import Joined, Moment, Translatable
from mediasi.text import Text
from mediasi.web.masking import mask_nik, mask_phone
from mediasi.workflow.spec import NO as NO_ANSWER
from mediasi.workflow.spec import YES as YES_ANSWER
from mediasi.workflow.spec import FieldSpec, FieldType, WorkflowSpec

Shown = Translatable | str

# Identifiers mean nothing to a reader; the export keeps them.
_IDENTIFIERS = {
    "party_id",
    "tokoh_id",
    "session_id",
    "agreement_id",
    "obligation_id",
    "signature_id",
    "consent_id",
    "signatory",
    "workflow_version",
    "handover_id",
}
# On the trail page only: the report's snapshot, a party's numbers, where a signature came from.
_TRAIL_ONLY = {"case", "workflow", "nik", "phone", "address", "signed_at", "ip", "user_agent"}
# The timeline names the text a signature is given on by its version (the freezing shows its
# digest once); the trail repeats the digest on every signature.
_TRAIL_ONLY_OF = {
    kinds.AGREEMENT_VIEWED: {"digest"},
    kinds.AGREEMENT_SIGNED: {"digest"},
    kinds.AGREEMENT_DECLINED: {"digest"},
}
_TIMES = {
    "session_at",
    "previous_at",
    "held_at",
    "signed_at",
    "due_at",
    "until",
    "paused_at",
    "due_before",
    "pause_until",
}
_DIGESTS = {"digest", "evidence_sha256"}
_PHONES = {"phone", "reporter_phone"}
_PARTY_ORDER = ("name", "role", "nik", "phone", "address")
_PEOPLE, _PLACES = "assigned_officer_id", "desa_id"
# A handover names the officers it moved a case between.
_OFFICERS = {_PEOPLE, "from_officer_id", "to_officer_id"}
# How the deadline scanner writes a due time: '01-12-2026 16:00 WIB'.
_SCANNER_TIME = re.compile(r"^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}) (WIB|WITA|WIT)$")
_ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


@dataclass(frozen=True)
class Detail:
    """One labelled value of an event; a ``digest`` is shown shortened, whole on demand."""

    label: Shown
    value: Shown = ""
    digest: str | None = None


@dataclass(frozen=True)
class Entry:
    event: Event
    label: Shown
    actor: Shown
    role: Shown
    at: Moment
    # (from, to) where the event moved the case; ``from`` is None for the report itself.
    states: tuple[Shown | None, Shown] | None
    details: list[Detail]


VersionOf = Callable[[int], WorkflowSpec]
"""A version of the case's workflow by its number."""


@dataclass(frozen=True)
class Lookups:
    """What a case's events refer to, read once for the page."""

    # The version the event being read was written under (see ``cases.written_under``).
    spec: WorkflowSpec
    zone: tzinfo
    users: Mapping[UUID, str]
    areas: Mapping[UUID, str]
    version_of: VersionOf
    written_under: Mapping[int, int]

    def at(self, version: int) -> WorkflowSpec:
        """That version, or the case's own when it is no longer loaded (a trail is shown
        whatever it holds)."""
        try:
            return self.version_of(version)
        except KeyError:
            return self.spec


def event_label(spec: WorkflowSpec, trigger: str, from_state: str | None) -> Translatable:
    """The words for an event: its kind's, or the label of the transition it fired."""
    if trigger in EVENT_LABELS:
        return EVENT_LABELS[trigger]
    transition = spec.transition(trigger, from_state or "")
    return transition.label if transition else Text(id=trigger)


def case_zone(queries: CaseQueries, case: Case) -> tzinfo:
    """The clock of the case's area (its desa, or the nearest area above it with a zone)."""
    zone = area_timezone(queries.session, case.desa_id, "")
    return ZoneInfo(zone) if zone else i18n.timezone()


def case_history(
    queries: CaseQueries, case: Case, version_of: VersionOf, events: list[Event], *, full: bool
) -> list[Entry]:
    """``events`` of ``case`` as entries, with the names and the area clock they need; each
    read with the words of the workflow version it was written under."""
    users, areas = _referenced(events)
    look = Lookups(
        version_of(case.workflow_version),
        case_zone(queries, case),
        queries.user_names(users | {e.actor_id for e in events if e.actor_id}),
        queries.area_names(areas),
        version_of,
        versions_written_under(events, case.workflow_version),
    )
    return [entry(e, look, full=full) for e in events]


def entry(event: Event, look: Lookups, *, full: bool) -> Entry:
    """One event as people read it: on the timeline, or (``full``) on the trail page. A
    migration's states are each in their own version's words."""
    written = look.written_under.get(event.seq)
    look = replace(look, spec=look.at(written)) if written is not None else look
    spec = after = look.spec
    moved_to = event.payload.get("to_version")
    if event.trigger == kinds.WORKFLOW_MIGRATED and isinstance(moved_to, int):
        after = look.at(moved_to)
    states = None
    if event.from_state != event.to_state and event.to_state in after.states:
        before = spec.states.get(event.from_state or "")
        states = (before.label if before else None, after.states[event.to_state].label)
    return Entry(
        event=event,
        label=event_label(spec, event.trigger, event.from_state),
        actor=_actor(event, look),
        role=ROLE_LABELS.get(event.actor_role, event.actor_role),
        at=Moment(event.created_at, look.zone),
        states=states,
        details=_details(event, look, full),
    )


def _actor(event: Event, look: Lookups) -> Shown:
    if event.actor_id and event.actor_id in look.users:
        return look.users[event.actor_id]
    return ROLE_LABELS["system"] if event.actor_role == "system" else event.actor_name


def _details(event: Event, look: Lookups, full: bool) -> list[Detail]:
    transition = None
    if kinds.is_transition(event.trigger):
        transition = look.spec.transition(event.trigger, event.from_state or "")
    fields = {f.name: f for f in transition.fields} if transition else {}
    return [
        line
        for key, raw in _shown(event, full).items()
        for line in _lines(key, raw, event.payload, fields, look, full)
    ]


def _shown(event: Event, full: bool) -> dict[str, Any]:
    """The payload keys a view shows; the timeline fewer, and a person with their part in the
    case on one line ('Pdt. Yohanes (Mediator)')."""
    hidden = _IDENTIFIERS
    if not full:
        hidden = hidden | _TRAIL_ONLY | _TRAIL_ONLY_OF.get(event.trigger, set())
    shown = {k: v for k, v in event.payload.items() if k not in hidden and not _empty(v)}
    if not full and "name" in shown and "role" in shown:
        del shown["role"]
        shown["name"] = _named(event.payload)
    return shown


def _lines(
    key: str,
    raw: Any,
    payload: dict[str, Any],
    fields: dict[str, FieldSpec],
    look: Lookups,
    full: bool,
) -> list[Detail]:
    if key == "case" and isinstance(raw, dict):
        return [
            Detail(_label(name), _value(name, raw[name], look))
            for name in CASE_FIELDS
            if not _empty(raw.get(name))
        ]
    if key == "party" and isinstance(raw, dict):
        return _party(raw, full)
    if key == "changes":
        return [_change(name, old, new, look) for name, (old, new) in _changes(raw)]
    if key == "workflow":
        version = payload.get("workflow_version")
        return [Detail(_label(key), Joined((look.spec.label, f"v{version}"), " "))]
    if key in _DIGESTS and isinstance(raw, str):
        return [Detail(_label(key), digest=raw)]
    if isinstance(raw, Joined):
        return [Detail(_label(key), raw)]
    if key in fields:
        return [Detail(fields[key].label, _field_value(fields[key], raw, look))]
    return [Detail(_label(key), _value(key, raw, look))]


def _changes(raw: Any) -> list[tuple[str, tuple[Any, Any]]]:
    """An edit's (field, (old, new)) pairs; anything else an edit could not have written."""
    if not isinstance(raw, dict):
        return []
    return [(k, (v[0], v[1])) for k, v in raw.items() if isinstance(v, list) and len(v) == 2]


def _change(name: str, old: Any, new: Any, look: Lookups) -> Detail:
    """'old → new'; a text of several lines (a description) gets the arrow and the new text
    on a line of their own, so that the reader sees where the old one ends."""
    lines = any(isinstance(value, str) and "\n" in value for value in (old, new))
    shown = (_value(name, old, look), _value(name, new, look))
    return Detail(_label(name), Joined(shown, "\n→ " if lines else " → "))


def _party(party: dict[str, Any], full: bool) -> list[Detail]:
    if not full:
        return [Detail(FIELD_LABELS["party"], _named(party))]
    return [
        Detail(_label(name), _role(party[name]) if name == "role" else _masked(name, party[name]))
        for name in _PARTY_ORDER
        if not _empty(party.get(name))
    ]


def _named(person: dict[str, Any]) -> Joined:
    return Joined((str(person.get("name")), " (", _role(person.get("role")), ")"), "")


def _role(raw: Any) -> Shown:
    return VALUE_LABELS["role"].get(str(raw), str(raw))


def _label(key: str) -> Shown:
    return FIELD_LABELS.get(key) or Text(id=key)


def _field_value(field: FieldSpec, raw: Any, look: Lookups) -> Shown:
    """A workflow field's value by the field's own type and choices."""
    if field.type is FieldType.CHOICE:
        return next((c.label for c in field.choices if c.value == raw), str(raw))
    if field.type in (FieldType.DATETIME, FieldType.DATE):
        return _moment(raw, look)
    if field.type is FieldType.CHECKLIST and isinstance(raw, dict):
        return _answers(field, raw)
    return _value(field.name, raw, look)


def _answers(field: FieldSpec, raw: dict[str, Any]) -> Joined:
    """Each item's question with the answer recorded, in the file's order."""
    shown = {YES_ANSWER: YES, NO_ANSWER: NO}
    return Joined(
        tuple(
            Joined((item.label, ": ", shown.get(str(raw.get(item.key)), "—")), "")
            for item in field.items
        ),
        "\n",  # one answer a line: the history shows each on its own
    )


def _value(key: str, raw: Any, look: Lookups) -> Shown:
    if _empty(raw):
        return "—"
    if isinstance(raw, bool):
        return YES if raw else NO
    if key in _TIMES:
        return _moment(raw, look)
    if key == _PLACES or key in _OFFICERS:
        found = _uuid(raw)
        return (look.areas if key == _PLACES else look.users).get(found, "—") if found else str(raw)
    if key == "paused_seconds" and isinstance(raw, int):
        return f"{raw / 3600:.1f}"
    if key in ("category", "risk_level"):
        return look.spec.column_text(key, str(raw)) or str(raw)
    if key in VALUE_LABELS:
        return VALUE_LABELS[key].get(str(raw), str(raw))
    if isinstance(raw, dict | list):
        return json.dumps(raw, ensure_ascii=False)
    return _masked(key, raw)


def _masked(key: str, raw: Any) -> str:
    if key == "nik":
        return mask_nik(str(raw))
    if key in _PHONES:
        return mask_phone(str(raw))
    return str(raw)


def _moment(raw: Any, look: Lookups) -> Shown:
    """A stored time (ISO, a day, or the scanner's own text) on the area's clock."""
    text = str(raw)
    found = _SCANNER_TIME.match(text)
    if found:
        day, month, year, hour, minute, zone = found.groups()
        moment = datetime(
            int(year), int(month), int(day), int(hour), int(minute), tzinfo=ZoneInfo(_ZONES[zone])
        )
        return Moment(moment, look.zone)
    try:
        if len(text) == len("2026-01-31"):
            return Moment(date.fromisoformat(text), look.zone)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return Moment(moment if moment.tzinfo else moment.replace(tzinfo=look.zone), look.zone)


def _empty(raw: Any) -> bool:
    return raw is None or raw == "" or raw == [] or raw == {}


def _referenced(events: Iterable[Event]) -> tuple[set[UUID], set[UUID]]:
    """The people and areas a report's snapshot or an edit names by id."""
    users: set[UUID] = set()
    areas: set[UUID] = set()
    for event in events:
        named = (
            list((event.payload.get("case") or {}).items())
            + [
                (name, value)
                for name, change in _changes(event.payload.get("changes"))
                for value in change
            ]
            + [(name, v) for name, v in event.payload.items() if name in _OFFICERS | {_PLACES}]
        )
        for name, value in named:
            found = _uuid(value)
            if found and name in _OFFICERS:
                users.add(found)
            elif found and name == _PLACES:
                areas.add(found)
    return users, areas


def _uuid(raw: Any) -> UUID | None:
    """An id as stored; None for anything else (a trail page shows a tampered trail too)."""
    try:
        return UUID(str(raw)) if raw else None
    except ValueError:
        return None
