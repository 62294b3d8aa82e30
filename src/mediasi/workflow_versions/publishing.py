"""Uploading and publishing a workflow version: the upload is checked exactly as
``mediasi workflows check`` checks a file, kept as a draft, shown against the version it
follows, and published; from then on new cases take it and existing cases keep theirs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound
from mediasi.i18n import _
from mediasi.uploads import UploadedFile
from mediasi.workflow.diff import VersionDiff, version_diff
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.loader import Problem, WorkflowFileError, load_text
from mediasi.workflow.semantics import migration_problems
from mediasi.workflow.spec import WorkflowSpec
from mediasi.workflow.yaml_source import Positions, decode
from mediasi.workflow_versions.catalog import Catalog, sha256
from mediasi.workflow_versions.models import DRAFT, PUBLISHED, WorkflowVersion

FIELD = "file"
UPLOAD_NAME = "unggahan"
# The route's body limit: the file (256 KB at most) and room for the multipart framing.
ROUTE_BODY_LIMIT = 300 * 1024


class WorkflowRefused(FieldErrors):
    """The uploaded file cannot be used; ``problems`` says each reason with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__({FIELD: _("Berkas alur kerja ditolak; alasannya ada di bawah.")})
        self.problems = problems

    def members(self, lang: str) -> dict[str, Any]:
        """The API's 422 lists every problem as the page does: where, and why in ``lang``."""
        listed = [
            {
                "line": p.line,
                "column": p.column,
                "path": p.where,
                "reason": p.shown.get(lang) if p.shown else p.reason,
            }
            for p in self.problems
        ]
        return {**super().members(lang), "problems": listed}


@dataclass(frozen=True)
class Preview:
    """A draft as the admin checks it before publishing: the version, and what changes
    against the version new cases take now (None for a workflow new to the application)."""

    row: WorkflowVersion
    spec: WorkflowSpec
    current: WorkflowSpec | None
    diff: VersionDiff | None


class PublishingService:
    def __init__(
        self,
        session: Session,
        engine: WorkflowEngine,
        catalog: Catalog,
        actor: Actor,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session = session
        self.engine = engine
        self.catalog = catalog
        self.actor = actor
        self.clock = clock

    def versions(self) -> list[WorkflowVersion]:
        """Every uploaded version, newest first."""
        self.catalog.refresh(self.session)
        query = select(WorkflowVersion).order_by(
            WorkflowVersion.name, WorkflowVersion.version.desc()
        )
        return list(self.session.scalars(query))

    def check(self, source: str, name: str = UPLOAD_NAME) -> WorkflowSpec:
        """The text as ``workflows check`` judges a file, then against the versions known:
        the number must come after every version of the workflow (new cases take the
        highest), and ``migrate_from`` must name a known version and its states."""
        try:
            spec, pos = load_text(source, name, self.engine.guards)
        except WorkflowFileError as exc:
            raise WorkflowRefused(exc.problems) from None
        problems = [
            Problem(name, *pos.at(where), ".".join(map(str, where)), reason)
            for where, reason in migration_problems(spec, self.engine.registry)
        ]
        problems += self._number_problems(spec, pos, name)
        if problems:
            raise WorkflowRefused(problems)
        return spec

    def _number_problems(self, spec: WorkflowSpec, pos: Positions, name: str) -> list[Problem]:
        registry = self.engine.registry
        line, column = pos.at(("version",))
        if spec.name not in registry.names():
            return []
        latest = registry.latest(spec.name).version
        if spec.version <= latest:
            reason = (
                f"workflow {spec.name!r} already has version {latest}; "
                f"a new version must be numbered {latest + 1} or more"
            )
            shown = _(
                "Alur %(name)s sudah punya versi %(latest)s; versi baru harus bernomor %(next)s "
                "atau lebih.",
                name=spec.name,
                latest=latest,
                next=latest + 1,
            )
            return [Problem(name, line, column, "version", reason, shown)]
        return []

    @unit_of_work
    def upload(self, upload: UploadedFile) -> WorkflowVersion:
        """Check the file and keep it as a draft (a draft of the same version is replaced)."""
        self.catalog.refresh(self.session, force=True)
        if not upload.data:
            raise FieldErrors({FIELD: _("Pilih berkas alur kerja (YAML).")})
        try:
            source = decode(upload.data, UPLOAD_NAME)
        except WorkflowFileError as exc:
            raise WorkflowRefused(exc.problems) from None
        spec = self.check(source)
        row = self.session.scalars(
            select(WorkflowVersion).where(
                WorkflowVersion.name == spec.name, WorkflowVersion.version == spec.version
            )
        ).first()
        if row is None:
            row = WorkflowVersion(name=spec.name, version=spec.version, status=DRAFT)
            self.session.add(row)
        elif row.status == PUBLISHED:  # published on another node since the registry looked
            raise Conflict(_("Versi ini sudah diterbitkan."))
        row.source, row.sha256 = source, sha256(source)
        row.uploaded_by_id, row.uploaded_by_name = self.actor.id, self.actor.name
        self.session.flush()
        return row

    def preview(self, version_id: UUID) -> Preview:
        row = self._row(version_id)
        spec = (
            self.check(row.source, f"{row.name} v{row.version}")
            if row.status == DRAFT
            else (self.engine.spec((row.name, row.version)))
        )
        registry = self.engine.registry
        current = None
        if row.name in registry.names():
            older = [s for s in registry.all() if s.name == row.name and s.version < row.version]
            current = max(older, key=lambda s: s.version) if older else None
        diff = None
        if current is not None:
            diff = version_diff(
                current, spec, registry.source(current.name, current.version), row.source
            )
        return Preview(row, spec, current, diff)

    @unit_of_work
    def publish(self, version_id: UUID, sha: str) -> WorkflowVersion:
        """Publish the draft the admin looked at (``sha`` of its text: a draft replaced since
        is refused); the version joins this node's registry once the transaction commits."""
        self.catalog.refresh(self.session, force=True)
        row = self._row(version_id)
        if row.status != DRAFT:
            raise Conflict(_("Versi ini sudah diterbitkan."))
        if row.sha256 != sha:
            raise Conflict(_("Berkas versi ini diganti sejak halaman dibuka; periksa lagi."))
        spec = self.check(row.source, f"{row.name} v{row.version}")
        row.status = PUBLISHED
        row.published_at = self.clock()
        row.published_by_id, row.published_by_name = self.actor.id, self.actor.name
        self.session.flush()
        source = row.source
        event.listen(
            self.session, "after_commit", lambda _s: self.catalog.publish(spec, source), once=True
        )
        return row

    def _row(self, version_id: UUID) -> WorkflowVersion:
        row = self.session.get(WorkflowVersion, version_id)
        if row is None:
            raise NotFound(_("Versi alur kerja tidak ditemukan."))
        return row
