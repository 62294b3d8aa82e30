"""The benchmarks' seed: copies of the demo's cases, each with its parties, tokoh, whole event
chain and the stays the statistics count, until there are as many cases as a benchmark asks;
the copy's ids put in and every hash computed again for them, so ``audit verify`` stays clean.
The rows go out in bulk (:mod:`bench.bulk`: COPY on PostgreSQL).

A million cases are some nine million events. Each copied event's hash is the SHA-256 of its
canonical JSON (:func:`mediasi.cases.chain.event_hash`), which for a copy differs from the
template event's only in the ids, the time and the previous hash: that text is built once per
template event with markers for them, and filled in per copy (checked against
:func:`~mediasi.cases.chain.event_hash` on the first copy of every template event)."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, select

from bench.bulk import write
from mediasi.cases import rollup
from mediasi.cases.chain import GENESIS, canonical_json, event_hash
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.stay_model import CaseStay
from mediasi.runtime import Runtime

BATCH = 2_000  # cases per transaction
STAY_TIMES = ("entered_at", "left_at", "paused_since", "due_at")
CASE, AT, PREV = "@@case_id@@", "@@created_at@@", "@@prev_hash@@"  # no payload holds these
HASHED = ("seq", "actor_id", "actor_name", "actor_role", "trigger", "from_state", "to_state")


@dataclass(frozen=True)
class Template:
    """One event of a template case, ready to be copied."""

    row: dict[str, Any]
    hashed: str  # its hash's canonical JSON with markers for the case, time and previous hash
    payload: str | None  # its payload's JSON, when it names one of the case's ids

    def copied(
        self, case_id: UUID, back: timedelta, ids: dict[str, str], prev: str
    ) -> dict[str, Any]:
        """The event of the copy ``case_id``, moved ``back`` in time, after the hash ``prev``."""
        at = self.row["created_at"] - back
        text, payload = self.hashed, self.row["payload"]
        if self.payload is not None:
            for old, new in ids.items():
                text = text.replace(old, new)
            payload = json.loads(_replaced(self.payload, ids))
        text = text.replace(CASE, str(case_id)).replace(PREV, prev)
        text = text.replace(AT, at.astimezone(UTC).isoformat(timespec="microseconds"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        fields = {"case_id": case_id, "payload": payload, "created_at": at}
        return {**self.row, **fields, "id": uuid4(), "prev_hash": prev, "hash": digest}


def _replaced(text: str, ids: dict[str, str]) -> str:
    for old, new in ids.items():
        text = text.replace(old, new)
    return text


def templates_of(events: list[dict[str, Any]], ids: list[str]) -> list[Template]:
    """A case's events in order, as :class:`Template`; ``ids`` are the case's own (its id, its
    parties'), which a copy replaces wherever they appear."""
    made = []
    for event in sorted(events, key=lambda e: e["seq"]):
        payload = json.dumps(event["payload"])
        body = {
            **{k: event[k] for k in HASHED},
            "case_id": CASE,
            "actor_id": str(event["actor_id"]) if event["actor_id"] else None,
            "payload": event["payload"],
            "created_at": AT,
            "prev_hash": PREV,
        }
        named = any(i in payload for i in ids)
        made.append(Template(event, canonical_json(body), payload if named else None))
    return made


def _checked(copy: dict[str, Any]) -> dict[str, Any]:
    """The copy's hash is the one :func:`event_hash` gives (the markers filled in right)."""
    fields = {k: copy[k] for k in (*HASHED, "case_id", "payload", "created_at", "prev_hash")}
    assert event_hash(**fields) == copy["hash"], copy["seq"]
    return copy


def _rows(session: Any, table: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in session.execute(select(table))]


def _moved(row: dict[str, Any], back: timedelta, *columns: str) -> dict[str, Any]:
    return {**row, **{c: row[c] - back for c in columns if row.get(c) is not None}}


def _by_case(rows: list[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["case_id"], []).append(row)
    return grouped


def copy_cases(runtime: Runtime, total: int, spread_days: int = 0) -> float:
    """Copies of the demo's cases up to ``total``; the seconds it took. With ``spread_days``,
    each round of copies is moved back in time, evenly over that many days (every moment of a
    copy by the same amount), as a unit's cases accumulate over the years."""
    started = time.perf_counter()
    cases_t, events_t = Case.__table__, Event.__table__
    parties_t, tokoh_t, stays_t = Party.__table__, CaseTokoh.__table__, CaseStay.__table__
    tables = (("c", cases_t), ("p", parties_t), ("t", tokoh_t), ("s", stays_t))  # before events
    with runtime.sessions() as session:
        cases = _rows(session, cases_t)
        parties = _by_case(_rows(session, parties_t))
        tokoh = _by_case(_rows(session, tokoh_t))
        stays = _by_case(_rows(session, stays_t))
        events = _by_case(_rows(session, events_t))
        start = session.scalar(select(func.max(cases_t.c.number))) or 0
    chains = {
        c["id"]: templates_of(
            events.get(c["id"], []),
            [str(c["id"]), *(str(p["id"]) for p in parties.get(c["id"], []))],
        )
        for c in cases
    }
    made = len(cases)
    rounds = max(1, -(-(total - made) // max(1, made)))
    pending: dict[str, list[dict[str, Any]]] = {"c": [], "e": [], "p": [], "t": [], "s": []}
    copy = 0
    while made < total:
        copy += 1
        back = timedelta(days=spread_days * copy / rounds)
        for template in cases:
            if made >= total:
                break
            made += 1
            new_id = uuid4()
            ids = {str(template["id"]): str(new_id)}
            for party in parties.get(template["id"], []):
                ids[str(party["id"])] = str(uuid4())
            pending["p"] += [
                {**p, "id": UUID(ids[str(p["id"])]), "case_id": new_id}
                for p in parties.get(template["id"], [])
            ]
            pending["t"] += [
                {**t, "id": uuid4(), "case_id": new_id} for t in tokoh.get(template["id"], [])
            ]
            pending["s"] += [
                {**_moved(s, back, *STAY_TIMES), "case_id": new_id}
                for s in stays.get(template["id"], [])
            ]
            prev = GENESIS
            for event in chains[template["id"]]:
                copied = event.copied(new_id, back, ids, prev)
                pending["e"].append(_checked(copied) if copy == 1 else copied)
                prev = copied["hash"]
            pending["c"].append(
                {
                    **_moved(template, back, "created_at", "updated_at", "due_at"),
                    "id": new_id,
                    "reference": f"{template['reference']}-{copy}",
                    "number": start + made,
                    "last_hash": prev,
                }
            )
        if len(pending["c"]) >= BATCH or made >= total:
            write(runtime.engine, [*((t, pending[k]) for k, t in tables), (events_t, pending["e"])])
            pending = {"c": [], "e": [], "p": [], "t": [], "s": []}
    with runtime.engine.begin() as connection:  # the copies' monthly roll-up, as migrated
        rollup.rebuild(connection, runtime.workflows.registry, runtime.settings.timezone)
    return time.perf_counter() - started
