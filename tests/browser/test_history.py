"""A case's history in Chromium, on a laptop and on a phone: the timeline of a full journey
reads in Indonesian with nothing raw in it, and the audit trail shows labelled fields, masked
numbers, and hands the auditor the exact export."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.integration.supervision.test_trail import offline_problems
from tests.journey import NIK, full_journey, raw_in
from tests.journey import PHONE as PARTY_PHONE

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
SHOTS = os.environ.get("MEDIASI_SCREENSHOTS")
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])


@pytest.fixture(scope="module")
def journey(live_server: LiveServer) -> UUID:
    return full_journey(live_server.runtime, live_server.world, "Sengketa batas sawah (riwayat)")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _fits(page: Page, viewport: dict[str, int]) -> None:
    """Nothing wider than the screen: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def _case_page(
    browser: Browser, server: LiveServer, case_id: UUID, viewport: dict[str, int]
) -> Page:
    """The case page, as the Kapolsek who supervises its desa sees it."""
    page = open_page(browser, viewport)
    log_in(page, server, "supervisor")
    page.goto(f"{server.url}/cases/{case_id}")
    return page


@VIEWPORTS
def test_the_timeline_of_a_full_journey_has_nothing_raw(
    browser: Browser, live_server: LiveServer, journey: UUID, viewport: dict[str, int]
) -> None:
    page = _case_page(browser, live_server, journey, viewport)
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Tenggat terlewati")
    expect(timeline).to_contain_text("Ditandai lewat tenggat")
    expect(timeline).to_contain_text("Kembalikan ke petugas")
    expect(timeline.locator("li")).to_have_count(26)
    assert raw_in(timeline.inner_text()) == []
    expect(page.locator(".case-head .badge.risk-sedang")).to_have_text("Risiko: Sedang")

    # The frozen text's digest: short, and whole when asked for.
    digest = timeline.locator("details.digest")
    expect(digest).to_have_count(1)
    whole = digest.locator("code.full")
    expect(whole).to_be_hidden()
    digest.locator("summary").click()
    expect(whole).to_be_visible()
    start = digest.locator("summary code").inner_text().rstrip("…")
    expect(whole).to_have_text(re.compile(f"^{start}[0-9a-f]{{48}}$"))
    _fits(page, viewport)
    _shot(page, f"case-timeline-{viewport['width']}")
    assert console_errors(page) == []
    page.context.close()


@VIEWPORTS
def test_the_trail_is_readable_and_its_export_exact(
    browser: Browser, live_server: LiveServer, journey: UUID, viewport: dict[str, int]
) -> None:
    page = _case_page(browser, live_server, journey, viewport)
    page.get_by_role("link", name="Jejak audit lengkap").click()
    page.wait_for_url(f"{live_server.url}/cases/{journey}/trail")
    expect(page.locator("#chain-status")).to_have_attribute("data-ok", "true")
    reported, party = page.locator("#event-1"), page.locator("#event-2")
    expect(reported).to_contain_text("Laporan dicatat")
    expect(reported).to_contain_text("(Bhabinkamtibmas)")
    expect(reported).to_contain_text("Telepon atau pesan")
    expect(party).to_contain_text("3507********9876")
    expect(page.locator("#event-3")).to_contain_text("0812****5432")
    expect(page.locator("#event-7")).to_contain_text("(Pengawas)")
    content = page.content()
    for number in (NIK, PARTY_PHONE, "+62" + PARTY_PHONE[1:]):
        assert number not in content
    assert raw_in(page.locator("main").inner_text()) == []
    _fits(page, viewport)
    _shot(page, f"trail-{viewport['width']}")

    # The auditor's file is the stored trail: full numbers, hashes that verify offline.
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh JSON").click()
    rows = json.loads(Path(download.value.path()).read_text())["events"]
    assert len(rows) == 26
    assert rows[1]["payload"]["party"]["nik"] == NIK
    assert offline_problems(rows) == []
    assert console_errors(page) == []
    page.context.close()
