"""Removing a party asks first, with JavaScript and without: the first press opens the
question in place, closing it keeps the party, the answer removes it (360 and 1280 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from mediasi.db.base import utcnow
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.factories import TimedCases

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_removing_a_party_asks_first(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int], javascript: bool
) -> None:
    title = f"Batas sawah (hapus pihak {viewport['width']} {javascript})"
    case_id = TimedCases(live_server.runtime, live_server.world).report(utcnow(), title=title)
    page = open_page(browser, viewport, javascript=javascript)
    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/cases/{case_id}")
    row = page.locator("#parties li", has_text="Slamet Wibowo")
    question = row.locator("details.confirm")
    expect(question).not_to_have_attribute("open", "")
    expect(row.get_by_role("button", name="Ya, hapus")).to_be_hidden()

    row.get_by_text("Hapus", exact=True).click()  # the first press only asks
    expect(row).to_contain_text("Hapus pihak ini?")
    row.get_by_text("Hapus", exact=True).click()  # and closing the question keeps the party
    expect(row.get_by_role("button", name="Ya, hapus")).to_be_hidden()
    expect(page.locator("#parties")).to_contain_text("Slamet Wibowo")

    row.get_by_text("Hapus", exact=True).click()
    row.get_by_role("button", name="Ya, hapus").click()
    expect(page.locator("#parties")).not_to_contain_text("Slamet Wibowo")
    expect(page.locator("#parties")).to_contain_text("Darto Santoso")
    assert console_errors(page) == []
    page.context.close()
