"""``/api/admin/workflows``: the admin's "Alur kerja" page as JSON, through its services and
its role guard (only an admin): the versions uploaded, uploading a draft (checked as
``mediasi workflows check`` checks a file: a 422 lists every problem with its line, column,
path and reason), one version with what changes against the current one, publishing it, and
moving the open cases to it: a dry run (a read: nothing is written), then a run in the
background whose record says how far it got."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_202_ACCEPTED
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.validation import validate
from mediasi.web.boundary import FILE
from mediasi.web.errors import language
from mediasi.web.forms import flat
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import FileBody, JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_of
from mediasi.workflow_versions.api_schemas import (
    PLAN_QUERY,
    MigrateIn,
    MigrationOut,
    MigrationPageOut,
    PlanPageOut,
    PlanQuery,
    PublishIn,
    UploadIn,
    VersionDetailOut,
    VersionOut,
    VersionPageOut,
)
from mediasi.workflow_versions.controllers import (
    posted_workflow,
    provide_migrations,
    provide_publishing,
)
from mediasi.workflow_versions.migrating import MigrationService
from mediasi.workflow_versions.publishing import FIELD, ROUTE_BODY_LIMIT, PublishingService

Publishing = NamedDependency[PublishingService]
Migrations = NamedDependency[MigrationService]
Id = FromPath[UUID]
AnyRequest = Request[Any, Any, Any]
LIST = {"sync_to_thread": True, **documented(422), **declared(query=[PAGE])}


class WorkflowVersionApiController(Controller):
    path = "/api/admin/workflows"
    tags = ("admin",)
    opt = {"feature": "admin"}
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {
        "publishing": Provide(provide_publishing, sync_to_thread=False),
        "migrations": Provide(provide_migrations, sync_to_thread=False),
    }

    @get("/", name="api:admin_workflows", **LIST)
    def versions(self, request: AnyRequest, publishing: Publishing) -> VersionPageOut:
        """Every uploaded version, by workflow, the newest first (the versions of the files
        on the server are not listed: they are not uploaded)."""
        wanted = validate(PageQuery, dict(request.query_params))
        here = request.app.route_reverse("api:admin_workflows")
        rows, fields = page_of(publishing.versions(), wanted.page, here)
        return VersionPageOut(items=[VersionOut.of(row) for row in rows], **fields)

    @post(
        "/upload",
        sync_to_thread=True,
        name="api:admin_workflow_upload",
        status_code=HTTP_201_CREATED,
        request_max_body_size=ROUTE_BODY_LIMIT,
        opt={"body": FILE},
        **documented(writes=True),
        **declared(body=UploadIn, files={FIELD: "The workflow file (YAML, 256 KB at most)."}),
    )
    def upload(self, publishing: Publishing, data: FileBody) -> VersionOut:
        """Keep a checked file as a draft (a draft of the same version is replaced). A file
        that cannot be used is a 422 whose ``problems`` list each reason with its ``line``,
        ``column`` and ``path``, as the page shows them."""
        validate(UploadIn, {k[:40]: v for k, v in flat(data).items() if k != FIELD})
        return VersionOut.of(publishing.upload(posted_workflow(data)))

    @get(
        "/{version_id:uuid}",
        sync_to_thread=True,
        name="api:admin_workflow",
        **documented(404, 422),
    )
    def version(
        self, request: AnyRequest, publishing: Publishing, version_id: Id
    ) -> VersionDetailOut:
        """One version with its text and what changes against the version before it; a draft
        is checked again (a higher version published since makes it a 422 with its
        ``problems``)."""
        return VersionDetailOut.of_preview(publishing.preview(version_id), language(request))

    @post(
        "/{version_id:uuid}/publish",
        sync_to_thread=True,
        name="api:admin_workflow_publish",
        status_code=HTTP_200_OK,
        **documented(404, writes=True),
        **declared(body=PublishIn),
    )
    def publish(self, publishing: Publishing, version_id: Id, data: JsonBody = None) -> VersionOut:
        """Publish the draft whose text has this ``sha256``: new cases take it once it is the
        highest version; the cases there are keep theirs until moved."""
        return VersionOut.of(publishing.publish(version_id, validate(PublishIn, data).sha256))

    @get(
        "/plan",
        sync_to_thread=True,
        name="api:admin_workflow_plan",
        **documented(404, 422),
        **declared(query=PLAN_QUERY),
    )
    def plan(self, request: AnyRequest, migrations: Migrations) -> PlanPageOut:
        """The dry run of a move: each open case of the workflow not yet on the version,
        its state now and after, or why it cannot move; 20 a page."""
        query = validate(PlanQuery, dict(request.query_params))
        plan = migrations.plan(query.name, query.version, query.pairs)
        here = request.app.route_reverse("api:admin_workflow_plan")
        kept = {"name": query.name, "version": str(query.version), "pairs": query.pairs}
        rows, fields = page_of(plan.cases, query.page, here, kept)
        return PlanPageOut.of(plan, rows, language(request), **fields)

    @post(
        "/migrations",
        sync_to_thread=True,
        name="api:admin_migrate",
        status_code=HTTP_202_ACCEPTED,
        **documented(404, writes=True),
        **declared(body=MigrateIn),
    )
    def migrate(
        self, actor: NamedDependency[Actor], migrations: Migrations, data: JsonBody = None
    ) -> MigrationOut:
        """Move the open cases, each in its own transaction, in the background: the answer
        is the run's record; ``GET …/migrations/{id}`` says how far it got. Running again
        after a run stopped moves what is left."""
        form = validate(MigrateIn, data)
        return MigrationOut.of(migrations.start(form.name, form.version, form.pairs, actor))

    @get("/migrations", name="api:admin_migrations", **LIST)
    def runs(
        self, request: AnyRequest, db_session: NamedDependency[Session], migrations: Migrations
    ) -> MigrationPageOut:
        """Every run, the latest first."""
        wanted = validate(PageQuery, dict(request.query_params))
        here = request.app.route_reverse("api:admin_migrations")
        rows, fields = page_of(migrations.runs(db_session, None), wanted.page, here)
        return MigrationPageOut(items=[MigrationOut.of(row) for row in rows], **fields)

    @get(
        "/migrations/{run_id:uuid}",
        sync_to_thread=True,
        name="api:admin_migration",
        **documented(404),
    )
    def migration(
        self, db_session: NamedDependency[Session], migrations: Migrations, run_id: Id
    ) -> MigrationOut:
        """One run: running (or stopped: run again to go on) or finished, with its counts."""
        return MigrationOut.of(migrations.record(db_session, run_id))
