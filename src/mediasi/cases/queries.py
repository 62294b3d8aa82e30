"""Read models for pages: filtered case lists, the officer's desk, timelines. All scoped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.repository import SQLAlchemySyncRepository
from pydantic import Field, StringConstraints
from sqlalchemy import ColumnElement, Select, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, Tokoh, User
from mediasi.accounts.roles import Role
from mediasi.cases import kinds
from mediasi.cases.access import desa_in_reach, officers_of, visible_cases
from mediasi.cases.event_model import Event
from mediasi.cases.lateness import overdue_at, running
from mediasi.cases.list_cursor import Cursor, ListKey, list_order, runs_beyond
from mediasi.cases.list_merge import desa_to_merge, merged_page
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.returned import returned_among
from mediasi.cases.search import text_search
from mediasi.cases.written_under import versions_written_under
from mediasi.validation import EmptyIsNone, Form
from mediasi.web.paging import MAX_PAGE, PAGE_SIZE
from mediasi.workflow.durations import LOCAL_TZ

# Counting stops here. An exact count of a Polres's million cases read every one of them (over
# a second on PostgreSQL) for a figure nobody pages through: past this the list says "more
# than", and its pages are walked by their links.
COUNT_CAP = 10_000
# A text search counts less far: a common word ("sawah") matches a case in seven, and each
# case is tested as it is read, so 10,000 of them cost ~70,000 rows (0.2-0.5 s on PostgreSQL
# at a Polres's scale). Past a thousand the reader narrows the search rather than counts.
SEARCH_COUNT_CAP = 1_000


class CaseRepository(SQLAlchemySyncRepository[Case]):
    model_type = Case


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
    # The page's number as shown; with a cursor (the row the page follows, or comes before)
    # the page is found by seeking, not by counting past every row before it.
    page: int = Field(default=1, ge=1, le=MAX_PAGE)
    after: Cursor = None
    before: Cursor = None


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
    # The row the next page follows (None: this is the last page); whether a previous page
    # exists, and the row it comes before (None: it is page 1, the list's start).
    next_after: ListKey | None = None
    has_prev: bool = False
    prev_before: ListKey | None = None
    # False: more than ``total`` (COUNT_CAP) cases match, and ``pages`` is a lower bound.
    exact: bool = True


@dataclass(frozen=True)
class Activity:
    event: Event
    reference: str
    case_id: UUID
    title: str
    workflow: str
    workflow_version: int  # the version the event was written under (its words label it)
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
        chosen: list[ColumnElement[bool]] = []
        if filters.state:
            chosen.append(Case.state == filters.state)
        if filters.desa:
            chosen.append(Case.desa_id == filters.desa)
        if filters.category:
            chosen.append(Case.category == filters.category)
        if filters.workflow:
            chosen.append(Case.workflow == filters.workflow)
        if filters.officer:
            chosen.append(Case.assigned_officer_id == filters.officer)
        if filters.overdue:
            chosen.append(overdue_at(now))
        ordered, counting = list(chosen), list(chosen)
        if filters.q.strip():
            search = text_search(self.session, filters.q.strip().lower())
            ordered.append(search.in_list_order)
            counting.append(search.counted)
        # The rows are read in the list's order; the count reads whatever index is narrowest.
        query = select(Case).where(visible_cases(actor, in_list_order=True), *ordered)
        counted = select(Case).where(visible_cases(actor), *counting)
        repository = CaseRepository(session=self.session, auto_expunge=False)
        cap = SEARCH_COUNT_CAP if filters.q.strip() else COUNT_CAP
        # A state or a desa chosen has an order index of its own (0012): no merge for those.
        desa = () if filters.state or filters.desa else desa_to_merge(self.session, actor)
        cursor = filters.after or filters.before
        if cursor is None:
            return self._by_number(repository, query, counted, filters.page, cap, desa)
        backward = filters.before is not None
        cases, more = self._seek(query, cursor, desa, backward=backward)
        if not cases:  # nothing beyond that row any more (cases closed, moved): by number
            return self._by_number(repository, query, counted, filters.page, cap, desa)
        total, exact = self._count(counted, cap)
        pages = max(1, -(-total // PAGE_SIZE))
        # A page with nothing beyond it is the list's end (or start): say so, whatever number
        # the link carried.
        page = min(filters.page, pages) if exact else filters.page
        if backward:
            page = page if more else 1
            return self._page(cases, total, page, pages, exact, has_next=True, has_prev=more)
        page = page if more or not exact else pages
        return self._page(cases, total, page, pages, exact, has_next=more, has_prev=True)

    def _count(self, counted: Select[Any], cap: int) -> tuple[int, bool]:
        """(how many match, whether that is all of them): a separate count that stops at
        ``cap`` (a window count(*) OVER () would read every row in reach). It reads no column
        of the rows, so an index that holds the filters' columns answers it alone: reading
        ``cases.id`` sent SQLite from the index to the table for each of the 10,001 rows
        (an officer's count at 100,000 cases: 15.3 -> 0.4 ms)."""
        matching = (
            counted.with_only_columns(literal_column("1")).select_from(Case).limit(cap + 1)
        ).subquery()
        total = int(self.session.scalar(select(func.count()).select_from(matching)) or 0)
        return (cap, False) if total > cap else (total, True)

    def _by_number(
        self,
        repository: CaseRepository,
        query: Select[Any],
        counted: Select[Any],
        page: int,
        cap: int,
        desa: Sequence[UUID],
    ) -> CasePage:
        """The page by its number (OFFSET): quick near the start, where people look; merged
        from each of ``desa`` when there are some (mediasi.cases.list_merge)."""
        total, exact = self._count(counted, cap)
        if not exact and page > cap // PAGE_SIZE:
            # A page number past the capped count (typed in by hand): count it all, this once.
            total, exact = repository.count(statement=counted), True
        pages = max(1, -(-total // PAGE_SIZE))
        # Past the last page (a stale link): show the last one.
        page = min(page, pages) if exact else page
        offset = (page - 1) * PAGE_SIZE
        if desa:
            found = list(self.session.scalars(merged_page(query, desa, offset, PAGE_SIZE + 1)))
        else:
            window = LimitOffset(limit=PAGE_SIZE + 1, offset=offset)
            found = repository.get_many(window, statement=query.order_by(*list_order()))
        more = len(found) > PAGE_SIZE
        return self._page(
            found[:PAGE_SIZE], total, page, pages, exact, has_next=more, has_prev=page > 1
        )

    def _seek(
        self, query: Select[Any], key: ListKey, desa: Sequence[UUID], *, backward: bool
    ) -> tuple[list[Case], bool]:
        """The page beyond ``key`` in list order, read run by run (one index range each), and
        whether more rows lie beyond it in the same direction."""
        postgres = self.session.get_bind().dialect.name == "postgresql"
        found: list[Case] = []
        for run in runs_beyond(key, backward=backward):
            order = list_order(backward=backward, held=0 if postgres else run.held)
            wanted = PAGE_SIZE + 1 - len(found)
            within = query.where(run.condition)
            if desa:
                read = merged_page(within, desa, 0, wanted, backward=backward)
            else:
                read = within.order_by(*order).limit(wanted)
            found += self.session.scalars(read)
            if len(found) > PAGE_SIZE:
                break
        more = len(found) > PAGE_SIZE
        cases = found[:PAGE_SIZE]
        if backward:
            cases.reverse()
        return cases, more

    def _page(
        self,
        cases: list[Case],
        total: int,
        page: int,
        pages: int,
        exact: bool,
        *,
        has_next: bool,
        has_prev: bool,
    ) -> CasePage:
        """The page with the cursors of its neighbours: the next page follows its last row, the
        previous one comes before its first (page 1 needs no cursor: it is the list's start)."""
        if not cases:
            return CasePage([], total, page, pages, exact=exact)
        return CasePage(
            self._named(cases),
            total,
            page,
            pages,
            next_after=ListKey.of(cases[-1]) if has_next else None,
            has_prev=has_prev and page > 1,
            prev_before=ListKey.of(cases[0]) if has_prev and page > 2 else None,
            exact=exact,
        )

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
        today = self._rows(base.where(running(now), Case.due_at < end_of_day).order_by(Case.due_at))
        overdue = self._rows(base.where(overdue_at(now)).order_by(Case.due_at).limit(100))
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
        found = [Activity(*row) for row in self.session.execute(query)]
        migrations: dict[UUID, list[Event]] = {}
        moved = select(Event).where(
            Event.case_id.in_({a.case_id for a in found}), Event.trigger == kinds.WORKFLOW_MIGRATED
        )
        for event in self.session.scalars(moved):
            migrations.setdefault(event.case_id, []).append(event)

        def written_under(activity: Activity) -> int:
            events = [activity.event, *migrations.get(activity.case_id, [])]
            return versions_written_under(events, activity.workflow_version)[activity.event.seq]

        return [replace(a, workflow_version=written_under(a)) for a in found]

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

    def invitable(self, case: Case, invited: Sequence[tuple[CaseTokoh, Tokoh]]) -> list[Tokoh]:
        """Whom the invite form offers: the desa's registry less the tokoh ``invited``."""
        taken = {tokoh.id for _, tokoh in invited}
        return [t for t in self.registry_of_desa(case.desa_id) if t.id not in taken]

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
