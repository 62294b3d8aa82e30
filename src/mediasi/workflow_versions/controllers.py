"""Admin "Alur kerja" page: every version the application knows with its diagram, uploading a
new version (refused with each line and reason), checking it against the current one,
publishing it, and moving open cases to it (a dry run first)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, MultipartBody, URLEncodedBody
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.uploads import UploadedFile, posted_files
from mediasi.validation import validate
from mediasi.web.forms import Failure, form_fields, submit
from mediasi.web.render import go, render
from mediasi.workflow.yaml_source import MAX_FILE_BYTES
from mediasi.workflow_versions.migrating import MigrationService, Plan
from mediasi.workflow_versions.publishing import (
    FIELD,
    ROUTE_BODY_LIMIT,
    PublishingService,
    WorkflowRefused,
)
from mediasi.workflow_versions.schemas import MigrateForm, PublishForm

PAGE = "workflow_versions/admin.html"
VERSION_PAGE = "workflow_versions/version.html"


def provide_publishing(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[Session],
    actor: NamedDependency[Actor],
) -> PublishingService:
    runtime = request.app.state.runtime
    return PublishingService(db_session, runtime.workflows, runtime.catalog, actor)


def provide_migrations(request: Request[Any, Any, Any]) -> MigrationService:
    migrations: MigrationService = request.app.state.runtime.migrations()
    return migrations


def _page(
    request: Request[Any, Any, Any],
    publishing: PublishingService,
    migrations: MigrationService,
    status: int = 200,
    **extra: Any,
) -> Response[Any]:
    context: dict[str, Any] = {
        "problems": [],
        "errors": {},
        "migrate_errors": {},
        "migrate_values": {},
        "plan": None,
        **extra,
    }
    return render(
        request,
        PAGE,
        status=status,
        versions=publishing.versions(),
        specs=publishing.engine.registry.all(),
        latest={
            n: publishing.engine.registry.latest(n) for n in publishing.engine.registry.names()
        },
        conflicts=publishing.catalog.conflicts,
        runs=migrations.runs(publishing.session),
        **context,
    )


def posted_workflow(data: dict[str, Any]) -> UploadedFile:
    """The file of a multipart body (none: an empty one, which the service refuses)."""
    files = posted_files(data, FIELD, MAX_FILE_BYTES)
    return files[0] if files else UploadedFile(None, None)


class WorkflowVersionController(Controller):
    path = "/admin/workflows"
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {
        "publishing": Provide(provide_publishing, sync_to_thread=False),
        "migrations": Provide(provide_migrations, sync_to_thread=False),
    }

    @get("/", name="admin:workflows", sync_to_thread=True)
    def index(
        self,
        request: Request[Any, Any, Any],
        publishing: NamedDependency[PublishingService],
        migrations: NamedDependency[MigrationService],
    ) -> Response[Any]:
        return _page(request, publishing, migrations)

    @post(
        "/upload",
        name="admin:workflow_upload",
        sync_to_thread=True,
        request_max_body_size=ROUTE_BODY_LIMIT,
    )
    def upload(
        self,
        request: Request[Any, Any, Any],
        publishing: NamedDependency[PublishingService],
        migrations: NamedDependency[MigrationService],
        data: MultipartBody[dict[str, Any]],
    ) -> Response[Any]:
        def refused(failure: Failure) -> Response[Any]:
            error = failure.error
            problems = error.problems if isinstance(error, WorkflowRefused) else []
            return _page(
                request,
                publishing,
                migrations,
                failure.status,
                problems=problems,
                errors=failure.errors,
            )

        return submit(
            lambda: publishing.upload(posted_workflow(data)),
            success=lambda row: go(
                request, request.app.route_reverse("admin:workflow_version", version_id=row.id)
            ),
            failure=refused,
        )

    @get("/{version_id:uuid}", name="admin:workflow_version", sync_to_thread=True)
    def version(
        self,
        request: Request[Any, Any, Any],
        publishing: NamedDependency[PublishingService],
        version_id: FromPath[UUID],
    ) -> Response[Any]:
        return render(request, VERSION_PAGE, preview=publishing.preview(version_id), errors={})

    @post("/{version_id:uuid}/publish", name="admin:workflow_publish", sync_to_thread=True)
    def publish(
        self,
        request: Request[Any, Any, Any],
        publishing: NamedDependency[PublishingService],
        version_id: FromPath[UUID],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Response[Any]:
        values = form_fields(data)

        def refused(failure: Failure) -> Response[Any]:
            preview = publishing.preview(version_id)
            return render(
                request,
                VERSION_PAGE,
                status=failure.status,
                preview=preview,
                errors=failure.errors,
                failure=failure,
            )

        return submit(
            lambda: publishing.publish(version_id, validate(PublishForm, values).sha256),
            values=values,
            success=lambda row: go(
                request, request.app.route_reverse("admin:workflow_version", version_id=row.id)
            ),
            failure=refused,
        )

    @post("/migrate", name="admin:workflow_migrate", sync_to_thread=True)
    def migrate(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        publishing: NamedDependency[PublishingService],
        migrations: NamedDependency[MigrationService],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Response[Any]:
        """A dry run shows the plan on the page; a run moves the cases, then shows its record."""
        values = form_fields(data)

        def act() -> Plan | None:
            form = validate(MigrateForm, values)
            if form.action == "dry_run":
                return migrations.plan(form.name, form.version, form.pairs)
            migrations.start(form.name, form.version, form.pairs, actor)
            return None

        def done(plan: Plan | None) -> Response[Any]:
            if plan is None:
                return go(request, request.app.route_reverse("admin:workflows") + "#runs")
            return _page(request, publishing, migrations, plan=plan, migrate_values=values)

        def refused(failure: Failure) -> Response[Any]:
            return _page(
                request,
                publishing,
                migrations,
                failure.status,
                migrate_errors=failure.errors,
                migrate_values=dict(failure.values),
            )

        return submit(act, values=values, success=done, failure=refused)
