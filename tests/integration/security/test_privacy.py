"""NIK and phone numbers: masked on every page that lists them, absent for a tokoh, never in a
log. A case out of one's scope does not exist (404); an action one may see but not take is
refused (403) with a page that says so."""

from __future__ import annotations

import logging
from datetime import timedelta
from uuid import UUID

import pytest
from litestar import Litestar

from mediasi.cases.schemas import PartyInput
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.web.masking import mask_nik, mask_phone
from tests.factories import PAYLOADS, World
from tests.integration.security.conftest import (
    Cases,
    Db,
    Web,
    another_browser,
    local_input,
)
from tests.writes import Watch

NIK = "3507010101010001"
NIK_2 = "3507020202020002"
PHONE = "081234567890"
PHONE_2 = "087811112222"
REPORTER_PHONE = "085712345678"
ADDRESS = "Jl. Mawar No. 7 RT 02"
SECRETS = (NIK, NIK_2, PHONE, PHONE_2, REPORTER_PHONE)
NOT_FOUND = "Perkara tidak ditemukan."
MAY_NOT = "tidak berwenang"


def _case(cases: Cases, world: World) -> UUID:
    return cases.report(
        reporter_phone=REPORTER_PHONE,
        parties=[
            PartyInput(role="complainant", name="Darto Santoso", nik=NIK, address=ADDRESS),
            PartyInput(role="respondent", name="Slamet Wibowo", nik=NIK_2, phone=PHONE),
        ],
    )


