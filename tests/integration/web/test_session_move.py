"""Moving a mediation session that has not been held, from the case page, on both backends:
the new time and place are kept and told to everyone invited; a wrong, past, unchanged or
hostile value is marked beside its field and changes nothing. (The refusals shared with the
record form — stale page, foreign session, no right — are in test_sessions.py.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select

from mediasi.db.base import utcnow
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.integration.web.conftest import Cases, Db, Web, field_error, local_input


@pytest.fixture
def mediated(cases: Cases) -> UUID:
    return cases.mediated()


def move_form(web: Web, case_id: UUID, **fields: Any) -> dict[str, Any]:
    base = {
        "session_at": local_input(utcnow() + timedelta(days=10)),
        "place": "Masjid Al-Ikhlas",
    }
    return {"version": web.version(case_id), **base, **fields}


def moved_messages(runtime: Runtime, case_id: UUID) -> list[Message]:
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Message).where(Message.case_id == case_id, Message.kind == "session_moved")
            )
        )


def test_the_officer_moves_a_session_and_everyone_invited_is_told(
    web: Web, mediated: UUID, db: Db, runtime: Runtime
) -> None:
    [session] = db.sessions(mediated)
    web.login_as("officer")
    page = web.case_page(mediated).text
    assert f'action="/cases/{mediated}/sessions/{session.id}/move"' in page
    assert "Pindah jadwal" in page
    # The form starts from the time and place as they stand.
    assert f'value="{local_input(session.scheduled_at)}"' in page
    new_time = utcnow().astimezone(LOCAL_TZ).replace(second=0, microsecond=0) + timedelta(days=10)
    form = move_form(web, mediated, session_at=local_input(new_time))

    response = web.post(f"/cases/{mediated}/sessions/{session.id}/move", form, htmx=True)

    assert response.status_code == 200
    assert "Masjid Al-Ikhlas" in response.text
    assert "Jadwal sesi mediasi dipindah" in response.text  # in the timeline
    [moved] = db.sessions(mediated)
    assert (moved.status, moved.place) == ("scheduled", "Masjid Al-Ikhlas")
    assert moved.scheduled_at == new_time
    event = db.events(mediated)[-1]
    assert event.trigger == "session.moved"
    assert event.payload["previous_at"] == session.scheduled_at.isoformat(timespec="minutes")
    assert event.payload["previous_place"] == session.place
    told = {m.recipient_name for m in moved_messages(runtime, mediated)}
    assert told == {"KH. Abdul Rohman", "Darto Santoso", "Slamet Wibowo"}


def test_moving_without_htmx_redirects_to_the_case(web: Web, mediated: UUID, db: Db) -> None:
    [session] = db.sessions(mediated)
    web.login_as("officer")
    response = web.post(f"/cases/{mediated}/sessions/{session.id}/move", move_form(web, mediated))
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{mediated}"
    assert db.sessions(mediated)[0].place == "Masjid Al-Ikhlas"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"session_at": "past"},
            "session_at",
            "Waktu sesi yang baru harus nanti, bukan lampau.",
            id="past",
        ),
        pytest.param(
            {"session_at": "same", "place": "same"},
            "session_at",
            "Waktu dan tempat sama dengan jadwal sekarang.",
            id="unchanged",
        ),
        pytest.param(
            {"session_at": "besok <b>pagi</b>"},
            "session_at",
            "Tanggal dan jam tidak sah.",
            id="text",
        ),
        pytest.param({"session_at": ""}, "session_at", "Tanggal dan jam tidak sah.", id="empty"),
        pytest.param(
            {"session_at": "99999-12-31T09:00"},
            "session_at",
            "Tanggal dan jam tidak sah.",
            id="huge",
        ),
        pytest.param({"place": ""}, "place", "Terlalu pendek.", id="no"),
        pytest.param(
            {"place": "Balai\x00desa"}, "place", "Mengandung karakter yang tidak sah.", id="nul"
        ),
        pytest.param(
            {"place": "x" * 201},
            "place",
            "Terlalu panjang: 201 karakter, paling banyak 200.",
            id="oversized",
        ),
        pytest.param(
            {"place": "Balai\ndesa"}, "place", "Tidak boleh lebih dari satu baris.", id="two-lines"
        ),
    ],
)
def test_a_wrong_new_time_or_place_is_marked_and_nothing_changes(
    web: Web,
    mediated: UUID,
    db: Db,
    runtime: Runtime,
    fields: dict[str, str],
    field: str,
    message: str,
) -> None:
    [session] = db.sessions(mediated)
    if fields.get("session_at") == "past":
        fields = {"session_at": local_input(utcnow() - timedelta(hours=1))}
    if fields.get("place") == "same":
        fields = {"session_at": local_input(session.scheduled_at), "place": session.place}
    web.login_as("officer")
    before = db.snapshot(mediated)
    form = move_form(web, mediated, **fields)
    response = web.post(f"/cases/{mediated}/sessions/{session.id}/move", form, htmx=True)
    assert response.status_code == 422
    html = response.text.strip()
    assert html.startswith('<section id="sessions">')
    assert field_error(html, field) == message
    # The move form is the one open again, with what was typed kept.
    assert html.count("<details open>") == 1
    assert html.index("<details open>") > html.index("Simpan hasil")
    assert db.snapshot(mediated) == before
    assert db.sessions(mediated)[0].scheduled_at == session.scheduled_at
    assert moved_messages(runtime, mediated) == []


def test_a_held_session_cannot_be_moved(web: Web, cases: Cases, mediated: UUID, db: Db) -> None:
    [session] = db.sessions(mediated)
    cases.record_session(mediated)
    web.login_as("officer")
    before = db.snapshot(mediated)
    response = web.post(
        f"/cases/{mediated}/sessions/{session.id}/move", move_form(web, mediated), htmx=True
    )
    assert response.status_code == 409
    assert "Sesi ini sudah dicatat." in response.text
    assert db.snapshot(mediated) == before
    assert "Pindah jadwal" not in web.case_page(mediated).text
