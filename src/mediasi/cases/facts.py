"""What the guards know of a case, read in one statement: the case's own facts (the roles of
its parties and tokoh) and every feature's, as scalar subqueries side by side.

Guards are asked on every step and on every case page; one query per fact made them most of
a step's statements."""

from __future__ import annotations

import functools
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediasi.cases.hooks import CaseHooks, FactsSource
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.workflow.guards import CaseFacts

_CASE_ID = "facts_case_id"


def case_facts(session: Session, hooks: CaseHooks, case: Case) -> CaseFacts:
    query = _query(hooks.facts_sources)
    values = dict(session.execute(query, {_CASE_ID: case.id}).one()._mapping)
    return CaseFacts(
        party_roles=_split(values["party_roles"]),
        tokoh_roles=_split(values["tokoh_roles"]),
        **hooks.facts(session, case, values),
    )


@functools.lru_cache(maxsize=8)
def _query(sources: tuple[FactsSource, ...]) -> Select[Any]:
    """The statement for these sources, built once: building it cost more than running it."""
    case_id: ColumnElement[UUID] = bindparam(_CASE_ID, type_=Case.__table__.c.id.type)
    columns: dict[str, ColumnElement[Any]] = {
        "party_roles": _roles(Party.role, Party.case_id == case_id),
        "tokoh_roles": _roles(CaseTokoh.role, CaseTokoh.case_id == case_id),
    }
    for source in sources:
        columns.update(source.columns(case_id))
    return select(*(column.label(name) for name, column in columns.items()))


def _roles(role: InstrumentedAttribute[str], of_case: ColumnElement[bool]) -> ScalarSelect[Any]:
    """Every role on the case as one text (roles are keys: no comma in them)."""
    return select(func.aggregate_strings(role, ",")).where(of_case).scalar_subquery()


def _split(roles: str | None) -> tuple[str, ...]:
    return tuple(roles.split(",")) if roles else ()
