"""With JavaScript off, an officer reports a case with three parties, assesses it, invites a
mediator, schedules the musyawarah, drafts an agreement with two obligations, freezes it, has
it signed and records the settlement: every form is a plain post, and "+ Tambah pihak" /
"+ Tambah kewajiban" are round trips that bring the form back with one more row and everything
typed.

On a phone only: a page without scripts is a phone's case (an old or data-saving browser in the
field); the same journey with scripts runs at both widths in test_officer_journey, and each
page's layout at both widths in test_phone_pages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, LiveServer, log_in, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]


def _press(page: Page, label: str) -> None:
    """Press a submit button by its label ("Simpan laporan", "+ Tambah pihak") and wait for
    the page the post brings back."""
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def _step(page: Page, trigger: str, fields: dict[str, str], selects: dict[str, str]) -> None:
    """A step of the workflow: its link opens the case page with the step's form."""
    with page.expect_navigation():
        page.click(f"#steps a[data-trigger={trigger}]")
    form = page.locator("#step-form form")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    for name, value in selects.items():
        form.locator(f"select[name={name}]").select_option(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _state(page: Page) -> str:
    return page.locator(".case-head .state-line .badge").first.inner_text()


def _no_script_report_form(browser: Browser, server: LiveServer, viewport: dict[str, int]) -> Page:
    """The officer's report form in a fresh browser of ``viewport`` with JavaScript off."""
    page = open_page(browser, viewport, javascript=False)
    log_in(page, server, "officer")
    page.goto(f"{server.url}/cases/new")
    return page


def _fill(page: Page, workflow: str, category: str, fields: dict[str, str]) -> None:
    page.select_option("#f-workflow", workflow)
    page.select_option("#f-category", category)
    page.select_option("#f-desa_id", label="Ngadilangkung")
    for selector, value in fields.items():
        page.fill(selector, value)


def _report_with_three_parties(page: Page, title: str) -> None:
    typed = {
        "#f-title": title,
        "#f-description": "Patok batas sawah digeser saat musim tanam.",
        "#f-reporter_name": "Darto Santoso",
        "#party_0_name": "Darto Santoso",
        "#party_0_nik": "3507010101",  # six digits short
        "#party_1_name": "Slamet Wibowo",
        "#party_1_phone": "081234567890",
    }
    _fill(page, "sengketa", "batas_tanah", typed)

    _press(page, "+ Tambah pihak")
    assert re.search(r"/cases#party-row-2$", page.url)
    expect(page.locator("#party-row-2")).to_be_in_viewport()
    page.keyboard.press("Tab")  # the page stands at the new row: Tab goes into it
    expect(page.locator("#party_2_role")).to_be_focused()
    expect(page.locator(".party-row")).to_have_count(3)
    # Everything typed came back.
    expect(page.locator("#f-title")).to_have_value(title)
    expect(page.locator("#f-category")).to_have_value("batas_tanah")
    expect(page.locator("#party_0_nik")).to_have_value("3507010101")
    expect(page.locator("#party_1_phone")).to_have_value("081234567890")
    page.select_option("#party_2_role", "witness")
    page.fill("#party_2_name", "Pak RT Sugeng")

    # The wrong NIK is said on the page, beside its field, and nothing typed is lost.
    _press(page, "Simpan laporan")
    nik = page.locator("#party_0_nik")
    expect(nik).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#err-party_0_nik")).to_contain_text("NIK harus 16 angka")
    expect(page.locator("#party_2_name")).to_have_value("Pak RT Sugeng")
    nik.fill("3507010101010001")
    _press(page, "Simpan laporan")
    expect(page.locator("h1")).to_have_text(title)
    for name in ("Darto Santoso", "Slamet Wibowo", "Pak RT Sugeng"):
        expect(page.locator("#parties")).to_contain_text(name)


def _draft_with_two_obligations(page: Page) -> None:
    page.get_by_role("link", name="Buka kesepakatan perkara ini").click()
    page.click("#agreement-draft")
    page.fill("#f-place", "Balai Desa Ngadilangkung")
    page.fill("#f-chronology", "Patok dipindah terlapor; kedua pihak sepakat berdamai.")
    page.select_option("#ob_0_obligor", label="Slamet Wibowo")
    page.select_option("#ob_0_kind", "payment")
    page.fill("#ob_0_description", "Membayar ganti rugi tanaman padi")
    page.fill("#ob_0_amount", "1.500.000")
    page.fill("#ob_0_due_date", (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d"))

    _press(page, "+ Tambah kewajiban")
    assert page.url.endswith("/agreement#obligation-row-1")
    expect(page.locator("#obligation-row-1")).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(page.locator("#ob_1_obligor")).to_be_focused()
    expect(page.locator("#ob_0_description")).to_have_value("Membayar ganti rugi tanaman padi")
    expect(page.locator("#ob_0_amount")).to_have_value("1.500.000")
    expect(page.locator("#f-place")).to_have_value("Balai Desa Ngadilangkung")
    page.select_option("#ob_1_obligor", label="Slamet Wibowo")
    page.select_option("#ob_1_kind", "return_goods")
    page.fill("#ob_1_description", "Memasang kembali patok di tempat semula")
    page.fill("#ob_1_due_date", (datetime.now() + timedelta(days=7)).strftime("%Y-%m-%d"))
    _press(page, "Simpan draf")
    page.get_by_role("link", name="Buka kesepakatan perkara ini").click()
    agreement = page.locator("#agreement")
    expect(agreement).to_contain_text("Membayar ganti rugi tanaman padi")
    expect(agreement).to_contain_text("Memasang kembali patok di tempat semula")
    expect(agreement).to_contain_text("Rp 1.500.000")


def test_a_case_from_report_to_a_signed_settlement_without_javascript(
    browser: Browser, live_server: LiveServer
) -> None:
    viewport = PHONE
    page = _no_script_report_form(browser, live_server, viewport)
    title = f"Patok tanpa skrip {viewport['width']}"
    _report_with_three_parties(page, title)
    assert _state(page) == "Dilaporkan"

    _step(page, "assess", {"assessment": "Layak dimediasi."}, {"risk_level": "rendah"})
    assert _state(page) == "Dinilai"

    page.locator("#tokoh select[name=tokoh_id]").select_option(label="KH. Abdul Rohman")
    with page.expect_navigation():
        page.locator("#tokoh button[type=submit]").click()
    expect(page.locator("#tokoh ul")).to_contain_text("KH. Abdul Rohman")

    when = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    _step(page, "schedule_mediation", {"session_at": when, "place": "Balai Desa"}, {})
    assert _state(page) == "Dalam mediasi"

    _draft_with_two_obligations(page)
    # Freezing asks first, in place, without a script: the question opens, then the answer.
    page.locator("#freeze-form summary").click()
    expect(page.locator("#freeze-form")).to_contain_text("Bekukan naskah ini?")
    _press(page, "Ya, bekukan")
    page.get_by_role("link", name="Buka kesepakatan perkara ini").click()
    expect(page.locator("#agreement")).to_contain_text("Dibekukan — menunggu tanda tangan")
    case_page = page.url.removesuffix("/agreement")

    # The parties sign on the officer's device, the mediator on his own; then it is agreed.
    for name in ("Darto Santoso", "Slamet Wibowo"):
        page.locator(".sign-link").first.click()
        page.locator("#f-consent").check()
        page.fill("#f-typed_name", name)
        _press(page, "Tanda tangani")
        page.get_by_role("link", name="Buka kesepakatan perkara ini").click()
    _tokoh_signs(browser, live_server, viewport, title)
    page.goto(case_page)
    _step(page, "agree", {"summary": "Ganti rugi diangsur, patok dipasang kembali."}, {})
    assert _state(page) == "Sepakat damai — kewajiban berjalan"
    page.context.close()


def _tokoh_signs(
    browser: Browser, server: LiveServer, viewport: dict[str, int], title: str
) -> None:
    page = open_page(browser, viewport, javascript=False)
    log_in(page, server, "tokoh")
    page.get_by_role("link", name="Lihat daftar").click()
    page.get_by_role("link", name=f"Baca dan tanda tangani: {title}").click()
    _press(page, "Tanda tangani")
    expect(page.locator("#my-status")).to_contain_text("Anda telah menandatangani naskah ini")
    page.context.close()


def test_without_javascript_a_category_of_the_other_type_is_refused_by_name(
    browser: Browser, live_server: LiveServer
) -> None:
    viewport = PHONE
    page = _no_script_report_form(browser, live_server, viewport)
    groups = page.locator("#f-category optgroup")
    expect(groups).to_have_count(3)  # every type's categories, each group labelled by its type
    expect(groups.nth(0)).to_have_attribute("label", "Keadilan restoratif")
    expect(groups.nth(1)).to_have_attribute("label", "Pengaduan masyarakat")
    expect(groups.nth(2)).to_have_attribute("label", "Sengketa antarwarga")
    title = f"Jenis keliru {viewport['width']}"
    typed = {"#f-title": title, "#f-reporter_name": "Darto", "#party_0_name": "Darto"}
    _fill(page, "pengaduan", "batas_tanah", typed)
    _press(page, "Simpan laporan")
    expect(page.locator("#err-category")).to_have_text(
        "Kategori “Batas tanah” milik jenis “Sengketa antarwarga”, bukan “Pengaduan "
        "masyarakat”: pilih kategori lain atau ganti jenisnya."
    )
    expect(page.locator("#f-category")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-title")).to_have_value(title)
    expect(page.locator("#party_0_name")).to_have_value("Darto")
    page.select_option("#f-workflow", "sengketa")
    _press(page, "Simpan laporan")
    expect(page.locator("h1")).to_have_text(title)
    page.context.close()
