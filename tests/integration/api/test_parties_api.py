"""A case's parties over the API, on both backends: listed as the case detail shows them (NIK
and phone masked, hidden from a tokoh), added, changed field by field and removed through the
page's services, each change one event on the case's chain; a stale version, a wrong field,
another person's scope and hostile bodies are refused and write nothing; a retried write
with its Idempotency-Key writes once."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from mediasi.audit.services import verify_all
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import (
    HOSTILE,
    Caller,
    is_problem,
    version_of,
)
from tests.integration.web.conftest import Cases, Db, Web

NIK = "3507010101010001"  # the complainant's, from World.report
PHONE_E164 = "+6281234567890"  # the respondent's, as stored


@pytest.fixture
def case_id(runtime: Runtime, world: World) -> UUID:
    return Cases(runtime, world).report()


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


def url(case_id: UUID, party_id: UUID | str | None = None) -> str:
    return f"/api/cases/{case_id}/parties" + (f"/{party_id}" if party_id else "")


def party_id_of(db: Db, case_id: UUID, role: str) -> UUID:
    return next(p.id for p in db.parties(case_id) if p.role == role)


def test_the_list_masks_nik_and_phone_and_a_tokoh_sees_names_only(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    body = officer.get(url(case_id)).json()
    assert (body["total"], body["page"], body["pages"], body["prev"], body["next"]) == (
        2,
        1,
        1,
        None,
        None,
    )
    by_role = {p["role"]: p for p in body["items"]}
    assert by_role["complainant"]["nik"] == "3507********0001"
    assert by_role["respondent"]["phone"] == "0812****7890"
    assert NIK not in officer.get(url(case_id)).text
    Cases(runtime, world).invite(case_id)
    tokoh = Caller(client, runtime, world, "tokoh")
    seen = tokoh.get(url(case_id)).json()["items"]
    assert {p["name"] for p in seen} == {"Darto Santoso", "Slamet Wibowo"}
    assert all(p["nik"] is None and p["phone"] is None and p["address"] is None for p in seen)


def test_a_page_past_the_end_is_the_last_and_a_wrong_page_is_422_naming_it(
    officer: Caller, case_id: UUID
) -> None:
    """As on the case list: a stale link still shows something."""
    first = officer.get(url(case_id)).json()
    past = officer.get(url(case_id), page=3).json()
    assert (past["page"], past["pages"], past["total"]) == (1, 1, 2)
    assert past["items"] == first["items"]
    assert (past["prev"], past["next"]) == (None, None)
    for wrong in ("0", "x", "10001", "1" * 5000):
        assert "page" in is_problem(officer.get(url(case_id), page=wrong), 422)["errors"]
    assert "sort" in is_problem(officer.get(url(case_id), sort="name"), 422)["errors"]


def test_adding_a_party_records_it_on_the_chain_and_answers_the_new_version(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    version = version_of(runtime, case_id)
    body = {
        "version": version,
        "role": "witness",
        "name": "Pak Harjo",
        "nik": "3507010101010003",
        "phone": "0812-3456-7891",
        "address": "RT 02",
    }
    added = officer.send("POST", url(case_id), body)
    assert added.status_code == 201, added.text
    answer = added.json()
    assert answer["version"] == version + 1 == version_of(runtime, case_id)
    assert answer["party"]["nik"] == "3507********0003"
    assert answer["party"]["phone"] == "0812****7891"
    stored = next(p for p in db.parties(case_id) if p.name == "Pak Harjo")
    assert (stored.nik, stored.phone, str(stored.id)) == (
        "3507010101010003",
        "+6281234567891",
        answer["party"]["id"],
    )
    event = db.events(case_id)[-1]
    assert event.trigger == "party.added"
    assert event.payload["party"]["name"] == "Pak Harjo"
    with runtime.sessions() as session:
        assert all(r.ok for r in verify_all(session, runtime.workflows.registry))


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"role": "witness", "name": "Pak Harjo", "nik": "35070101"}, "nik"),
        ({"role": "witness", "name": "Pak Harjo", "phone": "bukan nomor"}, "phone"),
        ({"role": "hakim", "name": "Pak Harjo"}, "role"),
        ({"role": "witness"}, "name"),
        ({"role": "witness", "name": "x" * 121}, "name"),
        ({"role": "witness", "name": "Pak Harjo", "agama": "islam"}, "agama"),
        ({"role": "witness", "name": "Pak Harjo", "version": "tiga"}, "version"),
        ({"role": "witness", "name": "Pak Harjo", "version": 2**63}, "version"),
    ],
    ids=["nik", "phone", "role", "no-name", "long-name", "unknown", "version-text", "version-big"],
)
def test_a_wrong_field_is_422_naming_it_and_nothing_is_written(
    runtime: Runtime, case_id: UUID, officer: Caller, fields: dict[str, Any], named: str
) -> None:
    db = Db(runtime)
    before = db.snapshot(case_id)
    body = {"version": version_of(runtime, case_id), **fields}
    problem = is_problem(officer.send("POST", url(case_id), body), 422)
    assert named in problem["errors"], problem
    assert db.snapshot(case_id) == before


def test_a_stale_version_is_409_and_nothing_is_written(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    before = db.snapshot(case_id)
    stale = version_of(runtime, case_id) - 1
    party = party_id_of(db, case_id, "respondent")
    refusals = [
        officer.send("POST", url(case_id), {"version": stale, "role": "witness", "name": "Pak"}),
        officer.send("PATCH", url(case_id, party), {"version": stale, "name": "Slamet W."}),
        officer.send("DELETE", url(case_id, party), version=stale),
    ]
    for response in refusals:
        assert "diubah orang lain" in is_problem(response, 409)["detail"]
    assert db.snapshot(case_id) == before


def test_patch_changes_only_the_fields_sent_and_keeps_the_nik_it_never_showed(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    complainant = party_id_of(db, case_id, "complainant")
    version = version_of(runtime, case_id)
    changed = officer.send(
        "PATCH", url(case_id, complainant), {"version": version, "phone": "0813-2222-3333"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == version + 1
    assert changed.json()["party"]["nik"] == "3507********0001"
    stored = next(p for p in db.parties(case_id) if p.id == complainant)
    assert (stored.name, stored.nik, stored.phone) == ("Darto Santoso", NIK, "+6281322223333")
    event = db.events(case_id)[-1]
    assert event.trigger == "party.updated"
    assert event.payload["party"]["nik"] == NIK  # the chain keeps the whole party as it is

    cleared = officer.send(
        "PATCH", url(case_id, complainant), {"version": version + 1, "nik": None}
    )
    assert cleared.json()["party"]["nik"] is None
    assert next(p for p in db.parties(case_id) if p.id == complainant).nik is None


@pytest.mark.parametrize(
    ("fields", "named"),
    [({"name": None}, "name"), ({"role": None}, "role"), ({"nik": "1234"}, "nik")],
    ids=["null-name", "null-role", "short-nik"],
)
def test_patch_refuses_what_would_leave_the_party_wrong(
    runtime: Runtime, case_id: UUID, officer: Caller, fields: dict[str, Any], named: str
) -> None:
    db = Db(runtime)
    before = db.snapshot(case_id)
    party = party_id_of(db, case_id, "respondent")
    body = {"version": version_of(runtime, case_id), **fields}
    assert named in is_problem(officer.send("PATCH", url(case_id, party), body), 422)["errors"]
    assert db.snapshot(case_id) == before


def test_removing_a_party_is_an_event_and_the_version_goes_in_the_query(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    party = party_id_of(db, case_id, "respondent")
    version = version_of(runtime, case_id)
    assert "version" in is_problem(officer.send("DELETE", url(case_id, party)), 422)["errors"]
    wrong = officer.send("DELETE", url(case_id, party), version="satu")
    assert "version" in is_problem(wrong, 422)["errors"]
    removed = officer.send("DELETE", url(case_id, party), version=version)
    assert removed.status_code == 200, removed.text
    assert removed.json() == {"version": version + 1}
    assert party not in {p.id for p in db.parties(case_id)}
    assert db.events(case_id)[-1].trigger == "party.removed"
    again = officer.send("DELETE", url(case_id, party), version=version + 1)
    assert "tidak ditemukan" in is_problem(again, 404)["detail"]


def test_a_tokoh_reads_but_may_not_change_and_another_desa_is_not_found(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID
) -> None:
    Cases(runtime, world).invite(case_id)
    db = Db(runtime)
    before = db.snapshot(case_id)
    version = version_of(runtime, case_id)
    party = party_id_of(db, case_id, "respondent")
    tokoh = Caller(client, runtime, world, "tokoh")
    add = tokoh.send("POST", url(case_id), {"version": version, "role": "witness", "name": "Pak"})
    assert "tidak berwenang" in is_problem(add, 403)["detail"]
    assert is_problem(tokoh.send("DELETE", url(case_id, party), version=version), 403)
    outsider = Caller(client, runtime, world, "officer_b")
    assert is_problem(outsider.get(url(case_id)), 404)["detail"] == "Perkara tidak ditemukan."
    change = outsider.send("PATCH", url(case_id, party), {"version": version, "name": "X Y"})
    assert is_problem(change, 404)
    assert db.snapshot(case_id) == before


def test_a_party_of_another_case_is_not_found_under_this_one(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    other = Cases(runtime, world).report(title="Perkara lain di desa yang sama")
    foreign = party_id_of(db, other, "respondent")
    before = (db.snapshot(case_id), db.snapshot(other))
    version = version_of(runtime, case_id)
    patch = officer.send("PATCH", url(case_id, foreign), {"version": version, "name": "Nama"})
    assert "tidak ditemukan" in is_problem(patch, 404)["detail"]
    assert is_problem(officer.send("DELETE", url(case_id, foreign), version=version), 404)
    assert (db.snapshot(case_id), db.snapshot(other)) == before


def test_each_write_retried_with_its_key_answers_the_first_answer_and_writes_once(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    version = version_of(runtime, case_id)
    body = {"version": version, "role": "witness", "name": "Pak Harjo"}
    first = officer.send("POST", url(case_id), body, key="pihak-1")
    again = officer.send("POST", url(case_id), body, key="pihak-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert [p.name for p in db.parties(case_id)].count("Pak Harjo") == 1
    party = first.json()["party"]["id"]

    change = {"version": version + 1, "name": "Pak Harjo Utomo"}
    patched = [officer.send("PATCH", url(case_id, party), change, key="ubah-1") for _ in "12"]
    assert [r.status_code for r in patched] == [200, 200]
    assert patched[1].headers["idempotent-replayed"] == "true"
    removed = [
        officer.send("DELETE", url(case_id, party), key="hapus-1", version=version + 2)
        for _ in "12"
    ]
    assert [r.status_code for r in removed] == [200, 200]
    assert removed[1].json() == {"version": version + 3}
    triggers = [e.trigger for e in db.events(case_id)[-3:]]
    assert triggers == ["party.added", "party.updated", "party.removed"]
    assert version_of(runtime, case_id) == version + 3


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_write_nothing(
    runtime: Runtime, case_id: UUID, officer: Caller, name: str, content: bytes, kind: str
) -> None:
    db = Db(runtime)
    before = db.snapshot(case_id)
    party = party_id_of(db, case_id, "respondent")
    for method, target in (("POST", url(case_id)), ("PATCH", url(case_id, party))):
        response = officer.raw(method, target, content, kind)
        assert 400 <= response.status_code < 500, (method, response.text[:300])
        assert response.headers["content-type"].startswith("application/problem+json")
    assert db.snapshot(case_id) == before


def test_the_browser_session_calls_it_too_with_its_csrf_header(
    client: TestClient[Any], runtime: Runtime, case_id: UUID
) -> None:
    web = Web(client).login_as("officer")
    body = {"version": version_of(runtime, case_id), "role": "witness", "name": "Pak Harjo"}
    refused = client.post(url(case_id), json=body)
    assert refused.status_code == 403
    added = client.post(url(case_id), json=body, headers={"x-csrftoken": web.csrf})
    assert added.status_code == 201, added.text
