"""API tokens: made on the account page and shown once, used as a bearer on the API only,
with the owner's role and area within their scopes, dead once expired, revoked or the owner
is deactivated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import select, update

from mediasi.accounts.models import User
from mediasi.runtime import Runtime
from mediasi.tokens.minting import digest_of
from mediasi.tokens.models import ApiToken
from tests.factories import World
from tests.integration.api.tokens import age, bearer, issue, prefix_of
from tests.integration.web.conftest import Web, app_of

PROBLEM = "application/problem+json"
TOKEN = re.compile(r'id="issued-token"[^>]*value="(msi_[^"]+)"')


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


def report_json(world: World) -> dict[str, Any]:
    return {
        "workflow": "sengketa",
        "category": "batas_tanah",
        "title": "Laporan lewat token",
        "desa_id": str(world.desa_a1),
        "reporter_name": "Pelapor Token",
    }


def stored(runtime: Runtime) -> list[ApiToken]:
    with runtime.sessions() as session:
        return list(session.scalars(select(ApiToken)))


def test_a_person_makes_a_token_sees_it_once_and_it_is_kept_only_as_a_digest(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    web = Web(client).login_as("officer")
    made = web.post("/akun/token", {"name": "Aplikasi pos", "scopes": ["cases:read"], "days": "30"})
    assert made.status_code == 201, made.text[:500]
    assert made.headers["cache-control"] == "no-store"
    match = TOKEN.search(made.text)
    assert match, made.text[:2000]
    text = match.group(1)
    [row] = stored(runtime)
    assert row.digest == digest_of(text)
    assert text not in repr(vars(row))
    assert row.scopes == "cases:read"
    again = web.get("/akun/token")
    assert again.status_code == 200
    assert text not in again.text
    assert row.prefix in again.text
    assert "Aplikasi pos" in again.text

    # The token works on the API as the officer, without any cookie or CSRF token.
    with TestClient(app_of(runtime), raise_server_exceptions=False) as other:
        listed = other.get("/api/cases", headers=bearer(text))
    assert listed.status_code == 200, listed.text[:300]


def test_the_token_form_refuses_bad_fields_beside_them(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    web = Web(client).login_as("officer")
    cases = [
        ({"name": "x", "scopes": ["cases:read"], "days": "30"}, "name"),
        ({"name": "Aplikasi", "days": "30"}, "scopes"),
        ({"name": "Aplikasi", "scopes": ["cases:admin"], "days": "30"}, "scopes"),
        ({"name": "Aplikasi", "scopes": ["cases:read"], "days": "9999"}, "days"),
        ({"name": "Apli\x00kasi", "scopes": ["cases:read"], "days": "30"}, "name"),
    ]
    for form, field in cases:
        response = web.post("/akun/token", form)
        assert response.status_code in (400, 422), (form, response.status_code)
        if response.status_code == 422:
            assert f'id="err-{field}"' in response.text, (form, response.text[:2000])
        assert not TOKEN.search(response.text)
    assert stored(runtime) == []


def test_the_admin_scope_is_offered_and_given_only_for_an_admins_token(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    """A token acts with its owner's role: the admin routes would refuse an officer's token
    whatever it holds, so the officer's form does not offer that scope and refuses it if sent;
    an admin's own form offers it, and so does the admin's form for service tokens, but only
    for an owner who is an admin."""
    web = Web(client).login_as("officer")
    page = web.get("/akun/token").text
    assert 'value="cases:read"' in page
    assert 'value="admin:read"' not in page
    refused = web.post("/akun/token", {"name": "Dasbor", "scopes": ["admin:read"], "days": "30"})
    assert refused.status_code == 422
    assert "Cakupan administrasi hanya untuk token milik admin." in refused.text
    assert 'id="err-scopes"' in refused.text
    assert 'value="admin:read"' not in refused.text
    assert not TOKEN.search(refused.text)

    with TestClient(app_of(runtime), raise_server_exceptions=False) as other:
        admin = Web(other).login_as("admin")
        assert 'value="admin:write"' in admin.get("/akun/token").text
        assert 'value="admin:write"' in admin.get("/admin/token").text
        form = {"name": "Sinkron", "scopes": ["admin:read"], "days": "30"}
        officer_id = str(world.actor("officer").id)
        for_officer = admin.post("/admin/token", {**form, "user_id": officer_id})
        assert for_officer.status_code == 422
        assert "Cakupan administrasi hanya untuk token milik admin." in for_officer.text
        assert stored(runtime) == []
        own = admin.post("/akun/token", form)
        assert own.status_code == 201, own.text[:500]
    [row] = stored(runtime)
    assert (row.user_id, row.scopes) == (world.actor("admin").id, "admin:read")


def test_a_token_acts_as_its_owner_within_its_scopes(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    reader = issue(runtime, world, "officer", ("cases:read",))
    writer = issue(runtime, world, "officer", ("cases:write",))
    outsider = issue(runtime, world, "officer_b", ("cases:write",))

    wrote = client.post("/api/cases", json=report_json(world), headers=bearer(writer))
    assert wrote.status_code == 201, wrote.text[:300]
    case_id = wrote.json()["id"]

    refused = client.post("/api/cases", json=report_json(world), headers=bearer(reader))
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert "cases:write" in refused.json()["detail"]
    assert client.get(f"/api/cases/{case_id}", headers=bearer(reader)).status_code == 200
    no_feature = client.get("/api/statistics", headers=bearer(reader))
    assert no_feature.status_code == 403
    assert "statistics:read" in no_feature.json()["detail"]

    # The officer of another Polsek: the same token power, their own area only.
    hidden = client.get(f"/api/cases/{case_id}", headers=bearer(outsider))
    assert hidden.status_code == 404
    elsewhere = client.post("/api/cases", json=report_json(world), headers=bearer(outsider))
    assert elsewhere.status_code == 422
    assert "bukan wilayah tugas" in elsewhere.json()["detail"] + str(elsewhere.json())


def test_a_bearer_never_opens_a_page_and_a_cookie_call_still_needs_csrf(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    text = issue(runtime, world, "officer")
    page = client.get("/cases", headers=bearer(text), follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")
    web = Web(client).login_as("officer")
    no_csrf = client.post("/api/cases", json=report_json(world))
    assert no_csrf.status_code == 403
    # A bearer header does not lift the CSRF check of a page's form.
    form = {"workflow": "sengketa", "title": "Tanpa token CSRF", "desa_id": str(world.desa_a1)}
    page_post = client.post("/cases", data=form, headers=bearer(text), follow_redirects=False)
    assert page_post.status_code == 403
    with_csrf = client.post(
        "/api/cases", json=report_json(world), headers={"x-csrftoken": web.csrf}
    )
    assert with_csrf.status_code == 201


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Basic b2ZmaWNlcjpzYW5kaQ==",
        "Bearer msi_zzzz",
        "Bearer " + "a" * 5000,
        "Bearer msi_0123abcd_" + "A" * 43,  # the right shape, no such token
        "Token msi_0123abcd_" + "A" * 43,
    ],
)
def test_a_malformed_or_unknown_bearer_is_a_401_problem(
    client: TestClient[Any], world: World, header: str
) -> None:
    response = client.get("/api/cases", headers={"Authorization": header})
    assert response.status_code == 401, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "token" in response.json()["detail"].lower()


def test_a_token_dies_when_expired_revoked_or_its_owner_is_deactivated(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    expired, revoked, orphan, live = (
        issue(runtime, world, u) for u in ["officer"] * 3 + ["supervisor"]
    )
    age(runtime, prefix_of(expired), expired=True)
    age(runtime, prefix_of(revoked), revoked=True)
    for dead in (expired, revoked):
        response = client.get("/api/cases", headers=bearer(dead))
        assert response.status_code == 401
        assert "dicabut" in response.json()["detail"]
    assert client.get("/api/cases", headers=bearer(orphan)).status_code == 200
    with runtime.sessions.begin() as session:
        session.execute(update(User).where(User.username == "officer").values(is_active=False))
    assert client.get("/api/cases", headers=bearer(orphan)).status_code == 401
    assert client.get("/api/cases", headers=bearer(live)).status_code == 200


def test_revoking_ends_a_token_at_once_and_only_its_owner_or_an_admin_may(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    text = issue(runtime, world, "officer")
    [row] = stored(runtime)
    with TestClient(app_of(runtime), raise_server_exceptions=False) as other:
        stranger = Web(other).login_as("officer_b")
        refused = stranger.post(f"/akun/token/{row.id}/cabut")
        assert refused.status_code == 404
    assert client.get("/api/cases", headers=bearer(text)).status_code == 200
    owner = Web(client).login_as("officer")
    done = owner.post(f"/akun/token/{row.id}/cabut")
    assert done.status_code == 303
    assert done.headers["location"] == "/akun/token"
    with TestClient(app_of(runtime), raise_server_exceptions=False) as fresh:
        assert fresh.get("/api/cases", headers=bearer(text)).status_code == 401
    assert "Dicabut" in owner.get("/akun/token").text


def test_an_admin_makes_a_service_token_that_acts_as_the_chosen_user(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    officer_id = str(world.actor("officer").id)
    form = {"name": "Dasbor Polres", "scopes": ["cases:read"], "days": "90"}
    with TestClient(app_of(runtime), raise_server_exceptions=False) as other:
        refused = (
            Web(other).login_as("supervisor").post("/admin/token", {**form, "user_id": officer_id})
        )
        assert refused.status_code == 403
    admin = Web(client).login_as("admin")
    made = admin.post("/admin/token", {**form, "user_id": officer_id})
    assert made.status_code == 201, made.text[:500]
    match = TOKEN.search(made.text)
    assert match
    [row] = stored(runtime)
    assert (row.kind, row.user_id, row.created_by_id) == (
        "service",
        world.actor("officer").id,
        world.actor("admin").id,
    )
    listing = admin.get("/admin/token")
    assert "Dasbor Polres" in listing.text
    assert 'id="token-' + row.prefix in listing.text
    with TestClient(app_of(runtime), raise_server_exceptions=False) as service:
        mine = service.get("/api/cases", headers=bearer(match.group(1)))
    assert mine.status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    text = issue(runtime, world, "officer")
    assert client.get("/api/cases", headers=bearer(text)).status_code == 200
    [first] = stored(runtime)
    assert first.last_used_at is not None
    assert first.last_used_from == "testclient"
    assert client.get("/api/cases", headers=bearer(text)).status_code == 200
    [second] = stored(runtime)
    assert second.last_used_at == first.last_used_at
    assert second.updated_at == first.updated_at
