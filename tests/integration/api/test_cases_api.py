"""The JSON API: same scope and rules as the pages, problem-details errors, on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from mediasi.cases.event_model import Event
from mediasi.runtime import Runtime
from tests.factories import PASSWORD, World
from tests.integration.web.conftest import app_of

PROBLEM = "application/problem+json"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime)) as test_client:
        yield test_client


def log_in(client: TestClient[Any], username: str) -> str:
    client.get("/login")
    token = client.cookies["mediasi_csrf"]
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return token


def report(runtime: Runtime, world: World, desa: Any = None) -> Any:
    with runtime.sessions.begin() as session:
        return runtime.case_service(session).report(
            world.actor("officer" if desa is None else "officer_b"), world.report(desa)
        )


def event_count(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return session.query(Event).count()


def test_without_login_the_api_answers_401_problem(client: TestClient[Any]) -> None:
    response = client.get("/api/cases")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "Log in" in response.json()["detail"]


def test_list_is_scoped_and_masks_nothing_it_does_not_show(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    mine = report(runtime, world)
    report(runtime, world, desa=world.desa_b1)
    log_in(client, "officer")
    body = client.get("/api/cases").json()
    assert [item["reference"] for item in body["items"]] == [mine.reference]
    assert body["total"] == 1


def test_detail_masks_nik_and_phone_for_officers_and_hides_them_from_tokoh(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    case = report(runtime, world)
    log_in(client, "officer")
    parties = client.get(f"/api/cases/{case.id}").json()["parties"]
    complainant = next(p for p in parties if p["role"] == "complainant")
    assert complainant["nik"] == "3507********0001"
    assert "3507010101010001" not in client.get(f"/api/cases/{case.id}").text


def test_out_of_scope_case_is_404_problem(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    other = report(runtime, world, desa=world.desa_b1)
    log_in(client, "officer")
    response = client.get(f"/api/cases/{other.id}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["detail"] == "Perkara tidak ditemukan."


def test_fire_moves_the_case_and_a_stale_version_is_409_with_nothing_written(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    case = report(runtime, world)
    token = log_in(client, "officer")
    body = {"version": case.version, "fields": {"assessment": "Layak", "risk_level": "sedang"}}
    url = f"/api/cases/{case.id}/transitions/assess"
    moved = client.post(url, json=body, headers={"x-csrftoken": token})
    assert moved.status_code == 200
    assert moved.json()["state"] == "assessed"
    assert moved.json()["risk_level"] == "sedang"
    before = event_count(runtime)
    stale = client.post(url, json=body, headers={"x-csrftoken": token})
    assert stale.status_code == 409
    assert "diubah orang lain" in stale.json()["detail"]
    assert event_count(runtime) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": 3, "fields": {"assessment": "x"}}, "risk_level"),
        ({"version": 3, "fields": {"assessment": "x", "risk_level": "ekstrem"}}, "risk_level"),
        (
            {"version": 3, "fields": {"assessment": "x" * 5000, "risk_level": "rendah"}},
            "assessment",
        ),
        ({"version": 3, "fields": {"assessment": "x", "risk_level": "rendah", "evil": 1}}, "evil"),
        ({"versio": 3}, "versio"),
        ({"version": "tiga", "fields": {}}, "version"),
    ],
    ids=["missing", "bad-choice", "oversize", "unknown-field", "unknown-key", "wrong-type"],
)
def test_wrong_input_is_422_naming_the_field(
    client: TestClient[Any], runtime: Runtime, world: World, body: dict[str, Any], field: str
) -> None:
    case = report(runtime, world)
    token = log_in(client, "officer")
    before = event_count(runtime)
    response = client.post(
        f"/api/cases/{case.id}/transitions/assess", json=body, headers={"x-csrftoken": token}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert field in response.json()["errors"]
    assert event_count(runtime) == before


def test_malformed_json_is_400_problem(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    case = report(runtime, world)
    token = log_in(client, "officer")
    response = client.post(
        f"/api/cases/{case.id}/transitions/assess",
        content=b"{not json",
        headers={"x-csrftoken": token, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(PROBLEM)


def test_a_tokoh_may_not_fire_an_officers_step(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    case = report(runtime, world)
    from mediasi.cases.schemas import TokohInvite

    with runtime.sessions.begin() as session:
        runtime.case_service(session).invite_tokoh(
            case.id, world.actor("officer"), TokohInvite(tokoh_id=world.tokoh_a1), case.version
        )
    token = log_in(client, "tokoh")
    detail = client.get(f"/api/cases/{case.id}").json()
    assert detail["steps"] == []
    assert all(p["nik"] is None and p["phone"] is None for p in detail["parties"])
    response = client.post(
        f"/api/cases/{case.id}/transitions/assess",
        json={"version": case.version + 1, "fields": {"assessment": "x", "risk_level": "rendah"}},
        headers={"x-csrftoken": token},
    )
    assert response.status_code == 403
    assert client.get(f"/api/cases/{case.id}/events").status_code == 403


def test_report_through_the_api(client: TestClient[Any], runtime: Runtime, world: World) -> None:
    token = log_in(client, "officer")
    body = {
        "workflow": "pengaduan",
        "category": "ketertiban",
        "title": "Balap liar tiap malam Minggu",
        "desa_id": str(world.desa_a2),
        "reporter_name": "Bu Tutik",
        "parties": [{"role": "complainant", "name": "Bu Tutik"}],
    }
    response = client.post("/api/cases", json=body, headers={"x-csrftoken": token})
    assert response.status_code == 201
    assert response.json()["reference"].startswith("ADU/KEPANJEN/")
    outside = {**body, "desa_id": str(world.desa_b1)}
    refused = client.post("/api/cases", json=outside, headers={"x-csrftoken": token})
    assert refused.status_code == 422
    assert "desa_id" in refused.json()["errors"]


def test_openapi_documents_the_api_only(client: TestClient[Any]) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    assert "/api/cases" in paths
    assert "/api/cases/{case_id}/transitions/{trigger}" in paths
    assert not any(p.startswith("/cases") for p in paths)
