"""A minor offence through restorative justice on a 360-px phone: reported, checked eligible,
the victim's consent, clarification, mediation, the signed peace, restoration, the
supervisor's approval and registration with the penyidik (UU 20/2025 Pasal 79-88, Perpol
8/2021); and a case the checklist rules out, stopped with the article that stops it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, LiveServer, console_errors, log_in, open_page
from tests.browser.test_officer_journey import _invite_mediator, _local, _state, _step
from tests.browser.test_tokoh_signs import no_sideways_scroll, recorded_as_read, shot
from tests.integration.restorative.walk import eligible

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

VICTIM, OFFENDER = "Sri Wahyuni", "Joko Prasetyo"


def _report(page: Page, server: LiveServer, title: str, offender_nik: str) -> None:
    """The victim's report through the new-case form, both parties with their NIK."""
    page.goto(f"{server.url}/cases/new")
    page.select_option("#f-workflow", "keadilan_restoratif")
    page.select_option("#f-category", "pencurian")
    page.select_option("#f-desa_id", label="Ngadilangkung")
    page.fill("#f-title", title)
    page.fill("#f-description", "Telepon genggam korban diambil dari warung saat ramai pembeli.")
    page.fill("#f-reporter_name", VICTIM)
    page.fill("#party_0_name", VICTIM)
    page.fill("#party_0_nik", "3507015505800001")
    page.select_option("#party_1_role", "respondent")
    page.fill("#party_1_name", OFFENDER)
    page.fill("#party_1_nik", offender_nik)
    page.click("#report-form button[type=submit]")
    page.wait_for_url(f"{server.url}/cases/*")
    expect(page.locator("h1")).to_have_text(title)
    expect(_state(page)).to_have_text("Dilaporkan", use_inner_text=True)


