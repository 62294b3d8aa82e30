"""Keeping the monthly roll-up (:mod:`~mediasi.cases.rollup_model`) equal to the stays and
events it counts: a change to a case subtracts what the case counted for before it and adds
what it counts for after, in the same transaction, as the difference of two grouped reads of
that one case (:mod:`~mediasi.cases.rollup_parts`). The rows that moved are written in the
order of their keys, so two writers adding to the same rows never wait on each other in a
circle. :func:`rebuild` fills the roll-up from every case (the migration), and
:func:`differences` compares it with what the stays and events imply (``audit verify``).

The rules (which states are final, an escalation, the agreement's step) are the workflow
files', and the months are the desa's time zone's: the runtime's sessions carry both
(:data:`REGISTRY`, :data:`DEFAULT_ZONE` in ``Session.info``)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, partial
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    TextClause,
    and_,
    bindparam,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.models import Area
from mediasi.cases.rollup_case import case_tally
from mediasi.cases.rollup_parts import BUILDERS, PARTS, Part
from mediasi.cases.stay_model import CaseStay
from mediasi.workflow.loader import WorkflowRegistry

REGISTRY, DEFAULT_ZONE = "mediasi.workflows", "mediasi.default_zone"
Key = tuple[Any, ...]
Tally = dict[Part, dict[Key, tuple[Any, ...]]]


def zones_of(
    connection: Connection, desa_ids: Iterable[UUID], default: str
) -> dict[str, list[UUID]]:
    """The desa by the time zone they count in: the nearest set on the desa or above it."""
    rows = connection.execute(_zones_statement(), {"desa_ids": list(desa_ids)})
    nearest: dict[UUID, tuple[int, str]] = {}
    for desa_id, path, zone_path, zone in rows:
        # LIKE reads an underscore in a code as any character: the prefix is checked again.
        here = (len(zone_path), zone) if zone and path.startswith(zone_path) else (-1, default)
        nearest[desa_id] = max(nearest.get(desa_id, (-1, default)), here)
    found: dict[str, list[UUID]] = defaultdict(list)
    for desa_id, (_, zone) in nearest.items():
        found[zone].append(desa_id)
    return dict(found)


@cache
def _zones_statement() -> Select[Any]:
    """Built once, on first use (an alias of a model configures the mappers): every step of a
    case looks its desa's zone up, and building this join of two aliases, and its cache key,
    cost more than running it."""
    desa, above = aliased(Area), aliased(Area)
    zoned = and_(above.timezone.is_not(None), desa.path.startswith(above.path))
    return (
        select(desa.id, desa.path, above.path, above.timezone)
        .outerjoin(above, zoned)
        .where(desa.id.in_(bindparam("desa_ids", expanding=True)))
    )


def _desa(connection: Connection, where: Sequence[ColumnElement[bool]]) -> list[UUID]:
    return list(connection.scalars(select(CaseStay.desa_id).where(*where).distinct()))


def tally(
    connection: Connection,
    registry: WorkflowRegistry,
    default: str,
    where: Sequence[ColumnElement[bool]] = (),
    parts: Sequence[Part] = PARTS,
) -> Tally:
    """What the stays (``where``: conditions on them; none: every case) count for, by part."""
    found: Tally = {part: {} for part in parts}
    for zone, desa in zones_of(connection, _desa(connection, where), default).items():
        scoped = [*where, CaseStay.desa_id.in_(desa)]
        for part in parts:
            rows = connection.execute(BUILDERS[part](registry, scoped), {"zone": zone})
            width = len(part.keys)
            for row in rows:
                found[part][tuple(row[:width])] = tuple(row[width:])
    return found


@dataclass(frozen=True)
class Counted:
    """What some of the cases' stays counted for before a change: the same stays are read
    again after it (all of them, or with ``step`` those a step of that number can change:
    :data:`~mediasi.cases.rollup_case.STEP_STAYS`)."""

    tally: Tally
    step: int | None = None


@dataclass(frozen=True)
class Keeper:
    """The roll-up's writer for one case's change: ``before`` it, then ``after`` it."""

    registry: WorkflowRegistry
    default_zone: str
    known: dict[UUID, str] = field(default_factory=dict)  # desa → zone, for one change

    def before(
        self,
        connection: Connection,
        case_ids: Sequence[UUID],
        parts: Sequence[Part] = PARTS,
        step: int | None = None,
    ) -> Counted:
        """What the cases count for now, in the ``parts`` the change can move (``step``: of
        the stays a step of that number can change only)."""
        zones = partial(self._zones, connection)
        return Counted(case_tally(connection, self.registry, zones, case_ids, parts, step), step)

    def is_final(self, workflow: str, version: int, state: str | None) -> bool:
        """The state is a final one of that workflow version (unknown: not)."""
        spec = self.registry.find(workflow, version)
        found = spec.states.get(state) if spec and state else None
        return bool(found and found.final)

    def _zones(self, connection: Connection, desa: Iterable[UUID]) -> dict[UUID, str]:
        """Each desa's zone, looked up once for the change (before and after it)."""
        missing = set(desa) - set(self.known)
        if not missing:
            return self.known
        for zone, ids in zones_of(connection, missing, self.default_zone).items():
            self.known.update(dict.fromkeys(ids, zone))
        return self.known

    def after(self, connection: Connection, case_ids: Sequence[UUID], before: Counted) -> None:
        """Add the difference the change made to what the cases count for."""
        now = self.before(connection, case_ids, tuple(before.tally), before.step).tally
        for part, then in before.tally.items():
            add(connection, part, _difference(part, then, now[part]))


