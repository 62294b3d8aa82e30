"""Alembic environment: the engine comes from mediasi's settings (or the caller)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from mediasi.config import Settings
from mediasi.db.engine import make_engine
from mediasi.db.migrate import compare_type, include_object
from mediasi.tables import metadata

config = context.config


def run_migrations_online() -> None:
    engine: Engine | None = config.attributes.get("engine")
    owned = engine is None
    if engine is None:
        engine = make_engine(Settings().sqlalchemy_url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=True,
                compare_type=compare_type,
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        if owned:
            engine.dispose()


if context.is_offline_mode():
    raise SystemExit("mediasi migrations run online only: use 'mediasi db upgrade'")
run_migrations_online()