def _assert_no_secret(html: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in html, f"{secret} shown in full on {where}"


def test_nik_and_phone_are_masked_on_every_page_that_lists_them(
    app: Litestar, web: Web, cases: Cases, world: World
) -> None:
    case_id = _case(cases, world)
    escalated = _case(cases, world)
    cases.fire(escalated, "escalate")  # so it waits on the supervisor's desk
    web.login_as("officer")
    for url in ("/", "/cases", "/cases?q=Darto", f"/cases/{case_id}", f"/cases/{escalated}"):
        page = web.get(url)
        assert page.status_code == 200, url
        _assert_no_secret(page.text, f"the officer's {url}")
    page = web.case_page(case_id).text
    assert mask_nik(NIK) == "3507********0001"
    assert mask_nik(NIK) in page
    assert mask_nik(NIK_2) in page
    assert mask_phone(PHONE) == "0812****7890"
    assert mask_phone(PHONE) in page
    assert "Darto Santoso" in page  # the parties are there, only their numbers are masked

    with another_browser(app) as supervisor:
        supervisor.login_as("supervisor")
        for url in ("/", "/cases", "/supervision", f"/cases/{case_id}", f"/cases/{escalated}"):
            page = supervisor.get(url)
            assert page.status_code == 200, url
            _assert_no_secret(page.text, f"the supervisor's {url}")
        assert "Sengketa batas sawah" in supervisor.get("/supervision").text


def test_a_tokoh_sees_no_nik_phone_or_address_at_all(
    app: Litestar, cases: Cases, world: World, web: Web
) -> None:
    case_id = _case(cases, world)
    cases.invite(case_id, world.tokoh_a1)  # the tokoh with a login
    web.login_as("tokoh")
    page = web.case_page(case_id).text
    assert "Darto Santoso" in page
    _assert_no_secret(page, "the tokoh's case page")
    for shown in (mask_nik(NIK), mask_nik(NIK_2), mask_phone(PHONE), "NIK", ADDRESS, "****"):
        assert shown not in page, shown
    for url in ("/", "/cases"):
        listing = web.get(url)
        assert listing.status_code == 200
        _assert_no_secret(listing.text, f"the tokoh's {url}")


def _walk_a_case_through_the_web(app: Litestar, world: World, db: Db) -> UUID:
    """Report with parties → add and edit a party → assess → invite → schedule → record →
    escalate → the supervisor accepts: every form a person fills with these numbers."""
    with another_browser(app) as web:
        web.login_as("officer")
        response = web.post(
            "/cases",
            {
                "workflow": "sengketa",
                "category": "utang_piutang",
                "title": "Utang tidak dibayar",
                "desa_id": str(world.desa_a1),
                "reporter_name": "Darto Santoso",
                "reporter_phone": REPORTER_PHONE,
                "party_0_role": "complainant",
                "party_0_name": "Darto Santoso",
                "party_0_nik": NIK,
                "party_0_address": ADDRESS,
                "party_1_role": "respondent",
                "party_1_name": "Slamet Wibowo",
                "party_1_phone": PHONE,
            },
        )
        assert response.status_code == 303, response.text[:300]
        case_id = UUID(response.headers["location"].rsplit("/", 1)[1])
        added = {"role": "witness", "name": "Saksi Mata", "nik": NIK_2, "phone": PHONE_2}
        form = {"version": web.version(case_id), **added}
        assert web.post(f"/cases/{case_id}/parties", form).status_code == 303
        party = next(p for p in db.parties(case_id) if p.role == "witness")
        form = {"version": web.version(case_id), **added, "phone": "0878 1111 2222"}
        assert web.post(f"/cases/{case_id}/parties/{party.id}", form).status_code == 303
        # A wrong NIK is refused: its error page must not log the number either.
        form = {"version": web.version(case_id), **added, "nik": NIK + "9"}
        assert web.post(f"/cases/{case_id}/parties", form).status_code == 422

        def step(trigger: str, **fields: str) -> None:
            form = {"version": web.version(case_id), **PAYLOADS.get(trigger, {}), **fields}
            response = web.post(f"/cases/{case_id}/steps/{trigger}", form)
            assert response.status_code == 303, (trigger, response.text[:300])

        step("assess")
        form = {"version": web.version(case_id), "tokoh_id": str(world.tokoh_a1)}
        assert web.post(f"/cases/{case_id}/tokoh", form).status_code == 303
        step("schedule_mediation", session_at=local_input(utcnow() + timedelta(days=1)))
        session_id = db.sessions(case_id)[0].id
        form = {
            "version": web.version(case_id),
            "outcome": "failed",
            "held_at": local_input(utcnow() - timedelta(hours=1)),
            "attendees": "Para pihak",
            "minutes": "Belum sepakat.",
        }
        assert web.post(f"/cases/{case_id}/sessions/{session_id}", form).status_code == 303
        step("escalate")
    with another_browser(app) as supervisor:
        supervisor.login_as("supervisor")
        assert supervisor.get("/supervision").status_code == 200
        form = {"version": supervisor.version(case_id), **PAYLOADS["accept_escalation"]}
        response = supervisor.post(f"/cases/{case_id}/steps/accept_escalation", form)
        assert response.status_code == 303
        assert supervisor.get(f"/cases/{case_id}/trail").status_code == 200
    assert db.case(case_id).state == "referred"
    return case_id


def _logged_secrets(caplog: pytest.LogCaptureFixture) -> list[str]:
    leaks = []
    for record in caplog.records:
        text = " ".join(
            [record.getMessage(), repr(record.args), record.exc_text or "", str(record.msg)]
        )
        digits = text.replace(" ", "").replace("-", "")
        leaks.extend(
            f"{record.name}: {secret}" for secret in SECRETS if secret in text or secret in digits
        )
    return leaks


def _log_everything_at_debug(caplog: pytest.LogCaptureFixture, *, but: tuple[str, ...]) -> None:
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        if not name.startswith(but):
            caplog.set_level(logging.DEBUG, logger=name)


def test_no_nik_or_phone_reaches_the_log_of_the_app(
    app: Litestar, world: World, db: Db, caplog: pytest.LogCaptureFixture
) -> None:
    """Every logger at DEBUG but SQLAlchemy's statement echo (see the test below)."""
    _log_everything_at_debug(caplog, but=("sqlalchemy",))
    _walk_a_case_through_the_web(app, world, db)
    assert any(r.name == "mediasi.auth" for r in caplog.records)  # the log was captured
    assert _logged_secrets(caplog) == []


def test_no_nik_or_phone_reaches_the_log_even_with_sql_logging_on(
    app: Litestar, world: World, db: Db, caplog: pytest.LogCaptureFixture
) -> None:
    _log_everything_at_debug(caplog, but=())
    _walk_a_case_through_the_web(app, world, db)
    assert any(r.name.startswith("sqlalchemy") for r in caplog.records)
    assert _logged_secrets(caplog) == []


# ---- scope: 404 outside it, 403 for what one may see but not do -----------------------------


def test_a_case_outside_ones_scope_is_answered_404_as_if_it_did_not_exist(
    app: Litestar, web: Web, cases: Cases, db: Db, world: World
) -> None:
    case_id = cases.mediated()
    party_id = db.parties(case_id)[0].id
    before = db.snapshot(case_id)
    for who in ("officer_b", "supervisor_b"):
        with another_browser(app) as other:
            other.login_as(who)
            for url in (
                f"/cases/{case_id}",
                f"/cases/{case_id}/steps/escalate",
                f"/cases/{case_id}/parties/{party_id}/edit",
                f"/cases/{case_id}/trail",
            ):
                page = other.get(url)
                assert page.status_code == 404, (who, url)
                assert NOT_FOUND in page.text, (who, url)
                assert "Sengketa batas sawah" not in page.text
                _assert_no_secret(page.text, url)
            for url, form in (
                (f"/cases/{case_id}/parties", {"role": "witness", "name": "Penyusup"}),
                (f"/cases/{case_id}/steps/escalate", PAYLOADS["escalate"]),
            ):
                response = other.post(url, {"version": db.case(case_id).version, **form})
                assert response.status_code == 404, (who, url)
                assert NOT_FOUND in response.text
            api = other.get(f"/api/cases/{case_id}")
            assert api.status_code == 404
            assert api.json()["detail"] == NOT_FOUND
    assert db.snapshot(case_id) == before


def test_a_tokoh_may_see_the_case_but_a_step_is_refused_403_with_a_page_that_says_so(
    web: Web, cases: Cases, db: Db, world: World, runtime: Runtime
) -> None:
    case_id = cases.report()
    cases.invite(case_id, world.tokoh_a1)
    web.login_as("tokoh")
    page = web.case_page(case_id).text
    assert 'action="/cases/' not in page.split('id="timeline"')[0]  # no form offered
    watch = Watch(runtime)
    version = db.case(case_id).version
    for url, form in (
        (f"/cases/{case_id}/steps/assess", PAYLOADS["assess"]),
        (f"/cases/{case_id}/steps/escalate", PAYLOADS["escalate"]),
        (f"/cases/{case_id}/parties", {"role": "witness", "name": "Saksi Tokoh"}),
    ):
        response = web.post(url, {"version": version, **form})
        assert response.status_code == 403, (url, response.status_code)
        assert MAY_NOT in response.text, url
        assert "403" in response.text
    htmx = web.post(
        f"/cases/{case_id}/steps/assess", {"version": version, **PAYLOADS["assess"]}, htmx=True
    )
    assert htmx.status_code == 403
    assert MAY_NOT in htmx.text
    assert watch.written() == []
