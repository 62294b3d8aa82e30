"""The handover over the API, on both backends, through the page's service: the desa in reach
with their holder, the officers a desa may go to, the handovers made (paged, latest first),
and handing a desa over with its open cases; a desa or officer out of reach 422 naming the
field, a holder changed meanwhile 409, an officer or tokoh 403, a token without the
``handover`` scope 403, each writing nothing; a retry with its Idempotency-Key hands over
once."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.accounts.models import OfficerDesa, User
from mediasi.cases.models import Case
from mediasi.handover.models import Handover
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import HOSTILE, Caller, is_problem
from tests.integration.api.tokens import bearer, issue
from tests.integration.handover.conftest import add_officer
from tests.integration.web.conftest import Cases, Db

URL = "/api/handovers"


@pytest.fixture
def successor(runtime: Runtime, world: World) -> UUID:
    return add_officer(runtime, world)


@pytest.fixture
def supervisor(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "supervisor")


def body(world: World, successor: UUID, **changes: Any) -> dict[str, Any]:
    return {
        "desa_id": str(world.desa_a1),
        "to_officer_id": str(successor),
        "from_officer_id": str(world.actor("officer").id),
        "reason": "Sprint mutasi 12/XII/2026",
        **changes,
    }


def made(runtime: Runtime) -> int:
    return Db(runtime).count(Handover)


def holder(runtime: Runtime, desa: UUID) -> set[UUID]:
    with runtime.sessions() as session:
        return set(session.scalars(select(OfficerDesa.user_id).where(OfficerDesa.desa_id == desa)))


def test_a_desa_is_seen_handed_over_and_listed(
    runtime: Runtime, world: World, successor: UUID, supervisor: Caller
) -> None:
    case_id = Cases(runtime, world).report()
    desa = {d["id"]: d for d in supervisor.get(f"{URL}/desa").json()["items"]}
    assert desa[str(world.desa_a1)]["officer_id"] == str(world.actor("officer").id)
    assert str(world.desa_b1) not in desa  # Polsek B is not the supervisor's
    officers = {o["id"] for o in supervisor.get(f"{URL}/officers").json()["items"]}
    assert str(successor) in officers
    assert str(world.actor("officer_b").id) not in officers

    done = supervisor.send("POST", URL, body(world, successor))
    assert done.status_code == 201, done.text
    answer = done.json()
    assert (answer["desa_id"], answer["to_officer_id"]) == (str(world.desa_a1), str(successor))
    assert answer["cases_moved"] == 1
    assert holder(runtime, world.desa_a1) == {successor}
    with runtime.sessions() as session:
        assert session.get(Case, case_id).assigned_officer_id == successor  # type: ignore[union-attr]
    listed = supervisor.get(URL).json()
    assert listed["total"] == 1
    [row] = listed["items"]
    assert (row["id"], row["to_name"], row["by_name"]) == (
        answer["id"],
        "Bripka Pengganti",
        world_name(runtime, world, "supervisor"),
    )
    again = supervisor.get(f"{URL}/desa").json()["items"]
    assert next(d for d in again if d["id"] == str(world.desa_a1))["officer_id"] == str(successor)


def world_name(runtime: Runtime, world: World, who: str) -> str:
    with runtime.sessions() as session:
        user = session.get(User, world.actor(who).id)
        assert user is not None
        return user.full_name


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"desa_id": "@b1"}, "desa_id"),
        ({"to_officer_id": "@officer_b"}, "to_officer_id"),
        ({"to_officer_id": "@officer"}, "to_officer_id"),
        ({"reason": "x"}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"desa_id": "bukan-uuid"}, "desa_id"),
        ({"tambahan": 1}, "tambahan"),
    ],
    ids=["other-desa", "other-polsek", "holder", "short", "long", "not-uuid", "unknown"],
)
def test_a_wrong_field_is_422_naming_it_and_nothing_moves(
    runtime: Runtime,
    world: World,
    successor: UUID,
    supervisor: Caller,
    changes: dict[str, Any],
    named: str,
) -> None:
    who = {"@b1": str(world.desa_b1)} | {
        f"@{u}": str(world.actor(u).id) for u in ("officer", "officer_b")
    }
    sent = body(world, successor, **{k: who.get(v, v) for k, v in changes.items()})
    problem = is_problem(supervisor.send("POST", URL, sent), 422)
    assert named in problem["errors"], problem
    assert made(runtime) == 0
    assert holder(runtime, world.desa_a1) == {world.actor("officer").id}


def test_a_holder_changed_meanwhile_is_409_and_nothing_moves_twice(
    client: TestClient[Any], runtime: Runtime, world: World, successor: UUID, supervisor: Caller
) -> None:
    assert supervisor.send("POST", URL, body(world, successor)).status_code == 201
    other = add_officer(runtime, world, "pengganti_dua")
    polres = Caller(client, runtime, world, "polres_supervisor")
    late = polres.send("POST", URL, body(world, other))  # still names the old holder
    assert "baru saja berubah" in is_problem(late, 409)["detail"]
    assert made(runtime) == 1
    assert holder(runtime, world.desa_a1) == {successor}


def test_an_officer_a_tokoh_and_a_token_without_the_scope_are_refused(
    client: TestClient[Any], runtime: Runtime, world: World, successor: UUID
) -> None:
    for who in ("officer", "tokoh"):
        caller = Caller(client, runtime, world, who)
        assert "pengawas dan admin" in is_problem(caller.get(URL), 403)["detail"]
        assert is_problem(caller.get(f"{URL}/desa"), 403)
        assert is_problem(caller.send("POST", URL, body(world, successor)), 403)
    narrow = bearer(issue(runtime, world, "supervisor", ("cases:write", "handover:read")))
    assert client.get(f"{URL}/desa", headers=narrow).status_code == 200
    refused = client.post(URL, json=body(world, successor), headers=narrow)
    assert "handover:write" in is_problem(refused, 403)["detail"]
    none = bearer(issue(runtime, world, "supervisor", ("cases:write",)))
    assert "handover:read" in is_problem(client.get(URL, headers=none), 403)["detail"]
    assert made(runtime) == 0


def test_the_admin_hands_over_anywhere_and_lists_are_paged(
    client: TestClient[Any], runtime: Runtime, world: World, successor: UUID
) -> None:
    admin = Caller(client, runtime, world, "admin")
    desa = admin.get(f"{URL}/desa").json()
    assert {str(world.desa_a1), str(world.desa_b1)} <= {d["id"] for d in desa["items"]}
    assert admin.send("POST", URL, body(world, successor)).status_code == 201
    assert admin.get(URL).json()["total"] == 1
    past = admin.get(URL, page="99").json()
    assert (past["page"], len(past["items"])) == (1, 1)
    assert "page" in is_problem(admin.get(f"{URL}/officers", page="0"), 422)["errors"]


def test_a_retried_handover_with_its_key_happens_once(
    runtime: Runtime, world: World, successor: UUID, supervisor: Caller
) -> None:
    sent = [supervisor.send("POST", URL, body(world, successor), key="ho-1") for _ in "12"]
    assert [r.status_code for r in sent] == [201, 201]
    assert sent[1].headers["idempotent-replayed"] == "true"
    assert sent[1].json() == sent[0].json()
    assert made(runtime) == 1


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_move_nothing(
    runtime: Runtime, supervisor: Caller, name: str, content: bytes, kind: str
) -> None:
    response = supervisor.raw("POST", URL, content, kind)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert made(runtime) == 0
