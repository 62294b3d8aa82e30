"""A supervisor approves a restorative justice settlement in a real browser, on a laptop and on
a phone: from the desk to the review panel, a return with instructions refused empty and then
sent, the officer's restoration again, and the approval; the panel fits the screen."""

from __future__ import annotations

import os
import random
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Page, expect

from mediasi.accounts.models import Area
from mediasi.demo.agreements import AGREEMENT_STEPS
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.integration.cases.test_service import service_in
from tests.integration.restorative.walk import agreed, checked, consent, fire

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
SHOTS = os.environ.get("MEDIASI_SCREENSHOTS")
RESTORED = "Sepeda motor dikembalikan utuh; ganti rugi Rp 1.500.000 dibayar lunas."


def _restored(server: LiveServer, title: str, nik: str) -> UUID:
    """An RJ case walked through the services to the restoration, awaiting approval."""
    runtime, world = server.runtime, server.world
    case_id = checked(runtime, world, title=title, offender_nik=nik)
    consent(runtime, world, case_id)
    agreed(runtime, world, case_id, world.tokoh_a1)
    officer = world.actor("officer")
    with service_in(runtime) as service:
        case = service.get(case_id, officer)
        desa = service.session.get(Area, case.desa_id)
        assert desa is not None
        AGREEMENT_STEPS["keep_all"](service, case, officer, desa, random.Random(15))
    fire(
        runtime, world, case_id, "restore", restoration=RESTORED, victim_statement="ditandatangani"
    )
    return case_id


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True, caret="initial")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_supervisor_returns_then_approves_on_the_review_panel(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    width = viewport["width"]
    title = f"Sepeda motor diambil ({width})"
    case_id = _restored(live_server, title, f"35070202020{width:05d}")
    page = open_page(browser, viewport)
    log_in(page, live_server, "supervisor")
    page.get_by_role("link", name="Meja pengawas").click()
    item = page.locator("#review-queue li.review-item", has_text=title)
    expect(item).to_contain_text("Hak korban dipulihkan (menunggu persetujuan)")
    item.locator(".case-title a").click()
    page.wait_for_url(f"{live_server.url}/cases/{case_id}")

    panel = page.locator("#review")
    expect(panel).to_contain_text("Tinjauan persetujuan keadilan restoratif")
    expect(panel.locator("#review-deadline")).to_contain_text("Sisa waktu")
    expect(panel.locator("#review-consent")).to_contain_text("Persetujuan diberikan")
    expect(panel.locator("#review-agreement")).to_contain_text("Ditandatangani")
    expect(panel.locator("#review-restoration")).to_contain_text(RESTORED)
    panel.locator("#review-checklist summary").click()
    expect(panel.locator("#review-checklist li[data-item=pengulangan]")).to_contain_text(
        "Perlu tinjauan hukum"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"rj-review-{width}")

    back = page.locator("#step-form form[data-trigger=return_settlement]")
    back.locator("textarea[name=instructions]").fill("   ")
    back.locator("button[type=submit]").click()
    expect(page.locator("#err-instructions")).to_be_visible()
    expect(page.locator("#step-form form[data-trigger=approve]")).to_be_visible()
    _shot(page, f"rj-review-refused-{width}")
    instructions = f"Lampirkan kuitansi ganti rugi ({width})."
    back = page.locator("#step-form form[data-trigger=return_settlement]")
    back.locator("textarea[name=instructions]").fill(instructions)
    with page.expect_navigation():
        back.locator("button[type=submit]").click()
    expect(page.locator(".case-head .state-line .badge").first).to_contain_text("Sepakat damai")
    expect(page.locator("#review")).to_have_count(0)

    fire(
        live_server.runtime,
        live_server.world,
        case_id,
        "restore",
        restoration=RESTORED + " Kuitansi.",
        victim_statement="ditandatangani",
    )
    page.reload()
    expect(page.locator("#review-restoration")).to_contain_text("Kuitansi.")
    approve = page.locator("#step-form form[data-trigger=approve]")
    approve.locator("textarea[name=decision_note]").fill("Syarat terpenuhi.")
    with page.expect_navigation():
        approve.locator("button[type=submit]").click()
    expect(page.locator(".case-head .state-line .badge").first).to_contain_text("Disetujui atasan")
    expect(page.locator("#review")).to_have_count(0)
    assert console_errors(page) == []
