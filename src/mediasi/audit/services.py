"""Appending chained events and verifying every case's chain, its replay and the statistics'
stays kept beside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.audit.replay import (
    EventView,
    ReplayError,
    Snapshot,
    replay,
)
from mediasi.audit.stays import stay_problems
from mediasi.cases.chain import GENESIS, event_hash
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import CASE_FIELDS, PARTY_FIELDS
from mediasi.cases.ledger import json_value
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.stay_model import CaseStay
from mediasi.forum.models import Forum
from mediasi.intake.models import PublicReport
from mediasi.workflow.loader import WorkflowRegistry


def events_of(session: Session, case_id: UUID) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.seq)))


def current_snapshot(session: Session, case: Case) -> Snapshot:
    parties = session.scalars(select(Party).where(Party.case_id == case.id))
    links = session.scalars(select(CaseTokoh).where(CaseTokoh.case_id == case.id))
    return snapshot_of(case, parties, links)


def snapshot_of(case: Case, parties: Iterable[Party], links: Iterable[CaseTokoh]) -> Snapshot:
    return Snapshot(
        state=case.state,
        fields={name: json_value(getattr(case, name)) for name in CASE_FIELDS},
        version=case.workflow_version,
        parties={str(p.id): {n: getattr(p, n) for n in PARTY_FIELDS} for p in parties},
        tokoh={str(link.tokoh_id): link.role for link in links},
    )


Link = Callable[[Any], tuple[UUID, str | None, str]]


def case_link(event: Event) -> tuple[UUID, str | None, str]:
    """What a case event's hash covers besides the common columns: its case and states."""
    return event.case_id, event.from_state, event.to_state


def chain_problems(
    events: Sequence[Any], expected_count: int | None = None, link: Link = case_link
) -> list[str]:
    """Every break in a chain — a case's, or a public report's with its own ``link`` — a gap,
    a wrong link, or a hash that no longer matches."""
    problems = []
    prev = GENESIS
    for position, ev in enumerate(events, start=1):
        subject, from_state, to_state = link(ev)
        if ev.seq != position:
            problems.append(f"event {position}: sequence number is {ev.seq}")
        if ev.prev_hash != prev:
            problems.append(f"event {ev.seq}: does not link to the event before it")
        recomputed = event_hash(
            case_id=subject,
            seq=ev.seq,
            actor_id=ev.actor_id,
            actor_name=ev.actor_name,
            actor_role=ev.actor_role,
            trigger=ev.trigger,
            from_state=from_state,
            to_state=to_state,
            payload=ev.payload,
            created_at=ev.created_at,
            prev_hash=ev.prev_hash,
        )
        if recomputed != ev.hash:
            problems.append(f"event {ev.seq}: content was changed after it was written")
        prev = ev.hash
    if expected_count is not None and len(events) != expected_count:
        problems.append(f"{len(events)} events for a case at version {expected_count}")
    return problems


Row = TypeVar("Row", PublicReport, Forum)


def in_batches(session: Session, model: type[Row], batch: int) -> Iterator[Row]:
    """Every row of ``model`` by id, read ``batch`` at a time and let go of after each batch,
    so memory stays flat on a large database."""
    last_id: UUID | None = None
    while True:
        query = select(model).order_by(model.id).limit(batch)
        if last_id is not None:
            query = query.where(model.id > last_id)
        rows = list(session.scalars(query))
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        session.expunge_all()


@dataclass(frozen=True)
class CaseVerification:
    case_id: UUID
    reference: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def stays_kept(session: Session, case_id: UUID) -> list[CaseStay]:
    return list(session.scalars(select(CaseStay).where(CaseStay.case_id == case_id)))


def verify_case(session: Session, case: Case, registry: WorkflowRegistry) -> CaseVerification:
    """Check the chain, then replay the events and compare with the case as stored, and the
    stays the events imply with those kept."""
    events = events_of(session, case.id)
    stored = current_snapshot(session, case)
    return _verified(case, events, registry, stored, stays_kept(session, case.id))


@dataclass(frozen=True)
class Trail:
    """A case's events and what verifying them found, read once."""

    events: list[Event]
    verification: CaseVerification


def case_trail(session: Session, case: Case, registry: WorkflowRegistry) -> Trail:
    events = events_of(session, case.id)
    stored = current_snapshot(session, case)
    return Trail(events, _verified(case, events, registry, stored, stays_kept(session, case.id)))


def _verified(
    case: Case,
    events: list[Event],
    registry: WorkflowRegistry,
    stored: Snapshot,
    stays: list[CaseStay],
) -> CaseVerification:
    problems = chain_problems(events, case.version)
    if events and case.last_hash != events[-1].hash:
        problems.append("the case's last hash is not its newest event's")
    reported = events[0].payload.get("workflow_version") if events else None
    started = reported if isinstance(reported, int) else case.workflow_version
    try:
        spec = registry.get(case.workflow, started)
    except KeyError:
        problems.append(f"workflow {case.workflow} v{started} is not loaded")
    else:
        views = [EventView(e.seq, e.trigger, e.from_state, e.to_state, e.payload) for e in events]
        try:
            replayed = replay(views, spec, lambda version: registry.get(case.workflow, version))
        except (ReplayError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"replay fails: {exc}")
        else:
            diff = replayed.differences(stored)
            problems.extend(f"replay disagrees with the stored case: {d}" for d in diff)
    problems.extend(stay_problems(case, events, stays))
    return CaseVerification(case.id, case.reference, problems)


Grouped = TypeVar("Grouped", Event, Party, CaseTokoh, CaseStay)


def _by_case(
    session: Session, model: type[Grouped], ids: list[UUID], *order: Any
) -> dict[UUID, list[Grouped]]:
    """The rows of ``model`` of these cases, one query, grouped by case."""
    grouped: dict[UUID, list[Grouped]] = {case_id: [] for case_id in ids}
    for row in session.scalars(select(model).where(model.case_id.in_(ids)).order_by(*order)):
        grouped[row.case_id].append(row)
    return grouped


def verify_all(
    session: Session,
    registry: WorkflowRegistry,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 200,
) -> Iterator[CaseVerification]:
    """Verify every case, in batches so memory stays flat on a large database; a batch's
    events, parties, tokoh and stays are read in four queries, not four per case."""
    total = session.execute(select(func.count()).select_from(Case)).scalar_one()
    done = 0
    last_ref = ""
    while True:
        cases = list(
            session.scalars(
                select(Case).where(Case.reference > last_ref).order_by(Case.reference).limit(batch)
            )
        )
        if not cases:
            return
        ids = [case.id for case in cases]
        events = _by_case(session, Event, ids, Event.case_id, Event.seq)
        parties = _by_case(session, Party, ids)
        links = _by_case(session, CaseTokoh, ids)
        stays = _by_case(session, CaseStay, ids)
        for case in cases:
            stored = snapshot_of(case, parties[case.id], links[case.id])
            yield _verified(case, events[case.id], registry, stored, stays[case.id])
            done += 1
            if progress:
                progress(done, total)
        last_ref = cases[-1].reference
        session.expunge_all()
