"""Text search of the case list on SQLite through FTS5's trigram tokenizer: each case's
reference, title and party names are one row of ``case_texts``, which triggers keep current,
and ``case_texts_fts`` indexes them, so a search reads the index instead of every case in
reach (PostgreSQL has its trigram indexes, 0009).

``case_texts`` has an INTEGER PRIMARY KEY because it is the FTS rows' id: a table's implicit
rowid may change at VACUUM, this one may not.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _body(case_id: str) -> str:
    """The searchable text of a case, its parts on lines of their own (a search never matches
    across two of them)."""
    return (
        "(SELECT c.reference || char(10) || c.title || coalesce(char(10) || "
        "(SELECT group_concat(p.name, char(10)) FROM parties AS p WHERE p.case_id = c.id), '')"
        f" FROM cases AS c WHERE c.id = {case_id})"
    )


def _refresh(case_id: str) -> str:
    return f"UPDATE case_texts SET body = {_body(case_id)} WHERE case_id = {case_id};"


TRIGGERS = {
    "case_texts_case_added": "AFTER INSERT ON cases BEGIN "
    f"INSERT INTO case_texts (case_id, body) VALUES (new.id, {_body('new.id')}); END",
    "case_texts_case_renamed": "AFTER UPDATE OF reference, title ON cases BEGIN "
    f"{_refresh('new.id')} END",
    "case_texts_case_removed": "AFTER DELETE ON cases BEGIN "
    "DELETE FROM case_texts WHERE case_id = old.id; END",
    "case_texts_party_added": f"AFTER INSERT ON parties BEGIN {_refresh('new.case_id')} END",
    "case_texts_party_renamed": "AFTER UPDATE OF name, case_id ON parties BEGIN "
    f"{_refresh('old.case_id')} {_refresh('new.case_id')} END",
    "case_texts_party_removed": f"AFTER DELETE ON parties BEGIN {_refresh('old.case_id')} END",
    "case_texts_indexed": "AFTER INSERT ON case_texts BEGIN "
    "INSERT INTO case_texts_fts (rowid, body) VALUES (new.id, new.body); END",
    "case_texts_reindexed": "AFTER UPDATE ON case_texts BEGIN "
    "INSERT INTO case_texts_fts (case_texts_fts, rowid, body) VALUES ('delete', old.id, old.body);"
    " INSERT INTO case_texts_fts (rowid, body) VALUES (new.id, new.body); END",
    "case_texts_unindexed": "AFTER DELETE ON case_texts BEGIN "
    "INSERT INTO case_texts_fts (case_texts_fts, rowid, body) VALUES ('delete', old.id, old.body);"
    " END",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE case_texts (id INTEGER PRIMARY KEY, "
        "case_id NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE, body TEXT NOT NULL)"
    )
    op.execute(
        "CREATE VIRTUAL TABLE case_texts_fts USING fts5(body, content='case_texts', "
        "content_rowid='id', tokenize='trigram')"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(f"INSERT INTO case_texts (case_id, body) SELECT id, {_body('cases.id')} FROM cases")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS case_texts_fts")
    op.execute("DROP TABLE IF EXISTS case_texts")
