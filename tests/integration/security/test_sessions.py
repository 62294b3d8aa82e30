"""Server-side sessions (in the database, or in Redis when configured), what ends them, the
cookie's flags, password hashing, and the login throttle with its log."""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from uuid import uuid4

import pytest
import redis
from argon2 import PasswordHasher
from litestar import Litestar
from sqlalchemy import select

from mediasi.accounts import auth
from mediasi.accounts.admin import AdminService
from mediasi.accounts.auth import SESSION_REFRESH_SECONDS
from mediasi.accounts.models import LoginAttempt, User, WebSession
from mediasi.accounts.schemas import UserCreate
from mediasi.accounts.sessions import SessionEnder
from mediasi.runtime import Runtime
from tests.factories import PASSWORD, World
from tests.integration.security.conftest import (
    SESSION_COOKIE,
    Db,
    Web,
    another_browser,
    app_for,
    new_app,
    session_keys,
)

REDIS_URL = "redis://127.0.0.1:6379/15"
NEW_PASSWORD = "kata-sandi-baru-456"
WRONG_PASSWORD = "Salah-Sekali-789"


def _set_cookies(response: object, name: str) -> list[dict[str, str]]:
    """Each Set-Cookie for ``name``: its value and attributes (lower-cased keys)."""
    found = []
    for header in response.headers.get_list("set-cookie"):  # type: ignore[attr-defined]
        parts = [p.strip() for p in header.split(";")]
        key, _, value = parts[0].partition("=")
        if key != name:
            continue
        attrs = {"value": value}
        for part in parts[1:]:
            attr, _, attr_value = part.partition("=")
            attrs[attr.lower()] = attr_value
        found.append(attrs)
    return found


def _user_id(runtime: Runtime, username: str) -> object:
    with runtime.sessions() as session:
        return session.scalars(select(User.id).where(User.username == username)).one()


def _stored_hash(runtime: Runtime, username: str) -> str:
    with runtime.sessions() as session:
        return session.scalars(select(User.password_hash).where(User.username == username)).one()


# ---- sessions in the database -------------------------------------------------------------


def test_a_login_stores_a_session_row_and_the_logout_deletes_it(web: Web, runtime: Runtime) -> None:
    response = web.login("officer")
    assert response.status_code == 303
    session_id = web.session_cookie
    assert session_id
    assert session_id in session_keys(runtime)

    out = web.post("/logout")
    assert out.status_code == 303
    assert out.headers["location"] == "/login"
    assert session_id not in session_keys(runtime)
    cleared = _set_cookies(out, SESSION_COOKIE)
    assert cleared
    assert cleared[-1]["value"] in ("", "null")


def _expiry(runtime: Runtime, key: str) -> object:
    with runtime.sessions() as session:
        return session.scalars(select(WebSession.expires_at).where(WebSession.key == key)).one()


