"""The statistics page in Chromium, on a 360-px phone and a 1280-px laptop: the supervisor
finds it from the desk, opens a figure's definition with one click, drills down to a desa,
and a wrong period is said beside its field; nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from mediasi.db.base import utcnow
from mediasi.statistics.service import StatisticsService
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.browser.test_history import _fits, _shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])


@pytest.fixture(scope="module")
def opened(live_server: LiveServer) -> str:
    """Two disputes reported now on the server other browser tests share: how many cases
    the Polres counts as opened this month with them, as the page writes it."""
    runtime, world = live_server.runtime, live_server.world
    for desa in (world.desa_a1, world.desa_b1):
        by = "officer" if desa == world.desa_a1 else "officer_b"
        with runtime.sessions.begin() as session:
            runtime.case_service(session).report(world.actor(by), world.report(desa=desa))
    with runtime.sessions() as session:
        service = StatisticsService(session, runtime.workflows.registry, "Asia/Jakarta")
        answer = service.statistics(world.actor("polres_supervisor"), {}, utcnow())
    return str(answer.statistics.figures.opened)


@VIEWPORTS
def test_the_statistics_read_on_a_phone_and_a_laptop(
    browser: Browser, server: LiveServer, opened: str, viewport: dict[str, int]
) -> None:
    name = "phone" if viewport is PHONE else "laptop"
    page = open_page(browser, viewport)
    log_in(page, server, "polres_supervisor")
    page.goto(f"{server.url}/supervision")
    page.click("#statistics-link")
    expect(page.locator("h1")).to_have_text("Statistik")
    expect(page.locator('#figure-opened [data-figure="opened"]')).to_have_text(opened)
    definition = page.locator("#figure-resolution_rate details")
    definition.locator("summary").click()
    expect(definition.locator("p")).to_contain_text("dibagi semua perkara yang ditutup")
    expect(page.locator("#statistics-months tbody tr")).to_have_count(12)
    _fits(page, viewport)
    _shot(page, f"statistics-polres-{name}")

    page.click('tr[data-area="KEPANJEN"] a')
    expect(page.locator("#statistics-area")).to_contain_text("Kepanjen")
    page.click('tr[data-area="NGADILANGKUNG"] a')
    expect(page.locator("#statistics-area")).to_contain_text("Ngadilangkung")
    expect(page.locator("#statistics-trail")).to_contain_text("Kepanjen")
    _fits(page, viewport)
    _shot(page, f"statistics-desa-{name}")

    page.fill("#f-value", "2026-13")
    page.click("#statistics-filter button[type=submit]")
    expect(page.locator("#err-value")).to_contain_text("Periode tidak sah")
    _fits(page, viewport)
    _shot(page, f"statistics-refused-{name}")
    assert console_errors(page) == []


def test_the_officer_finds_it_from_home(browser: Browser, server: LiveServer) -> None:
    page = open_page(browser, PHONE)
    log_in(page, server, "officer")
    page.click("#statistics-link")
    expect(page.locator("#statistics-area")).to_contain_text("Desa yang Anda pegang")
    expect(page.locator('tr[data-area="TALANGAGUNG"]')).to_be_visible()
    _fits(page, PHONE)
    _shot(page, "statistics-officer-phone")
