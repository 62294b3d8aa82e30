"""A tokoh signs, and another declines, a frozen agreement on a 360-px phone in Chromium."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Tokoh, User
from mediasi.agreements.drafting import DraftingService
from mediasi.agreements.models import Signature
from mediasi.agreements.queries import AgreementQueries
from mediasi.agreements.schemas import AgreementDraft
from mediasi.cases.models import Party
from mediasi.cases.schemas import TokohInvite
from mediasi.db.base import utcnow
from mediasi.workflow.durations import LOCAL_TZ
from tests.browser.conftest import PHONE, LiveServer, console_errors, log_in, open_page
from tests.factories import PAYLOADS, password_hash

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
# Set MEDIASI_SCREENSHOTS to a folder to keep what the phone showed.
SHOTS = os.environ.get("MEDIASI_SCREENSHOTS")
ANY_VALUE = re.compile(r".*", re.S)  # with not_to_have_attribute: the attribute is absent


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style the CSP refuses (a console error).
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True, caret="initial")


def frozen_agreement(server: LiveServer, mediator: UUID, title: str, **report: Any) -> UUID:
    """A dispute in mediation with ``mediator`` invited, its agreement drafted and frozen
    (``report`` overrides what the case was reported with, its parties for one)."""
    world = server.world
    officer = world.actor("officer")
    with server.runtime.sessions.begin() as session:
        cases = server.runtime.case_service(session)
        case = cases.report(officer, world.report(title=title, **report))
        cases.fire(case.id, "assess", officer, PAYLOADS["assess"], case.version)
        cases.invite_tokoh(case.id, officer, TokohInvite(tokoh_id=mediator), case.version)
        cases.fire(
            case.id, "schedule_mediation", officer, PAYLOADS["schedule_mediation"], case.version
        )
        respondent = session.scalars(
            select(Party).where(Party.case_id == case.id, Party.role == "respondent")
        ).one()
        due = (utcnow().astimezone(LOCAL_TZ) + timedelta(days=30)).date()
        drafting = DraftingService(cases)
        draft = AgreementDraft.model_validate(
            {
                "place": "Balai Desa Ngadilangkung",
                "chronology": "Patok batas sawah dipindah saat musim tanam; kedua pihak "
                "sepakat berdamai di hadapan tokoh agama dan Bhabinkamtibmas.",
                "restitution": "Pelapor menerima ganti rugi tanaman padi yang rusak.",
                "obligations": [
                    {
                        "obligor": f"party:{respondent.id}",
                        "kind": "payment",
                        "description": "Membayar ganti rugi tanaman padi kepada pelapor",
                        "amount": "1500000",
                        "instalments": "3",
                        "due_date": due,
                    },
                    {
                        "obligor": f"party:{respondent.id}",
                        "kind": "return_goods",
                        "description": "Memasang kembali patok batas di tempat semula",
                        "due_date": due - timedelta(days=20),
                    },
                    {
                        "obligor": "all",
                        "kind": "cease",
                        "description": "Tidak saling mengganggu dan menjaga kerukunan",
                        "due_date": due,
                    },
                ],
            }
        )
        version = drafting.save_draft(case.id, officer, draft, case.version)
        drafting.freeze(case.id, officer, version.number, case.version)
        return version.agreement_id


def second_tokoh(server: LiveServer) -> tuple[str, UUID]:
    """Pak Suwarno (kepala desa) with a login of his own, once per server."""
    world = server.world
    with server.runtime.sessions.begin() as session:
        user = session.scalars(select(User).where(User.username == "suwarno")).one_or_none()
        if user is None:
            user = User(
                username="suwarno",
                full_name="Pak Suwarno",
                role="tokoh",
                area_id=world.desa_a1,
                password_hash=password_hash(),
                password_changed_at=utcnow(),
            )
            session.add(user)
            session.flush()
            session.execute(
                update(Tokoh).where(Tokoh.id == world.tokoh_a1_other).values(user_id=user.id)
            )
    return "suwarno", world.tokoh_a1_other


def recorded_as_read(page: Page) -> None:
    """Wait until the page has recorded that the text was opened: on load htmx POSTs
    ``/viewed`` and swaps ``#signer-actions`` for the answer, which no longer asks again. An
    action begun before that swap is lost with the old section (a decline form opened there
    closes under the test's hands). A locator assertion, polled by Playwright itself: a string
    predicate for ``wait_for_function`` would be eval'd in the page, which the CSP forbids."""
    expect(page.locator("#signer-actions")).not_to_have_attribute("hx-post", ANY_VALUE)


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def decisions(server: LiveServer, agreement_id: UUID) -> list[Signature]:
    from mediasi.agreements.models import AgreementVersion

    with server.runtime.sessions() as session:
        versions = select(AgreementVersion.id).where(AgreementVersion.agreement_id == agreement_id)
        return list(session.scalars(select(Signature).where(Signature.version_id.in_(versions))))


def test_a_tokoh_signs_on_a_phone(browser: Browser, server: LiveServer) -> None:
    agreement_id = frozen_agreement(server, server.world.tokoh_a1, "Batas sawah (tanda tangan)")
    page = open_page(browser, PHONE)
    log_in(page, server, "tokoh")
    awaiting = page.locator("#awaiting")
    link = awaiting.locator(f"a[href='/agreements/{agreement_id}']").first
    expect(link).to_be_visible()
    shot(page, "tokoh-home")
    no_sideways_scroll(page)
    link.click()
    page.wait_for_url(f"{server.url}/agreements/{agreement_id}")
    text = page.locator("#agreement-text")
    expect(text).to_contain_text("KESEPAKATAN PERDAMAIAN")
    expect(text).to_contain_text("Pasal 3")
    expect(text).to_contain_text("Darto Santoso")
    expect(text).not_to_contain_text("3507010101010001")
    # The page records that the text was opened, then offers the signature.
    sign = page.locator("#sign-button")
    expect(sign).to_be_visible()
    recorded_as_read(page)
    shot(page, "tokoh-agreement")
    no_sideways_scroll(page)
    sign.scroll_into_view_if_needed()
    with page.expect_navigation():
        sign.click()
    expect(page.locator("#my-status")).to_contain_text("Anda telah menandatangani")
    expect(page.locator("#sign-button")).to_have_count(0)
    shot(page, "tokoh-signed")
    [signature] = decisions(server, agreement_id)
    assert (signature.method, signature.decision, signature.signer_role) == (
        "login",
        "signed",
        "mediator",
    )
    assert "Chrome" in signature.user_agent or "Chromium" in signature.user_agent
    assert signature.ip == "127.0.0.1"
    assert console_errors(page) == []
    page.context.close()


def test_another_tokoh_declines_with_a_reason_on_a_phone(
    browser: Browser, server: LiveServer
) -> None:
    username, tokoh_id = second_tokoh(server)
    agreement_id = frozen_agreement(server, tokoh_id, "Batas sawah (penolakan)")
    page = open_page(browser, PHONE)
    log_in(page, server, username)
    page.goto(f"{server.url}/agreements/{agreement_id}")
    expect(page.locator("#agreement-text")).to_contain_text("Pasal 1")
    recorded_as_read(page)
    page.locator("#decline summary").click()
    reason = page.locator("#decline-form textarea[name=reason]")
    # Too short a reason is answered beside the field, and the page keeps what was typed.
    reason.fill("ok")
    page.locator("#decline-form button[type=submit]").click()
    expect(page.locator("#err-reason")).to_be_visible()
    expect(page.locator("#err-reason")).to_be_in_viewport()
    expect(page.locator("#decline-form textarea[name=reason]")).to_have_value("ok")
    shot(page, "tokoh-decline-error")
    no_sideways_scroll(page)
    page.locator("#decline-form textarea[name=reason]").fill(
        "Jumlah ganti rugi belum disetujui keluarga pelapor."
    )
    with page.expect_navigation():
        page.locator("#decline-form button[type=submit]").click()
    expect(page.locator("#my-status")).to_contain_text("Anda menolak menandatangani")
    expect(page.locator("#my-status")).to_contain_text("belum disetujui keluarga pelapor")
    shot(page, "tokoh-declined")
    [declined] = decisions(server, agreement_id)
    assert declined.decision == "declined"
    assert declined.reason == "Jumlah ganti rugi belum disetujui keluarga pelapor."
    assert console_errors(page) == []
    page.context.close()


def test_the_officer_sees_who_signed(browser: Browser, server: LiveServer) -> None:
    agreement_id = frozen_agreement(server, server.world.tokoh_a1, "Batas sawah (panel)")
    with server.runtime.sessions.begin() as session:
        cases = server.runtime.case_service(session)
        queries = AgreementQueries(cases)
        case, _ = queries.for_signer(agreement_id, Actor(None, "sistem", "system"))
        case_id = case.id
    page = open_page(browser, PHONE)
    log_in(page, server, "officer")
    page.goto(f"{server.url}/cases/{case_id}")
    section = page.locator("#agreement")
    expect(section.locator("#signatories")).to_be_visible()
    expect(section).to_contain_text("Dibekukan — menunggu tanda tangan")
    expect(section.locator(".sign-link")).to_have_count(2)
    shot(page, "officer-case-agreement")
    no_sideways_scroll(page)
    section.locator(".sign-link").first.click()
    page.wait_for_url("**/agreement/sign/**")
    # Passed from hand to hand, the device shows no party's NIK.
    expect(page.locator("#agreement-text")).to_contain_text("NIK: (disamarkan)")
    expect(page.locator("#agreement-text")).not_to_contain_text("3507010101010001")
    page.locator("#f-consent").check()
    page.locator("#f-typed_name").fill("darto santoso")
    shot(page, "officer-sign-in-person")
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.locator("#in-person-form button[type=submit]").click()
    expect(page.locator("#agreement #signatories")).to_contain_text("Ditandatangani")
    expect(page.locator("#agreement-notice")).to_contain_text("Tanda tangan dicatat.")
    assert len(decisions(server, agreement_id)) == 1
    assert console_errors(page) == []
    page.context.close()
