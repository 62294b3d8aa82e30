"""A form whose CSRF token went stale while it stood open (issue 14), in Chromium: refused in
Indonesian with what was typed still there, and the second press goes through; without
JavaScript the refusal is a page holding what was sent, with a button to send it again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import func, select

from mediasi.cases.models import Case
from tests.browser.conftest import (
    PHONE,
    TIMEOUT_MS,
    LiveServer,
    console_errors,
    log_in,
    open_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
CSRF_COOKIE = "mediasi_csrf"
CASE_PAGE = re.compile(r"/cases/[0-9a-f-]{36}$")


def _titled(server: LiveServer, title: str) -> int:
    with server.runtime.sessions() as session:
        return int(session.scalar(select(func.count(Case.id)).where(Case.title == title)) or 0)


def _make_stale(browser: Browser, context: BrowserContext, server: LiveServer) -> None:
    """Replace the page's CSRF cookie with another valid one, as another tab or an expired
    browser session would: the token in the open form no longer matches."""
    other = browser.new_context()
    other.new_page().goto(f"{server.url}/login")
    fresh = next(c["value"] for c in other.cookies() if c["name"] == CSRF_COOKIE)
    other.close()
    before = next(c["value"] for c in context.cookies() if c["name"] == CSRF_COOKIE)
    context.clear_cookies(name=CSRF_COOKIE)
    context.add_cookies([{"name": CSRF_COOKIE, "value": fresh, "url": server.url}])
    now = [c["value"] for c in context.cookies() if c["name"] == CSRF_COOKIE]
    assert fresh != before
    assert now == [fresh]


def _fill_report(page: Page, server: LiveServer, title: str) -> dict[str, str]:
    page.goto(f"{server.url}/cases/new")
    typed = {
        "#f-title": title,
        "#f-description": "Ternak tetangga masuk kebun dua kali seminggu.",
        "#f-reporter_name": "Sumarni",
        "input[name=party_0_name]": "Sumarni",
        "input[name=party_1_name]": "Joko Susilo",
    }
    page.select_option("#f-category", "batas_tanah")
    page.select_option("#f-desa_id", label="Ngadilangkung")
    page.select_option("select[name=party_1_role]", "respondent")
    for selector, value in typed.items():
        page.fill(selector, value)
    return typed


def test_a_stale_form_keeps_what_was_typed_and_the_second_press_succeeds(
    browser: Browser, live_server: LiveServer
) -> None:
    """On a phone: what a stale token does is the pages' script and the server's answer, the
    same at any width (the forms' layout at both widths is test_phone_pages' and
    test_officer_journey's)."""
    title = "Ternak masuk kebun dengan skrip"
    page = open_page(browser, PHONE)
    log_in(page, live_server, "officer")
    typed = _fill_report(page, live_server, title)
    _make_stale(browser, page.context, live_server)
    page.click("#report-form button[type=submit]")
    flash = page.locator("#flash .alert")
    expect(flash).to_contain_text("formulirnya kedaluwarsa")
    expect(flash).to_contain_text("tekan tombolnya sekali lagi")
    expect(page.locator("body")).not_to_contain_text("CSRF")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    assert _titled(live_server, title) == 0
    page.click("#report-form button[type=submit]")
    page.wait_for_url(CASE_PAGE)
    expect(page.locator("h1")).to_have_text(title)
    assert _titled(live_server, title) == 1

    # A step form on the case page: the same, and the step happens on the second press.
    _make_stale(browser, page.context, live_server)
    page.click("#steps a[data-trigger=assess]")
    assessment = page.locator("#step-form textarea[name=assessment]")
    assessment.fill("Kedua pihak bersedia bermusyawarah.")
    page.locator("#step-form select[name=risk_level]").select_option("rendah")
    page.locator("#step-form button[type=submit]").click()
    expect(flash).to_contain_text("formulirnya kedaluwarsa")
    expect(assessment).to_have_value("Kedua pihak bersedia bermusyawarah.")
    with page.expect_navigation():
        page.locator("#step-form button[type=submit]").click()
    expect(page.locator(".case-head .state-line .badge").first).to_have_text("Dinilai")
    # htmx reports the two refusals it was given; nothing else went wrong in the page.
    assert [e for e in console_errors(page) if "Error Code 403" not in e] == []
    page.context.close()


def test_a_stale_form_without_javascript_comes_back_to_send_again(
    browser: Browser, live_server: LiveServer
) -> None:
    title = "Ternak masuk kebun tanpa skrip"
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    log_in(page, live_server, "officer")
    _fill_report(page, live_server, title)
    _make_stale(browser, context, live_server)
    page.click("#report-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Formulir kedaluwarsa")
    expect(page.locator(".alert")).to_contain_text("formulirnya kedaluwarsa")
    expect(page.locator("body")).not_to_contain_text("CSRF")
    expect(page.locator(".sent-values")).to_contain_text(title)
    assert _titled(live_server, title) == 0
    page.get_by_role("button", name="Kirim ulang").click()
    page.wait_for_url(CASE_PAGE)
    expect(page.locator("h1")).to_have_text(title)
    assert _titled(live_server, title) == 1
    context.close()
