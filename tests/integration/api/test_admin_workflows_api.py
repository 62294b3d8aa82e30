"""Workflow versions over the API, on both backends, through the admin page's services: an
upload refused with each problem's line, column, path and reason (422, nothing kept), then
corrected; the draft with its changes against version 1; publishing it once (a stale digest
409); a dry run that writes nothing; and a run in the background whose record says it moved
the open cases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import httpx
import pytest
from litestar.testing import TestClient

from mediasi.app import create_app
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.runtime import Runtime
from mediasi.workflow_versions.models import WorkflowVersion
from tests.factories import World
from tests.integration.api.case_parts import is_problem
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Db
from tests.integration.workflow_versions.test_migrating import open_cases
from tests.workflow_texts import sengketa_v2
from tests.writes import Watch

URL = "/api/admin/workflows"


@pytest.fixture
def own(runtime: Runtime, settings: Settings) -> Iterator[Runtime]:
    """A runtime of the test's own: the version it publishes must not join the registry the
    other tests share."""
    mine = Runtime.build(settings)
    try:
        yield mine
    finally:
        mine.close()


@pytest.fixture
def client(own: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(create_app(runtime=own), raise_server_exceptions=False) as test_client:
        yield test_client


def upload(client: TestClient[Any], headers: dict[str, str], text: str) -> httpx.Response:
    files = {"file": ("sengketa-v2.yaml", text.encode(), "application/x-yaml")}
    return client.post(f"{URL}/upload", files=files, headers=headers)


def test_an_admin_uploads_fixes_publishes_tries_and_moves_the_open_cases(
    client: TestClient[Any], own: Runtime, world: World
) -> None:
    open_cases(own, world, 10)  # 9 open (3 of them assessed), 1 withdrawn
    admin = bearer(issue(own, world, "admin"))
    broken = sengketa_v2().replace("dest: telaah", "dest: nowhere", 1)
    line = broken.splitlines().index("    dest: nowhere") + 1

    watch = Watch(own, skip=("web_sessions", "api_tokens"))  # a token records its last use
    refused = is_problem(upload(client, admin, broken), 422)
    assert refused["problems"] == [
        {
            "line": line,
            "column": 5,
            "path": "transitions[0].dest",
            "reason": "unknown state 'nowhere'",
        }
    ]
    assert refused["errors"] == {"file": "Berkas alur kerja ditolak; alasannya ada di bawah."}
    assert watch.written() == []

    accepted = upload(client, admin, sengketa_v2())
    assert accepted.status_code == 201, accepted.text
    draft = accepted.json()
    assert (draft["name"], draft["version"], draft["status"]) == ("sengketa", 2, "draft")
    assert [v["id"] for v in client.get(URL, headers=admin).json()["items"]] == [draft["id"]]
    detail = client.get(f"{URL}/{draft['id']}", headers=admin).json()
    assert (detail["current_version"], detail["source"]) == (1, sengketa_v2())
    changes = {(c["kind"], c["subject"]) for c in detail["changes"]}
    assert {("added", "Tahap telaah"), ("removed", "Tahap assessed")} <= changes
    step = next(c for c in detail["changes"] if c["subject"] == "Langkah assess")
    assert step["aspects"] == [{"name": "Ke tahap", "before": "assessed", "after": "telaah"}]
    assert "+++ sengketa v2" in detail["diff"]

    publish = f"{URL}/{draft['id']}/publish"
    stale = client.post(publish, json={"sha256": "0" * 64}, headers=admin)
    assert "diganti sejak" in is_problem(stale, 409)["detail"]
    published = client.post(publish, json={"sha256": draft["sha256"]}, headers=admin)
    assert published.status_code == 200, published.text
    assert (published.json()["status"], published.json()["published_by_name"]) == (
        "published",
        "admin",
    )
    twice = client.post(publish, json={"sha256": draft["sha256"]}, headers=admin)
    assert is_problem(twice, 409)["detail"] == "Versi ini sudah diterbitkan."

    watch = Watch(own, skip=("web_sessions", "api_tokens"))  # a token records its last use
    plan = client.get(f"{URL}/plan", params={"name": "sengketa", "version": 2}, headers=admin)
    tried = plan.json()
    assert (tried["total"], tried["moving"], tried["refused"]) == (9, 9, 0), plan.text
    assessed = [c for c in tried["items"] if c["before"] == "assessed"]
    assert {c["after"] for c in assessed} == {"telaah"}
    assert len(assessed) == 3
    assert watch.written() == []
    unknown = client.get(f"{URL}/plan", params={"name": "sengketa", "version": 3}, headers=admin)
    assert is_problem(unknown, 404)["detail"] == "Alur sengketa versi 3 tidak dikenal."
    bad_pair = {"name": "sengketa", "version": 2, "pairs": "hilang=reported"}
    assert (
        "pairs"
        in is_problem(client.post(f"{URL}/migrations", json=bad_pair, headers=admin), 422)["errors"]
    )

    started = client.post(
        f"{URL}/migrations", json={"name": "sengketa", "version": 2}, headers=admin
    )
    assert started.status_code == 202, started.text
    run = started.json()
    assert (run["to_version"], run["started_by_name"]) == (2, "admin")
    own.finish_migrations()
    done = client.get(f"{URL}/migrations/{run['id']}", headers=admin).json()
    assert (done["status"], done["moved"], done["refused"], done["failed"]) == (
        "finished",
        9,
        0,
        0,
    )
    assert client.get(f"{URL}/migrations", headers=admin).json()["items"] == [done]
    assert Db(own).count(Case, workflow_version=2) == 9
    missing = client.get(f"{URL}/migrations/{uuid4()}", headers=admin)
    assert is_problem(missing, 404)["detail"] == "Pemindahan tidak ditemukan."
    assert Db(own).count(WorkflowVersion) == 1
