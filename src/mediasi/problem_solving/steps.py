"""The steps taken on a case, read from its event log as the case page's history reads them
(the same labels, masking and clock), less the clerical rows that are no step towards solving
the problem: a draft saved, an agreement opened, a message sent again, a person's wish about
messages, a correction of the case's or a party's data. And the sessions held, from their rows.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from mediasi.cases import kinds
from mediasi.cases.event_labels import VALUE_LABELS
from mediasi.cases.event_model import Event
from mediasi.cases.history import Detail, Entry, VersionOf, case_history
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.mediation.models import MediationSession
from mediasi.problem_solving.words import waktu_parts

ID = "id"  # the report is always in Bahasa Indonesia, whatever the reader's language
SHORT_DIGEST = 12
CLERICAL = frozenset(
    {
        kinds.CASE_EDITED,
        kinds.PARTY_UPDATED,
        kinds.AGREEMENT_DRAFTED,
        kinds.AGREEMENT_VIEWED,
        kinds.MESSAGE_RESENT,
        kinds.CONTACT_PREFERENCE,
    }
)


def steps(
    queries: CaseQueries, case: Case, version_of: VersionOf, events: list[Event], zone: tzinfo
) -> list[dict[str, Any]]:
    """Each step, the first first: when (on the area's clock, in words), what, by whom, what
    it recorded and where it left the case."""
    taken = sorted((e for e in events if e.trigger not in CLERICAL), key=lambda e: e.seq)
    history = case_history(queries, case, version_of, taken, full=False)
    return [_step(entry, zone) for entry in history]


def _step(entry: Entry, zone: tzinfo) -> dict[str, Any]:
    event = entry.event
    if event.trigger == kinds.CASE_REPORTED:
        # The case's own snapshot is the report's section II; only the door it came in by.
        door = VALUE_LABELS["door"].get(str(event.payload.get("door")))
        notes = [f"Masuk lewat: {door.get(ID)}"] if door else []
    else:
        notes = [_line(d) for d in entry.details]
    if entry.states is not None and entry.states[0] is not None:
        notes.append(f"Status menjadi: {_text(entry.states[1])}")
    return _when(event.created_at, zone) | {
        "label": _text(entry.label),
        "actor": _text(entry.actor),
        "notes": notes,
    }


def _when(moment: datetime, zone: tzinfo) -> dict[str, str]:
    day, clock = waktu_parts(moment, zone)
    return {"day": day, "clock": clock}


def _line(detail: Detail) -> str:
    value = f"{detail.digest[:SHORT_DIGEST]}…" if detail.digest else _text(detail.value)
    return f"{_text(detail.label)}: {value}"


def _text(shown: Any) -> str:
    return shown if isinstance(shown, str) else str(shown.get(ID))


def sessions(rows: list[MediationSession], zone: tzinfo) -> list[dict[str, str]]:
    """The mediation sessions: when they were held (or are set for), where, how they ended,
    who came and what was noted."""
    outcomes = VALUE_LABELS["outcome"]
    return [
        _when(row.held_at or row.scheduled_at, zone)
        | {
            "place": row.place,
            "outcome": outcomes[row.status].get(ID) if row.status in outcomes else row.status,
            "attendees": row.attendees or "-",
            "minutes": row.minutes or "",
        }
        for row in rows
    ]
