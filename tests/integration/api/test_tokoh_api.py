"""A case's tokoh over the API, on both backends: whom the case may invite (its desa's active
registry, less those invited), inviting one (an event on the chain, and the tokoh is told) and
withdrawing the invitation, through the page's service; a tokoh of another desa, a second
invitation, a stale version, a tokoh caller and another officer's desa are refused and write
nothing; a retried write with its Idempotency-Key writes once."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import (
    HOSTILE,
    Caller,
    is_problem,
    version_of,
)
from tests.integration.web.conftest import Cases, Db


@pytest.fixture
def case_id(runtime: Runtime, world: World) -> UUID:
    return Cases(runtime, world).report()


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


def url(case_id: UUID, rest: str = "") -> str:
    return f"/api/cases/{case_id}/tokoh{rest}"


def invited_messages(runtime: Runtime, case_id: UUID) -> list[Message]:
    with runtime.sessions() as session:
        query = select(Message).where(Message.case_id == case_id, Message.kind == "tokoh_invited")
        return list(session.scalars(query))


def test_the_registry_offers_the_desas_tokoh_not_yet_invited(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    registry = officer.get(url(case_id, "/registry")).json()
    assert {t["id"] for t in registry["items"]} == {str(world.tokoh_a1), str(world.tokoh_a1_other)}
    assert registry["total"] == 2
    shown = next(t for t in registry["items"] if t["id"] == str(world.tokoh_a1))
    assert shown == {
        "id": str(world.tokoh_a1),
        "name": "KH. Abdul Rohman",
        "kind": "agama",
        "title": None,
    }
    Cases(runtime, world).invite(case_id)
    after = officer.get(url(case_id, "/registry")).json()["items"]
    assert [t["id"] for t in after] == [str(world.tokoh_a1_other)]


def test_inviting_records_it_tells_the_tokoh_and_withdrawing_undoes_it(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    version = version_of(runtime, case_id)
    body = {"version": version, "tokoh_id": str(world.tokoh_a1_other), "role": "witness"}
    invited = officer.send("POST", url(case_id), body)
    assert invited.status_code == 201, invited.text
    answer = invited.json()
    assert answer["version"] == version + 1 == version_of(runtime, case_id)
    assert answer["tokoh"]["id"] == str(world.tokoh_a1_other)
    assert (answer["tokoh"]["name"], answer["tokoh"]["role"]) == ("Pak Suwarno", "witness")
    assert db.events(case_id)[-1].trigger == "tokoh.invited"
    assert len(invited_messages(runtime, case_id)) == 1
    listed = officer.get(url(case_id)).json()
    assert [(t["id"], t["role"]) for t in listed["items"]] == [
        (str(world.tokoh_a1_other), "witness")
    ]

    removed = officer.send("DELETE", url(case_id, f"/{world.tokoh_a1_other}"), version=version + 1)
    assert removed.status_code == 200, removed.text
    assert removed.json() == {"version": version + 2}
    assert db.tokoh_links(case_id) == []
    assert db.events(case_id)[-1].trigger == "tokoh.removed"
    again = officer.send("DELETE", url(case_id, f"/{world.tokoh_a1_other}"), version=version + 2)
    assert "tidak terlibat" in is_problem(again, 404)["detail"]


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"tokoh_id": "b1"}, "tokoh_id"),
        ({"tokoh_id": "@tokoh_b1"}, "tokoh_id"),
        ({"tokoh_id": "@tokoh_a1"}, "tokoh_id"),  # invited already
        ({"tokoh_id": "@tokoh_a1_other", "role": "ketua"}, "role"),
        ({}, "tokoh_id"),
    ],
    ids=["not-an-id", "other-desa", "twice", "role", "missing"],
)
def test_a_wrong_invitation_is_422_naming_the_field_and_nothing_is_written(
    runtime: Runtime,
    world: World,
    case_id: UUID,
    officer: Caller,
    fields: dict[str, str],
    named: str,
) -> None:
    Cases(runtime, world).invite(case_id)
    db = Db(runtime)
    before = (db.snapshot(case_id), len(invited_messages(runtime, case_id)))
    values = {k: str(getattr(world, v[1:])) if v.startswith("@") else v for k, v in fields.items()}
    body = {"version": version_of(runtime, case_id), **values}
    problem = is_problem(officer.send("POST", url(case_id), body), 422)
    assert named in problem["errors"], problem
    assert (db.snapshot(case_id), len(invited_messages(runtime, case_id))) == before


def test_a_tokoh_sees_who_takes_part_but_neither_the_registry_nor_a_change(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID
) -> None:
    Cases(runtime, world).invite(case_id)
    db = Db(runtime)
    before = db.snapshot(case_id)
    tokoh = Caller(client, runtime, world, "tokoh")
    listed = tokoh.get(url(case_id)).json()["items"]
    assert [t["name"] for t in listed] == ["KH. Abdul Rohman"]
    assert "tidak berwenang" in is_problem(tokoh.get(url(case_id, "/registry")), 403)["detail"]
    version = version_of(runtime, case_id)
    body = {"version": version, "tokoh_id": str(world.tokoh_a1_other)}
    assert is_problem(tokoh.send("POST", url(case_id), body), 403)
    gone = tokoh.send("DELETE", url(case_id, f"/{world.tokoh_a1}"), version=version)
    assert is_problem(gone, 403)
    outsider = Caller(client, runtime, world, "officer_b")
    for response in (
        outsider.get(url(case_id)),
        outsider.get(url(case_id, "/registry")),
        outsider.send("POST", url(case_id), body),
    ):
        assert is_problem(response, 404)["detail"] == "Perkara tidak ditemukan."
    assert db.snapshot(case_id) == before


def test_a_stale_version_is_409_and_nothing_is_written(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    Cases(runtime, world).invite(case_id)
    db = Db(runtime)
    before = db.snapshot(case_id)
    stale = version_of(runtime, case_id) - 1
    body = {"version": stale, "tokoh_id": str(world.tokoh_a1_other)}
    assert is_problem(officer.send("POST", url(case_id), body), 409)
    removed = officer.send("DELETE", url(case_id, f"/{world.tokoh_a1}"), version=stale)
    assert is_problem(removed, 409)
    assert db.snapshot(case_id) == before


def test_each_write_retried_with_its_key_writes_once(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    db = Db(runtime)
    version = version_of(runtime, case_id)
    body = {"version": version, "tokoh_id": str(world.tokoh_a1)}
    invited = [officer.send("POST", url(case_id), body, key="undang-1") for _ in "12"]
    assert [r.status_code for r in invited] == [201, 201]
    assert invited[1].headers["idempotent-replayed"] == "true"
    assert invited[1].json() == invited[0].json()
    assert len(db.tokoh_links(case_id)) == 1
    assert len(invited_messages(runtime, case_id)) == 1
    target = url(case_id, f"/{world.tokoh_a1}")
    removed = [officer.send("DELETE", target, key="batal-1", version=version + 1) for _ in "12"]
    assert [r.status_code for r in removed] == [200, 200]
    assert removed[1].headers["idempotent-replayed"] == "true"
    assert version_of(runtime, case_id) == version + 2


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_write_nothing(
    runtime: Runtime, case_id: UUID, officer: Caller, name: str, content: bytes, kind: str
) -> None:
    db = Db(runtime)
    before = db.snapshot(case_id)
    response = officer.raw("POST", url(case_id), content, kind)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert db.snapshot(case_id) == before
