"""The eligibility checklist through the JSON API: a step names its checklist's item keys, and
the answers go as one object; a ruled-out case's refusal names the item and its article."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.test_cases_api import log_in
from tests.integration.web.conftest import app_of


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime)) as test_client:
        yield test_client


def test_the_checklist_is_answered_as_one_object(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    with runtime.sessions.begin() as session:
        case = runtime.case_service(session).report(
            world.actor("officer"),
            world.report(workflow="keadilan_restoratif", category="penipuan"),
        )
    token = log_in(client, "officer")
    detail = client.get(f"/api/cases/{case.id}").json()
    [step] = [s for s in detail["steps"] if s["trigger"] == "check_eligibility"]
    [checklist] = [f for f in step["fields"] if f["type"] == "checklist"]
    assert "kekerasan_seksual" in checklist["items"]

    spec = runtime.workflows.registry.latest("keadilan_restoratif")
    check = spec.transition("check_eligibility", "reported")
    assert check is not None
    items = next(f for f in check.fields if f.name == checklist["name"]).items
    answers = {i.key: "no" if i.disqualifies_when == "yes" else "yes" for i in items}
    body = {
        "version": case.version,
        "fields": {"offence": "Pasal 492 KUHP", checklist["name"]: answers | {"korupsi": "yes"}},
    }
    moved = client.post(
        f"/api/cases/{case.id}/transitions/check_eligibility",
        json=body,
        headers={"x-csrftoken": token},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["state"] == "eligibility_checked"

    detail = client.get(f"/api/cases/{case.id}").json()
    steps = {s["trigger"]: s for s in detail["steps"]}
    assert not steps["clarify"]["available"]
    assert any("Tindak pidana korupsi?" in reason for reason in steps["clarify"]["blocked"])
    available = {t for t, s in steps.items() if s["available"]}
    assert available == {"refer_reskrim", "refer_ppa", "withdraw_consent"}
