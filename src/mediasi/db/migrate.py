"""Alembic driven from the settings: no alembic.ini, the migrations folder found at the root."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Engine, MetaData

from mediasi.config import Settings
from mediasi.errors import MediasiError
from mediasi.i18n import _

# advanced-alchemy's portable types are stored as the backend's own (BINARY/NUMERIC, TIMESTAMP,
# JSON); reflected back they look different but are the same column.
_PORTABLE = (GUID, DateTimeUTC, JSON)


def compare_type(
    _context: Any, _column: Any, _reflected: Any, _inspected_type: Any, metadata_type: Any
) -> bool | None:
    """Alembic's type comparison, minus the false alarms of the portable types."""
    if isinstance(metadata_type, _PORTABLE):
        return False
    return None


# Indexes only PostgreSQL has (pg_trgm, migration 0009): made by the migration, not declared
# on the models, so autogenerate must neither add them elsewhere nor drop them there.
POSTGRESQL_ONLY_INDEXES = frozenset(
    {
        "ix_cases_title_trgm",
        "ix_cases_reference_trgm",
        "ix_parties_name_trgm",
        "ix_cases_reference_prefix",
    }
)
# SQLite's case search (0011): no model maps these, the migration owns them.
SQLITE_SEARCH_TABLES = ("case_texts", "case_texts_fts")


def include_object(
    _object: Any, name: str | None, type_: str, _reflected: bool, _compare_to: Any
) -> bool:
    """What autogenerate compares: everything but the search indexes of one backend only
    (PostgreSQL's trigram indexes, SQLite's FTS5 tables and their shadow tables)."""
    if type_ == "index":
        return name not in POSTGRESQL_ONLY_INDEXES
    if type_ == "table" and name:
        return not name.startswith(SQLITE_SEARCH_TABLES)
    return True


def schema_differences(engine: Engine, metadata: MetaData) -> list[Any]:
    """What autogenerate would write for ``metadata`` (every table, ``mediasi.tables``): empty
    when the migrations match the models."""
    from alembic.autogenerate import compare_metadata

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": compare_type, "include_object": include_object}
        )
        return list(compare_metadata(context, metadata))


def alembic_config(settings: Settings, engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(settings.migrations_dir))
    config.set_main_option(
        "sqlalchemy.url",
        settings.sqlalchemy_url.render_as_string(hide_password=False).replace("%", "%%"),
    )
    config.attributes["settings"] = settings  # for a backfill that counts as the app does
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(settings: Settings, engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(settings, engine), revision)


def revision(settings: Settings, engine: Engine, message: str) -> None:
    command.revision(alembic_config(settings, engine), message=message, autogenerate=True)


def heads(settings: Settings) -> set[str]:
    """The code's migration heads. Reading them parses every migration file, which ``/healthz``
    did on every probe: they are read again only when the folder changes."""
    folder = Path(settings.migrations_dir)
    versions = folder / "versions"
    changed = (versions if versions.is_dir() else folder).stat().st_mtime_ns
    return set(_heads(str(folder), changed))


@functools.lru_cache(maxsize=8)
def _heads(folder: str, _changed: int) -> frozenset[str]:
    config = Config()
    config.set_main_option("script_location", folder)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def current(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


class SchemaNotCurrent(MediasiError, status=503, title="Database not migrated"): ...


def require_current(settings: Settings, engine: Engine) -> None:
    """Refuse to work on a database whose schema is behind the code."""
    have, want = current(engine), heads(settings)
    if have != want:
        found = ", ".join(sorted(have)) or "none"
        raise SchemaNotCurrent(
            _(
                "Skema basis data belum mutakhir (revisi %(found)s); "
                "jalankan 'mediasi db upgrade'.",
                found=found,
            )
        )
