"""Declarative bases for every model (advanced-alchemy: UUID keys, UTC audit columns)."""

from __future__ import annotations

from datetime import UTC, datetime

from advanced_alchemy.base import DefaultBase, UUIDAuditBase, UUIDBase, orm_registry

metadata = orm_registry.metadata

__all__ = ["DefaultBase", "UUIDAuditBase", "UUIDBase", "metadata", "utcnow"]


def utcnow() -> datetime:
    """The one clock of the application, aware and in UTC."""
    return datetime.now(UTC)
