"""The query parameters the OpenAPI document declares are the ones the API reads, with its
limits, on both backends: each form model's fields are declared and nothing else; a value
just past a declared limit (length, range, choice, format) is a 422 naming that parameter; a
declared example is taken; and the case list answers every combination of declared-valid
filters schemathesis makes (only a made-up cursor is refused, naming itself)."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from litestar.testing import TestClient
from pydantic import BaseModel

from mediasi.api.versions import VersionIn
from mediasi.cases.queries import CaseFilters
from mediasi.followups.api_schemas import FollowUpQuery
from mediasi.notifications.admin_api_schemas import OutboxQuery
from mediasi.reports.period import Period
from mediasi.runtime import Runtime
from mediasi.statistics.schemas import StatisticsQuery
from mediasi.supervision.schemas import AreaTrailQuery
from mediasi.web.paging import PageQuery
from tests.factories import World
from tests.integration.api.case_parts import Caller, is_problem, unlimited_app
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Cases

CASE = "/api/cases/{case_id}"
READ: dict[tuple[str, str], type[BaseModel]] = {
    ("get", "/api/cases"): CaseFilters,
    ("get", "/api/statistics"): StatisticsQuery,
    ("get", "/api/rj/report"): Period,
    ("get", "/api/rj/report.csv"): Period,
    ("get", CASE + "/parties"): PageQuery,
    ("get", CASE + "/tokoh"): PageQuery,
    ("get", CASE + "/tokoh/registry"): PageQuery,
    ("get", CASE + "/follow-ups"): FollowUpQuery,
    ("get", CASE + "/sessions"): PageQuery,
    ("get", CASE + "/agreement/obligations"): PageQuery,
    ("get", "/api/agreements"): PageQuery,
    ("get", "/api/supervision/queue"): PageQuery,
    ("get", "/api/supervision/overdue"): PageQuery,
    ("get", "/api/supervision/export"): AreaTrailQuery,
    ("get", CASE + "/rj"): PageQuery,
    ("get", CASE + "/messages"): PageQuery,
    ("get", CASE + "/messages/contacts"): PageQuery,
    ("get", "/api/handovers"): PageQuery,
    ("get", "/api/handovers/desa"): PageQuery,
    ("get", "/api/handovers/officers"): PageQuery,
    ("get", "/api/reports"): PageQuery,
    ("get", "/api/admin/notifications/outbox"): OutboxQuery,
    ("delete", CASE + "/parties/{party_id}"): VersionIn,
    ("delete", CASE + "/tokoh/{tokoh_id}"): VersionIn,
}
LISTS = [key for key in READ if key[0] == "get"]


def document(client: TestClient[Any]) -> dict[str, Any]:
    doc: dict[str, Any] = client.get("/schema/openapi.json").json()
    return doc


def query_of(doc: dict[str, Any], method: str, path: str) -> dict[str, dict[str, Any]]:
    operation = doc["paths"][path][method]
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


def past_the_limit(schema: dict[str, Any]) -> str:
    """A value just outside what ``schema`` declares."""
    if "enum" in schema:
        return "zz"
    if "maxLength" in schema:
        return "a" * (schema["maxLength"] + 1)
    if "maximum" in schema:
        return str(schema["maximum"] + 1)
    kinds = {"uuid": "bukan-uuid", "date": "2026-02-30"}
    if schema.get("format") in kinds:
        return kinds[schema["format"]]
    assert schema.get("type") == "boolean", schema
    return "mungkin"


@pytest.mark.parametrize(("method", "path"), list(READ), ids=[f"{m} {p}" for m, p in READ])
def test_each_form_field_is_declared_and_nothing_else(
    client: TestClient[Any], method: str, path: str
) -> None:
    declared = query_of(document(client), method, path)
    fields = READ[(method, path)].model_fields
    assert set(declared) == {field.alias or name for name, field in fields.items()}
    for name, parameter in declared.items():
        assert parameter["description"], name
        assert parameter["schema"].get("type") in ("string", "integer", "boolean"), name


def callers(client: TestClient[Any], runtime: Runtime, world: World) -> dict[str, Caller]:
    """Who reads each list: the admin the admin's, a supervisor the rest."""
    return {
        "admin": Caller(client, runtime, world, "admin"),
        "supervisor": Caller(client, runtime, world, "supervisor"),
    }


def caller_of(callers: dict[str, Caller], path: str) -> Caller:
    return callers["admin" if path.startswith("/api/admin/") else "supervisor"]


def required(query: dict[str, dict[str, Any]]) -> dict[str, str]:
    """The declared examples of the parameters a call must send."""
    return {name: str(p["example"]) for name, p in query.items() if p["required"]}


def test_a_value_past_each_declared_limit_is_422_naming_the_parameter(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    case_id = Cases(runtime, world).report()
    who = callers(client, runtime, world)
    doc = document(client)
    tried = 0
    for method, path in LISTS:
        query = query_of(doc, method, path)
        for name, parameter in query.items():
            wrong = past_the_limit(parameter["schema"])
            sent = {**required(query), name: wrong}
            response = caller_of(who, path).get(path.format(case_id=case_id), **sent)
            problem = is_problem(response, 422)
            assert set(problem["errors"]) == {name}, (path, name, wrong, problem)
            tried += 1
    assert tried >= 30


def test_every_declared_example_is_taken(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    case_id = Cases(runtime, world).report()
    who = callers(client, runtime, world)
    doc = document(client)
    for method, path in LISTS:
        query = query_of(doc, method, path)
        for name, parameter in query.items():
            if "example" in parameter:
                url = path.format(case_id=case_id)
                sent = {**required(query), name: str(parameter["example"]).lower()}
                response = caller_of(who, path).get(url, **sent)
                assert response.status_code == 200, (path, name, response.text[:300])


def test_the_list_filters_as_declared(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    cases = Cases(runtime, world)
    assessed = cases.report(title="Sudah dinilai")
    cases.fire(assessed, "assess")
    reported = cases.report(title="Baru dilaporkan")
    officer = Caller(client, runtime, world, "officer")
    by_state = officer.get("/api/cases", state="assessed").json()["items"]
    assert [c["id"] for c in by_state] == [str(assessed)]
    by_desa = officer.get("/api/cases", desa=str(world.desa_a2)).json()
    assert by_desa["total"] == 0
    found = officer.get("/api/cases", q="dilaporkan").json()["items"]
    assert [c["id"] for c in found] == [str(reported)]
    assert officer.get("/api/cases", overdue="true").json()["total"] == 0


def test_any_declared_valid_filters_are_answered(runtime: Runtime, world: World) -> None:
    """Schemathesis makes filters from the declarations alone; the list must answer them all
    (200), a made-up cursor aside (its own 422), or a character the input boundary refuses
    in the words (400)."""
    Cases(runtime, world).report()
    app = unlimited_app(runtime)
    headers = bearer(issue(runtime, world, "supervisor"))
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    [operation] = list(schema.include(path="/api/cases", method="GET").get_all_operations())
    answered: list[int] = []

    @hypothesis.given(case=operation.ok().as_strategy())
    @hypothesis.settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        answered.append(response.status_code)
        if response.status_code == 422:
            assert set(response.json()["errors"]) <= {"after", "before"}, response.text
        else:
            assert response.status_code in (200, 400), response.text[:300]

    run()
    assert answered.count(200) >= 10