def test_a_page_view_does_not_rewrite_the_session_until_its_expiry_should_slide(
    web: Web, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the session on every request made every page view a write transaction; an
    unchanged session is written again only once it is five minutes old, so an officer who
    keeps working stays logged in and one who stops is logged out 12 hours later."""
    web.login_as("officer")
    key = web.session_cookie
    assert key
    written = _expiry(runtime, key)
    for _ in range(3):
        page = web.get("/cases")
        assert page.status_code == 200
        assert _set_cookies(page, SESSION_COOKIE) == []
    assert _expiry(runtime, key) == written

    later = time.time() + SESSION_REFRESH_SECONDS + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    slid = web.get("/cases")
    assert slid.status_code == 200
    assert [c["value"] for c in _set_cookies(slid, SESSION_COOKIE)] == [key]
    assert _expiry(runtime, key) != written
    assert web.get("/").status_code == 200  # the same session, still logged in


def test_the_old_cookie_no_longer_authenticates_after_logout(web: Web) -> None:
    web.login_as("officer")
    session_id = web.session_cookie
    assert session_id
    assert web.get("/").status_code == 200
    web.post("/logout")

    web.use_session_cookie(session_id)  # replayed, e.g. from a shared computer's history
    response = web.get("/")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    assert web.get("/cases", htmx=True).status_code == 401


def test_a_login_issues_a_new_session_id_and_deletes_the_old_one(
    web: Web, runtime: Runtime
) -> None:
    web.login_as("officer")
    first = web.session_cookie
    assert first
    assert first in session_keys(runtime)

    web.login_as("officer_b")  # the same browser logs in again
    second = web.session_cookie
    assert second
    assert second != first
    assert first not in session_keys(runtime)
    web.use_session_cookie(first)
    assert web.get("/").status_code == 303


def test_a_planted_session_id_is_not_kept_at_login(web: Web, runtime: Runtime) -> None:
    planted = "a" * 64  # an id an attacker set in the victim's browser beforehand
    web.use_session_cookie(planted)
    web.client.get("/login")
    response = web.post("/login", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 303
    assert web.session_cookie
    assert web.session_cookie != planted
    assert planted not in session_keys(runtime)
    # The attacker, holding the planted id, is not logged in as the victim.
    web.use_session_cookie(planted)
    assert web.get("/").status_code == 303


@pytest.mark.parametrize("cookie", ["%E2%82%AC", "abc%FF", "x" * 10, "zz.qq"])
def test_a_session_cookie_no_server_issued_is_replaced_not_echoed(
    runtime: Runtime, world: World, cookie: str
) -> None:
    """Any text in the session cookie (percent-escapes decode to characters outside
    Latin-1) is not the session's id: a call with a token and such a cookie gets its answer
    (not a 500 from echoing the text in Set-Cookie) and a page asks for a login."""
    from litestar.testing import TestClient

    from tests.integration.api.tokens import bearer, issue

    token = issue(runtime, world, "officer")
    with TestClient(app_for(runtime), raise_server_exceptions=False) as client:
        headers = {**bearer(token), "cookie": f"{SESSION_COOKIE}={cookie}"}
        answer = client.patch(
            f"/api/cases/{uuid4()}/parties/{uuid4()}", json={"version": 1}, headers=headers
        )
        assert answer.status_code == 404, answer.text[:300]
        assert all(c["value"] != cookie for c in _set_cookies(answer, SESSION_COOKIE))
        page = client.get(
            "/cases", headers={"cookie": f"{SESSION_COOKIE}={cookie}"}, follow_redirects=False
        )
        assert page.status_code == 303
        assert page.headers["location"].startswith("/login")
    assert cookie not in session_keys(runtime)


def test_a_session_stored_under_an_id_not_made_for_its_user_is_refused(
    web: Web, runtime: Runtime
) -> None:
    """Only ids that carry their owner's digest can all be ended at a password reset, so a
    session under any other id (made before ids carried it, or put in the store by hand) is
    not accepted: the page asks for a login."""
    web.login_as("officer")
    key = web.session_cookie
    assert key
    with runtime.sessions.begin() as session:
        row = session.scalars(select(WebSession).where(WebSession.key == key)).one()
        session.add(
            WebSession(
                key="b" * 64, namespace=row.namespace, value=row.value, expires_at=row.expires_at
            )
        )
    web.use_session_cookie("b" * 64)
    response = web.get("/cases")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    web.use_session_cookie(key)
    assert web.get("/cases").status_code == 200


def test_requests_without_a_login_leave_no_session_rows(
    app: Litestar, world: World, runtime: Runtime
) -> None:
    before = session_keys(runtime)
    for url in ("/healthz", app.state.assets.url("app.js"), "/favicon.ico", "/login"):
        with another_browser(app) as probe:  # a load balancer or a bot: no cookies kept
            response = probe.client.get(url)
            assert response.status_code == 200
            assert _set_cookies(response, SESSION_COOKIE) == []  # cacheable, nothing to track
    assert session_keys(runtime) == before


@pytest.mark.parametrize("how", ["password reset", "deactivation"])
def test_a_password_reset_or_deactivation_ends_every_session_of_the_user(
    app: Litestar, web: Web, runtime: Runtime, world: World, how: str
) -> None:
    web.login_as("officer")
    with another_browser(app) as phone:
        phone.login_as("officer")  # the same officer on a second device
        with another_browser(app) as colleague:
            colleague.login_as("officer_b")
            user_id = world.actor("officer").id
            with runtime.sessions.begin() as session:
                admin = AdminService(session, None, SessionEnder(runtime.settings))
                if how == "password reset":
                    admin.reset_password(user_id, NEW_PASSWORD)
                else:
                    admin.set_active(user_id, active=False)

            for device in (web, phone):
                assert device.session_cookie not in session_keys(runtime)  # deleted
                page = device.get("/cases")
                assert page.status_code == 303
                assert page.headers["location"].startswith("/login")
                assert device.get("/cases", htmx=True).status_code == 401
            assert colleague.get("/").status_code == 200  # someone else stays logged in

    fresh = web.login("officer", NEW_PASSWORD if how == "password reset" else PASSWORD)
    assert fresh.status_code == (303 if how == "password reset" else 401)
    if how == "password reset":
        assert web.login("officer", PASSWORD).status_code == 401


def test_the_admin_reset_form_ends_the_users_sessions(
    app: Litestar, web: Web, world: World
) -> None:
    with another_browser(app) as officer:
        officer.login_as("officer")
        web.login_as("admin")
        response = web.post(
            f"/admin/users/{world.actor('officer').id}/password", {"password": NEW_PASSWORD}
        )
        assert response.status_code == 200
        assert "semua sesinya berakhir" in response.text
        assert officer.get("/").status_code == 303


def test_the_session_cookie_is_httponly_samesite_lax_and_not_secure_over_http(web: Web) -> None:
    response = web.login("officer")
    cookies = _set_cookies(response, SESSION_COOKIE)
    assert len(cookies) == 1
    cookie = cookies[0]
    assert "httponly" in cookie
    assert cookie.get("samesite", "").lower() == "lax"
    assert "secure" not in cookie
    assert cookie.get("path") == "/"
    assert 0 < int(cookie["max-age"]) <= 24 * 3600  # a working day, not a fortnight
    assert SimpleCookie(response.headers["set-cookie"])  # well-formed


def test_cookies_are_secure_when_served_over_https(runtime: Runtime, world: World) -> None:
    with another_browser(app_for(runtime, https=True), base_url="https://testserver.local") as web:
        page = web.client.get("/login")
        csrf = _set_cookies(page, "mediasi_csrf")
        assert csrf
        assert "secure" in csrf[0]
        response = web.post("/login", {"username": "officer", "password": PASSWORD})
        assert response.status_code == 303
        cookie = _set_cookies(response, SESSION_COOKIE)[0]
        assert "secure" in cookie
        assert "httponly" in cookie
        assert cookie.get("samesite", "").lower() == "lax"
        assert web.get("/").status_code == 200


def test_any_app_node_serves_a_session_made_on_another(
    app: Litestar, web: Web, runtime: Runtime
) -> None:
    """Two app processes over one database: the session travels with the cookie."""
    web.login_as("officer")
    session_id = web.session_cookie
    assert session_id
    with another_browser(new_app(runtime)) as node_b:
        node_b.use_session_cookie(session_id)
        page = node_b.get("/")
        assert page.status_code == 200
        assert "Officer" in page.text


# ---- sessions in Redis ----------------------------------------------------------------------


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    """Redis database 15. Not flushed: another test process may be using it at the same time;
    each test looks only at the keys of its own (random) session ids and removes them."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis at {REDIS_URL} does not answer: {exc}")
    yield client
    client.close()


