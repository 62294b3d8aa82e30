"""Logging in and out, the login throttle, CSRF on unsafe requests, the language switch."""

from __future__ import annotations

import pytest

from mediasi.accounts.models import LoginAttempt
from mediasi.cases.models import Case
from tests.factories import World
from tests.integration.web.conftest import Db, Web, report_form

WRONG = "Nama pengguna atau kata sandi salah."


def test_login_page_offers_the_form(web: Web) -> None:
    response = web.get("/login?next=/cases")
    assert response.status_code == 200
    assert '<form method="post" action="/login">' in response.text
    assert 'name="next" value="/cases"' in response.text
    assert web.csrf  # the CSRF cookie the form's token is checked against


def test_an_anonymous_page_request_goes_to_the_login_with_next(web: Web) -> None:
    response = web.get("/cases?state=reported")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/cases%3Fstate%3Dreported"


def test_an_anonymous_htmx_request_gets_401_and_a_client_redirect(
    web: Web, hx: dict[str, str]
) -> None:
    response = web.client.get("/cases/new/party-row?index=2", headers=hx)
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/login"


def test_a_wrong_password_shows_the_message_and_does_not_log_in(web: Web, db: Db) -> None:
    response = web.login("officer", "salah-sekali")
    assert response.status_code == 401
    assert WRONG in response.text
    assert 'value="officer"' in response.text  # the username stays in the form
    assert db.count(LoginAttempt, username="officer", succeeded=False) == 1
    assert web.get("/").status_code == 303


def test_an_unknown_user_gets_the_same_message(web: Web) -> None:
    response = web.login("nobody", "whatever")
    assert response.status_code == 401
    assert WRONG in response.text


def test_five_failures_lock_the_account_even_for_the_right_password(web: Web, db: Db) -> None:
    for _ in range(5):
        assert web.login("officer", "salah").status_code == 401
    response = web.login("officer")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.text
    assert response.headers["retry-after"] == "900"  # the window every failure leaves
    assert web.get("/").status_code == 303  # still not logged in
    assert db.count(LoginAttempt, username="officer", succeeded=True) == 0
    # Another account is not locked by it.
    assert web.login("officer_b").status_code == 303


def test_a_login_goes_to_next(web: Web) -> None:
    response = web.login("officer", next_="/cases?state=reported")
    assert response.status_code == 303
    assert response.headers["location"] == "/cases?state=reported"
    page = web.get("/cases?state=reported")
    assert page.status_code == 200
    assert "<h1>Daftar perkara</h1>" in page.text


@pytest.mark.parametrize(
    "target", ["https://evil.example", "//evil.example/x", "evil", "javascript:alert(1)"]
)
def test_a_login_never_follows_next_off_the_site(web: Web, target: str) -> None:
    response = web.login("officer", next_=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_login_gives_a_new_session_id_and_ends_the_old_one(web: Web) -> None:
    web.use_session_cookie("a" * 64)  # a session id planted before login
    web.login_as("officer")
    first = web.session_cookie
    assert first
    assert first != "a" * 64
    web.login_as("officer")  # logging in again, with the first cookie still sent
    second = web.session_cookie
    assert second
    assert second != first
    web.use_session_cookie(first)
    assert web.get("/").status_code == 303  # the pre-login cookie does not authenticate
    web.use_session_cookie(second)
    assert web.get("/").status_code == 200


def test_logout_ends_the_session(web: Web) -> None:
    web.login_as("officer")
    cookie = web.session_cookie
    assert cookie
    response = web.post("/logout")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert web.get("/").status_code == 303
    web.use_session_cookie(cookie)  # replaying the old cookie
    response = web.get("/cases")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_logout_without_the_csrf_token_is_refused(web: Web) -> None:
    web.login_as("officer")
    assert web.post("/logout", csrf=False).status_code == 403
    assert web.get("/").status_code == 200  # still logged in


def test_login_without_the_csrf_token_is_refused(web: Web) -> None:
    web.get("/login")
    response = web.post(
        "/login", {"username": "officer", "password": "kata-sandi-uji-123"}, csrf=False
    )
    assert response.status_code == 403
    assert web.get("/").status_code == 303


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_an_unsafe_request_without_a_valid_csrf_token_writes_nothing(
    web: Web, world: World, db: Db, token: str | None
) -> None:
    web.login_as("officer")
    form = report_form(world) | ({"_csrf_token": token} if token else {})
    response = web.post("/cases", form, csrf=False)
    assert response.status_code == 403
    assert db.count(Case) == 0


def test_the_csrf_token_may_come_in_the_header_htmx_sends(web: Web, world: World, db: Db) -> None:
    web.login_as("officer")
    response = web.post(
        "/cases", report_form(world), csrf=False, htmx=True, headers={"x-csrftoken": web.csrf}
    )
    assert response.status_code == 200
    assert response.headers["hx-redirect"].startswith("/cases/")
    assert db.count(Case) == 1


def test_the_language_switch_sets_a_cookie_and_pages_follow_it(web: Web) -> None:
    web.login_as("officer")
    assert "<h1>Daftar perkara</h1>" in web.get("/cases").text
    response = web.get("/lang/en?next=/cases")
    assert response.status_code == 303
    assert response.headers["location"] == "/cases"
    assert "lang=en" in response.headers["set-cookie"]
    page = web.get("/cases")
    assert '<html lang="en"' in page.text
    assert "<h1>Cases</h1>" in page.text
    assert "Welcome, Officer" in web.get("/").text
    web.get("/lang/id?next=/")
    assert "<h1>Daftar perkara</h1>" in web.get("/cases").text


def test_an_unknown_language_changes_nothing_and_next_stays_local(web: Web) -> None:
    response = web.get("/lang/fr?next=https://evil.example")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert "lang=" not in response.headers.get("set-cookie", "")
