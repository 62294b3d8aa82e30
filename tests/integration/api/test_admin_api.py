"""The admin page's users, areas, tokoh registry and test message over the API, on both
backends, through the page's services: an admin adds a desa, an officer holding it and a
tokoh of it, sets contacts, a new password (the officer's session ends; no answer carries a
password or its hash) and switches them off (the officer's token stops); a wrong field is a
422 naming it; a test message's fate is told. Officers and supervisors, and their tokens
with the ``admin`` scope, are refused (403), as is an admin's token without it, writing
nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any
from uuid import uuid4

import pytest
from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import User
from mediasi.runtime import Runtime
from mediasi.tokens.schemas import TokenForm
from mediasi.tokens.services import TokenService
from tests.factories import World
from tests.integration.api.case_parts import Caller, is_problem, unlimited_app
from tests.integration.api.tokens import bearer, held_since_admin, issue
from tests.integration.web.conftest import Db, Web
from tests.writes import Watch

ADMIN = "/api/admin"
PASSWORD = "kata-sandi-awal-123"


@pytest.fixture
def officer_login(runtime: Runtime) -> Iterator[Callable[[str], Web]]:
    """The new officer's browser, logged in with the password given (cookies of its own)."""
    with ExitStack() as stack:

        def logged_in(password: str) -> Web:
            browser = Web(stack.enter_context(TestClient(unlimited_app(runtime))))
            response = browser.login("bripka.sugeng", password)
            assert response.status_code == 303, response.text[:300]
            return browser

        yield logged_in


def token_of(runtime: Runtime, username: str) -> str:
    with runtime.sessions.begin() as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        form = TokenForm(name="Aplikasi pos", scopes=["cases:read"], days=30)
        return TokenService(session, Actor.of(user)).create_own(form).text


@pytest.fixture
def admin(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "admin")


def test_an_admin_adds_a_desa_its_officer_and_tokoh_then_changes_and_stops_them(
    client: TestClient[Any],
    runtime: Runtime,
    world: World,
    admin: Caller,
    officer_login: Callable[[str], Web],
) -> None:
    tree = admin.get(f"{ADMIN}/areas").json()
    assert [a["code"] for a in tree["items"]][:3] == ["JATIM", "MALANG", "KEPANJEN"]
    assert (tree["total"], tree["next"]) == (7, None)
    area = {"code": "sumbersari", "name": "Sumbersari", "level": "desa"}
    wrong = admin.send("POST", f"{ADMIN}/areas", {**area, "parent_id": str(world.polres)})
    assert "satu tingkat di atasnya" in is_problem(wrong, 422)["errors"]["parent_id"]
    made = admin.send("POST", f"{ADMIN}/areas", {**area, "parent_id": str(world.polsek_a)})
    assert made.status_code == 201, made.text
    desa = made.json()
    assert (desa["code"], desa["path"]) == ("SUMBERSARI", "/JATIM/MALANG/KEPANJEN/SUMBERSARI/")

    user = {
        "username": "Bripka.Sugeng",
        "full_name": "Bripka Sugeng Riyadi",
        "role": "officer",
        "area_id": str(world.polsek_a),
        "desa_ids": [str(world.desa_b1)],
        "password": PASSWORD,
    }
    outside = admin.send("POST", f"{ADMIN}/users", user)
    assert "di bawah wilayah petugas" in is_problem(outside, 422)["errors"]["desa_ids"]
    created = admin.send("POST", f"{ADMIN}/users", {**user, "desa_ids": [desa["id"]]})
    assert created.status_code == 201, created.text
    officer = created.json()
    assert (officer["username"], officer["desa_ids"], officer["is_active"]) == (
        "bripka.sugeng",
        [desa["id"]],
        True,
    )
    assert "password" not in officer
    assert PASSWORD not in created.text
    assert "$argon2" not in created.text
    again = admin.send("POST", f"{ADMIN}/users", {**user, "desa_ids": [desa["id"]]})
    assert "sudah dipakai" in is_problem(again, 422)["errors"]["username"]
    users = admin.get(f"{ADMIN}/users").json()
    assert users["total"] == 8
    listed = next(u for u in users["items"] if u["id"] == officer["id"])
    assert listed == officer

    browser = officer_login(PASSWORD)
    token = bearer(token_of(runtime, "bripka.sugeng"))
    assert client.get("/api/cases", headers=token).status_code == 200
    url = f"{ADMIN}/users/{officer['id']}"
    short = admin.send("POST", f"{url}/password", {"password": "pendek"})
    assert "password" in is_problem(short, 422)["errors"]
    reset = admin.send("POST", f"{url}/password", {"password": "kata-sandi-baru-456"})
    assert reset.status_code == 200, reset.text
    assert reset.json()["password_changed_at"] > officer["password_changed_at"]
    assert "kata-sandi-baru" not in reset.text
    assert "$argon2" not in reset.text
    assert browser.get("/").status_code == 303  # every session of the user ended
    assert officer_login("kata-sandi-baru-456").get("/").status_code == 200

    contact = admin.send("POST", f"{url}/contact", {"phone": "0812-3456-7890", "email": ""})
    assert (contact.json()["phone"], contact.json()["email"]) == ("+6281234567890", None)
    half = admin.send("POST", f"{url}/contact", {"phone": "0812-3456-7890"})
    assert "email" in is_problem(half, 422)["errors"]
    off = admin.send("POST", f"{url}/active", {"active": False})
    assert (off.status_code, off.json()["is_active"]) == (200, False)
    assert client.get("/api/cases", headers=token).status_code == 401  # its token stopped
    nobody = f"{ADMIN}/users/{uuid4()}"
    missing = admin.send("POST", f"{nobody}/active", {"active": True})
    assert is_problem(missing, 404)["detail"] == "Pengguna tidak ditemukan."

    tokoh = {"name": "Ibu Sri Wahyuni", "kind": "perempuan", "desa_id": desa["id"]}
    added = admin.send("POST", f"{ADMIN}/tokoh", {**tokoh, "phone": "0813-1111-2222"})
    assert added.status_code == 201, added.text
    made_tokoh = added.json()
    assert (made_tokoh["phone"], made_tokoh["user_id"]) == ("+6281311112222", None)
    not_desa = admin.send("POST", f"{ADMIN}/tokoh", {**tokoh, "desa_id": str(world.polsek_a)})
    assert "desa_id" in is_problem(not_desa, 422)["errors"]
    registry = admin.get(f"{ADMIN}/tokoh").json()
    assert registry["total"] == 4
    assert made_tokoh in registry["items"]
    turl = f"{ADMIN}/tokoh/{made_tokoh['id']}"
    mailed = admin.send("POST", f"{turl}/contact", {"phone": "", "email": "Sri@Contoh.id"})
    assert (mailed.json()["phone"], mailed.json()["email"]) == (None, "Sri@contoh.id")
    stopped = admin.send("POST", f"{turl}/active", {"active": False})
    assert stopped.json()["is_active"] is False
    unsure = admin.send("POST", f"{turl}/active", {"active": "mungkin"})
    assert "active" in is_problem(unsure, 422)["errors"]


