"""An officer's page of the case list on PostgreSQL, merged from one ordered range per desa.

The list's order index (0008) holds every case of the deployment; an officer's two or three
desa are a sliver of it, so walking it in order to find their 20 cases read 66,000 rows at
1,000,000 cases (0.3 s), and the planner cannot merge the per-desa order index (0012) for an
``IN`` by itself. Asked as one ``ORDER BY ... LIMIT`` per desa, each reads its first rows from
``ix_cases_desa_list_order``, and PostgreSQL merges the arms in order. SQLite keeps the
single statement: its planner already reads an officer's desa from that index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select, union_all
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import OfficerDesa
from mediasi.accounts.roles import Role
from mediasi.cases.list_cursor import list_order
from mediasi.cases.models import Case

MOST_DESA = 12  # past this many desa, one walk of the order index is as quick


def desa_to_merge(session: Session, actor: Actor) -> Sequence[UUID]:
    """The desa whose ranges make the officer's page, or none where one statement is best."""
    if actor.role != Role.OFFICER or session.get_bind().dialect.name != "postgresql":
        return ()
    held = session.scalars(select(OfficerDesa.desa_id).where(OfficerDesa.user_id == actor.id))
    desa = list(held)
    return desa if len(desa) <= MOST_DESA else ()


def merged_page(
    query: Select[Any], desa: Sequence[UUID], offset: int, limit: int, *, backward: bool = False
) -> Select[Any]:
    """Rows ``offset`` to ``offset + limit`` of ``query`` in list order (or its reverse), read
    from one ordered range per desa.

    The arms read only the list's key, which ``ix_cases_desa_list_order`` holds (an index-only
    scan, where the whole rows of a deep page spilled their sort to disk: page 499 at
    1,000,000 cases, 64 -> 6 ms); the page's own rows are then read by their references."""
    order = list_order(backward=backward)
    key = query.with_only_columns(
        Case.is_final, Case.due_at.is_(None).label("undated"), Case.due_at, Case.reference
    )
    arms = [key.where(Case.desa_id == one).order_by(*order).limit(offset + limit) for one in desa]
    merged = union_all(*arms).subquery("merged").c
    ordered = list_order(backward=backward, of=merged, undated=merged.undated)
    page = select(merged.reference).order_by(*ordered).offset(offset).limit(limit)
    return query.where(Case.reference.in_(page)).order_by(*order)
