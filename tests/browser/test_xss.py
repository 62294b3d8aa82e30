"""Stored XSS in a real browser: an officer types script and HTML into every text field of a
report; no script runs anywhere the text is shown, and the text reads as typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.conftest import DESKTOP, LiveServer, console_errors, log_in, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
SVG = '"><svg onload=window.__xss=1>'

TITLE = f"Judul {SCRIPT}"
DESCRIPTION = f"{IMG}\n{SVG}"
REPORTER = f"Pelapor {SVG}"
COMPLAINANT = f"Pihak {IMG}"
RESPONDENT = f"Lawan {SCRIPT}"
ADDRESS = f"Dusun {SVG}"


def _assert_nothing_ran(page: Page, where: str) -> None:
    """No payload executed, none became an element, and the CSP had nothing to block."""
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None, f"a payload ran on {where}"
    injected = page.evaluate(
        """() => [
            ...document.querySelectorAll('script:not([src])'),
            ...document.querySelectorAll('img[src="x"], img[onerror], svg[onload], [onload]'),
        ].map(e => e.outerHTML)"""
    )
    assert injected == [], f"markup injected on {where}: {injected}"
    blocked = [e for e in console_errors(page) if "Content Security Policy" in e]
    assert blocked == [], f"the CSP had to block something on {where}: {blocked}"


def _fill_report(page: Page, server: LiveServer, reporter_phone: str) -> None:
    page.goto(f"{server.url}/cases/new")
    page.select_option("#f-category", "batas_tanah")
    page.select_option("#f-desa_id", label="Ngadilangkung")
    page.fill("#f-title", TITLE)
    page.fill("#f-description", DESCRIPTION)
    page.fill("#f-reporter_name", REPORTER)
    page.fill("#f-reporter_phone", reporter_phone)
    page.fill("input[name=party_0_name]", COMPLAINANT)
    page.fill("input[name=party_0_address]", ADDRESS)
    page.select_option("select[name=party_1_role]", "respondent")
    page.fill("input[name=party_1_name]", RESPONDENT)


def test_script_and_html_typed_into_a_report_never_run(
    browser: Browser, live_server: LiveServer
) -> None:
    page = open_page(browser, DESKTOP)
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    log_in(page, live_server, "officer")

    # Refused first (a phone number made of letters): the form comes back with every value.
    _fill_report(page, live_server, reporter_phone="bukan nomor")
    page.click("#report-form button[type=submit]")
    expect(page.locator("#err-reporter_phone")).to_contain_text("Nomor telepon tidak dikenali")
    _assert_nothing_ran(page, "the refused report form")
    expect(page.locator("#f-title")).to_have_value(TITLE)
    expect(page.locator("#f-reporter_name")).to_have_value(REPORTER)
    expect(page.locator("input[name=party_0_name]")).to_have_value(COMPLAINANT)
    expect(page.locator("#f-description")).to_have_value(DESCRIPTION)

    page.fill("#f-reporter_phone", "")
    page.click("#report-form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/cases/[0-9a-f-]{36}$"))
    case_url = page.url
    _assert_nothing_ran(page, "the case page")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".description")).to_contain_text(IMG)
    expect(page.locator(".description")).to_contain_text(SVG)
    expect(page.locator(".facts")).to_contain_text(REPORTER)
    expect(page.locator("#parties")).to_contain_text(COMPLAINANT)
    expect(page.locator("#parties")).to_contain_text(RESPONDENT)
    expect(page.locator("#parties")).to_contain_text(ADDRESS)

    # The party edit form (an htmx fragment) puts the names into input values.
    page.locator("#parties li", has_text=COMPLAINANT).get_by_role("link", name="Ubah").click()
    expect(page.locator("#parties li form #pe-name")).to_have_value(COMPLAINANT)
    expect(page.locator("#parties li form #pe-address")).to_have_value(ADDRESS)
    _assert_nothing_ran(page, "the party edit form")

    page.goto(f"{live_server.url}/cases?q=Judul")
    _assert_nothing_ran(page, "the case list")
    expect(page.locator("#results")).to_contain_text(TITLE)

    page.goto(f"{live_server.url}/")
    _assert_nothing_ran(page, "the home page")
    expect(page.locator("main")).to_contain_text(TITLE)

    page.goto(f"{case_url}/trail")
    _assert_nothing_ran(page, "the audit trail")
    expect(page.locator("main")).to_contain_text(TITLE)

    assert dialogs == [], f"a dialog opened: {dialogs}"
    page.context.close()
