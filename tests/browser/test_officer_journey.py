"""An officer takes cases from report to escalation in a real browser, on a laptop and a phone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _report(page: Page, server: LiveServer, title: str) -> None:
    page.goto(f"{server.url}/cases/new")
    page.select_option("#f-category", "batas_tanah")
    page.select_option("#f-desa_id", label="Ngadilangkung")
    page.fill("#f-title", title)
    page.fill("#f-description", "Patok batas sawah digeser saat musim tanam.")
    page.fill("#f-reporter_name", "Darto Santoso")
    page.fill("input[name=party_0_name]", "Darto Santoso")
    page.fill("input[name=party_0_nik]", "3507010101010001")
    page.select_option("select[name=party_1_role]", "respondent")
    page.fill("input[name=party_1_name]", "Slamet Wibowo")
    page.fill("input[name=party_1_phone]", "081234567890")
    page.click("#report-form button[type=submit]")
    page.wait_for_url(f"{server.url}/cases/*")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#parties")).to_contain_text("Darto Santoso")
    expect(page.locator("#parties")).to_contain_text("Slamet Wibowo")


def _step(
    page: Page, trigger: str, fields: dict[str, str], selects: dict[str, str] | None = None
) -> None:
    page.click(f"#steps a[data-trigger={trigger}]")
    form = page.locator("#step-form form")
    expect(form).to_be_visible()
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in (selects or {}).items():
        form.locator(f"select[name={name}]").select_option(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _state(page: Page) -> Locator:
    """The case's state badge: ``expect(_state(page)).to_have_text(...)`` waits for it."""
    return page.locator(".case-head .state-line .badge").first


def _invite_mediator(page: Page) -> None:
    page.locator("#tokoh select[name=tokoh_id]").select_option(label="KH. Abdul Rohman")
    page.locator("#tokoh button[type=submit]").click()
    expect(page.locator("#tokoh ul")).to_contain_text("KH. Abdul Rohman")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_officer_reports_assesses_mediates_and_escalates(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    page = open_page(browser, viewport)
    log_in(page, live_server, "officer")
    title = f"Batas sawah {viewport['width']}"
    _report(page, live_server, title)
    expect(_state(page)).to_have_text("Dilaporkan", use_inner_text=True)

    # A wrong step form is answered beside the field and nothing moves.
    page.click("#steps a[data-trigger=assess]")
    page.locator("#step-form textarea[name=assessment]").fill("   ")
    page.locator("#step-form select[name=risk_level]").select_option("sedang")
    page.locator("#step-form textarea[name=assessment]").evaluate(
        "textarea => textarea.removeAttribute('required')"
    )
    page.locator("#step-form button[type=submit]").click()
    expect(page.locator("#step-form small.error")).to_contain_text("Wajib diisi")
    expect(_state(page)).to_have_text("Dilaporkan", use_inner_text=True)

    page.locator("#step-form textarea[name=assessment]").fill(
        "Layak dimediasi; kedua pihak bersedia."
    )
    with page.expect_navigation():
        page.locator("#step-form button[type=submit]").click()
    expect(_state(page)).to_have_text("Dinilai", use_inner_text=True)

    _invite_mediator(page)
    past = datetime.now() - timedelta(days=1)
    _step(
        page,
        "schedule_mediation",
        {"session_at": _local(past), "place": "Balai Desa Ngadilangkung"},
    )
    expect(_state(page)).to_have_text("Dalam mediasi", use_inner_text=True)

    sessions = page.locator("#sessions")
    sessions.locator("summary").first.click()
    sessions.locator("select[name=outcome]").select_option("failed")
    sessions.locator("input[name=held_at]").fill(_local(past))
    sessions.locator("textarea[name=attendees]").fill("Darto, Slamet, KH. Abdul Rohman")
    sessions.locator("textarea[name=minutes]").fill("Terlapor menolak memindahkan patok.")
    sessions.get_by_role("button", name="Simpan hasil").click()
    expect(sessions).to_contain_text("Gagal")

    _step(
        page,
        "reschedule",
        {"session_at": _local(past + timedelta(hours=2)), "place": "Rumah Kepala Desa"},
    )
    expect(page.locator("#sessions article")).to_have_count(2)
    expect(_state(page)).to_have_text("Dalam mediasi", use_inner_text=True)

    _step(page, "escalate", {"reason": "Dua kali musyawarah gagal."}, {"target": "reskrim_polsek"})
    expect(_state(page)).to_have_text("Dieskalasi (menunggu tinjauan)", use_inner_text=True)
    timeline = page.locator("#timeline")
    for words in (
        "Laporan dicatat",
        "Nilai laporan",
        "Tokoh diundang",
        "Hasil sesi mediasi dicatat",
        "Eskalasi ke pengawas",
    ):
        expect(timeline).to_contain_text(words)
    assert console_errors(page) == []
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_a_second_case_reaches_mediation(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    page = open_page(browser, viewport)
    log_in(page, live_server, "officer")
    _report(page, live_server, f"Utang motor {viewport['width']}")
    _step(page, "assess", {"assessment": "Bisa dimusyawarahkan."}, {"risk_level": "rendah"})
    _invite_mediator(page)
    future = datetime.now() + timedelta(days=2)
    _step(page, "schedule_mediation", {"session_at": _local(future), "place": "Musala Al-Ikhlas"})
    expect(_state(page)).to_have_text("Dalam mediasi", use_inner_text=True)
    expect(page.locator("#sessions")).to_contain_text("Musala Al-Ikhlas")

    # Its title and category corrected in place ("Ubah data perkara"), the phone not
    # scrolled sideways by the open form; the timeline says what changed.
    title = f"Utang motor dan kebun {viewport['width']}"
    page.click("#case-edit-link a")
    form = page.locator("#case-edit")
    expect(form.locator("#ce-category")).to_have_value("batas_tanah")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    form.locator("#ce-title").fill(title)
    form.locator("#ce-category").select_option("utang_piutang")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#case-facts")).to_contain_text("Utang piutang")
    expect(page.locator("#timeline li").first).to_contain_text("Batas tanah → Utang piutang")

    # The case list finds it by a party's name, updated in place, with the filter in the URL.
    page.goto(f"{live_server.url}/cases")
    page.fill("#f-q", "slamet")
    expect(page).to_have_url(f"{live_server.url}/cases?q=slamet&state=&desa=&category=")
    expect(page.locator("#results")).to_contain_text(title)
    assert console_errors(page) == []
    page.context.close()


def test_the_page_switches_to_english(browser: Browser, live_server: LiveServer) -> None:
    page = open_page(browser, PHONE)
    log_in(page, live_server, "officer")
    page.click("a[hreflang=en]")
    expect(page.locator("h1")).to_contain_text("Welcome")
    page.click("a[hreflang=id]")
    expect(page.locator("h1")).to_contain_text("Selamat datang")
    page.context.close()
