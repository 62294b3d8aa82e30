"""What the workflow versions API sends and takes: the uploaded versions, one draft with what
changes against the version new cases take now, publishing it, and moving the open cases (a
dry run's plan, a run's record), as the admin's "Alur kerja" page shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.validation import Form
from mediasi.web.openapi_input import Query, integer, text, with_example
from mediasi.web.paging import PAGE, PageOut, PageQuery
from mediasi.workflow.diff import Change
from mediasi.workflow.spec import IDENTIFIER
from mediasi.workflow_versions.migrating import Plan, PlannedCase
from mediasi.workflow_versions.models import WorkflowMigration, WorkflowVersion
from mediasi.workflow_versions.publishing import Preview
from mediasi.workflow_versions.schemas import MigrationTarget, PublishForm

SHA = "3f0a9d2c" * 8
PLAN_QUERY = (
    Query(
        "name",
        text(40, IDENTIFIER),
        "The workflow whose open cases would move.",
        required=True,
        example="sengketa",
    ),
    Query(
        "version",
        integer(1, 10_000),
        "The version they would move to.",
        required=True,
        example=2,
    ),
    Query(
        "pairs",
        text(4000),
        "More `old=new` state pairs over the file's migrate_from, comma-separated.",
        example="assessed=telaah",
    ),
    PAGE,
)


class UploadIn(Form):
    """Nothing but the file: the YAML text, as ``mediasi workflows check`` reads one."""

    model_config = with_example({})


class PublishIn(PublishForm):
    """The SHA-256 of the draft's text as read (``sha256``): a draft replaced since is a 409."""

    model_config = with_example({"sha256": SHA})


class MigrateIn(MigrationTarget):
    """Run the move a dry run showed: the same name, version and pairs."""

    model_config = with_example({"name": "sengketa", "version": 2, "pairs": "assessed=telaah"})


class PlanQuery(MigrationTarget, PageQuery):
    pass


class VersionOut(BaseModel):
    id: UUID
    name: str = Field(examples=["sengketa"])
    version: int = Field(examples=[2])
    status: str = Field(examples=["draft"], description="draft or published.")
    sha256: str = Field(examples=[SHA])
    uploaded_by_name: str
    uploaded_at: datetime = Field(description="When the text was last uploaded.")
    published_by_name: str | None
    published_at: datetime | None

    @classmethod
    def of(cls, row: WorkflowVersion) -> VersionOut:
        return cls(
            id=row.id,
            name=row.name,
            version=row.version,
            status=row.status,
            sha256=row.sha256,
            uploaded_by_name=row.uploaded_by_name,
            uploaded_at=row.updated_at,
            published_by_name=row.published_by_name,
            published_at=row.published_at,
        )


class VersionPageOut(PageOut):
    items: list[VersionOut]


class AspectOut(BaseModel):
    name: str = Field(examples=["Ke tahap"])
    before: str = Field(examples=["assessed"])
    after: str = Field(examples=["telaah"])


class ChangeOut(BaseModel):
    kind: str = Field(examples=["changed"], description="added, removed or changed.")
    subject: str = Field(examples=["Langkah assess"])
    aspects: list[AspectOut]

    @classmethod
    def of(cls, change: Change, lang: str) -> ChangeOut:
        aspects = [
            AspectOut(name=a.name.get(lang), before=a.before, after=a.after) for a in change.aspects
        ]
        return cls(kind=change.kind.value, subject=change.subject.get(lang), aspects=aspects)


class VersionDetailOut(VersionOut):
    label: str = Field(examples=["Sengketa warga"])
    source: str = Field(description="The YAML text as uploaded.")
    current_version: int | None = Field(
        description="The version it is compared with (none: a workflow new here)."
    )
    changes: list[ChangeOut]
    diff: list[str] = Field(description="The unified diff of the two texts, line by line.")

    @classmethod
    def of_preview(cls, preview: Preview, lang: str) -> VersionDetailOut:
        diff = preview.diff
        return cls(
            **VersionOut.of(preview.row).model_dump(),
            label=preview.spec.label.get(lang),
            source=preview.row.source,
            current_version=preview.current.version if preview.current else None,
            changes=[ChangeOut.of(c, lang) for c in diff.changes] if diff else [],
            diff=list(diff.text) if diff else [],
        )


class PlannedCaseOut(BaseModel):
    case_id: UUID
    reference: str
    workflow_version: int = Field(description="The version the case is on now.")
    before: str = Field(examples=["assessed"])
    after: str | None = Field(examples=["telaah"], description="None: refused.")
    refusal: str | None
    warnings: list[str]
    due_at: datetime | None = Field(description="Its deadline after the move.")

    @classmethod
    def of(cls, planned: PlannedCase, lang: str) -> PlannedCaseOut:
        move = planned.move
        return cls(
            case_id=planned.case_id,
            reference=planned.reference,
            workflow_version=planned.version,
            before=move.before,
            after=move.after,
            refusal=move.refusal.get(lang) if move.refusal else None,
            warnings=[w.get(lang) for w in move.warnings],
            due_at=move.due_at,
        )


class PlanPageOut(PageOut):
    """A dry run (nothing written): every open case not yet on the version, with where it
    would go; ``total`` counts them."""

    name: str
    version: int
    pairs: dict[str, str] = Field(description="The pairs given, as checked.")
    moving: int
    refused: int
    warned: int
    items: list[PlannedCaseOut]

    @classmethod
    def of(cls, plan: Plan, rows: list[PlannedCase], lang: str, **fields: Any) -> PlanPageOut:
        return cls(
            name=plan.target.name,
            version=plan.target.version,
            pairs=plan.pairs,
            moving=plan.moving,
            refused=plan.refused,
            warned=plan.warned,
            items=[PlannedCaseOut.of(row, lang) for row in rows],
            **fields,
        )


class MigrationOut(BaseModel):
    id: UUID
    name: str = Field(examples=["sengketa"])
    to_version: int
    pairs: dict[str, str]
    started_by_name: str
    started_at: datetime
    status: str = Field(
        examples=["running"],
        description="running (or stopped: run again to go on) or finished.",
    )
    moved: int
    refused: int
    failed: int
    finished_at: datetime | None

    @classmethod
    def of(cls, row: WorkflowMigration) -> MigrationOut:
        return cls(
            id=row.id,
            name=row.name,
            to_version=row.to_version,
            pairs=row.pairs,
            started_by_name=row.started_by_name,
            started_at=row.created_at,
            status=row.status,
            moved=row.moved,
            refused=row.refused,
            failed=row.failed,
            finished_at=row.finished_at,
        )


class MigrationPageOut(PageOut):
    items: list[MigrationOut]
