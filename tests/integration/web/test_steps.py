"""Workflow steps on the case page: the step form fragment, firing a step, and every way a
step is refused (wrong fields, a guard, a stale page, a bad version, the wrong person)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from mediasi.db.base import utcnow
from tests.factories import PAYLOADS, World
from tests.integration.web.conftest import Cases, Db, Web, field_error, local_input

SAVED_NOTHING = "Periksa isian yang ditandai; belum ada yang disimpan."
STALE = "sudah diubah orang lain sejak halaman ini dibuka"


def fire(web: Web, case_id: UUID, trigger: str, htmx: bool = True, **fields: Any) -> Any:
    """Post a step as its form does: the fields plus the version the page carries."""
    form = {"version": web.version(case_id), **fields}
    return web.post(f"/cases/{case_id}/steps/{trigger}", form, htmx=htmx)


def test_the_step_form_comes_as_a_fragment(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    response = web.login_as("officer").get(f"/cases/{case_id}/steps/assess", htmx=True)
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith('<div id="step-form">')
    assert "<html" not in html
    assert f'action="/cases/{case_id}/steps/assess"' in html
    assert "<h3>Nilai laporan</h3>" in html
    assert 'name="assessment" id="f-assessment"' in html
    assert re.findall(r'<option value="(\w+)"', html) == ["rendah", "sedang", "tinggi"]
    assert f'name="version" value="{db.case(case_id).version}"' in html


def test_without_htmx_the_step_form_opens_inside_the_whole_page(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    response = web.login_as("officer").get(f"/cases/{case_id}/steps/escalate")
    assert response.status_code == 200
    assert "<html" in response.text
    assert "<h3>Eskalasi ke pengawas</h3>" in response.text
    assert 'name="target" id="f-target"' in response.text


@pytest.mark.parametrize(
    "trigger",
    ["schedule_mediation", "accept_escalation", "resolve", "escalate_overdue", "no_such_step"],
)
def test_a_step_not_open_to_this_user_now_is_409(web: Web, cases: Cases, trigger: str) -> None:
    case_id = cases.report()
    response = web.login_as("officer").get(f"/cases/{case_id}/steps/{trigger}", htmx=True)
    assert response.status_code == 409
    assert f"Langkah &#39;{trigger}&#39; tidak tersedia" in response.text


def test_a_blocked_step_form_says_what_is_missing(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    cases.fire(case_id, "assess")
    page = web.login_as("officer").get(f"/cases/{case_id}")
    assert "Undang dulu sedikitnya satu tokoh sebagai mediator." in page.text  # by the button
    html = web.get(f"/cases/{case_id}/steps/schedule_mediation", htmx=True).text
    assert "Undang dulu sedikitnya satu tokoh sebagai mediator." in html


def test_a_step_moves_the_case_and_records_the_event(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    web.login_as("officer")
    before = db.case(case_id).version
    response = fire(web, case_id, "assess", htmx=False, **PAYLOADS["assess"])
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case_id}"
    case = db.case(case_id)
    assert (case.state, case.risk_level, case.version) == ("assessed", "sedang", before + 1)
    last = db.events(case_id)[-1]
    assert (last.trigger, last.from_state, last.to_state) == ("assess", "reported", "assessed")
    assert last.payload["assessment"] == PAYLOADS["assess"]["assessment"]


def test_an_htmx_step_answers_with_a_client_redirect(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    response = fire(web.login_as("officer"), case_id, "withdraw", reason="Sudah berdamai sendiri.")
    assert response.status_code == 200
    assert response.headers["hx-redirect"] == f"/cases/{case_id}"
    assert db.case(case_id).state == "withdrawn"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        pytest.param({}, {"assessment": "Wajib diisi.", "risk_level": "Wajib diisi."}, id="empty"),
        pytest.param(
            {"assessment": "Layak.", "risk_level": "ekstrem"},
            {"risk_level": "Pilih salah satu: Rendah, Sedang, Tinggi."},
            id="choice",
        ),
        pytest.param(
            {"assessment": "x" * 4001, "risk_level": "rendah"},
            {"assessment": "Terlalu panjang: 4001 karakter, paling banyak 4000."},
            id="too-long",
        ),
        pytest.param(
            {"assessment": "Layak\x07", "risk_level": "rendah"},
            {"assessment": "Mengandung karakter yang tidak sah."},
            id="control-char",
        ),
    ],
)
def test_wrong_step_fields_are_marked_and_nothing_is_written(
    web: Web, cases: Cases, db: Db, fields: dict[str, str], errors: dict[str, str]
) -> None:
    case_id = cases.report()
    before = db.snapshot(case_id)
    response = fire(web.login_as("officer"), case_id, "assess", **fields)
    assert response.status_code == 422
    html = response.text.strip()
    assert html.startswith('<div id="step-form">')
    assert SAVED_NOTHING in html
    for name, message in errors.items():
        assert field_error(html, name) == message
    assert db.snapshot(case_id) == before


def test_a_wrong_date_in_a_step_is_marked(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    cases.fire(case_id, "assess")
    cases.invite(case_id)
    before = db.snapshot(case_id)
    response = fire(
        web.login_as("officer"), case_id, "schedule_mediation", session_at="besok", place="Balai"
    )
    assert response.status_code == 422
    assert field_error(response.text, "session_at") == "Tanggal dan jam tidak sah."
    assert 'value="Balai"' in response.text  # what was typed stays
    assert db.snapshot(case_id) == before


def test_a_field_the_step_does_not_have_is_refused(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    before = db.snapshot(case_id)
    response = fire(
        web.login_as("officer"), case_id, "assess", state="agreed", **PAYLOADS["assess"]
    )
    assert response.status_code == 422
    assert "state: Isian &#39;state&#39; tidak dikenal untuk langkah ini." in response.text
    assert db.snapshot(case_id) == before


def test_a_failed_guard_is_explained_and_nothing_is_written(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    web.login_as("officer")
    respondent = next(p for p in db.parties(case_id) if p.role == "respondent")
    removed = web.post(
        f"/cases/{case_id}/parties/{respondent.id}/delete",
        {"version": web.version(case_id)},
        htmx=True,
    )
    assert removed.status_code == 200
    before = db.snapshot(case_id)
    response = fire(web, case_id, "assess", **PAYLOADS["assess"])
    assert response.status_code == 422
    assert "Catat dulu sedikitnya satu pelapor dan satu terlapor." in response.text
    assert response.text.strip().startswith('<div id="step-form">')
    assert db.snapshot(case_id) == before
    assert db.case(case_id).state == "reported"


def test_a_stale_page_gets_409_with_a_reload_link_and_nothing_is_written(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    seen = web.version(case_id)
    cases.add_party(case_id, name="Saksi Baru")  # someone else changes the case meanwhile
    before = db.snapshot(case_id)
    response = web.post(
        f"/cases/{case_id}/steps/assess", {"version": seen, **PAYLOADS["assess"]}, htmx=True
    )
    assert response.status_code == 409
    assert STALE in response.text
    assert f"(versi {seen}, sekarang {seen + 1})" in response.text
    assert f'<a href="/cases/{case_id}" role="button" class="secondary">Muat ulang</a>' in (
        response.text
    )
    assert db.snapshot(case_id) == before


@pytest.mark.parametrize("scenario", ["taken-meanwhile", "case-closed", "unknown-step"])
def test_a_step_no_longer_open_still_explains_the_409(
    web: Web, cases: Cases, db: Db, scenario: str
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    seen = web.version(case_id)
    trigger, expected = "assess", STALE
    if scenario == "taken-meanwhile":
        cases.fire(case_id, "assess")  # a colleague assessed it a moment ago
    elif scenario == "case-closed":
        cases.fire(case_id, "withdraw")
        seen, expected = db.case(case_id).version, "Perkara sudah selesai"
    else:
        trigger, expected = "no_such_step", "tidak tersedia"
    before = db.snapshot(case_id)
    response = web.post(
        f"/cases/{case_id}/steps/{trigger}", {"version": seen, **PAYLOADS["assess"]}, htmx=True
    )
    assert response.status_code == 409
    assert db.snapshot(case_id) == before
    assert expected in response.text


@pytest.mark.parametrize("version", [None, "", "abc", "0", "-2", "1.5"])
def test_a_missing_or_garbage_version_is_422(
    web: Web, cases: Cases, db: Db, version: str | None
) -> None:
    case_id = cases.report()
    before = db.snapshot(case_id)
    form = {**PAYLOADS["assess"], **({"version": version} if version is not None else {})}
    response = web.login_as("officer").post(f"/cases/{case_id}/steps/assess", form, htmx=True)
    assert response.status_code == 422
    assert "Versi halaman tidak sah; muat ulang halaman." in response.text
    assert db.snapshot(case_id) == before


@pytest.mark.parametrize(
    ("username", "invited", "status", "message"),
    [
        ("tokoh", True, 403, "tidak berwenang mengubahnya"),
        ("tokoh", False, 404, "Perkara tidak ditemukan."),
        ("officer_b", False, 404, "Perkara tidak ditemukan."),
        ("supervisor", False, 403, "Peran &#39;supervisor&#39; tidak berwenang"),
        ("admin", False, 404, "Perkara tidak ditemukan."),
    ],
)
def test_who_may_not_take_the_step_is_refused(
    web: Web,
    cases: Cases,
    db: Db,
    username: str,
    invited: bool,
    status: int,
    message: str,
) -> None:
    case_id = cases.report()
    if invited:
        cases.invite(case_id)
    before = db.snapshot(case_id)
    web.login_as(username)
    form = {"version": db.case(case_id).version, **PAYLOADS["assess"]}
    response = web.post(f"/cases/{case_id}/steps/assess", form, htmx=True)
    assert response.status_code == status
    assert message in response.text
    assert db.snapshot(case_id) == before


def test_a_sengketa_walks_to_referral_through_the_web(
    web: Web, cases: Cases, db: Db, world: World
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    assert fire(web, case_id, "assess", **PAYLOADS["assess"]).status_code == 200

    invited = web.post(
        f"/cases/{case_id}/tokoh",
        {"version": web.version(case_id), "tokoh_id": str(world.tokoh_a1), "role": "mediator"},
        htmx=True,
    )
    assert invited.status_code == 200

    first_at = utcnow() - timedelta(hours=3)
    scheduled = fire(
        web, case_id, "schedule_mediation", session_at=local_input(first_at), place="Balai desa"
    )
    assert scheduled.headers["hx-redirect"] == f"/cases/{case_id}"
    [session_id] = re.findall(r'id="session-([0-9a-f-]{36})"', web.case_page(case_id).text)

    recorded = web.post(
        f"/cases/{case_id}/sessions/{session_id}",
        {
            "version": web.version(case_id),
            "outcome": "failed",
            "held_at": local_input(first_at + timedelta(minutes=30)),
            "attendees": "Darto, Slamet, KH. Abdul Rohman",
            "minutes": "Para pihak belum sepakat soal letak patok.",
        },
        htmx=True,
    )
    assert recorded.status_code == 200

    rescheduled = fire(
        web,
        case_id,
        "reschedule",
        session_at=local_input(utcnow() + timedelta(days=2)),
        place="Rumah kepala desa",
        note="Menunggu pengukuran ulang.",
    )
    assert rescheduled.status_code == 200
    escalated = fire(web, case_id, "escalate", **PAYLOADS["escalate"])
    assert escalated.status_code == 200
    assert db.case(case_id).state == "escalated"

    web.login_as("supervisor")
    page = web.case_page(case_id).text
    assert set(re.findall(r'data-trigger="([a-z_]+)"', page)) == {
        "accept_escalation",
        "return_escalation",
    }
    accepted = fire(web, case_id, "accept_escalation", **PAYLOADS["accept_escalation"])
    assert accepted.headers["hx-redirect"] == f"/cases/{case_id}"

    case = db.case(case_id)
    assert (case.state, case.is_final, case.due_at) == ("referred", True, None)
    assert [e.trigger for e in db.events(case_id)][-7:] == [
        "assess",
        "tokoh.invited",
        "schedule_mediation",
        "session.recorded",
        "reschedule",
        "escalate",
        "accept_escalation",
    ]
    assert [s.status for s in db.sessions(case_id)] == ["failed", "scheduled"]
    assert "Perkara ini sudah selesai." in web.case_page(case_id).text


def test_a_supervisor_returns_an_escalation_to_the_officer(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    cases.fire(case_id, "escalate")
    web.login_as("officer")
    assert web.get(f"/cases/{case_id}/steps/return_escalation", htmx=True).status_code == 409
    web.login_as("supervisor")
    response = fire(web, case_id, "return_escalation", htmx=False, **PAYLOADS["return_escalation"])
    assert response.status_code == 303
    case = db.case(case_id)
    assert case.state == "assessed"
    assert case.due_at is not None
    assert case.due_at > utcnow() + timedelta(days=6)
    assert db.events(case_id)[-1].payload == PAYLOADS["return_escalation"]


def test_a_complaint_is_followed_up_and_resolved(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.complaint()
    web.login_as("officer")
    assert fire(web, case_id, "follow_up", **PAYLOADS["follow_up"]).status_code == 200
    assert db.case(case_id).state == "in_progress"
    assert fire(web, case_id, "resolve", **PAYLOADS["resolve"]).status_code == 200
    case = db.case(case_id)
    assert (case.state, case.is_final) == ("resolved", True)
    assert [e.trigger for e in db.events(case_id)][-2:] == ["follow_up", "resolve"]
