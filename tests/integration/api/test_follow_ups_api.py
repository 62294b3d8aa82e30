"""A case's follow-ups over the API, on both backends: setting one (on the caller's own list,
today to a year on), listing them by status, closing one done or removed (once), through the
page's follow-up service; a day past, a wrong hour, a tokoh, another desa and a follow-up of
another case are refused and write nothing; a retried add with its Idempotency-Key adds one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from mediasi.db.base import utcnow
from mediasi.followups.models import FollowUp
from mediasi.followups.schemas import FollowUpForm
from mediasi.followups.services import FollowUpService
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
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
    return f"/api/cases/{case_id}/follow-ups{rest}"


def day(offset: int) -> str:
    return (utcnow().astimezone(LOCAL_TZ).date() + timedelta(days=offset)).isoformat()


def rows(runtime: Runtime) -> int:
    return Db(runtime).count(FollowUp)


def test_a_follow_up_is_set_listed_and_closed_once(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    version = version_of(runtime, case_id)
    body = {"due_on": day(2), "due_time": "09:30", "note": "Telepon teradu soal patok"}
    added = officer.send("POST", url(case_id), body)
    assert added.status_code == 201, added.text
    made = added.json()
    assert (made["due_on"], made["due_time"], made["status"]) == (day(2), "09:30:00", "open")
    officer_id = str(world.actor("officer").id)
    assert made["owner_id"] == made["set_by_id"] == officer_id
    assert version_of(runtime, case_id) == version  # no step of the case: the version stays
    later = officer.send("POST", url(case_id), {"due_on": day(1), "note": "Datangi rumah"})
    listed = officer.get(url(case_id)).json()
    assert [f["id"] for f in listed["items"]] == [later.json()["id"], made["id"]]  # by day
    assert listed["total"] == 2

    closed = officer.send("POST", url(case_id, f"/{made['id']}/close"), {"outcome": "done"})
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["closed_by_id"]) == ("done", officer_id)
    assert [f["id"] for f in officer.get(url(case_id), status="done").json()["items"]] == [
        made["id"]
    ]
    assert [f["id"] for f in officer.get(url(case_id)).json()["items"]] == [later.json()["id"]]
    again = officer.send("POST", url(case_id, f"/{made['id']}/close"), {"outcome": "removed"})
    assert "sudah ditutup" in is_problem(again, 409)["detail"]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"due_on": "@-1", "note": "Telepon teradu"}, "due_on"),
        ({"due_on": "@400", "note": "Telepon teradu"}, "due_on"),
        ({"due_on": "31-12-2026", "note": "Telepon teradu"}, "due_on"),
        ({"due_on": 20261231, "note": "Telepon teradu"}, "due_on"),
        ({"due_on": "@1", "due_time": "25:00", "note": "Telepon teradu"}, "due_time"),
        ({"due_on": "@1", "note": "ok"}, "note"),
        ({"due_on": "@1", "note": "x" * 201}, "note"),
        ({"due_on": "@1", "note": "Telepon", "version": 3}, "version"),
    ],
    ids=["past", "too-far", "format", "number", "hour", "short", "long", "unknown"],
)
def test_a_wrong_field_is_422_naming_it_and_nothing_is_written(
    runtime: Runtime, case_id: UUID, officer: Caller, body: dict[str, Any], named: str
) -> None:
    sent = {
        k: day(int(v[1:])) if isinstance(v, str) and v.startswith("@") else v
        for k, v in body.items()
    }
    problem = is_problem(officer.send("POST", url(case_id), sent), 422)
    assert named in problem["errors"], problem
    assert rows(runtime) == 0


def test_a_tokoh_and_another_desa_neither_see_nor_set_follow_ups(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    made = officer.send("POST", url(case_id), {"due_on": day(1), "note": "Telepon teradu"})
    Cases(runtime, world).invite(case_id)
    tokoh = Caller(client, runtime, world, "tokoh")
    assert "hanya untuk petugas" in is_problem(tokoh.get(url(case_id)), 403)["detail"]
    body = {"due_on": day(1), "note": "Telepon teradu"}
    assert is_problem(tokoh.send("POST", url(case_id), body), 403)
    close = url(case_id, f"/{made.json()['id']}/close")
    assert is_problem(tokoh.send("POST", close, {"outcome": "done"}), 403)
    outsider = Caller(client, runtime, world, "officer_b")
    assert is_problem(outsider.get(url(case_id)), 404)["detail"] == "Perkara tidak ditemukan."
    assert is_problem(outsider.send("POST", url(case_id), body), 404)
    assert is_problem(outsider.send("POST", close, {"outcome": "done"}), 404)
    assert rows(runtime) == 1
    assert officer.get(url(case_id)).json()["items"][0]["status"] == "open"


def test_a_follow_up_of_another_case_is_not_found_under_this_one(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    other = Cases(runtime, world).report(title="Perkara lain di desa yang sama")
    made = officer.send("POST", url(other), {"due_on": day(1), "note": "Telepon teradu"})
    crossed = officer.send("POST", url(case_id, f"/{made.json()['id']}/close"), {"outcome": "done"})
    assert "tidak ditemukan" in is_problem(crossed, 404)["detail"]
    assert officer.get(url(other)).json()["items"][0]["status"] == "open"


def test_the_list_refuses_an_unknown_status_or_page_naming_it(
    case_id: UUID, officer: Caller
) -> None:
    assert "status" in is_problem(officer.get(url(case_id), status="lupa"), 422)["errors"]
    assert "page" in is_problem(officer.get(url(case_id), page="-1"), 422)["errors"]
    empty = officer.get(url(case_id), status="removed").json()
    assert (empty["items"], empty["total"], empty["pages"]) == ([], 0, 1)


def test_the_list_is_paged_like_the_case_list_and_its_links_keep_the_status(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    with runtime.sessions.begin() as session:
        follow_ups = FollowUpService(runtime.case_service(session))
        for n in range(21):
            form = FollowUpForm.model_validate({"due_on": day(n % 7), "note": f"Teradu {n:02d}"})
            follow_ups.add(case_id, world.actor("officer"), form)
    first = officer.get(url(case_id), status="open").json()
    assert (first["total"], first["page"], first["pages"], len(first["items"])) == (21, 1, 2, 20)
    assert first["prev"] is None
    assert first["next"] == f"{url(case_id)}?status=open&page=2"
    second = officer.get(first["next"]).json()
    assert len(second["items"]) == 1
    assert second["prev"] == f"{url(case_id)}?status=open&page=1"
    seen = {f["id"] for f in first["items"]} | {f["id"] for f in second["items"]}
    assert len(seen) == 21
    past = officer.get(url(case_id), status="open", page="7").json()
    assert (past["page"], past["items"]) == (2, second["items"])


def test_a_retried_add_and_close_with_their_keys_each_happen_once(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    body = {"due_on": day(3), "note": "Telepon teradu"}
    added = [officer.send("POST", url(case_id), body, key="tl-1") for _ in "12"]
    assert [r.status_code for r in added] == [201, 201]
    assert added[1].headers["idempotent-replayed"] == "true"
    assert added[1].json() == added[0].json()
    assert rows(runtime) == 1
    close = url(case_id, f"/{added[0].json()['id']}/close")
    closed = [officer.send("POST", close, {"outcome": "done"}, key="tl-2") for _ in "12"]
    assert [r.status_code for r in closed] == [200, 200]
    assert closed[1].json() == closed[0].json()


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_write_nothing(
    runtime: Runtime, case_id: UUID, officer: Caller, name: str, content: bytes, kind: str
) -> None:
    response = officer.raw("POST", url(case_id), content, kind)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert rows(runtime) == 0
