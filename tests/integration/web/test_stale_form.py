"""A form sent with a token that no longer holds is refused in the person's language and
loses nothing: by HTMX, the answer hands the page a fresh token and the same press succeeds;
by a plain post from our own page, the answer holds what was typed, ready to send again; a
forged post from elsewhere gets no such button (both backends)."""

from __future__ import annotations

import html
import json
import re
from uuid import UUID

import pytest

from mediasi.cases.models import Case
from tests.factories import World
from tests.integration.web.conftest import Db, Web, report_form

STALE = "f" * 64  # the shape of a token, signed by nobody
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def _report(world: World) -> dict[str, str]:
    return report_form(
        world,
        title="Sengketa batas sawah <b>Pak Darto</b>",
        description="Patok bergeser dua meter\nsejak panen.",
    )


def test_an_htmx_form_gets_a_fresh_token_and_the_second_press_goes_through(
    web: Web, world: World, db: Db
) -> None:
    web.login_as("officer")
    refused = web.post(
        "/cases", _report(world), csrf=False, htmx=True, headers={"x-csrftoken": STALE}
    )
    assert refused.status_code == 403
    assert "formulirnya kedaluwarsa" in refused.text
    assert "tekan tombolnya sekali lagi" in refused.text
    assert "CSRF" not in refused.text
    assert db.count(Case) == 0
    token = json.loads(refused.headers["hx-trigger"])["mediasi:csrf"]["token"]
    assert web.csrf == token  # the cookie the answer set
    again = web.post(
        "/cases", _report(world), csrf=False, htmx=True, headers={"x-csrftoken": token}
    )
    assert again.status_code == 200
    assert again.headers["hx-redirect"].startswith("/cases/")
    assert db.count(Case) == 1


def test_a_plain_post_from_our_page_comes_back_with_what_was_typed(
    web: Web, world: World, db: Db
) -> None:
    web.login_as("officer")
    sent = _report(world) | {"_csrf_token": STALE}
    refused = web.post("/cases", sent, csrf=False, headers={"sec-fetch-site": "same-origin"})
    assert refused.status_code == 403
    assert "Formulir kedaluwarsa" in refused.text
    assert "<b>Pak Darto</b>" not in refused.text  # what was typed is shown escaped
    fields = {name: html.unescape(value) for name, value in HIDDEN.findall(refused.text)}
    assert fields["_csrf_token"] not in (STALE, "")
    assert {k: v for k, v in fields.items() if k != "_csrf_token"} == _report(world)
    resent = web.post("/cases", fields, csrf=False)  # "Kirim ulang", as the page has it
    assert resent.status_code == 303
    case = db.case(UUID(resent.headers["location"].rsplit("/", 1)[-1]))
    assert case.title == _report(world)["title"]
    assert case.description == _report(world)["description"]


@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-site": "cross-site"}, {"origin": "https://elsewhere.example"}, {}],
)
def test_a_post_from_elsewhere_gets_the_message_and_no_button(
    web: Web, world: World, db: Db, headers: dict[str, str]
) -> None:
    web.login_as("officer")
    refused = web.post(
        "/cases", _report(world) | {"_csrf_token": STALE}, csrf=False, headers=headers
    )
    assert refused.status_code == 403
    assert "Formulir kedaluwarsa" in refused.text
    assert "Kirim ulang" not in refused.text
    assert "Pak Darto" not in refused.text
    assert db.count(Case) == 0


def test_the_refusal_follows_the_language_and_the_api_answers_in_json(
    web: Web, world: World
) -> None:
    web.login_as("officer")
    web.get("/lang/en?next=/")
    page = web.post("/cases", _report(world), csrf=False, htmx=True, headers={"x-csrftoken": STALE})
    assert "press it again" in page.text.lower() or "press the button again" in page.text.lower()
    api = web.client.post(
        "/api/cases",
        json={"title": "x"},
        headers={"x-csrftoken": STALE, "accept": "application/json"},
    )
    assert api.status_code == 403
    assert api.headers["content-type"].startswith("application/problem+json")
    assert "expired" in api.json()["detail"].lower()


def test_an_error_fragment_reloads_the_page_shown_not_the_post_path(web: Web, world: World) -> None:
    web.login_as("officer")
    refused = web.post(
        "/cases/00000000-0000-0000-0000-000000000000/parties",
        {"name": "X"},
        htmx=True,
        headers={"hx-current-url": "http://testserver.local/cases?state=assessed"},
    )
    assert refused.status_code == 404
    assert 'href="/cases?state=assessed"' in refused.text
    assert 'href="/cases/00000000-0000-0000-0000-000000000000/parties"' not in refused.text
