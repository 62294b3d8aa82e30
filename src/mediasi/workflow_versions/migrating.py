"""Moving the open cases of a workflow to a newer version (the rules: ``workflow.migration``).

A dry run lists every open case with its state now and after, its warnings, and refuses the
cases whose state maps nowhere. A run moves each case in a transaction of its own: the row
under its version lock (a case changed meanwhile fails and is left for the next run) and a
``workflow.migrated`` event on its chain, which replay follows to the new version. A run cut
short is resumed by running again: a case already on the version is not looked at twice.
Each run is recorded with who started it and how many cases it moved, refused and failed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mediasi.accounts.actor import Actor
from mediasi.cases import rollup
from mediasi.cases.facts import case_facts
from mediasi.cases.hooks import CaseHooks
from mediasi.cases.kinds import WORKFLOW_MIGRATED
from mediasi.cases.ledger import ADD_EVENT, MOVE_CASE, event_row
from mediasi.cases.models import Case
from mediasi.cases.stays import Holder, stay_writes, write
from mediasi.db.base import utcnow
from mediasi.errors import FieldErrors, NotFound
from mediasi.i18n import Joined, _
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.migration import (
    MappingRefused,
    Move,
    check_pairs,
    parse_pairs,
    plan_move,
    state_map,
)
from mediasi.workflow.spec import WorkflowSpec
from mediasi.workflow_versions.models import FINISHED, WorkflowMigration

# A run writes its counts every so many cases, so an interrupted run shows how far it got.
COUNT_EVERY = 100
# Cases read (and their moves planned) in one query at a time.
READ_BATCH = 200

# A case's move is written with the ledger's two plain statements, built once: the ORM's unit
# of work and building the statements again cost most of a case's time (measured over 1,000
# cases).


@dataclass(frozen=True)
class PlannedCase:
    case_id: UUID
    reference: str
    version: int
    move: Move


@dataclass
class Plan:
    """What a run would do: every open case of the workflow not yet on ``target``."""

    target: WorkflowSpec
    pairs: dict[str, str]
    cases: list[PlannedCase] = field(default_factory=list)

    @property
    def moving(self) -> int:
        return sum(1 for c in self.cases if c.move.moves)

    @property
    def refused(self) -> int:
        return sum(1 for c in self.cases if c.move.refusal is not None)

    @property
    def warned(self) -> int:
        return sum(1 for c in self.cases if c.move.moves and c.move.warnings)


Progress = Callable[[int, int], None]
Pairs = Mapping[str, str] | str


class MigrationService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        engine: WorkflowEngine,
        hooks: CaseHooks,
        clock: Callable[[], datetime] = utcnow,
        runs: list[threading.Thread] | None = None,
    ) -> None:
        self.sessions = sessions
        self.engine = engine
        self.hooks = hooks
        self.clock = clock
        # Where a started run's thread is kept (the runtime's: it waits for them on close).
        self.threads = runs if runs is not None else []

    def target(self, name: str, version: int) -> WorkflowSpec:
        try:
            return self.engine.spec((name, version))
        except KeyError:
            raise NotFound(
                _("Alur %(name)s versi %(version)s tidak dikenal.", name=name[:40], version=version)
            ) from None

    def _checked_pairs(self, target: WorkflowSpec, given: Pairs) -> dict[str, str]:
        """The pairs given (as a mapping, or as an admin typed them) checked against the
        versions being moved and the target."""
        olds = [s for s in self.engine.registry.all() if s.name == target.name]
        try:
            pairs = parse_pairs(given) if isinstance(given, str) else given
            check_pairs(pairs, olds, target)
        except MappingRefused as exc:
            raise FieldErrors({"pairs": Joined(tuple(exc.reasons), " ")}) from None
        return dict(pairs)

    def _open_cases(self, session: Session, target: WorkflowSpec) -> list[Case]:
        query = (
            select(Case)
            .where(
                Case.workflow == target.name,
                Case.workflow_version < target.version,
                Case.is_final.is_(False),
            )
            .order_by(Case.reference)
        )
        return list(session.scalars(query))

    def _move(
        self, session: Session, case: Case, target: WorkflowSpec, pairs: dict[str, str]
    ) -> Move:
        old = self.engine.spec((case.workflow, case.workflow_version))
        return plan_move(
            old,
            target,
            state_map(old, target, pairs),
            state=case.state,
            is_final=case.is_final,
            entered_at=case.state_entered_at,
            now=self.clock(),
            facts_of=lambda: case_facts(session, self.hooks, case),
            guards=self.engine.guards,
        )

    def plan(self, name: str, version: int, pairs: Pairs) -> Plan:
        """The dry run: nothing is written."""
        target = self.target(name, version)
        plan = Plan(target, self._checked_pairs(target, pairs))
        with self.sessions() as session:
            for case in self._open_cases(session, target):
                move = self._move(session, case, target, plan.pairs)
                plan.cases.append(PlannedCase(case.id, case.reference, case.workflow_version, move))
            session.expunge_all()
        return plan

    def start(self, name: str, version: int, pairs: Pairs, actor: Actor) -> WorkflowMigration:
        """Check the target and pairs now and write the run's record, then run in a thread of
        its own: the admin's request answers at once with the record (its own transaction
        would hold SQLite's write lock against the run's), which shows the run as it goes."""
        target = self.target(name, version)
        checked = self._checked_pairs(target, pairs)
        record = self._record(name, version, checked, actor)
        thread = threading.Thread(
            target=self._carry_out,
            args=(record.id, target, checked, actor),
            name="workflow-migration",
        )
        self.threads.append(thread)
        thread.start()
        return record

    def run(
        self,
        name: str,
        version: int,
        pairs: Pairs,
        actor: Actor,
        progress: Progress | None = None,
    ) -> WorkflowMigration:
        """Move every open case that can move, each in its own transaction; the run's record
        is written first, so an interrupted run is on the page as not finished."""
        target = self.target(name, version)
        checked = self._checked_pairs(target, pairs)
        record = self._record(name, version, checked, actor)
        return self._carry_out(record.id, target, checked, actor, progress)

    def _record(
        self, name: str, version: int, pairs: dict[str, str], actor: Actor
    ) -> WorkflowMigration:
        with self.sessions.begin() as session:
            record = WorkflowMigration(
                name=name,
                to_version=version,
                pairs=pairs,
                started_by_id=actor.id,
                started_by_name=actor.name,
                moved=0,
                refused=0,
                failed=0,
            )
            session.add(record)
        return record

    def _carry_out(
        self,
        run_id: UUID,
        target: WorkflowSpec,
        checked: dict[str, str],
        actor: Actor,
        progress: Progress | None = None,
    ) -> WorkflowMigration:
        """The run recorded as ``run_id``, on a record of its own (the one ``start`` answered
        with is not changed under its reader): the cases are read (and their moves planned) a
        batch at a time."""
        with self.sessions() as session:
            record = self.record(session, run_id)
            ids = [case.id for case in self._open_cases(session, target)]
            session.expunge_all()
        done = 0
        for start in range(0, len(ids), READ_BATCH):
            for case, move in self._read(ids[start : start + READ_BATCH], target, checked):
                outcome = self._move_one(case, move, target, checked, actor)
                if outcome is not None:
                    setattr(record, outcome, getattr(record, outcome) + 1)
                done += 1
                if done % COUNT_EVERY == 0:
                    self._save(record)
                if progress is not None:
                    progress(done, len(ids))
        record.status, record.finished_at = FINISHED, self.clock()
        self._save(record)
        return record

    def _read(
        self, ids: list[UUID], target: WorkflowSpec, pairs: dict[str, str]
    ) -> list[tuple[Case, Move]]:
        """These cases as they are now, each with its move."""
        with self.sessions() as session:
            query = select(Case).where(Case.id.in_(ids)).order_by(Case.reference)
            read = [
                (case, self._move(session, case, target, pairs)) for case in session.scalars(query)
            ]
            session.expunge_all()
        return read

    def _move_one(
        self, case: Case, move: Move, target: WorkflowSpec, pairs: dict[str, str], actor: Actor
    ) -> str | None:
        """``moved``, ``refused`` or ``failed`` (changed again while it was read a second
        time: left for the next run); a case closed or moved since the list was read counts
        as none of them. A case changed since its batch was read is read again, once."""
        for _attempt in range(2):
            if move.skipped:
                return None
            if move.after is None:
                return "refused"
            if self._write(case, move.after, move.due_at, target, actor):
                return "moved"
            again = self._read([case.id], target, pairs)
            if not again:
                return None
            [(case, move)] = again
        return "failed"

    def _write(
        self, case: Case, after: str, due_at: datetime | None, target: WorkflowSpec, actor: Actor
    ) -> bool:
        """The case row, under the version it was read at, its ``workflow.migrated`` event and
        its stays (:mod:`mediasi.cases.stays`), in one transaction; False (nothing written)
        when the case has changed since."""
        now = self.clock()
        payload = {
            "workflow": case.workflow,
            "from_version": case.workflow_version,
            "to_version": target.version,
        }
        seq = case.version + 1
        event = event_row(
            (case.id, seq, case.last_hash),
            actor,
            WORKFLOW_MIGRATED,
            (case.state, after),
            payload,
            now,
        )
        values = {
            "case_id": case.id,
            "read_version": case.version,
            "workflow_version": target.version,
            "state": after,
            "due_at": due_at,
            "deadline_expired_at": case.deadline_expired_at if case.due_at == due_at else None,
            "version": seq,
            "last_hash": event["hash"],
            "updated_at": now,
        }
        with self.sessions.begin() as session:
            connection = session.connection()
            if connection.execute(MOVE_CASE, values).rowcount != 1:
                return False
            keeper = rollup.keeper(session)
            counted = keeper.before(connection, [case.id])
            connection.execute(ADD_EVENT, event)
            write(connection, stay_writes(Holder.of(case, (target.version, due_at)), event))
            keeper.after(connection, [case.id], counted)
        return True

    def _save(self, record: WorkflowMigration) -> None:
        with self.sessions.begin() as session:
            session.merge(record)

    def runs(self, session: Session, limit: int | None = 20) -> list[WorkflowMigration]:
        """The latest runs first (``limit`` None: every one)."""
        query = select(WorkflowMigration).order_by(WorkflowMigration.created_at.desc())
        return list(session.scalars(query.limit(limit)))

    def record(self, session: Session, run_id: UUID) -> WorkflowMigration:
        found = session.get(WorkflowMigration, run_id)
        if found is None:
            raise NotFound(_("Pemindahan tidak ditemukan."))
        return found
