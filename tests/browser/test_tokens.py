"""Making an API token on a phone and a laptop: from the footer link, the form, the token
shown once in a field to copy, the list beside it; nothing wider than the screen."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
SHOTS = os.environ.get("MEDIASI_SCREENSHOTS")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_an_officer_makes_a_token_and_sees_it_once(
    browser: Browser, server: LiveServer, viewport: dict[str, int]
) -> None:
    page = open_page(browser, viewport)
    log_in(page, server, "officer")
    page.get_by_role("link", name="Token API").click()
    expect(page.get_by_role("heading", name="Token API", level=1)).to_be_visible()
    page.get_by_label("Nama (untuk apa token ini)").fill(f"Aplikasi pos {viewport['width']}")
    page.locator("#scope-cases-read").check()
    page.get_by_role("button", name="Buat token").click()
    shown = page.locator("#issued-token")
    expect(shown).to_have_value(re.compile(r"^msi_[0-9a-f]{8}_"))
    expect(page.locator("#tokens")).to_contain_text(f"Aplikasi pos {viewport['width']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if SHOTS:
        name = f"tokens-{viewport['width']}.png"
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)
    page.goto(f"{server.url}/akun/token")  # coming back: the list, not the token
    expect(page.locator("#issued-token")).to_have_count(0)
    assert console_errors(page) == []
