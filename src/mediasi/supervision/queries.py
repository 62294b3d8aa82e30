"""What a supervisor needs to see, always within the area they oversee."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.access import desa_in_reach, officers_of, visible_cases
from mediasi.cases.event_model import Event
from mediasi.cases.lateness import overdue_at
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries, CaseRow
from mediasi.text import Text
from mediasi.web.paging import Span
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.loader import WorkflowRegistry


@dataclass(frozen=True)
class ReviewItem:
    row: CaseRow
    waiting_since: datetime
    reason: str | None
    target: str | None
    target_label: Text | str | None
    escalated_by: str


@dataclass(frozen=True)
class OfficerLoad:
    user_id: UUID
    name: str
    username: str
    open_cases: int
    overdue: int
    agreed_this_month: int


@dataclass(frozen=True)
class DeskFigures:
    awaiting_review: int
    overdue: int
    officers: list[OfficerLoad]


def start_of_month(now: datetime) -> datetime:
    local = now.astimezone(LOCAL_TZ)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


class SupervisionQueries:
    def __init__(self, session: Session, registry: WorkflowRegistry) -> None:
        self.session = session
        self.registry = registry
        self.cases = CaseQueries(session)

    def _in_review(self) -> Any:
        """Cases standing in a state their workflow marks ``review: true``."""
        clauses = [
            and_(
                Case.workflow == spec.name,
                Case.workflow_version == spec.version,
                Case.state.in_([name for name, st in spec.states.items() if st.review]),
            )
            for spec in self.registry.all()
            if any(st.review for st in spec.states.values())
        ]
        return or_(*clauses) if clauses else false()

    def review_queue(self, actor: Actor, span: Span | None = None) -> list[ReviewItem]:
        """Escalations awaiting a decision, the longest waiting first (one page of them)."""
        query = (
            select(Case)
            .where(visible_cases(actor), self._in_review())
            .order_by(Case.state_entered_at, Case.id)
        )
        if span is not None:
            query = query.offset(span.offset).limit(span.size)
        rows = self.cases._rows(query)
        if not rows:
            return []
        entered = self._entering_events(rows)
        names = self.cases.user_names({e.actor_id for e in entered.values() if e.actor_id})
        items = []
        for row in rows:
            event = entered.get(row.case.id)
            payload = event.payload if event else {}
            target = payload.get("target")
            items.append(
                ReviewItem(
                    row=row,
                    waiting_since=row.case.state_entered_at,
                    reason=payload.get("reason"),
                    target=target,
                    target_label=self._choice_label(row.case, event, "target", target),
                    escalated_by=event.actor_shown(names) if event else "",
                )
            )
        return items

    def review_count(self, actor: Actor) -> int:
        where = (visible_cases(actor), self._in_review())
        return self.session.scalar(select(func.count()).select_from(Case).where(*where)) or 0

    def review_page(self, actor: Actor, page: int) -> tuple[list[ReviewItem], Span]:
        span = Span.of(self.review_count(actor), page)
        return self.review_queue(actor, span), span

    def _choice_label(
        self, case: Case, event: Event | None, field: str, value: str | None
    ) -> Text | str | None:
        """The words the workflow file gives a choice (e.g. 'Unit Reskrim Polsek')."""
        if event is None or value is None:
            return value
        spec = self.registry.get(case.workflow, case.workflow_version)
        transition = spec.transition(event.trigger, event.from_state or "")
        for spec_field in transition.fields if transition else []:
            for choice in spec_field.choices if spec_field.name == field else []:
                if choice.value == value:
                    return choice.label
        return value

    def _entering_events(self, rows: list[CaseRow]) -> dict[UUID, Event]:
        """For each case, the event that moved it into its current state."""
        latest = (
            select(Event.case_id, func.max(Event.seq).label("seq"))
            .join(Case, Case.id == Event.case_id)
            .where(
                Event.case_id.in_([r.case.id for r in rows]),
                Event.to_state == Case.state,
                Event.from_state != Case.state,
            )
            .group_by(Event.case_id)
            .subquery()
        )
        query = select(Event).join(
            latest, and_(Event.case_id == latest.c.case_id, Event.seq == latest.c.seq)
        )
        return {event.case_id: event for event in self.session.scalars(query)}

    def _counts(self, query: Any) -> Counter[UUID]:
        return Counter({key: int(n) for key, n in self.session.execute(query)})

    def overdue(self, actor: Actor, now: datetime) -> list[CaseRow]:
        query = (
            select(Case)
            .where(visible_cases(actor), overdue_at(now))
            .order_by(Case.due_at)
            .limit(200)
        )
        return self.cases._rows(query)

    def overdue_count(self, actor: Actor, now: datetime) -> int:
        where = (visible_cases(actor), overdue_at(now))
        return self.session.scalar(select(func.count()).select_from(Case).where(*where)) or 0

    def overdue_page(self, actor: Actor, now: datetime, page: int) -> tuple[list[CaseRow], Span]:
        """Every overdue case in the area, the longest overdue first, a page at a time (the
        desk shows the first 200)."""
        span = Span.of(self.overdue_count(actor, now), page)
        query = (
            select(Case)
            .where(visible_cases(actor), overdue_at(now))
            .order_by(Case.due_at, Case.id)
            .offset(span.offset)
            .limit(span.size)
        )
        return self.cases._rows(query), span

    def figures(self, actor: Actor, now: datetime) -> DeskFigures:
        """The desk's numbers: escalations awaiting review, overdue cases, each officer's load."""
        return DeskFigures(
            self.review_count(actor), self.overdue_count(actor, now), self.officer_load(actor, now)
        )

    def officer_load(self, actor: Actor, now: datetime) -> list[OfficerLoad]:
        """Every officer holding a desa in the supervisor's area, with their numbers."""
        officers = officers_of(self.session, desa_in_reach(self.session, actor))
        if not officers:
            return []
        ids = [officer_id for officer_id, _, _ in officers]
        per_officer = Case.assigned_officer_id
        open_cases = self._counts(
            select(per_officer, func.count())
            .where(per_officer.in_(ids), Case.is_final.is_(False))
            .group_by(per_officer)
        )
        overdue = self._counts(
            select(per_officer, func.count())
            .where(per_officer.in_(ids), overdue_at(now))
            .group_by(per_officer)
        )
        agreed = self._counts(
            select(per_officer, func.count(func.distinct(Event.case_id)))
            .join(Case, Case.id == Event.case_id)
            .where(
                per_officer.in_(ids),
                Event.to_state == "agreed",
                Event.from_state != "agreed",
                Event.created_at >= start_of_month(now),
            )
            .group_by(per_officer)
        )
        return [
            OfficerLoad(oid, name, username, open_cases[oid], overdue[oid], agreed[oid])
            for oid, name, username in officers
        ]


def events_in_scope(
    session: Session, actor: Actor, start: datetime, end: datetime, desa_id: UUID | None = None
) -> list[tuple[str, Event]]:
    """Every event of the cases the actor sees (optionally one desa) within [start, end)."""
    query = (
        select(Case.reference, Event)
        .join(Case, Case.id == Event.case_id)
        .where(visible_cases(actor), Event.created_at >= start, Event.created_at < end)
        .order_by(Case.reference, Event.seq)
        .limit(100_000)
    )
    if desa_id:
        query = query.where(Case.desa_id == desa_id)
    return [(reference, event) for reference, event in session.execute(query).tuples()]
