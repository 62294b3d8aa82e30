"""The restorative justice report in Chromium, on a 360-px phone and a 1280-px laptop: the
supervisor finds it from the desk, reads the figures without sideways scrolling, and a wrong
period is said beside its date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, expect

from mediasi.reports.period import period_of
from mediasi.reports.restorative_report import RestorativeReports
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.browser.test_history import _fits, _shot
from tests.integration.restorative.walk import checked, ruled_out

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])


@pytest.fixture(scope="module")
def walked(live_server: LiveServer) -> int:
    """Two thefts and an assault walked on the server other browser tests share: how many
    thefts the supervisor's report counts this month with them."""
    runtime, world = live_server.runtime, live_server.world
    before = _thefts(live_server)
    ruled_out(runtime, world, {"ancaman_berat": "yes"}, "refer_reskrim")
    both = {"kekerasan_perempuan_anak": "yes", "pelaku_anak": "yes"}
    ruled_out(runtime, world, both, "refer_ppa", category="penganiayaan_ringan")
    checked(runtime, world, offender_nik=None)
    return before + 2


def _thefts(server: LiveServer) -> int:
    with server.runtime.sessions() as session:
        reports = RestorativeReports(session, server.runtime.workflows.registry)
        period = period_of({}, datetime.now(UTC))
        made = reports.report(server.world.actor("supervisor"), period)
    return sum(c.reported for c in made.categories if c.value == "pencurian")


@VIEWPORTS
def test_the_report_reads_on_a_phone_and_a_laptop(
    browser: Browser, server: LiveServer, walked: int, viewport: dict[str, int]
) -> None:
    page = open_page(browser, viewport)
    log_in(page, server, "supervisor")
    page.goto(f"{server.url}/supervision")
    page.click("#rj-report-link")
    expect(page.locator("h1")).to_have_text("Laporan keadilan restoratif")
    theft = page.locator('tr[data-category="pencurian"] [data-outcome="reported"]')
    expect(theft).to_have_text(str(walked))
    expect(page.locator('tr[data-item="kekerasan_perempuan_anak"]')).to_contain_text("Unit PPA")
    _fits(page, viewport)
    name = "phone" if viewport is PHONE else "laptop"
    _shot(page, f"rj-report-{name}")
    page.fill("#f-end", "2020-01-01")
    page.click("#period button[type=submit]")
    expect(page.locator("#period-errors")).to_contain_text("Tanggal akhir sebelum tanggal awal")
    _fits(page, viewport)
    _shot(page, f"rj-report-refused-{name}")
    assert console_errors(page) == []
