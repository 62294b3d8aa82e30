"""The OpenAPI document holds for the app: a bounded schemathesis run over every operation,
authenticated with a token that may do everything, on both backends. It fails on any 5xx,
any status or content type the document does not declare, and any answer that does not
match its declared schema. Bounded: a few examples per operation, derandomized (the same
examples every run), no shrinking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from mediasi.app import create_app
from mediasi.cases.models import Case, Party
from mediasi.db.base import utcnow
from mediasi.followups.schemas import FollowUpForm
from mediasi.followups.services import FollowUpService
from mediasi.notifications.trial import TrialForm, TrialService
from mediasi.runtime import Runtime
from mediasi.uploads import UploadedFile
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow_versions.publishing import PublishingService
from tests.factories import World, submitted
from tests.integration.api.case_parts import unlimited_app
from tests.integration.api.tokens import bearer, issue
from tests.integration.forum.conftest import Forums
from tests.integration.web.conftest import Cases
from tests.workflow_texts import sengketa_v2

EXAMPLES = 6
ADMIN_EXAMPLES = 4  # the admin's operations are many and their answers few
ADMIN = "/api/admin"  # what only the admin's run covers
PUBLIC = (
    ("get", "/healthz"),
    ("post", "/api/reports"),  # the officers' triage beside it needs a login
    ("post", "/api/reports/attachments"),
    ("post", "/api/reports/track"),
    ("get", "/api/verify/{code}"),
)
# What the supervisor's run covers (the officer's run meets a refusal or a made-up id there).
SUPERVISORS = (
    "/api/supervision",
    "/api/cases/{case_id}/trail",
    "/api/reports",
    "/api/statistics/monthly",
)
# Seconds an answer may take: schemathesis's default (10) is less than the anev PDF takes to
# render on a 2-core machine that runs the rest of the suite beside it.
TIMEOUT = 120
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_document_declares_security_and_marks_the_public_operations(
    runtime: Runtime,
) -> None:
    doc = create_app(runtime=runtime).openapi_schema.to_schema()
    assert doc["openapi"].startswith("3.1")
    assert "security" not in doc  # each operation says its own
    assert set(doc["components"]["securitySchemes"]) >= {
        "bearerToken",
        "sessionCookie",
        "csrfHeader",
    }
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            public = (method, path) in PUBLIC
            assert ("security" in operation) != public, (method, path)
            if not public:
                assert {"401", "403", "429"} <= set(operation["responses"]), (method, path)
                problem = operation["responses"]["401"]["content"]
                assert "application/problem+json" in problem, (method, path)


def parts_of(runtime: Runtime, world: World, case_id: UUID) -> dict[str, str]:
    """A party, the invited tokoh and a follow-up of the case, as path values."""
    with runtime.sessions.begin() as session:
        follow_ups = FollowUpService(runtime.case_service(session))
        today = utcnow().astimezone(LOCAL_TZ).date()
        form = FollowUpForm(due_on=today, note="Telepon teradu")
        follow_up = follow_ups.add(case_id, world.actor("officer"), form)
        party = session.scalars(select(Party.id).where(Party.case_id == case_id)).first()
        return {
            "party_id": str(party),
            "tokoh_id": str(world.tokoh_a1),
            "follow_up_id": str(follow_up.id),
        }


def forum_of(runtime: Runtime, world: World) -> dict[str, str]:
    """A forum of desa A1 with a member and a dialog held an hour ago, as path values."""
    forums = Forums(runtime, world)
    forum_id = forums.create()
    member_id = forums.member(forum_id)
    activity_id = forums.activity(forum_id, when=utcnow() - timedelta(hours=1))
    forums.record(activity_id, [member_id])
    return {
        "forum_id": str(forum_id),
        "member_id": str(member_id),
        "activity_id": str(activity_id),
        "aspiration_id": str(forums.aspiration(activity_id)),
    }


def test_the_document_describes_the_sessions_bodies_and_the_desks_query(
    runtime: Runtime,
) -> None:
    """A client reads from the document what to send: each write's fields with an example,
    each list's page, the export's days."""
    paths = create_app(runtime=runtime).openapi_schema.to_schema()["paths"]
    record = paths["/api/cases/{case_id}/sessions/{session_id}/record"]["post"]
    body = record["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["required"]) == {"version", "outcome", "held_at", "attendees", "minutes"}
    assert body["properties"]["outcome"]["enum"] == ["agreed", "partial", "failed", "postponed"]
    assert body["additionalProperties"] is False
    assert body["examples"][0]["outcome"] == "failed"
    schedule = paths["/api/cases/{case_id}/sessions"]["post"]["requestBody"]["content"]
    assert schedule["application/json"]["schema"]["examples"][0]["fields"]["place"]
    for path in ("/api/supervision/queue", "/api/supervision/overdue"):
        [page] = paths[path]["get"]["parameters"]
        assert (page["name"], page["schema"]["type"], page["required"]) == (
            "page",
            "integer",
            False,
        )
    export = {p["name"]: p for p in paths["/api/supervision/export"]["get"]["parameters"]}
    assert {n: (p["schema"].get("format"), p["required"]) for n, p in export.items()} == {
        "start": ("date", True),
        "end": ("date", True),
        "desa": ("uuid", False),
    }
    csv = paths["/api/cases/{case_id}/trail.csv"]["get"]["responses"]["200"]["content"]
    assert list(csv) == ["text/csv; charset=utf-8"]


def test_every_operation_answers_what_the_document_says(runtime: Runtime, world: World) -> None:
    cases = Cases(runtime, world)
    case_id = cases.report(title="Perkara untuk schemathesis")
    cases.fire(case_id, "assess")
    cases.invite(case_id)
    parts = parts_of(runtime, world, case_id)  # its party, tokoh and follow-up, by path name
    known = {"case_id": str(case_id), **parts, **forum_of(runtime, world)}
    app = unlimited_app(runtime)
    token = issue(runtime, world, "officer")
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(ADMIN):
            continue  # the officer is refused them all (403): the admin's run covers them

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            nonlocal ran
            ran += 1
            if case.path_parameters and ran % 3 == 0:  # a case or a forum that exists, too
                case.path_parameters.update(
                    (name, value) for name, value in known.items() if name in case.path_parameters
                )
            # A failed check raises, naming the check, the answer and a curl to reproduce it.
            case.call_and_validate(headers=bearer(token), checks=CHECKS, timeout=TIMEOUT)

        run()
    assert ran >= 10 * EXAMPLES // 2


def test_the_desk_and_the_trail_answer_a_supervisor_what_the_document_says(
    runtime: Runtime, world: World
) -> None:
    """The officer's run above is refused the desk and the anev pack (403) and meets no public
    report; a supervisor's gets their answers, over an escalation in their queue, a case
    running late and a report from the public door."""
    cases = Cases(runtime, world)
    escalated = cases.report(title="Eskalasi untuk schemathesis")
    cases.fire(escalated, "escalate")
    late = cases.report(title="Perkara lewat tenggat")
    with runtime.sessions.begin() as session:
        row = session.get(Case, late)
        assert row is not None
        row.due_at = utcnow() - timedelta(days=3)
    app = unlimited_app(runtime)
    report = submitted(runtime, world)
    token = issue(runtime, world, "supervisor")
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(SUPERVISORS):
            continue

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            nonlocal ran
            ran += 1
            if "case_id" in (case.path_parameters or {}) and ran % 2 == 0:
                case.path_parameters["case_id"] = str(escalated)
            if "report_id" in (case.path_parameters or {}) and ran % 2 == 0:
                case.path_parameters["report_id"] = str(report.id)
            case.call_and_validate(headers=bearer(token), checks=CHECKS, timeout=TIMEOUT)

        run()
    assert ran >= 12 * EXAMPLES // 2


def test_the_admin_api_answers_an_admin_what_the_document_says(
    runtime: Runtime, world: World
) -> None:
    """The officer's run above is refused every admin operation (403); an admin's gets their
    answers, over users, tokoh, a test message, a draft and a run that exist."""
    app = unlimited_app(runtime)
    token = issue(runtime, world, "admin")
    with runtime.sessions.begin() as session:
        trial = TrialService(session, runtime.settings, world.actor("admin")).send(
            TrialForm(channel="log", phone="081234567890")
        )
        draft = PublishingService(
            session, runtime.workflows, runtime.catalog, world.actor("admin")
        ).upload(UploadedFile("sengketa-v2.yaml", sengketa_v2().encode()))
    run = runtime.migrations().run("sengketa", 1, {}, world.actor("admin"))
    existing = {
        "user_id": str(world.actor("officer_b").id),
        "tokoh_id": str(world.tokoh_b1),
        "trial_id": str(trial.id),
        "version_id": str(draft.id),
        "run_id": str(run.id),
    }
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(ADMIN):
            continue

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=ADMIN_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run_case(case: Any) -> None:
            nonlocal ran
            ran += 1
            if ran % 2 == 0:
                case.path_parameters = {
                    name: existing.get(name, value)
                    for name, value in (case.path_parameters or {}).items()
                }
            case.call_and_validate(headers=bearer(token), checks=CHECKS)

        run_case()
    assert ran >= 20 * ADMIN_EXAMPLES
