"""Follow-ups as pages show them: a case's, and a person's day (overdue, today, coming)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import User
from mediasi.accounts.roles import Role
from mediasi.cases.access import visible_cases
from mediasi.cases.history import case_zone
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.db.base import utcnow
from mediasi.followups.models import OPEN, FollowUp

# What "coming" covers on the home page, and how many of each list it shows.
COMING_DAYS = 7
AGENDA_LIMIT = 50
# Closed follow-ups a case page still shows (who did or removed each, and when).
CLOSED_SHOWN = 5
# Who reads and keeps follow-ups: the people who work a case, not a tokoh or a party.
STAFF = (Role.OFFICER, Role.SUPERVISOR)

_SETTER, _CLOSER = aliased(User), aliased(User)


@dataclass(frozen=True)
class FollowUpRow:
    follow_up: FollowUp
    case_id: UUID
    reference: str
    title: str
    set_by: str
    closed_by: str | None


@dataclass
class Agenda:
    """A person's open follow-ups: past their day, on today, in the coming week."""

    overdue: list[FollowUpRow] = field(default_factory=list)
    today: list[FollowUpRow] = field(default_factory=list)
    coming: list[FollowUpRow] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.coming)


def _rows(query: Select[Any]) -> Select[Any]:
    return (
        query.add_columns(Case.reference, Case.title, _SETTER.full_name, _CLOSER.full_name)
        .join(Case, Case.id == FollowUp.case_id)
        .join(_SETTER, _SETTER.id == FollowUp.set_by_id)
        .outerjoin(_CLOSER, _CLOSER.id == FollowUp.closed_by_id)
    )


def _read(session: Session, query: Select[Any]) -> list[FollowUpRow]:
    return [
        FollowUpRow(row[0], row[0].case_id, row[1], row[2], row[3], row[4])
        for row in session.execute(query)
    ]


def of_case(session: Session, case_id: UUID) -> tuple[list[FollowUpRow], list[FollowUpRow]]:
    """(open ones by day, the last few closed ones)."""
    base = _rows(select(FollowUp)).where(FollowUp.case_id == case_id)
    open_rows = _read(
        session,
        base.where(FollowUp.status == OPEN).order_by(FollowUp.due_on, FollowUp.due_time),
    )
    closed = _read(
        session,
        base.where(FollowUp.status != OPEN).order_by(FollowUp.closed_at.desc()).limit(CLOSED_SHOWN),
    )
    return open_rows, closed


def with_status(session: Session, case_id: UUID, status: str) -> list[FollowUp]:
    """The case's follow-ups of one status: open ones by day, closed ones latest first."""
    query = select(FollowUp).where(FollowUp.case_id == case_id, FollowUp.status == status)
    if status == OPEN:
        query = query.order_by(FollowUp.due_on, FollowUp.due_time, FollowUp.created_at)
    else:
        query = query.order_by(FollowUp.closed_at.desc())
    return list(session.scalars(query))


def agenda(session: Session, actor: Actor, today: date) -> Agenda:
    """The actor's own open follow-ups on cases they still see, from the overdue to a week on."""
    if actor.id is None or actor.role not in STAFF:
        return Agenda()
    mine = (
        _rows(select(FollowUp))
        .where(
            FollowUp.owner_id == actor.id,
            FollowUp.status == OPEN,
            FollowUp.due_on <= today + timedelta(days=COMING_DAYS),
            visible_cases(actor),
        )
        .order_by(FollowUp.due_on, FollowUp.due_time, Case.reference)
    )
    result = Agenda()
    for row in _read(session, mine.limit(AGENDA_LIMIT * 3)):
        due = row.follow_up.due_on
        shelf = result.overdue if due < today else result.today if due == today else result.coming
        if len(shelf) < AGENDA_LIMIT:
            shelf.append(row)
    return result


def follow_up_section(session: Session, case: Case, actor: Actor) -> dict[str, Any]:
    """The case page's follow-ups, for the staff who work the case only."""
    open_rows, closed = of_case(session, case.id) if actor.role in STAFF else ([], [])
    return {
        "follow_up_today": utcnow().astimezone(case_zone(CaseQueries(session), case)).date(),
        "follow_ups": open_rows,
        "follow_ups_closed": closed,
        "show_follow_ups": actor.role in STAFF,
        "follow_up_errors": {},
        "follow_up_values": {},
    }