@pytest.fixture
def redis_runtime(runtime: Runtime, redis_db: redis.Redis) -> Runtime:
    settings = runtime.settings.model_copy(update={"redis_url": REDIS_URL})
    return dataclasses.replace(runtime, settings=settings)


def _redis_keys_of(client: redis.Redis, session_id: str) -> list[bytes]:
    return list(client.scan_iter(match=f"*{session_id}*"))


def test_with_redis_configured_a_login_keeps_its_session_in_redis(
    redis_runtime: Runtime, redis_db: redis.Redis, world: World, runtime: Runtime
) -> None:
    app = new_app(redis_runtime)
    with another_browser(app) as web:
        web.login_as("officer")
        session_id = web.session_cookie
        assert session_id
        keys = _redis_keys_of(redis_db, session_id)
        assert len(keys) == 1, keys
        assert keys[0].decode().startswith("mediasi_sessions")
        assert session_id not in session_keys(runtime)  # not in the database as well
        assert 0 < redis_db.ttl(keys[0]) <= 24 * 3600

        with another_browser(new_app(redis_runtime)) as node_b:  # a second app node
            node_b.use_session_cookie(session_id)
            assert node_b.get("/").status_code == 200

        assert web.post("/logout").status_code == 303
        assert _redis_keys_of(redis_db, session_id) == []
        web.use_session_cookie(session_id)
        assert web.get("/").status_code == 303


def test_with_redis_a_password_reset_still_ends_the_session(
    redis_runtime: Runtime, redis_db: redis.Redis, world: World, runtime: Runtime
) -> None:
    with another_browser(new_app(redis_runtime)) as web:
        web.login_as("officer")
        session_id = web.session_cookie
        assert session_id
        assert _redis_keys_of(redis_db, session_id)
        with another_browser(new_app(redis_runtime)) as colleague:
            colleague.login_as("officer_b")
            with runtime.sessions.begin() as session:
                admin = AdminService(session, None, SessionEnder(redis_runtime.settings))
                admin.reset_password(world.actor("officer").id, NEW_PASSWORD)
            assert _redis_keys_of(redis_db, session_id) == []  # deleted, not merely refused
            assert web.get("/").status_code == 303
            assert colleague.get("/").status_code == 200  # another user's session stays
            colleague.post("/logout")
    redis_db.delete(*_redis_keys_of(redis_db, session_id) or [b"-"])


