"""A supervisor reviews escalations in a real browser: returns one with instructions, accepts
another, on a laptop and on a phone."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from mediasi.db.base import utcnow
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.factories import TimedCases

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def _escalate(server: LiveServer, title: str, reason: str, target: str) -> UUID:
    """An officer's case escalated an hour ago, set up through the case service."""
    return TimedCases(server.runtime, server.world).escalated(
        utcnow() - timedelta(hours=1), title=title, reason=reason, target=target
    )


def _state(page: Page) -> Locator:
    """The case's state badge: ``expect(_state(page)).to_have_text(...)`` waits for it."""
    return page.locator(".case-head .state-line .badge").first


def _open_from_desk(page: Page, server: LiveServer, title: str, reason: str) -> None:
    page.get_by_role("link", name="Meja pengawas").click()
    page.wait_for_url(f"{server.url}/supervision")
    item = page.locator("#review-queue li.review-item", has_text=title)
    expect(item).to_have_count(1)
    expect(item.locator(".reason")).to_have_text(reason)
    item.locator(".case-title a").click()
    page.wait_for_url(f"{server.url}/cases/*")
    expect(page.locator("h1")).to_have_text(title)
    expect(_state(page)).to_have_text("Dieskalasi (menunggu tinjauan)", use_inner_text=True)


def _decide(page: Page, trigger: str, field: str, text: str) -> None:
    page.click(f"#steps a[data-trigger={trigger}]")
    form = page.locator("#step-form form")
    expect(form).to_be_visible()
    form.locator(f"textarea[name={field}]").fill(text)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_supervisor_returns_one_escalation_and_accepts_another(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    width = viewport["width"]
    returned = f"Ancaman golok {width}"
    returned_reason = f"Terlapor mengancam dengan golok ({width})."
    accepted = f"Penganiayaan anak {width}"
    accepted_reason = f"Korban anak; perlu Unit PPA ({width})."
    _escalate(live_server, returned, returned_reason, "reskrim_polsek")
    _escalate(live_server, accepted, accepted_reason, "unit_ppa")

    page = open_page(browser, viewport)
    log_in(page, live_server, "supervisor")

    _open_from_desk(page, live_server, returned, returned_reason)
    expect(page.locator("#steps a[data-trigger=accept_escalation]")).to_have_text("Terima eskalasi")
    expect(page.locator("#steps a[data-trigger=return_escalation]")).to_have_text(
        "Kembalikan ke petugas"
    )
    instructions = f"Undang kepala desa dan ulangi musyawarah minggu ini ({width})."
    _decide(page, "return_escalation", "instructions", instructions)
    expect(_state(page)).to_have_text("Dinilai", use_inner_text=True)
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Kembalikan ke petugas")
    expect(timeline).to_contain_text(instructions)

    _open_from_desk(page, live_server, accepted, accepted_reason)
    _decide(page, "accept_escalation", "decision_note", "Dilimpahkan ke Unit PPA Polres.")
    expect(_state(page)).to_have_text("Dilimpahkan", use_inner_text=True)
    expect(page.locator("#steps")).to_contain_text("Perkara ini sudah selesai.")

    # Both decisions are off the desk.
    page.get_by_role("link", name="Meja pengawas").click()
    queue = page.locator("#review-queue")
    expect(queue).not_to_contain_text(returned)
    expect(queue).not_to_contain_text(accepted)
    assert console_errors(page) == []
    page.context.close()


def test_instructions_are_required_to_return_an_escalation(
    browser: Browser, live_server: LiveServer
) -> None:
    title = "Sengketa batas kolam"
    case_id = _escalate(live_server, title, "Para pihak menolak hadir.", "pemerintah_desa")
    page = open_page(browser, PHONE)
    log_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/cases/{case_id}")
    page.click("#steps a[data-trigger=return_escalation]")
    form = page.locator("#step-form form")
    form.locator("textarea[name=instructions]").fill("   ")
    form.locator("textarea[name=instructions]").evaluate(
        "textarea => textarea.removeAttribute('required')"
    )
    form.locator("button[type=submit]").click()
    expect(page.locator("#step-form small.error")).to_contain_text("Wajib diisi")
    expect(_state(page)).to_have_text("Dieskalasi (menunggu tinjauan)", use_inner_text=True)
    page.goto(f"{live_server.url}/supervision")
    expect(page.locator("#review-queue")).to_contain_text(title)
    page.context.close()
