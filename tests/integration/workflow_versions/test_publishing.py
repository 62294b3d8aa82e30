"""Publishing a workflow version in the app: checked as a file is, kept as a draft, then
published; new cases take it, existing cases keep theirs, and another node sees it without a
restart."""

from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.accounts.actor import Actor
from mediasi.app import create_app
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.errors import Conflict
from mediasi.runtime import Runtime
from mediasi.uploads import UploadedFile
from mediasi.workflow_versions.catalog import CHECK_EVERY_SECONDS
from mediasi.workflow_versions.models import PUBLISHED, WorkflowVersion
from mediasi.workflow_versions.publishing import PublishingService, WorkflowRefused
from tests.factories import World
from tests.workflow_texts import sengketa_v2


def publishing(runtime: Runtime, session: object, admin: Actor) -> PublishingService:
    return PublishingService(session, runtime.workflows, runtime.catalog, admin)  # type: ignore[arg-type]


def publish(runtime: Runtime, world: World, text: str) -> WorkflowVersion:
    admin = world.actor("admin")
    with runtime.sessions.begin() as session:
        row = publishing(runtime, session, admin).upload(UploadedFile("v2.yaml", text.encode()))
    with runtime.sessions.begin() as session:
        return publishing(runtime, session, admin).publish(row.id, row.sha256)


def new_case_version(runtime: Runtime, world: World) -> int:
    with runtime.sessions.begin() as session:
        case = runtime.case_service(session).report(world.actor("officer"), world.report())
        return case.workflow_version


def test_an_upload_with_an_error_is_refused_with_its_line_and_nothing_is_kept(
    own: Runtime, world: World
) -> None:
    broken = sengketa_v2().replace("dest: telaah", "dest: nowhere", 1)
    with own.sessions.begin() as session, pytest.raises(WorkflowRefused) as refused:
        publishing(own, session, world.actor("admin")).upload(
            UploadedFile("v2.yaml", broken.encode())
        )
    [problem] = refused.value.problems
    line = broken.splitlines().index("    dest: nowhere") + 1
    assert (problem.line, problem.reason) == (line, "unknown state 'nowhere'")
    with own.sessions() as session:
        assert session.scalars(select(WorkflowVersion)).all() == []


def test_a_version_number_already_taken_is_refused(own: Runtime, world: World) -> None:
    same = sengketa_v2().replace("version: 2\n", "version: 1\n", 1).replace("migrate_from", "x_")
    with own.sessions.begin() as session, pytest.raises(WorkflowRefused) as refused:
        publishing(own, session, world.actor("admin")).upload(
            UploadedFile("v1.yaml", same.split("x_:")[0].encode())
        )
    assert "already has version 1" in refused.value.problems[0].reason


def test_a_published_version_takes_new_cases_while_existing_cases_keep_theirs(
    own: Runtime, settings: Settings, world: World
) -> None:
    before = new_case_version(own, world)
    other_node = Runtime.build(settings)
    try:
        assert new_case_version(other_node, world) == 1
        row = publish(own, world, sengketa_v2())
        assert (row.status, before) == (PUBLISHED, 1)
        assert new_case_version(own, world) == 2
        # Another node: within its few seconds' cache it may still say 1; forced, it reads 2.
        with other_node.sessions() as session:
            other_node.catalog.refresh(session, force=True)
        assert new_case_version(other_node, world) == 2
        with own.sessions() as session:
            versions = sorted(session.scalars(select(Case.workflow_version)))
        assert versions == [1, 1, 2, 2]
    finally:
        other_node.close()


def test_a_node_reads_a_case_on_a_version_it_has_not_seen_yet(
    own: Runtime, settings: Settings, world: World
) -> None:
    other_node = Runtime.build(settings)
    try:
        with other_node.sessions() as session:
            other_node.catalog.refresh(session, force=True)  # looked just before the publish
        publish(own, world, sengketa_v2())
        case_version = new_case_version(own, world)
        assert other_node.workflows.spec(("sengketa", case_version)).version == 2
    finally:
        other_node.close()


def test_a_draft_changed_after_it_was_shown_is_not_published(own: Runtime, world: World) -> None:
    admin = world.actor("admin")
    with own.sessions.begin() as session:
        first = publishing(own, session, admin).upload(
            UploadedFile("v2.yaml", sengketa_v2().encode())
        )
    shown = first.sha256
    with own.sessions.begin() as session:
        publishing(own, session, admin).upload(
            UploadedFile("v2.yaml", sengketa_v2().replace("Sengketa", "Perselisihan").encode())
        )
    with own.sessions.begin() as session, pytest.raises(Conflict):
        publishing(own, session, admin).publish(first.id, shown)
    assert ("sengketa", 2) not in own.workflows.registry


def test_a_running_app_joins_what_another_node_published_within_seconds(
    own: Runtime, settings: Settings, world: World
) -> None:
    """The app's background watch, not any request, brings another node's version in."""
    watching = Runtime.build(settings.model_copy(update={"workflow_catalog_watch": True}))
    try:
        with TestClient(create_app(runtime=watching)):
            assert ("sengketa", 2) not in watching.workflows.registry
            publish(own, world, sengketa_v2())
            deadline = time.monotonic() + 4 * CHECK_EVERY_SECONDS + 5
            while ("sengketa", 2) not in watching.workflows.registry:
                assert time.monotonic() < deadline, "the watch never joined sengketa v2"
                time.sleep(0.1)
        assert new_case_version(watching, world) == 2
    finally:
        watching.close()