# ---- passwords ------------------------------------------------------------------------------

ARGON2_OWASP = re.compile(r"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(
    runtime: Runtime, world: World
) -> None:
    with runtime.sessions.begin() as session:
        admin = AdminService(session, None, SessionEnder(runtime.settings))
        admin.create_user(
            UserCreate(
                username="baru",
                full_name="Petugas Baru",
                role="supervisor",
                area_id=world.polsek_a,
                password=NEW_PASSWORD,
            )
        )
    created = _stored_hash(runtime, "baru")
    assert ARGON2_OWASP.match(created), created
    assert NEW_PASSWORD not in created

    with runtime.sessions.begin() as session:
        AdminService(session, None, SessionEnder(runtime.settings)).reset_password(
            world.actor("officer").id, NEW_PASSWORD
        )
    reset = _stored_hash(runtime, "officer")
    assert ARGON2_OWASP.match(reset), reset
    assert reset != created  # a salt of its own


def test_a_login_upgrades_a_hash_made_with_weaker_parameters(
    web: Web, runtime: Runtime, world: World
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with runtime.sessions.begin() as session:
        session.get(User, world.actor("officer").id).password_hash = weak  # type: ignore[union-attr]
    assert web.login("officer").status_code == 303
    assert ARGON2_OWASP.match(_stored_hash(runtime, "officer"))


# ---- the login throttle and its log ---------------------------------------------------------


def _auth_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "mediasi.auth"]


def _assert_no_password_logged(caplog: pytest.LogCaptureFixture, *passwords: str) -> None:
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + (record.exc_text or "")
        for password in passwords:
            assert password not in text, f"{record.name}: {text}"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    web: Web, db: Db, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        assert web.login("officer", WRONG_PASSWORD).status_code == 401
    locked = web.login("officer")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in locked.text
    assert web.get("/").status_code == 303  # not logged in

    assert db.count(LoginAttempt, username="officer", succeeded=False) == 6
    assert db.count(LoginAttempt, username="officer", succeeded=True) == 0
    assert web.login("officer_b").status_code == 303  # another account is not locked
    assert db.count(LoginAttempt, username="officer_b", succeeded=True) == 1

    messages = _auth_messages(caplog)
    assert sum("login failed" in m and "user=officer " in m for m in messages) == 5
    assert any("throttled" in m and "user=officer " in m for m in messages)
    assert any("login ok" in m and "user=officer_b " in m for m in messages)
    assert all("address=testclient" in m for m in messages)
    _assert_no_password_logged(caplog, WRONG_PASSWORD, PASSWORD)


def test_twenty_failures_from_one_address_slow_it_but_never_refuse_the_right_password(
    web: Web, db: Db, caplog: pytest.LogCaptureFixture, login_waits: list[float]
) -> None:
    """One address spraying a password over twenty accounts (one NAT for a whole Polsek):
    the address is slowed, an account that was not itself tried still gets in."""
    caplog.set_level(logging.INFO, logger="mediasi.auth")
    for n in range(20):  # a password sprayed across many accounts, each under its own limit
        assert web.login(f"warga{n:02d}", WRONG_PASSWORD).status_code == 401
    response = web.login("officer")  # the right password of an account never tried
    assert response.status_code == 303
    assert login_waits[-1] > 0  # but only after a wait
    assert db.count(LoginAttempt, address="testclient", succeeded=False) == 20
    assert db.count(LoginAttempt, username="officer", succeeded=True) == 1
    assert any("login slowed address=testclient" in m for m in _auth_messages(caplog))
    _assert_no_password_logged(caplog, WRONG_PASSWORD, PASSWORD)


def test_a_successful_login_is_recorded_and_logged_without_the_password(
    web: Web, db: Db, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert web.login("officer").status_code == 303
    assert db.count(LoginAttempt, username="officer", succeeded=True) == 1
    assert db.count(LoginAttempt, succeeded=False) == 0
    assert "login ok user=officer address=testclient" in _auth_messages(caplog)
    _assert_no_password_logged(caplog, PASSWORD)
