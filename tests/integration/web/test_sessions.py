"""Recording how a mediation session went, from the case page, and the refusals its two
forms (record and move) share."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from mediasi.db.base import utcnow
from tests.integration.web.conftest import Cases, Db, Web, field_error, local_input
from tests.integration.web.test_session_move import move_form

STALE = "sudah diubah orang lain sejak halaman ini dibuka"


@pytest.fixture
def mediated(cases: Cases) -> UUID:
    return cases.mediated()


def outcome_form(web: Web, case_id: UUID, **fields: Any) -> dict[str, Any]:
    base = {
        "outcome": "failed",
        "held_at": local_input(utcnow() - timedelta(hours=2)),
        "attendees": "Darto, Slamet, KH. Abdul Rohman",
        "minutes": "Belum ada titik temu soal patok.",
    }
    return {"version": web.version(case_id), **base, **fields}


def test_the_case_page_offers_the_outcome_form_for_a_scheduled_session(
    web: Web, mediated: UUID, db: Db
) -> None:
    [session] = db.sessions(mediated)
    html = web.login_as("officer").case_page(mediated).text
    assert f'id="session-{session.id}"' in html
    assert f'hx-post="/cases/{mediated}/sessions/{session.id}"' in html
    assert "Catat hasil sesi" in html


def test_recording_an_outcome(web: Web, mediated: UUID, db: Db) -> None:
    [session] = db.sessions(mediated)
    web.login_as("officer")
    before = db.case(mediated).version
    response = web.post(
        f"/cases/{mediated}/sessions/{session.id}", outcome_form(web, mediated), htmx=True
    )
    assert response.status_code == 200
    assert response.headers["hx-retarget"] == "#case-body"
    html = response.text
    assert html.strip().startswith('<div id="case-body">')
    assert '<span class="badge">Gagal</span>' in html
    assert "Belum ada titik temu soal patok." in html
    [saved] = db.sessions(mediated)
    assert (saved.status, saved.attendees) == ("failed", "Darto, Slamet, KH. Abdul Rohman")
    assert saved.held_at is not None
    assert db.case(mediated).version == before + 1
    assert db.events(mediated)[-1].trigger == "session.recorded"
    # A failed session opens the reschedule step.
    assert f'href="/cases/{mediated}/steps/reschedule"' in web.case_page(mediated).text


def test_recording_without_htmx_redirects_to_the_case(web: Web, mediated: UUID, db: Db) -> None:
    [session] = db.sessions(mediated)
    web.login_as("officer")
    form = outcome_form(web, mediated, outcome="postponed")
    response = web.post(f"/cases/{mediated}/sessions/{session.id}", form)
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{mediated}"
    assert db.sessions(mediated)[0].status == "postponed"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param({"held_at": "future"}, "held_at", "Waktu sesi belum terjadi.", id="future"),
        pytest.param(
            {"held_at": "kemarin sore"}, "held_at", "Tanggal dan jam tidak sah.", id="date"
        ),
        pytest.param({"outcome": "menang"}, "outcome", "Pilihan tidak dikenal.", id="outcome"),
        pytest.param({"attendees": ""}, "attendees", "Terlalu pendek.", id="attendees"),
        pytest.param(
            {"minutes": "x" * 8001},
            "minutes",
            "Terlalu panjang: 8001 karakter, paling banyak 8000.",
            id="minutes",
        ),
    ],
)
def test_a_wrong_outcome_is_marked_and_nothing_is_written(
    web: Web, mediated: UUID, db: Db, fields: dict[str, str], field: str, message: str
) -> None:
    [session] = db.sessions(mediated)
    if fields.get("held_at") == "future":
        fields = {"held_at": local_input(utcnow() + timedelta(days=1))}
    web.login_as("officer")
    before = db.snapshot(mediated)
    form = outcome_form(web, mediated, **fields)
    response = web.post(f"/cases/{mediated}/sessions/{session.id}", form, htmx=True)
    assert response.status_code == 422
    html = response.text.strip()
    assert html.startswith('<section id="sessions">')
    assert "<details open>" in html
    assert field_error(html, field) == message
    assert db.snapshot(mediated) == before
    assert db.sessions(mediated)[0].held_at is None


def test_recording_a_session_twice_is_409(web: Web, mediated: UUID, db: Db) -> None:
    [session] = db.sessions(mediated)
    web.login_as("officer")
    url = f"/cases/{mediated}/sessions/{session.id}"
    assert web.post(url, outcome_form(web, mediated), htmx=True).status_code == 200
    before = db.snapshot(mediated)
    again = web.post(url, outcome_form(web, mediated, outcome="agreed"), htmx=True)
    assert again.status_code == 409
    assert "Sesi ini sudah dicatat." in again.text
    assert db.snapshot(mediated) == before
    assert db.sessions(mediated)[0].status == "failed"


# The refusals both session forms share: recording how it went and moving it.
FORMS = {
    "record": ("", lambda web, case_id: outcome_form(web, case_id)),
    "move": ("/move", lambda web, case_id: move_form(web, case_id)),
}


@pytest.mark.parametrize("form_name", FORMS)
def test_a_session_form_on_a_stale_page_is_409(
    web: Web, cases: Cases, mediated: UUID, db: Db, form_name: str
) -> None:
    suffix, build = FORMS[form_name]
    [session] = db.sessions(mediated)
    web.login_as("officer")
    form = build(web, mediated)
    cases.add_party(mediated)
    before = db.snapshot(mediated)
    response = web.post(f"/cases/{mediated}/sessions/{session.id}{suffix}", form, htmx=True)
    assert response.status_code == 409
    assert response.headers["hx-retarget"] == "#case-body"
    assert STALE in response.text
    assert db.snapshot(mediated) == before


@pytest.mark.parametrize("form_name", FORMS)
def test_a_session_of_another_case_is_404(
    web: Web, cases: Cases, mediated: UUID, db: Db, form_name: str
) -> None:
    suffix, build = FORMS[form_name]
    other = cases.mediated()
    [foreign] = db.sessions(other)
    web.login_as("officer")
    before = db.snapshot(other)
    for session_id in (foreign.id, uuid4()):
        url = f"/cases/{mediated}/sessions/{session_id}{suffix}"
        response = web.post(url, build(web, mediated), htmx=True)
        assert response.status_code == 404
        assert "Sesi mediasi tidak ditemukan." in response.text
    assert db.snapshot(other) == before
    assert db.sessions(other)[0].status == "scheduled"


@pytest.mark.parametrize("form_name", FORMS)
@pytest.mark.parametrize(("username", "status"), [("tokoh", 403), ("officer_b", 404)])
def test_who_may_not_change_the_case_cannot_use_a_session_form(
    web: Web, mediated: UUID, db: Db, username: str, status: int, form_name: str
) -> None:
    suffix, build = FORMS[form_name]
    [session] = db.sessions(mediated)
    web.login_as("officer")
    form = build(web, mediated)
    before = db.snapshot(mediated)
    web.login_as(username)
    response = web.post(f"/cases/{mediated}/sessions/{session.id}{suffix}", form, htmx=True)
    assert response.status_code == status
    assert db.snapshot(mediated) == before
