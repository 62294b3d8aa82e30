"""The Problem Solving report from the case page on a 360-px phone: the link sits with the
case's documents, fits the screen, and opens the PDF; a tokoh of the case is not offered it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from mediasi.db.base import utcnow
from tests.browser.conftest import PHONE, LiveServer, console_errors, log_in, open_page
from tests.factories import TimedCases

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
LINK = "Laporan hasil problem solving (PDF)"


def test_the_report_opens_from_the_case_page_on_a_phone(
    browser: Browser, server: LiveServer
) -> None:
    cases = TimedCases(server.runtime, server.world)
    case_id = cases.mediated(utcnow())
    page = open_page(browser, PHONE)
    log_in(page, server, "officer")
    page.goto(f"{server.url}/cases/{case_id}")
    link = page.locator("#case-facts").get_by_role("link", name=LINK)
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    href = link.get_attribute("href")
    assert href == f"/cases/{case_id}/problem-solving.pdf"
    response = page.request.get(f"{server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    assert console_errors(page) == []

    tokoh = open_page(browser, PHONE)
    log_in(tokoh, server, "tokoh")
    tokoh.goto(f"{server.url}/cases/{case_id}")
    expect(tokoh.get_by_role("link", name=LINK)).to_have_count(0)