def surely_same_month(earlier: datetime, later: datetime) -> bool:
    """Both fall in the same calendar month in every time zone (UTC-12 to UTC+14): the same
    UTC month, and neither on its first day nor after its 27th."""
    first, then = earlier.astimezone(UTC), later.astimezone(UTC)
    inside = all(2 <= moment.day <= 27 for moment in (first, then))
    return inside and (first.year, first.month) == (then.year, then.month)


def keeper(session: Session | Connection) -> Keeper:
    """The writer the runtime's session carries (see the module)."""
    info = session.info
    return Keeper(info[REGISTRY], info[DEFAULT_ZONE])


def _difference(
    part: Part, before: dict[Key, tuple[Any, ...]], after: dict[Key, tuple[Any, ...]]
) -> list[dict[str, Any]]:
    rows = []
    for key in sorted(set(before) | set(after)):
        old = before.get(key) or (0,) * len(part.measures)
        new = after.get(key) or (0,) * len(part.measures)
        change = tuple((n or 0) - (o or 0) for o, n in zip(old, new, strict=True))
        if any(change):
            rows.append(dict(zip(part.keys + part.measures, key + change, strict=True)))
    return rows


def add(connection: Connection, part: Part, rows: list[dict[str, Any]]) -> None:
    """Add ``rows`` (keys and measures) to the part's rows of the same keys."""
    if rows:
        connection.execute(_adding(part), rows)


@cache
def _adding(part: Part) -> TextClause:
    """The part's ``INSERT … ON CONFLICT DO UPDATE`` adding to the measures, as text.

    SQLAlchemy never caches its dialects' INSERT with ON CONFLICT (their clauses have no cache
    key), so each step compiled two of them anew: a tenth of a step's CPU. Written as text with
    typed parameters it is compiled once; PostgreSQL and SQLite read the same words."""
    table, names = part.table, part.keys + part.measures
    quoted = {name: f'"{name}"' for name in names}
    added = ", ".join(
        f"{quoted[m]} = {table.name}.{quoted[m]} + excluded.{quoted[m]}" for m in part.measures
    )
    # Every name is the roll-up model's own; nothing a user sends reaches this text.
    sql = (
        f"INSERT INTO {table.name} ({', '.join(quoted.values())}) "  # noqa: S608
        f"VALUES ({', '.join(':' + name for name in names)}) "
        f"ON CONFLICT ({', '.join(quoted[k] for k in part.keys)}) DO UPDATE SET {added}"
    )
    return text(sql).bindparams(*(bindparam(name, type_=table.c[name].type) for name in names))


def rebuild(connection: Connection, registry: WorkflowRegistry, default: str) -> None:
    """Fill the roll-up from every case's stays and events, in place of what it held."""
    for part in PARTS:
        connection.execute(delete(part.table))
    desa = _desa(connection, ())
    for zone, ids in zones_of(connection, desa, default).items():
        where = [CaseStay.desa_id.in_(ids)]
        for part in PARTS:
            query = BUILDERS[part](registry, where)
            columns = list(part.keys + part.measures)
            connection.execute(insert(part.table).from_select(columns, query), {"zone": zone})


def _same(kept: Any, implied: Any) -> bool:
    if isinstance(kept, float) or isinstance(implied, float):
        return math.isclose(kept or 0.0, implied or 0.0, rel_tol=1e-9, abs_tol=1e-6)
    return bool((kept or 0) == (implied or 0))


def differences(connection: Connection, registry: WorkflowRegistry, default: str) -> Iterable[str]:
    """How the roll-up differs from what the stays and events imply, row by row (a row whose
    counts are all zero counts as absent)."""
    implied = tally(connection, registry, default)
    for part in PARTS:
        columns = [part.table.c[c] for c in part.keys + part.measures]
        kept = {
            tuple(row[: len(part.keys)]): tuple(row[len(part.keys) :])
            for row in connection.execute(select(*columns))
            if row[len(part.keys)]
        }
        expected = {k: v for k, v in implied[part].items() if v[0]}
        for key in sorted(set(kept) | set(expected), key=repr):
            now, then = kept.get(key), expected.get(key)
            if now is None or then is None or not all(map(_same, now, then)):
                yield f"{part.table.name} {key}: kept {now}, the stays imply {then}"
