"""What a few cases count for in the monthly roll-up, worked out in Python from their rows:
the writer's reading before and after a change (:class:`~mediasi.cases.rollup.Keeper`). The
grouped statements of :mod:`~mediasi.cases.rollup_parts` say the same for every case (the
backfill, ``audit verify``), but building them from the workflow rules cost some 40 ms a
step; here two plain reads of the cases' stays and events do, and the rules are applied to the
rows. The days are still worked out in SQL, by the same expression, so the values are equal
to the last bit (``tests/integration/statistics/test_rollup.py`` checks the two agree)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import BindParameter, Connection, bindparam, case, or_, select

from mediasi.cases.event_model import Event
from mediasi.cases.rollup_model import NEVER, NO_OFFICER, NOWHERE
from mediasi.cases.rollup_parts import AGREED, ENDED, ENTERED, HANDLED, Part
from mediasi.cases.state_picks import is_escalation, reported_at
from mediasi.cases.stay_model import CaseStay
from mediasi.db.intervals import days_between
from mediasi.db.months import month_of
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import StateSpec, WorkflowSpec

Key = tuple[Any, ...]
Tally = dict[Part, dict[Key, tuple[Any, ...]]]
_S = CaseStay
_STAYS = select(
    _S.case_id,
    _S.entered_seq,
    _S.desa_id,
    _S.workflow,
    _S.version,
    _S.category,
    _S.officer_id,
    _S.state,
    _S.entered_at,
    _S.entered_by,
    _S.left_at,
    _S.left_seq,
    _S.left_to,
    _S.left_by_system,
    _S.flagged,
    _S.paused_days,
    case((_S.left_at.is_not(None), days_between(_S.left_at, _S.entered_at) - _S.paused_days)),
    days_between(_S.entered_at, reported_at()),
).order_by(_S.case_id, _S.entered_seq)
# The statements a step runs are built once, with their parameters bound at execution: building
# them (and their cache keys) cost more than running them.
_CASES_STAYS = _STAYS.where(_S.case_id.in_(bindparam("case_ids", expanding=True)))
_STEP: BindParameter[int] = bindparam("step")
# The stays a step numbered ``step`` can change when it changes nothing the stays copy of the
# case and neither leaves nor enters a final state: the open one, the one it ends, the one it
# begins (and the first, which the cases handled are counted under). An escalation only changes
# what the final stays count for, and a case with a final stay is in it for good (nothing
# leaves a final state), so none of the others changes.
STEP_STAYS = _CASES_STAYS.where(
    or_(_S.left_at.is_(None), _S.left_seq == _STEP, _S.entered_seq.in_((1, _STEP)))
)
_EVENT_TIMES = select(Event.case_id, Event.created_at).where(
    Event.case_id.in_(bindparam("case_ids", expanding=True))
)


def _add(found: dict[Key, tuple[Any, ...]], key: Key, measures: tuple[Any, ...]) -> None:
    old = found.get(key)
    found[key] = (
        measures if old is None else tuple(a + b for a, b in zip(old, measures, strict=True))
    )


def case_tally(
    connection: Connection,
    registry: WorkflowRegistry,
    zones: Callable[[Iterable[UUID]], dict[UUID, str]],
    case_ids: Sequence[UUID],
    parts: Sequence[Part],
    seq: int | None = None,
) -> Tally:
    """What the cases count for, by part (``zones``: the time zone of each desa given;
    ``seq``: of the stays a step of that number can change only, :data:`STEP_STAYS`)."""
    specs: dict[tuple[str, int], WorkflowSpec] = {s.key: s for s in registry.all()}

    def state(workflow: str, version: int, name: str) -> tuple[WorkflowSpec, StateSpec] | None:
        spec = specs.get((workflow, version))
        found = spec.states.get(name) if spec else None
        return (spec, found) if spec and found else None

    found: Tally = {part: {} for part in parts}
    ids = {"case_ids": list(case_ids)}
    if seq is None:
        stays = connection.execute(_CASES_STAYS, ids).all()
    else:
        stays = connection.execute(STEP_STAYS, {**ids, "step": seq}).all()
    zone_of = zones({row.desa_id for row in stays})
    escalated = {
        row.case_id
        for row in stays
        if row.entered_seq > 1
        and (st := state(row.workflow, row.version, row.state))
        and is_escalation(*st)
    }
    reports = {row.case_id: row for row in stays if row.entered_seq == 1}
    for row in stays:
        *_, days, since_report = row
        zone = zone_of[row.desa_id]
        st = state(row.workflow, row.version, row.state)
        final = st is not None and st[1].final
        if ENTERED in found:
            entered = month_of(row.entered_at, zone)
            officer = row.officer_id or NO_OFFICER
            key = (row.desa_id, entered, row.workflow, row.version, row.category, officer)
            flag = int(final and row.case_id in escalated)
            _add(found[ENTERED], (*key, row.state, row.entered_seq == 1), (1, flag))
        if ENDED in found and row.left_at is not None:
            left = month_of(row.left_at, zone)
            missed = bool(row.left_by_system or row.flagged)
            key = (row.desa_id, left, row.workflow, row.version, row.category, row.state)
            ended = (*key, row.left_to or NOWHERE, missed, row.left_seq)
            _add(found[ENDED], ended, (1, days, row.paused_days))
        step = st[0].agreement_transition() if st else None
        agreed = step and step.trigger == row.entered_by and step.dest == row.state
        if AGREED in found and agreed:
            month = month_of(row.entered_at, zone)
            _add(
                found[AGREED], (row.desa_id, month, row.workflow, row.category, since_report), (1,)
            )
    if HANDLED in found and reports:
        months: dict[UUID, set[Any]] = {}
        for case_id, at in connection.execute(_EVENT_TIMES, {"case_ids": list(reports)}):
            months.setdefault(case_id, set()).add(month_of(at, zone_of[reports[case_id].desa_id]))
        for case_id, active in months.items():
            r = reports[case_id]
            held_by = (r.officer_id or NO_OFFICER, r.workflow, r.category)
            since = NEVER
            for month in sorted(active):
                _add(found[HANDLED], (r.desa_id, month, *held_by, since), (1,))
                since = month
    return found
