"""Correcting a case's own fields over the API (``PATCH /api/cases/{case_id}``), on both
backends: through the case page's service, answered as ``GET /api/cases/{case_id}`` answers,
one ``case.edited`` event; a stale version, a wrong field, a tokoh, another desa, a token
that may only read and hostile bodies are refused and write nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import (
    HOSTILE,
    Caller,
    is_problem,
    version_of,
)
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Cases, Db

TITLE = "Sengketa batas sawah"  # World.report's
NEW_TITLE = "Sengketa patok sawah Dusun Krajan"


@pytest.fixture
def case_id(runtime: Runtime, world: World) -> UUID:
    return Cases(runtime, world).report()


def url(case_id: UUID) -> str:
    return f"/api/cases/{case_id}"


def test_a_patch_changes_the_fields_sent_and_answers_the_case_as_get_does(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID
) -> None:
    db = Db(runtime)
    officer = Caller(client, runtime, world, "officer")
    version = version_of(runtime, case_id)
    description = db.case(case_id).description
    body = {"version": version, "title": NEW_TITLE, "category": "utang_piutang"}
    changed = officer.send("PATCH", url(case_id), body)
    assert changed.status_code == 200, changed.text
    answer = changed.json()
    assert answer == officer.get(url(case_id)).json()
    assert (answer["case"]["title"], answer["case"]["category"]) == (NEW_TITLE, "utang_piutang")
    assert answer["case"]["description"] == description  # left out: kept
    assert answer["case"]["version"] == version + 1
    assert {p["name"] for p in answer["parties"]} == {"Darto Santoso", "Slamet Wibowo"}
    assert [s["trigger"] for s in answer["steps"]]
    event = db.events(case_id)[-1]
    assert event.trigger == "case.edited"
    assert event.payload == {
        "changes": {"title": [TITLE, NEW_TITLE], "category": ["batas_tanah", "utang_piutang"]}
    }

    supervisor = Caller(client, runtime, world, "supervisor")
    cleared = supervisor.send("PATCH", url(case_id), {"version": version + 1, "description": ""})
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["case"]["description"], cleared.json()["case"]["title"]) == (
        "",
        NEW_TITLE,
    )
    nothing = supervisor.send("PATCH", url(case_id), {"version": version + 2})
    assert nothing.json()["case"]["version"] == version + 2  # no change, no event
    assert [e.trigger for e in db.events(case_id)].count("case.edited") == 2


WRONG = [
    ({"category": "pencurian"}, "category", "Kategori tidak dikenal."),
    ({"category": "ketertiban"}, "category", "Kategori tidak dikenal."),  # a complaint's
    ({"title": None}, "title", "Harus berupa teks."),
    ({"title": "Abc"}, "title", "Terlalu pendek."),
    ({"title": "Judul\nbaris kedua"}, "title", "Tidak boleh lebih dari satu baris."),
    ({"description": 12}, "description", "Harus berupa teks."),
    ({"state": "closed"}, "state", "Isian ini tidak dikenal."),
    ({"version": "tiga"}, "version", None),
    ({"version": None}, "version", None),
]


def test_refusals_write_nothing(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID
) -> None:
    db = Db(runtime)
    Cases(runtime, world).invite(case_id)
    before = db.snapshot(case_id)
    version = version_of(runtime, case_id)
    officer = Caller(client, runtime, world, "officer")
    for fields, named, message in WRONG:
        problem = is_problem(
            officer.send("PATCH", url(case_id), {"version": version, **fields}), 422
        )
        assert named in problem["errors"], (fields, problem)
        assert message is None or problem["errors"][named] == message, (fields, problem)
    english = client.patch(
        url(case_id),
        json={"version": version, "category": "pencurian"},
        headers={**officer.headers, "cookie": "lang=en"},
    )
    assert is_problem(english, 422)["errors"]["category"] == "Unknown category."
    stale = officer.send("PATCH", url(case_id), {"version": version - 1, "title": NEW_TITLE})
    assert "diubah orang lain" in is_problem(stale, 409)["detail"]

    body = {"version": version, "title": NEW_TITLE}
    tokoh = Caller(client, runtime, world, "tokoh")
    assert "tidak berwenang" in is_problem(tokoh.send("PATCH", url(case_id), body), 403)["detail"]
    outsider = Caller(client, runtime, world, "officer_b")
    assert is_problem(outsider.send("PATCH", url(case_id), body), 404)["detail"] == (
        "Perkara tidak ditemukan."
    )
    reader = bearer(issue(runtime, world, "officer", ("cases:read",)))
    assert (
        "cases:write"
        in is_problem(client.patch(url(case_id), json=body, headers=reader), 403)["detail"]
    )
    for name, content, kind in HOSTILE:
        response = officer.raw("PATCH", url(case_id), content, kind)
        assert 400 <= response.status_code < 500, (name, response.text[:300])
        assert response.headers["content-type"].startswith("application/problem+json"), name
    assert db.snapshot(case_id) == before
