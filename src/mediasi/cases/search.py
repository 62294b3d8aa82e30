"""Text search of the case list: the cases whose reference, title or a party's name holds what
was typed, in any letter case, answered from an index on both backends.

PostgreSQL has trigram GIN indexes on each column (0009), so the search is a union of one arm
per column, each answered from its index. SQLite has an FTS5 trigram index over one text per
case (0011, kept current by triggers); a needle shorter than a trigram is not in it, and
SQLite scans for that, where one pass testing an OR is quicker than a union's three.

A search typed as a reference's beginning (``med/kepanjen/2026/0042``, ``med/kepanjen/``) looks
for references that begin with it, from a btree on PostgreSQL (0015): every trigram of such a
needle is in nearly every reference, so the trigram index would read the whole table. A
reference holds no other reference's beginning inside it, so the cases found are the same;
a search of a later part (``kepanjen/2026/0042``, ``2026/0042``) still finds it anywhere.
"""

from __future__ import annotations

import re
from uuid import UUID

from sqlalchemy import ColumnElement, CompoundSelect, column, func, or_, select, table, union
from sqlalchemy.orm import Session

from mediasi.cases.models import Case, Party

TRIGRAM = 3
# How ``format_reference`` begins: a workflow's prefix (2-6 letters), then the Polsek's code
# (not a year), then anything but a space: ``med/kepanjen/``, ``med/kepanjen/2026/00``.
_REFERENCE_START = re.compile(r"[a-z]{2,6}/[a-z][^\s/]*/\S*")
# SQLite's search tables (0011): no model maps them, the migration owns them.
_texts = table("case_texts", column("id"), column("case_id"))
_index = table("case_texts_fts", column("rowid"), column("body"))


def text_search(session: Session, needle: str) -> ColumnElement[bool]:
    """``needle`` is the search as typed, stripped and lower-cased."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return Case.id.in_(trigram_arms(needle))
    if len(needle) >= TRIGRAM:
        phrase = '"' + needle.replace('"', '""') + '"'  # one FTS5 string: no operators in it
        found = (
            select(_texts.c.case_id)
            .join(_index, _index.c.rowid == _texts.c.id)
            .where(_index.c.body.match(phrase))
        )
        return Case.id.in_(found)
    named = select(Party.case_id).where(func.lower(Party.name).contains(needle, autoescape=True))
    return or_(
        func.lower(Case.reference).contains(needle, autoescape=True),
        func.lower(Case.title).contains(needle, autoescape=True),
        Case.id.in_(named),
    )


def trigram_arms(needle: str) -> CompoundSelect[tuple[UUID]]:
    """PostgreSQL's search: one arm per column, so that each is answered from its trigram
    index instead of reading every case to test an OR that spans two tables."""
    reference = func.lower(Case.reference)
    if _REFERENCE_START.fullmatch(needle):
        in_reference = reference.startswith(needle, autoescape=True)
    else:
        in_reference = reference.contains(needle, autoescape=True)
    return union(
        select(Case.id).where(in_reference),
        select(Case.id).where(func.lower(Case.title).contains(needle, autoescape=True)),
        select(Party.case_id).where(func.lower(Party.name).contains(needle, autoescape=True)),
    )
