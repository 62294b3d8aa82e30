"""Text search of the case list: the cases whose reference, title or a party's name holds what
was typed, in any letter case, answered from an index on both backends.

PostgreSQL has trigram GIN indexes on each column (0009): a search that finds few cases is a
union of one arm per column, each answered from its index; one that finds many (more than
COMMON, counted from the same indexes and stopping there) tests each case as the list reads
them in order, so its first page costs a few hundred rows, not a sort of all it finds.
SQLite has an FTS5 trigram index over one text per case (0011, kept current by triggers); a
needle shorter than a trigram is not in it, and SQLite scans for that, where one pass
testing an OR is quicker than a union's three. A common word there (more than COMMON matches,
counted from the index and stopping there) is looked up from the list's order: the cases are
read in order and each is tested against the index's matches, instead of reading every case
that matches and sorting them all (a Polsek's "sawah" at 100,000 cases: 92 ms at p95).

A search typed as a reference's beginning (``med/kepanjen/2026/0042``, ``med/kepanjen/``) looks
for references that begin with it, from a btree on PostgreSQL (0015): every trigram of such a
needle is in nearly every reference, so the trigram index would read the whole table. A
reference holds no other reference's beginning inside it, so the cases found are the same;
a search of a later part (``kepanjen/2026/0042``, ``2026/0042``) still finds it anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    column,
    func,
    or_,
    select,
    table,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from mediasi.cases.models import Case, Party
from mediasi.db.planner import expected_rows, not_an_index_key

TRIGRAM = 3
COMMON = 1_000  # matching cases past which the list's order drives the search
SURELY_COMMON = 20 * COMMON  # matches PostgreSQL's planner expects, past which none are counted
# How ``format_reference`` begins: a workflow's prefix (2-6 letters), then the Polsek's code
# (not a year), then anything but a space: ``med/kepanjen/``, ``med/kepanjen/2026/00``.
_REFERENCE_START = re.compile(r"[a-z]{2,6}/[a-z][^\s/]*/\S*")
# SQLite's search tables (0011): no model maps them, the migration owns them.
_texts = table("case_texts", column("id"), column("case_id"))
_index = table("case_texts_fts", column("rowid"), column("body"))


@dataclass(frozen=True)
class Search:
    """One search written twice over the same cases: as the list's page reads them, in the
    list's order, and as its count reads them, from whatever index is narrowest."""

    in_list_order: ColumnElement[bool]
    counted: ColumnElement[bool]


def text_search(session: Session, needle: str) -> Search:
    """``needle`` is the search as typed, stripped and lower-cased."""
    if session.get_bind().dialect.name == "postgresql":
        arms = _arms(needle)
        if _REFERENCE_START.fullmatch(needle) or not _common(session, union_all(*arms)):
            return _both(Case.id.in_(union(*arms)))
        return _both(_each_row(needle))
    if len(needle) >= TRIGRAM:
        phrase = '"' + needle.replace('"', '""') + '"'  # one FTS5 string: no operators in it
        found = (
            select(_texts.c.case_id)
            .join(_index, _index.c.rowid == _texts.c.id)
            .where(_index.c.body.match(phrase))
        )
        if _common(session, found):
            # Counting stops at a thousand, found quicker by each match's case than in order.
            return Search(not_an_index_key(Case.id).in_(found), Case.id.in_(found))
        return _both(Case.id.in_(found))
    return _both(_each_row(needle))


def _both(condition: ColumnElement[bool]) -> Search:
    return Search(condition, condition)


def _each_row(needle: str) -> ColumnElement[bool]:
    """The search as a test of each case: the list reads its cases in order and keeps those
    that pass, so a search that finds many fills a page in its first few hundred rows."""
    named = select(Party.case_id).where(func.lower(Party.name).contains(needle, autoescape=True))
    return or_(
        func.lower(Case.reference).contains(needle, autoescape=True),
        func.lower(Case.title).contains(needle, autoescape=True),
        Case.id.in_(named),
    )


def _arms(needle: str) -> list[Select[tuple[UUID]]]:
    """PostgreSQL's search by its indexes: one arm per column, each answered from its own
    index instead of reading every case to test an OR that spans two tables."""
    reference = func.lower(Case.reference)
    if _REFERENCE_START.fullmatch(needle):
        in_reference = reference.startswith(needle, autoescape=True)
    else:
        in_reference = reference.contains(needle, autoescape=True)
    return [
        select(Case.id).where(in_reference),
        select(Case.id).where(func.lower(Case.title).contains(needle, autoescape=True)),
        select(Party.case_id).where(func.lower(Party.name).contains(needle, autoescape=True)),
    ]


def _common(session: Session, matches: Select[tuple[UUID]] | CompoundSelect[tuple[UUID]]) -> bool:
    """Whether the search finds more than COMMON cases, read from the indexes and stopping
    there. A rare search is quickest gathered from the indexes first (a reference, a name);
    a common one ("sawah": 1 case in 7) would gather and sort a seventh of the table for a
    page of 20, where testing the cases in list order fills the page at once.

    Counting a common word's first COMMON matches still reads all of its index entries
    (75,000 for "sawah" at 1,000,000 cases: 15 ms), so on PostgreSQL a word the planner's
    statistics expect in SURELY_COMMON cases or more is taken as common without it. For
    PostgreSQL to expect that many, the word must be in at least two of the hundred titles its
    statistics sample, which a word in fewer than COMMON cases rarely is."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres and expected_rows(session, matches) >= SURELY_COMMON:
        return True
    found = matches.limit(COMMON + 1).subquery()
    return (session.scalar(select(func.count()).select_from(found)) or 0) > COMMON
