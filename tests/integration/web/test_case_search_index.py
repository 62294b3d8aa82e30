"""Text search of the case list reads an index on each backend, so a large list is not read
whole for every search: on PostgreSQL each arm of the search (reference, title, a party's
name) is answered from its trigram index (0009), on SQLite from its FTS5 trigram index
(0011); a search typed as a reference's beginning from a btree of references on PostgreSQL
(0015)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from mediasi.cases.models import Case
from mediasi.cases.search import text_search
from mediasi.db.migrate import POSTGRESQL_ONLY_INDEXES, SQLITE_SEARCH_TABLES
from mediasi.runtime import Runtime

TRIGRAM_INDEXES = {"ix_cases_title_trgm", "ix_cases_reference_trgm", "ix_parties_name_trgm"}


@pytest.mark.parametrize(
    ("needle", "postgresql_indexes"),
    [
        ("sawah", TRIGRAM_INDEXES),
        # A reference's beginning: its prefix btree (0015), the other columns by trigram.
        (
            "med/kepanjen/2026/0042",
            {"ix_cases_reference_prefix", "ix_cases_title_trgm", "ix_parties_name_trgm"},
        ),
    ],
)
def test_the_search_reads_its_index(
    runtime: Runtime, needle: str, postgresql_indexes: set[str]
) -> None:
    with runtime.sessions() as session:
        query = select(Case.id).where(text_search(session, needle).counted)
        compiled = query.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        if runtime.engine.dialect.name == "sqlite":
            plan_of = f"EXPLAIN QUERY PLAN {compiled}"
            indexes = {"VIRTUAL TABLE INDEX", "case_texts_fts"}
        else:
            session.execute(text("SET LOCAL enable_seqscan = off"))  # a table too big to scan
            plan_of = f"EXPLAIN {compiled}"
            indexes = postgresql_indexes
        plan = "\n".join(str(row[-1]) for row in session.execute(text(plan_of)))
    assert all(index in plan for index in indexes), plan


def test_each_backend_has_only_its_own_search_index(runtime: Runtime) -> None:
    with runtime.engine.connect() as conn:
        if runtime.engine.dialect.name == "sqlite":
            names = {
                row[0]
                for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type='index'"))
            }
            assert names.isdisjoint(POSTGRESQL_ONLY_INDEXES)
            tables = {
                row[0]
                for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
            }
            assert set(SQLITE_SEARCH_TABLES) <= tables
        else:
            tables = {
                row[0]
                for row in conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                )
            }
            assert tables.isdisjoint(SQLITE_SEARCH_TABLES)