def test_officers_supervisors_and_a_token_without_the_scope_are_refused_writing_nothing(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    """The role guard of the pages: a token acts with its owner's role, so even the ``admin``
    scope opens nothing to an officer or a supervisor; an admin's token needs the scope, and
    its write level to write."""
    officer = held_since_admin(runtime, world, "officer", ("admin:write",))
    supervisor = held_since_admin(runtime, world, "supervisor", ("admin:write", "handover:write"))
    narrow = issue(runtime, world, "admin", ("cases:write", "handover:write"))
    reader = issue(runtime, world, "admin", ("admin:read",))
    web = Web(client).login_as("supervisor")
    user = f"{ADMIN}/users/{world.actor('officer').id}"
    writes = [
        (f"{ADMIN}/users", {"username": "baru", "password": PASSWORD}),
        (f"{user}/password", {"password": "kata-sandi-baru-456"}),
        (f"{user}/active", {"active": False}),
        (f"{ADMIN}/tokoh/{world.tokoh_a1}/contact", {"phone": "", "email": ""}),
        (f"{ADMIN}/notifications/trial", {"channel": "log", "phone": "081234567890"}),
        (f"{ADMIN}/workflows/migrations", {"name": "sengketa", "version": 1}),
    ]
    watch = Watch(runtime, skip=("web_sessions", "api_tokens"))
    for token, needs in ((officer, "Hanya admin"), (supervisor, "Hanya admin")):
        for url, body in writes:
            refused = client.post(url, json=body, headers=bearer(token))
            assert needs in is_problem(refused, 403)["detail"], url
        assert (
            needs in is_problem(client.get(f"{ADMIN}/users", headers=bearer(token)), 403)["detail"]
        )
    for url, body in writes:
        by_cookie = web.client.post(url, json=body, headers={"x-csrftoken": web.csrf})
        assert "Hanya admin" in is_problem(by_cookie, 403)["detail"], url
        scoped = client.post(url, json=body, headers=bearer(narrow))
        assert "admin:write" in is_problem(scoped, 403)["detail"], url
        read_only = client.post(url, json=body, headers=bearer(reader))
        assert "admin:write" in is_problem(read_only, 403)["detail"], url
    assert (
        "admin:read"
        in is_problem(client.get(f"{ADMIN}/areas", headers=bearer(narrow)), 403)["detail"]
    )
    assert client.get(f"{ADMIN}/areas", headers=bearer(reader)).status_code == 200
    assert watch.written() == []
    assert Db(runtime).count(User) == 7


def test_an_admin_sees_the_channels_and_a_test_messages_fate(
    runtime: Runtime, world: World, admin: Caller
) -> None:
    [log] = admin.get(f"{ADMIN}/notifications/channels").json()["items"]
    assert (log["name"], log["reaches"]) == ("log", "telepon atau email")
    off = admin.send(
        "POST", f"{ADMIN}/notifications/trial", {"channel": "sms", "phone": "081234567890"}
    )
    assert is_problem(off, 422)["errors"]["channel"] == "Saluran ini tidak aktif di sini."
    body = {"channel": "log", "phone": "0812-3456-7890"}
    queued = admin.send("POST", f"{ADMIN}/notifications/trial", body)
    assert queued.status_code == 201, queued.text
    trial = queued.json()
    assert (trial["status"], trial["to"]) == ("queued", "0812****7890")
    assert "+6281234567890" not in queued.text
    assert runtime.dispatcher().run().sent == 1
    sent = admin.get(f"{ADMIN}/notifications/trial/{trial['id']}").json()
    assert (sent["status"], sent["sent_at"] is not None) == ("sent", True)
    missing = admin.get(f"{ADMIN}/notifications/trial/{uuid4()}")
    assert is_problem(missing, 404)["detail"] == "Pesan uji tidak ditemukan."