def _check(page: Page, server: LiveServer, changed: dict[str, str]) -> None:
    """The eligibility checklist answered item by item: the eligible way, but ``changed``."""
    page.click("#steps a[data-trigger=check_eligibility]")
    form = page.locator("#step-form form")
    expect(form).to_be_visible()
    shot(page, "rj-checklist-phone")
    no_sideways_scroll(page)
    form.locator("[name=offence]").fill("Pasal 476 KUHP (pencurian)")
    for key, answer in (eligible(server.runtime) | changed).items():
        form.locator(f"input[name='eligibility.{key}'][value={answer}]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(_state(page)).to_have_text("Kelayakan diperiksa", use_inner_text=True)


def _victim_consents(page: Page) -> None:
    """The victim reads the statement on the officer's phone and signs it herself."""
    consent = page.locator("#consent")
    consent.locator("summary", has_text="Catat persetujuan korban").click()
    shot(page, "rj-consent-phone")
    consent.locator("input[name=voluntary]").check()
    consent.locator("input[name=uncoerced]").check()
    consent.locator("input[name=typed_name]").fill(VICTIM)
    consent.get_by_role("button", name="Tanda tangani persetujuan").click()
    expect(page.locator("#consent")).to_contain_text("Persetujuan diberikan")
    page.reload()  # the steps the consent opened


def _draft_and_freeze(page: Page, server: LiveServer) -> None:
    page.locator("#agreement-draft").click()
    page.wait_for_url("**/agreement/edit")
    page.fill("#f-place", "Balai Desa Ngadilangkung")
    page.fill("#f-chronology", "Terlapor mengambil telepon korban; keduanya sepakat berdamai.")
    page.select_option("#ob_0_obligor", label=OFFENDER)
    page.select_option("#ob_0_kind", "return_goods")
    page.fill("#ob_0_description", "Mengembalikan telepon genggam kepada korban")
    page.fill("#ob_0_due_date", (datetime.now() + timedelta(days=7)).strftime("%Y-%m-%d"))
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_url(f"{server.url}/cases/*")
    page.locator("#freeze-form summary").click()
    page.locator("#freeze-form").get_by_role("button", name="Ya, bekukan").click()
    expect(page.locator("#agreement")).to_contain_text("Dibekukan — menunggu tanda tangan")


def _parties_sign(page: Page) -> None:
    """Victim and offender each sign on the officer's device."""
    for name in (VICTIM, OFFENDER):
        page.locator("#agreement .sign-link").first.click()
        page.wait_for_url("**/agreement/sign/**")
        page.locator("#f-consent").check()
        page.locator("#f-typed_name").fill(name)
        with page.expect_navigation():
            page.locator("#in-person-form button[type=submit]").click()
        expect(page.locator("#signatories li", has_text=name)).to_contain_text("Ditandatangani")


def _tokoh_signs(browser: Browser, server: LiveServer, title: str) -> None:
    """The mediator signs from his own account, on his own phone."""
    page = open_page(browser, PHONE)
    log_in(page, server, "tokoh")
    page.goto(f"{server.url}/agreements")
    page.get_by_role("link", name=f"Baca dan tanda tangani: {title}").click()
    expect(page.locator("#agreement-text")).to_contain_text(OFFENDER)
    recorded_as_read(page)
    with page.expect_navigation():
        page.locator("#sign-button").click()
    expect(page.locator("#my-status")).to_contain_text("Anda telah menandatangani")
    page.context.close()


def _supervisor_approves(browser: Browser, server: LiveServer, case_url: str) -> None:
    page = open_page(browser, PHONE)
    log_in(page, server, "supervisor")
    page.goto(case_url)
    expect(_state(page)).to_have_text(
        "Hak korban dipulihkan (menunggu persetujuan)", use_inner_text=True
    )
    # The review panel gathers what the approval rests on; the decision's form is open in it.
    expect(page.locator("#review-restoration")).to_contain_text("Telepon dikembalikan utuh")
    no_sideways_scroll(page)
    approve = page.locator("#step-form form[data-trigger=approve]")
    approve.locator("textarea[name=decision_note]").fill("Syarat terpenuhi; laporkan ke penyidik.")
    with page.expect_navigation():
        approve.locator("button[type=submit]").click()
    expect(_state(page)).to_have_text("Disetujui atasan", use_inner_text=True)
    assert console_errors(page) == []
    page.context.close()


def test_an_officer_takes_a_minor_theft_to_registered_restorative_justice(
    browser: Browser, live_server: LiveServer
) -> None:
    page = open_page(browser, PHONE)
    log_in(page, live_server, "officer")
    title = "Telepon genggam diambil di warung"
    _report(page, live_server, title, offender_nik="3507021212900002")
    case_url = page.url
    _check(page, live_server, {})
    shot(page, "rj-eligible-phone")
    _victim_consents(page)

    past = datetime.now() - timedelta(hours=3)
    _step(
        page,
        "clarify",
        {
            "clarified_at": _local(past - timedelta(days=1)),
            "place": "Pos Bhabinkamtibmas Ngadilangkung",
            "record": "Korban dan terlapor membenarkan kejadian.",
            "victim_account": "Telepon diambil dari meja warung saat korban melayani pembeli.",
            "offender_account": "Terlapor mengakui dan bersedia mengembalikan telepon.",
        },
        {"written_requests": "kedua_pihak"},
    )
    expect(_state(page)).to_have_text("Klarifikasi dicatat", use_inner_text=True)
    _invite_mediator(page)
    _step(page, "schedule_mediation", {"session_at": _local(past), "place": "Balai Desa"})
    expect(_state(page)).to_have_text("Dalam mediasi", use_inner_text=True)
    shot(page, "rj-mediated-phone")

    _draft_and_freeze(page, live_server)
    _parties_sign(page)
    _tokoh_signs(browser, live_server, title)
    page.reload()
    _step(page, "agree", {"summary": "Telepon dikembalikan; terlapor meminta maaf."})
    expect(_state(page)).to_have_text("Sepakat damai — pemulihan berjalan", use_inner_text=True)

    obligation = page.locator("#obligations li").first
    obligation.locator("summary").click()
    obligation.get_by_role("button", name="Dipenuhi").click()
    expect(page.locator("#obligations li").first).to_contain_text("Dipenuhi")
    _step(
        page,
        "restore",
        {"restoration": "Telepon dikembalikan utuh kepada korban."},
        {"victim_statement": "ditandatangani"},
    )
    _supervisor_approves(browser, live_server, case_url)

    page.reload()
    today = datetime.now().strftime("%Y-%m-%d")
    _step(page, "register", {"registration": "B/RJ/7/2026/Reskrim", "registered_on": today})
    expect(_state(page)).to_have_text("Dicatat penyidik (selesai)", use_inner_text=True)
    shot(page, "rj-registered-phone")
    no_sideways_scroll(page)

    # Every document of the pack answers with a PDF.
    links = page.locator("#rj-documents a")
    expect(links).to_have_count(5)
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        answer = page.request.get(f"{live_server.url}{href}")
        assert answer.status == 200, href
        assert answer.headers["content-type"].startswith("application/pdf"), href
        assert answer.body().startswith(b"%PDF"), href
    assert console_errors(page) == []
    page.context.close()


def test_a_case_the_checklist_rules_out_can_only_be_referred(
    browser: Browser, live_server: LiveServer
) -> None:
    page = open_page(browser, PHONE)
    log_in(page, live_server, "officer")
    title = "Pelecehan di kebun tebu"
    _report(page, live_server, title, offender_nik="3507022020850003")
    _check(page, live_server, {"ancaman_berat": "yes", "kekerasan_seksual": "yes"})
    shot(page, "rj-excluded-phone")
    no_sideways_scroll(page)

    steps = page.locator("#steps")
    # The peace route is shut, and the page says by which item and which article.
    clarify = steps.locator("[data-trigger=clarify]")
    expect(clarify.locator("button")).to_be_disabled()
    expect(clarify).to_contain_text("UU 20/2025 Pasal 80 ayat (1) huruf a")
    expect(clarify).to_contain_text("Tindak pidana kekerasan seksual?")
    expect(clarify).to_contain_text("UU 20/2025 Pasal 82")
    # Sexual violence goes to Unit PPA: that referral is the only step offered.
    expect(steps.locator("a[data-trigger]")).to_have_count(1)
    expect(steps.locator("a[data-trigger=refer_ppa]")).to_be_visible()
    expect(steps.locator("[data-trigger=refer_reskrim]")).to_contain_text("Unit PPA")

    _step(page, "refer_ppa", {"reason": "Kekerasan seksual; dilimpahkan segera ke Unit PPA."})
    expect(_state(page)).to_have_text("Dilimpahkan", use_inner_text=True)
    expect(page.locator("#steps")).to_contain_text("Perkara ini sudah selesai.")
    expect(page.locator("#timeline")).to_contain_text("Limpahkan ke Unit PPA")
    assert console_errors(page) == []
    page.context.close()
