"""The hostile-client probes of issue 10, each on both backends: the status, the message in
the user's language, nothing written, and a traceback (with the request id) for a forced
internal error."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest
from litestar import Litestar

from mediasi.accounts.models import LoginAttempt
from mediasi.runtime import Runtime
from tests.factories import PASSWORD, PAYLOADS, World
from tests.integration.security.conftest import Cases, Db, Web, another_browser
from tests.writes import Watch

PROBLEM = "application/problem+json"
HUGE = "9" * 140
INT64_MAX = 2**63 - 1


def _english(web: Web) -> None:
    web.client.cookies.set("lang", "en")


def _api(web: Web, method: str, url: str, body: Any, **headers: str) -> Any:
    return web.client.request(
        method,
        url,
        content=body if isinstance(body, bytes) else json.dumps(body).encode(),
        headers={"content-type": "application/json", "x-csrftoken": web.csrf, **headers},
        follow_redirects=False,
    )


def _form(web: Web, url: str, body: bytes, **headers: str) -> Any:
    return web.client.post(
        url,
        content=body,
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "x-csrftoken": web.csrf,
            **headers,
        },
        follow_redirects=False,
    )


def _api_report(world: World) -> dict[str, Any]:
    return {
        "workflow": "sengketa",
        "category": "batas_tanah",
        "title": "Sengketa batas sawah",
        "desa_id": str(world.desa_a1),
        "reporter_name": "Darto Santoso",
        "parties": [{"role": "complainant", "name": "Darto Santoso"}],
    }


# ---- 1. a NUL byte in the login username and in the case search ---------------------------


def test_probe_1_a_nul_in_the_login_username_is_refused_and_nothing_is_written(
    web: Web, runtime: Runtime, db: Db
) -> None:
    web.client.get("/login")
    watch = Watch(runtime)
    response = _form(web, "/login", f"username=pet%00ugas&password={PASSWORD}".encode())
    assert response.status_code == 400, response.text[:300]
    assert "karakter yang tidak sah" in response.text
    assert watch.written() == []
    assert db.count(LoginAttempt) == 0
    _english(web)
    response = _form(web, "/login", f"username=pet%00ugas&password={PASSWORD}".encode())
    assert response.status_code == 400
    assert "invalid characters" in response.text


@pytest.mark.parametrize("url", ["/cases/?q=%00", "/api/cases/?q=%00", "/cases/?q=a%01b"])
def test_probe_1_a_nul_in_the_case_search_is_refused(web: Web, url: str) -> None:
    web.login_as("officer")
    response = web.get(url)
    assert response.status_code == 400, response.text[:300]
    if url.startswith("/api/"):
        assert response.headers["content-type"].startswith(PROBLEM)
        assert "karakter yang tidak sah" in response.json()["detail"]
    else:
        assert "karakter yang tidak sah" in response.text
    _english(web)
    assert "invalid characters" in web.get(url).text


# ---- 2. a version of 140 digits ------------------------------------------------------------


def test_probe_2_a_huge_version_on_the_api_is_refused_beside_the_field(
    web: Web, runtime: Runtime, cases: Cases
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    body = {"version": int(HUGE), "fields": PAYLOADS["assess"]}
    response = _api(web, "POST", f"/api/cases/{case_id}/transitions/assess", body)
    assert response.status_code == 422, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["errors"]["version"] == "Nilainya terlalu besar."
    assert HUGE not in response.text
    assert watch.written() == []


def test_probe_2_the_largest_version_is_a_conflict_with_a_readable_message(
    web: Web, runtime: Runtime, cases: Cases
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    body = {"version": INT64_MAX, "fields": PAYLOADS["assess"]}
    response = _api(web, "POST", f"/api/cases/{case_id}/transitions/assess", body)
    assert response.status_code == 409, response.text[:300]
    assert "sudah diubah orang lain" in response.json()["detail"]
    assert watch.written() == []


@pytest.mark.parametrize("version", [HUGE, str(INT64_MAX + 1), "9" * 5000, "-1", "0"])
def test_probe_2_a_huge_version_on_the_step_form_is_refused_beside_the_field(
    web: Web, runtime: Runtime, cases: Cases, version: str
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    response = web.post(
        f"/cases/{case_id}/steps/assess", {**PAYLOADS["assess"], "version": version}
    )
    assert response.status_code == 422, response.text[:300]
    assert "Versi halaman tidak sah" in response.text
    assert watch.written() == []


def test_probe_2_the_largest_version_on_the_step_form_is_a_conflict(
    web: Web, runtime: Runtime, cases: Cases
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    response = web.post(
        f"/cases/{case_id}/steps/assess", {**PAYLOADS["assess"], "version": str(INT64_MAX)}
    )
    assert response.status_code == 409, response.text[:300]
    assert "sudah diubah orang lain" in response.text
    assert watch.written() == []


# ---- 3. JSON nested 1,000 deep ---------------------------------------------------------------


def test_probe_3_deeply_nested_json_is_refused_on_transitions_and_reporting(
    web: Web, runtime: Runtime, cases: Cases, world: World
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    deep = b'{"version": 1, "fields": {"assessment": ' + b"[" * 1000 + b"]" * 1000 + b"}}"
    for url in (f"/api/cases/{case_id}/transitions/assess", "/api/cases/"):
        response = _api(web, "POST", url, deep)
        assert response.status_code == 400, (url, response.text[:300])
        assert response.headers["content-type"].startswith(PROBLEM)
        assert "terlalu dalam" in response.json()["detail"]
    report = _api_report(world)
    nested: Any = "x"
    for _ in range(40):
        nested = [nested]
    report["title"] = {"a": nested}
    response = _api(web, "POST", "/api/cases/", report)
    assert response.status_code == 400, response.text[:300]
    _english(web)
    response = _api(web, "POST", "/api/cases/", deep)
    assert "nested too deeply" in response.json()["detail"]
    for broken in (b'{"version": 1,', b"\xff\xfe", b'{"a": "\\ud800"}', b"[1, 2"):
        response = _api(web, "POST", "/api/cases/", broken)
        assert response.status_code == 400, (broken, response.status_code)
    assert watch.written() == []


# ---- 4. a NUL in a static file's path ---------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/static/app.css%00.js", "/static/%00", "/cases/%00", "/static/app.css%FF"]
)
def test_probe_4_a_nul_in_a_path_is_refused_for_anyone(web: Web, url: str) -> None:
    response = web.get(url)
    assert response.status_code in (400, 404), response.text[:300]
    assert response.status_code != 500


def test_probe_4_a_nul_in_a_static_path_says_why(web: Web) -> None:
    response = web.get("/static/app.css%00.js")
    assert response.status_code == 400
    assert "karakter yang tidak sah" in response.text


# ---- 5. an unexpected error leaves a traceback and a request id ------------------------------


class Boom(RuntimeError):
    pass


def _force_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from mediasi.cases import queries

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise Boom("secret internals: password=hunter2 at /srv/mediasi")

    monkeypatch.setattr(queries.CaseQueries, "list_cases", explode)


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info and r.exc_info[0] is Boom]


@pytest.mark.parametrize("url", ["/api/cases/", "/cases/"])
def test_probe_5_a_forced_internal_error_is_logged_once_with_its_request_id(
    web: Web, url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    web.login_as("officer")
    _force_an_internal_error(monkeypatch)
    caplog.set_level(logging.INFO)
    response = web.get(url)
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert len(request_id) >= 16
    records = _tracebacks(caplog)
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    assert request_id in records[0].getMessage()
    assert "secret internals" not in response.text
    assert "Boom" not in response.text
    assert "Traceback" not in response.text
    if url.startswith("/api/"):
        assert response.headers["content-type"].startswith(PROBLEM)
        body = response.json()
        assert body["status"] == 500
        assert body["request_id"] == request_id
        assert request_id in body["detail"]
        assert "Terjadi kesalahan" in body["detail"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert request_id in response.text
        assert "Terjadi kesalahan" in response.text
        # The site's own page, with its styles and menu, not the bare fallback.
        assert web.asset("vendor/pico.min.css") in response.text
        assert not [r for r in caplog.records if "error page failed" in r.getMessage()]
        _english(web)
        assert "Something went wrong" in web.get(url).text


def test_probe_5_every_response_carries_a_request_id(web: Web) -> None:
    first = web.get("/login").headers["x-request-id"]
    second = web.get("/login").headers["x-request-id"]
    assert first != second
    assert web.get("/nowhere").headers.get("x-request-id")


# ---- 6. a report form with 1 MiB of distinct unknown fields ----------------------------------


def test_probe_6_a_form_with_too_many_fields_is_refused_quickly_and_briefly(
    web: Web, runtime: Runtime
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    body = b"&".join(b"f%06d=x" % n for n in range(1024 * 1024 // 10))
    assert len(body) < 1024 * 1024
    start = time.perf_counter()
    response = _form(web, "/cases/", body)
    elapsed = time.perf_counter() - start
    assert response.status_code == 400, response.text[:300]
    assert "Terlalu banyak isian" in response.text
    assert len(response.content) < 20_000
    assert elapsed < 1.5, elapsed
    just_over = b"&".join(b"f%d=x" % n for n in range(201))
    assert _form(web, "/cases/", just_over).status_code == 400
    assert watch.written() == []


def test_probe_6_unknown_fields_under_the_limit_are_listed_at_most_five(
    web: Web, runtime: Runtime
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    body = b"&".join(b"unknown%03d=x" % n for n in range(150))
    response = _form(web, "/cases/", body)
    assert response.status_code == 422
    assert response.text.count("unknown0") <= 10  # the form echo aside, a capped list
    assert len(response.content) < 60_000
    assert watch.written() == []


# ---- 7. invalid UTF-8 in an HTML form --------------------------------------------------------


def test_probe_7_invalid_utf8_in_a_form_is_refused_and_not_stored(
    web: Web, runtime: Runtime, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    version = db.case(case_id).version
    body = f"assessment=%FF%FE%FD&risk_level=sedang&version={version}".encode()
    response = _form(web, f"/cases/{case_id}/steps/assess", body)
    assert response.status_code == 400, response.text[:300]
    assert "UTF-8" in response.text
    assert "bukan teks" in response.text
    raw = f"assessment=\xff\xfe&risk_level=sedang&version={version}".encode("latin-1")
    assert _form(web, f"/cases/{case_id}/steps/assess", raw).status_code == 400
    assert watch.written() == []


# ---- 8. JSON sent as text/plain ------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "", "application/jsonx"]
)
def test_probe_8_the_api_takes_json_only_as_application_json(
    web: Web, runtime: Runtime, world: World, content_type: str
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    response = _api(
        web, "POST", "/api/cases/", _api_report(world), **{"content-type": content_type}
    )
    assert response.status_code == 415, response.text[:300]
    assert "application/json" in response.json()["detail"]
    assert watch.written() == []
    ok = _api(
        web, "POST", "/api/cases/", _api_report(world), **{"content-type": "application/json"}
    )
    assert ok.status_code == 201, ok.text[:300]


def test_probe_8_a_form_route_takes_only_its_form_encoding(
    web: Web, runtime: Runtime, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    watch = Watch(runtime)
    version = db.case(case_id).version
    body = {**PAYLOADS["assess"], "version": version}
    response = _api(web, "POST", f"/cases/{case_id}/steps/assess", body)
    assert response.status_code == 415
    assert "Kirim formulir ini" in response.text
    assert watch.written() == []


# ---- 9. forwarded headers and the address throttle -------------------------------------------


def test_probe_9_a_forwarded_header_from_an_untrusted_client_is_ignored(web: Web, db: Db) -> None:
    web.client.get("/login")
    response = web.post(
        "/login",
        {"username": "officer", "password": "salah"},
        headers={"X-Forwarded-For": "203.0.113.8"},
    )
    assert response.status_code == 401
    assert db.count(LoginAttempt, address="testclient") == 1
    assert db.count(LoginAttempt, address="203.0.113.8") == 0


def test_probe_9_failures_against_many_accounts_slow_an_address_but_never_refuse_the_right_password(
    web: Web, db: Db, runtime: Runtime, login_waits: list[float]
) -> None:
    waits = login_waits
    settings = runtime.settings
    for n in range(settings.login_address_accounts + 10):
        assert web.login(f"warga{n:02d}", "salah").status_code == 401
    assert waits[: settings.login_address_accounts] == [0.0] * settings.login_address_accounts
    assert waits[settings.login_address_accounts] == 1.0
    assert max(waits) == settings.login_max_delay_seconds
    waits.clear()
    assert web.login("officer").status_code == 303  # the right password of an untried account
    assert waits == [float(settings.login_max_delay_seconds)]
    assert db.count(LoginAttempt, username="officer", succeeded=True) == 1


def test_probe_9_an_address_under_the_limit_is_not_slowed(
    web: Web, login_waits: list[float]
) -> None:
    waits = login_waits
    for _ in range(4):  # one account, many tries: the account limit's business, not the address's
        web.login("officer", "salah")
    assert web.login("officer_b").status_code == 303
    assert set(waits) == {0.0}


def test_probe_9_a_throttled_account_does_not_lock_its_colleagues(
    app: Litestar, web: Web, runtime: Runtime
) -> None:
    for _ in range(runtime.settings.login_max_attempts):
        assert web.login("officer", "salah").status_code == 401
    assert web.login("officer").status_code == 429
    with another_browser(app) as colleague:  # same address (one NAT), another account
        assert colleague.login("officer_b").status_code == 303


def test_probe_9_a_long_forged_proxy_chain_changes_nothing(web: Web, db: Db) -> None:
    web.client.get("/login")
    response = web.post(
        "/login",
        {"username": "officer", "password": PASSWORD},
        headers={"X-Forwarded-For": ", ".join(["198.51.100.7"] * 100)},
    )
    assert response.status_code == 303
    assert db.count(LoginAttempt, address="testclient", succeeded=True) == 1
