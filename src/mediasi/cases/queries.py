"""Read models for pages: filtered case lists, the officer's desk, timelines. All scoped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.repository import SQLAlchemySyncRepository
from pydantic import Field, StringConstraints
from sqlalchemy import Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, Tokoh, User
from mediasi.accounts.roles import Role
from mediasi.cases.access import desa_in_reach, officers_of, visible_cases
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.returned import returned_among
from mediasi.cases.search import text_search
from mediasi.validation import EmptyIsNone, Form
from mediasi.workflow.durations import LOCAL_TZ

PAGE_SIZE = 20


class CaseRepository(SQLAlchemySyncRepository[Case]):
    model_type = Case
    # A window count says 0 past the last page; a separate count knows the real total.
    count_with_window_function = False


def _window(page: int) -> LimitOffset:
    return LimitOffset(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)


# A state, category or workflow name chosen from a list; its empty option means any.
Choice = Annotated[
    Annotated[str, StringConstraints(max_length=40, pattern=r"^[a-z_]*$")] | None, EmptyIsNone
]


class CaseFilters(Form):
    """The list's filters, as they stand in a bookmarkable URL."""

    state: Choice = None
    desa: Annotated[UUID | None, EmptyIsNone] = None
    category: Choice = None
    workflow: Choice = None
    officer: Annotated[UUID | None, EmptyIsNone] = None
    # An empty value (a form that sent the box unticked as "") means not only overdue ones.
    overdue: Annotated[bool | None, EmptyIsNone] = None
    q: str = Field(default="", max_length=100)
    page: int = Field(default=1, ge=1, le=10_000)


@dataclass(frozen=True)
class CaseRow:
    case: Case
    desa_name: str
    officer_name: str | None


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class Activity:
    event: Event
    reference: str
    case_id: UUID
    title: str
    workflow: str
    workflow_version: int
    actor: str  # the actor's full name now, or the name the event recorded


class CaseQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, query: Select[Any]) -> list[CaseRow]:
        officer = aliased(User)
        query = (
            query.add_columns(Area.name, officer.full_name)
            .join(Area, Area.id == Case.desa_id)
            .outerjoin(officer, officer.id == Case.assigned_officer_id)
        )
        return [CaseRow(case, desa, name) for case, desa, name in self.session.execute(query)]

    def list_cases(self, actor: Actor, filters: CaseFilters, now: datetime) -> CasePage:
        query = select(Case).where(visible_cases(actor))
        if filters.state:
            query = query.where(Case.state == filters.state)
        if filters.desa:
            query = query.where(Case.desa_id == filters.desa)
        if filters.category:
            query = query.where(Case.category == filters.category)
        if filters.workflow:
            query = query.where(Case.workflow == filters.workflow)
        if filters.officer:
            query = query.where(Case.assigned_officer_id == filters.officer)
        if filters.overdue:
            query = query.where(Case.due_at < now, Case.is_final.is_(False))
        if filters.q.strip():
            query = query.where(text_search(self.session, filters.q.strip().lower()))
        ordered = query.order_by(
            Case.is_final, Case.due_at.is_(None), Case.due_at, Case.reference.desc()
        )
        repository = CaseRepository(session=self.session, auto_expunge=False)
        page = filters.page
        # Two queries, not a window count: count(*) OVER () would read every row in reach to
        # count it, where the page itself stops after its 20 rows of the ordered index.
        cases, total = repository.get_many_and_count(
            _window(page), statement=ordered, count_with_window_function=False
        )
        pages = max(1, -(-total // PAGE_SIZE))
        if page > pages:
            # Past the last page (a stale link): show the last one.
            page = pages
            cases, total = repository.get_many_and_count(
                _window(page), statement=ordered, count_with_window_function=False
            )
        return CasePage(self._named(cases), total, page, pages)

    def _named(self, cases: list[Case]) -> list[CaseRow]:
        """Rows with the desa's and the officer's names, looked up once for the whole page."""
        desa = {a.id: a.name for a in self._by_ids(Area, {c.desa_id for c in cases})}
        officers = {c.assigned_officer_id for c in cases if c.assigned_officer_id}
        names = {u.id: u.full_name for u in self._by_ids(User, officers)}
        return [
            CaseRow(
                c,
                desa.get(c.desa_id, ""),
                names.get(c.assigned_officer_id) if c.assigned_officer_id else None,
            )
            for c in cases
        ]

    def _by_ids(self, model: type[Area] | type[User], ids: set[UUID]) -> list[Any]:
        if not ids:
            return []
        return list(self.session.scalars(select(model).where(model.id.in_(ids))))

    def my_open_cases(self, actor: Actor) -> list[CaseRow]:
        query = (
            select(Case)
            .where(visible_cases(actor), Case.is_final.is_(False))
            .order_by(Case.due_at.is_(None), Case.due_at)
        )
        if actor.role == Role.OFFICER:
            query = query.where(Case.assigned_officer_id == actor.id)
        return self._rows(query.limit(200))

    def due(self, actor: Actor, now: datetime) -> tuple[list[CaseRow], list[CaseRow]]:
        """(due before the end of today in WIB, already overdue) among the actor's open cases."""
        end_of_day = datetime.combine(
            now.astimezone(LOCAL_TZ).date() + timedelta(days=1),
            datetime.min.time(),
            tzinfo=LOCAL_TZ,
        )
        base = select(Case).where(visible_cases(actor), Case.is_final.is_(False))
        if actor.role == Role.OFFICER:
            base = base.where(Case.assigned_officer_id == actor.id)
        today = self._rows(
            base.where(Case.due_at >= now, Case.due_at < end_of_day).order_by(Case.due_at)
        )
        overdue = self._rows(base.where(Case.due_at < now).order_by(Case.due_at).limit(100))
        return today, overdue

    def recent_activity(self, actor: Actor, limit: int = 12) -> list[Activity]:
        query = (
            select(
                Event,
                Case.reference,
                Case.id,
                Case.title,
                Case.workflow,
                Case.workflow_version,
                func.coalesce(User.full_name, Event.actor_name),
            )
            .join(Case, Case.id == Event.case_id)
            .outerjoin(User, User.id == Event.actor_id)
            .where(visible_cases(actor))
            .order_by(Event.created_at.desc())
            .limit(limit)
        )
        return [Activity(*row) for row in self.session.execute(query)]

    def timeline(self, case_id: UUID) -> list[Event]:
        return list(
            self.session.scalars(
                select(Event).where(Event.case_id == case_id).order_by(Event.seq.desc())
            )
        )

    def parties(self, case_id: UUID) -> list[Party]:
        return list(
            self.session.scalars(
                select(Party).where(Party.case_id == case_id).order_by(Party.created_at)
            )
        )

    def tokoh_of_case(self, case_id: UUID) -> list[tuple[CaseTokoh, Tokoh]]:
        query = (
            select(CaseTokoh, Tokoh)
            .join(Tokoh, Tokoh.id == CaseTokoh.tokoh_id)
            .where(CaseTokoh.case_id == case_id)
            .order_by(CaseTokoh.created_at)
        )
        return [(link, tokoh) for link, tokoh in self.session.execute(query)]

    def registry_of_desa(self, desa_id: UUID) -> list[Tokoh]:
        return list(
            self.session.scalars(
                select(Tokoh)
                .where(Tokoh.desa_id == desa_id, Tokoh.is_active.is_(True))
                .order_by(Tokoh.name)
            )
        )

    def desa_options(self, actor: Actor) -> list[Area]:
        return desa_in_reach(self.session, actor)

    def returned(self, rows: list[CaseRow]) -> set[UUID]:
        """Which of these cases wait on their officer after a supervisor sent them back."""
        return returned_among(self.session, {row.case.id for row in rows})

    def officer_options(self, desa: list[Area]) -> list[tuple[UUID, str, str]]:
        """The officers holding these desa (the list's desa options)."""
        return officers_of(self.session, desa)

    def area(self, area_id: UUID) -> Area | None:
        return self.session.get(Area, area_id)

    def user_names(self, ids: set[UUID]) -> dict[UUID, str]:
        return self._names(User.id, User.full_name, ids)

    def area_names(self, ids: set[UUID]) -> dict[UUID, str]:
        return self._names(Area.id, Area.name, ids)

    def _names(
        self, key: InstrumentedAttribute[UUID], name: InstrumentedAttribute[str], ids: set[UUID]
    ) -> dict[UUID, str]:
        if not ids:
            return {}
        rows = self.session.execute(select(key, name).where(key.in_(ids)))
        return {row_id: text for row_id, text in rows}
