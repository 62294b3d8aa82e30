"""Where a page of the case list begins: a keyset cursor, the list-order key of the row the page
follows (``after``) or comes before (``before``).

OFFSET makes the database step over every row in reach before the page, so page 2,000 reads
40,000 index entries. A cursor seeks instead: the list's order (open first, by due time with
none last, newest reference first; the indexes of migrations 0008 and 0012) is split into
runs that each share a prefix of the key, and each run is one range of the ordered index. The
page reads the nearest run first and the next ones only while it is short of rows.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import BeforeValidator
from sqlalchemy import ColumnElement, UnaryExpression, and_, false, true

from mediasi.cases.models import Case
from mediasi.i18n import _
from mediasi.workflow.fields import FieldProblem

MAX_CURSOR = 200  # an encoded key: a 60-character reference and a timestamp fit with room


@dataclass(frozen=True)
class ListKey:
    """A case's place in the list's order; references are unique, so no two share one."""

    is_final: bool
    due_at: datetime | None
    reference: str

    @classmethod
    def of(cls, case: Case) -> ListKey:
        return cls(case.is_final, case.due_at, case.reference)

    def encode(self) -> str:
        due = self.due_at.isoformat() if self.due_at else None
        raw = json.dumps([int(self.is_final), due, self.reference], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> ListKey:
        """The key a link carries; ValueError for anything this module did not write."""
        if len(text) > MAX_CURSOR:
            raise ValueError("too long")
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            final, due, reference = json.loads(raw.decode())
        except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as exc:
            raise ValueError("not a cursor") from exc
        if final not in (0, 1) or not isinstance(reference, str) or not reference:
            raise ValueError("not a cursor")
        if due is None:
            return cls(bool(final), None, reference)
        if not isinstance(due, str):
            raise ValueError("not a cursor")
        due_at = datetime.fromisoformat(due)
        if due_at.tzinfo is None:
            raise ValueError("not a cursor")
        return cls(bool(final), due_at, reference)


def _cursor(value: object) -> object:
    """A cursor as a link carries it; blank means none."""
    if value is None or value == "":
        return None
    if isinstance(value, ListKey):
        return value
    if not isinstance(value, str):
        raise FieldProblem(_("Harus berupa teks."))
    try:
        return ListKey.decode(value)
    except ValueError:
        raise FieldProblem(
            _("Tautan halaman ini tidak berlaku; halaman ditampilkan menurut nomornya.")
        ) from None


# A filter field: the link's text in, a ListKey out (links write it back with ListKey.encode).
Cursor = Annotated[ListKey | None, BeforeValidator(_cursor)]


def list_order(
    *,
    backward: bool = False,
    held: int = 0,
    of: Any = Case,
    undated: ColumnElement[bool] | None = None,
) -> list[UnaryExpression[Any]]:
    """The list's order, or its reverse for a page read backwards, less the first ``held``
    parts of the key where a run's conditions hold them equal; ``of`` the columns of rows
    merged from a union instead of the table, and ``undated`` their column holding whether
    the due time is missing (ordered by that column, not by an expression over ``due_at``,
    PostgreSQL sees that each arm already comes in this order and merges them unsorted)."""
    due_missing = of.due_at.is_(None) if undated is None else undated
    parts: list[UnaryExpression[Any]]
    if backward:
        parts = [of.is_final.desc(), due_missing.desc(), of.due_at.desc(), of.reference.asc()]
    else:
        parts = [of.is_final.asc(), due_missing.asc(), of.due_at.asc(), of.reference.desc()]
    return parts[held:]


@dataclass(frozen=True)
class Run:
    """One range of the ordered index: its condition, and how many leading parts of the key it
    holds equal (SQLite seeks only when the ORDER BY leaves those out; PostgreSQL takes the
    whole order and works out the equal parts itself)."""

    condition: ColumnElement[bool]
    held: int


def runs_beyond(key: ListKey, *, backward: bool = False) -> Iterator[Run]:
    """The runs that follow ``key`` (precede it, ``backward``), nearest first.

    Each holds the key's leading parts equal and moves on the next one: the same due time
    with a later reference, a later due time, no due time, then the finished cases. The due
    time's presence is written ``(due_at IS NULL) = …``, the index's own expression, so both
    planners seek on it."""
    final = Case.is_final == key.is_final
    missing = Case.due_at.is_(None)
    reference = key.reference
    beyond_reference = Case.reference > reference if backward else Case.reference < reference
    if key.due_at is None:
        yield Run(and_(final, missing == true(), missing, beyond_reference), 3)
        if backward:
            yield Run(and_(final, missing == false()), 2)
    else:
        same_due = and_(final, missing == false(), Case.due_at == key.due_at)
        yield Run(and_(same_due, beyond_reference), 3)
        later = Case.due_at < key.due_at if backward else Case.due_at > key.due_at
        yield Run(and_(final, missing == false(), later), 2)
        if not backward:
            yield Run(and_(final, missing == true()), 2)
    if backward and key.is_final:
        yield Run(Case.is_final == false(), 1)
    if not backward and not key.is_final:
        yield Run(Case.is_final == true(), 1)
