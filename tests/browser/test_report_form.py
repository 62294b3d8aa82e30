"""The report form's traps, in Chromium on a phone and a laptop: the category list follows the
case type, a party row without a name and a wrong NIK are said on the page beside the field,
"+ Tambah pihak" adds a row in place, and Enter in a field saves the report."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])

SENGKETA = ["Batas tanah", "Utang piutang", "Perkelahian / penganiayaan ringan"]
PENGADUAN = ["Ketertiban umum", "Keamanan lingkungan", "Kenakalan remaja"]


def _categories(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("#f-category option").all_inner_texts()]


def _report_form(browser: Browser, server: LiveServer, viewport: dict[str, int]) -> Page:
    """The officer's report form, in a fresh browser of ``viewport``."""
    page = open_page(browser, viewport)
    log_in(page, server, "officer")
    page.goto(f"{server.url}/cases/new")
    return page


def _fill_case(page: Page, title: str) -> None:
    page.select_option("#f-category", "utang_piutang")
    page.select_option("#f-desa_id", label="Ngadilangkung")
    page.fill("#f-title", title)
    page.fill("#f-reporter_name", "Darto Santoso")
    page.fill("#party_0_name", "Darto Santoso")


@VIEWPORTS
def test_the_category_list_follows_the_case_type(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    page = _report_form(browser, live_server, viewport)
    expect(page.locator("#f-category optgroup")).to_have_count(1)
    options = _categories(page)
    assert all(label in options for label in SENGKETA)
    assert not any(label in options for label in PENGADUAN)

    page.select_option("#f-category", "batas_tanah")
    page.select_option("#f-workflow", "pengaduan")
    expect(page.locator("#f-category optgroup")).to_have_attribute("label", "Pengaduan masyarakat")
    options = _categories(page)
    assert all(label in options for label in PENGADUAN)
    assert not any(label in options for label in SENGKETA)
    expect(page.locator("#f-category")).to_have_value("")  # batas tanah is not a complaint's

    page.select_option("#f-category", label="Lainnya")
    page.select_option("#f-workflow", "sengketa")
    expect(page.locator("#f-category")).to_have_value("lainnya")  # both types have "Lainnya"
    assert "Batas tanah" in _categories(page)
    assert console_errors(page) == []
    page.context.close()


@VIEWPORTS
def test_a_nameless_party_and_a_wrong_nik_are_said_beside_the_fields(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    page = _report_form(browser, live_server, viewport)
    _fill_case(page, f"Utang sapi {viewport['width']}")
    page.fill("#party_0_nik", "35070101AB")
    page.fill("#party_1_phone", "081234567890")  # a second party with a phone but no name
    page.get_by_role("button", name="Simpan laporan").click()

    nik = page.locator("#party_0_nik")
    expect(page.locator("#err-party_0_nik")).to_have_text(
        "NIK harus 16 angka, tanpa huruf atau spasi (terisi 10 karakter)."
    )
    expect(nik).to_have_attribute("aria-invalid", "true")
    expect(nik).to_have_value("35070101AB")
    name = page.locator("#party_1_name")
    expect(page.locator("#err-party_1_name")).to_have_text("Nama pihak wajib diisi.")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#party_1_phone")).to_have_value("081234567890")
    expect(page.locator("#f-title")).to_have_value(f"Utang sapi {viewport['width']}")
    expect(page.locator("#f-category")).to_have_value("utang_piutang")

    nik.fill("3507010101010001")
    name.fill("Slamet Wibowo")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan laporan").click()
    expect(page.locator("#parties")).to_contain_text("Slamet Wibowo")
    assert console_errors(page) == []
    page.context.close()


@VIEWPORTS
def test_rows_are_added_in_place_and_enter_saves_the_report(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    page = _report_form(browser, live_server, viewport)
    title = f"Kambing masuk kebun {viewport['width']}"
    _fill_case(page, title)
    url = page.url
    page.get_by_role("button", name="+ Tambah pihak").click()
    expect(page.locator("#party-row-2")).to_be_visible()
    page.get_by_role("button", name="+ Tambah pihak").click()
    expect(page.locator(".party-row")).to_have_count(4)
    assert page.url == url  # no reload: the rows came as fragments
    expect(page.locator("#f-title")).to_have_value(title)
    page.fill("#party_3_name", "Bu Lurah")
    with page.expect_navigation():
        page.locator("#party_3_name").press("Enter")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#parties")).to_contain_text("Bu Lurah")
    assert console_errors(page) == []
    page.context.close()
