"""Workflow versions uploaded by an admin, and the runs that moved open cases between versions.

The versions live in the database, not in ``workflows/``, because the application may run on
several nodes: each node adds the published ones to the versions its files declare."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase

DRAFT, PUBLISHED = "draft", "published"
RUNNING, FINISHED = "running", "finished"


class WorkflowVersion(UUIDAuditBase):
    """One uploaded version: its YAML text as uploaded, the text's SHA-256, who uploaded and
    who published it. A published version never changes; a draft is replaced by a new upload
    of the same version."""

    __tablename__ = "workflow_versions"
    __table_args__ = (UniqueConstraint("name", "version"),)

    name: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default=DRAFT, index=True)
    uploaded_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    uploaded_by_name: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    published_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    published_by_name: Mapped[str | None] = mapped_column(String(120))


class WorkflowMigration(UUIDAuditBase):
    """One run moving the open cases of a workflow to ``to_version``: who started it, the
    pairs given, and how many cases were moved, refused or failed. A run that never finished
    (the process stopped) stays ``running``; running again moves only what is left."""

    __tablename__ = "workflow_migrations"

    name: Mapped[str] = mapped_column(String(40), index=True)
    to_version: Mapped[int] = mapped_column(Integer)
    pairs: Mapped[dict[str, Any]] = mapped_column(JsonB)
    started_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    started_by_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10), default=RUNNING)
    moved: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
