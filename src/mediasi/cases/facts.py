"""What the guards know of a case, read in one statement: the case's own facts (the roles of
its parties and tokoh) and every feature's, as scalar subqueries side by side.

Guards are asked on every step and on every case page; one query per fact made them most of
a step's statements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediasi.cases.hooks import CaseHooks
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.workflow.guards import CaseFacts


def case_facts(session: Session, hooks: CaseHooks, case: Case) -> CaseFacts:
    columns = {
        "party_roles": _roles(Party.role, Party.case_id == case.id),
        "tokoh_roles": _roles(CaseTokoh.role, CaseTokoh.case_id == case.id),
        **hooks.fact_columns(case.id),
    }
    labelled = (column.label(name) for name, column in columns.items())
    values = dict(session.execute(select(*labelled)).one()._mapping)
    return CaseFacts(
        party_roles=_split(values["party_roles"]),
        tokoh_roles=_split(values["tokoh_roles"]),
        **hooks.facts(session, case, values),
    )


def _roles(role: InstrumentedAttribute[str], of_case: ColumnElement[bool]) -> ScalarSelect[Any]:
    """Every role on the case as one text (roles are keys: no comma in them)."""
    return select(func.aggregate_strings(role, ",")).where(of_case).scalar_subquery()


def _split(roles: str | None) -> tuple[str, ...]:
    return tuple(roles.split(",")) if roles else ()
