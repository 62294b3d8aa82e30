"""The workflow diagram in Chromium, on a 360-px phone and a 1280-px laptop: the officer opens
"Alur perkara" on a case, sees its current state marked and why a step is blocked, and the
drawing scrolls inside its own box while the page never scrolls sideways."""

from __future__ import annotations

from uuid import UUID

import pytest
from playwright.sync_api import Browser, expect

from mediasi.diagrams.graph import CURRENT, PATH
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.browser.test_history import _fits, _shot
from tests.factories import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])


@pytest.fixture(scope="module")
def assessed(live_server: LiveServer) -> UUID:
    """A dispute on the shared server, reported and assessed, with no mediator invited yet."""
    runtime, world = live_server.runtime, live_server.world
    officer = world.actor("officer")
    with runtime.sessions.begin() as session:
        case = runtime.case_service(session).report(officer, world.report())
    with runtime.sessions.begin() as session:
        service = runtime.case_service(session)
        service.fire(case.id, "assess", officer, dict(PAYLOADS["assess"]), case.version)
    return case.id


@VIEWPORTS
def test_the_case_diagram_reads_on_a_phone_and_a_laptop(
    browser: Browser, server: LiveServer, assessed: UUID, viewport: dict[str, int]
) -> None:
    name = "phone" if viewport is PHONE else "laptop"
    page = open_page(browser, viewport)
    log_in(page, server, "officer")
    page.goto(f"{server.url}/cases/{assessed}")
    flow = page.locator("#flow")
    diagram = flow.locator(".diagram-scroll svg")
    expect(diagram).to_be_hidden()  # folded until asked for
    flow.locator("summary").first.click()
    expect(diagram).to_be_visible()
    current = diagram.locator(f'g.node:has(path[stroke="{CURRENT}"][stroke-width="3"])')
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Dinilai")
    expect(diagram.locator(f'g.edge:has(path[stroke="{PATH}"])')).to_contain_text("Nilai laporan")
    expect(flow.locator(".blocked-step")).to_contain_text("Undang dulu sedikitnya satu tokoh")
    _fits(page, viewport)
    box = flow.locator(".diagram-scroll")
    width = box.evaluate("element => element.clientWidth")
    assert width <= viewport["width"]
    if viewport is PHONE:  # wider than the phone: it scrolls inside its box, not the page
        assert box.evaluate("element => element.scrollWidth") > width
    # The box opens on the current state, wherever the drawing puts it.
    box.scroll_into_view_if_needed()
    expect(current).to_be_in_viewport(ratio=0.9)
    _shot(page, f"diagram-case-{name}")
    assert console_errors(page) == []


def test_the_admin_reads_every_workflow_on_a_phone(browser: Browser, server: LiveServer) -> None:
    page = open_page(browser, PHONE)
    log_in(page, server, "admin")
    page.goto(f"{server.url}/admin")
    page.click('a[href="/admin/workflows"]')
    expect(page.locator("h1")).to_have_text("Alur kerja")
    expect(page.locator(".diagram-scroll svg")).to_have_count(
        len(server.runtime.workflows.registry.all())
    )
    # Each box opens on the workflow's first state, wherever the layout puts it.
    first = page.locator(".diagram-scroll").first
    first.scroll_into_view_if_needed()
    expect(first.locator("g.node.start")).to_be_in_viewport(ratio=0.9)
    _fits(page, PHONE)
    _shot(page, "diagram-admin-phone")
    assert console_errors(page) == []


def test_the_case_diagram_prints_whole_on_the_page(
    browser: Browser, server: LiveServer, assessed: UUID
) -> None:
    """On paper there is no box to scroll: the diagram, folded or not, shrinks to the page."""
    page = open_page(browser, DESKTOP)
    log_in(page, server, "officer")
    page.goto(f"{server.url}/cases/{assessed}")
    page.emulate_media(media="print")
    diagram = page.locator("#flow .diagram-scroll svg")
    expect(diagram).to_be_visible()
    shown = diagram.bounding_box()
    section = page.locator("#flow").bounding_box()
    assert shown is not None
    assert section is not None
    assert shown["width"] <= section["width"]
    assert shown["height"] > 100  # scaled, not collapsed
    _shot(page, "diagram-case-print")
