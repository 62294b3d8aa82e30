"""The public door in a real browser: a resident reports at 360 px with script off and gets a
tracking code, then adds a photo; the officer finds the report (and the photo) in "Laporan
masuk" and accepts it as a sengketa case; the resident's status page then shows the case's
state and no personal data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, TIMEOUT_MS, LiveServer, console_errors, log_in, open_page
from tests.pictures import photo

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

CODE = re.compile(r"^LPR(-[2-9A-HJ-NP-Z]{4}){3}$")
WHAT = "Pagar tetangga dibangun melewati batas pekarangan kami sejak bulan lalu."


def _resident(browser: Browser, *, script: bool) -> Page:
    context = browser.new_context(
        viewport=PHONE,  # type: ignore[arg-type]
        java_script_enabled=script,
        locale="id-ID",
    )
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _report(page: Page, server: LiveServer, phone: str) -> str:
    page.goto(f"{server.url}/lapor")
    page.select_option("#f-desa_id", str(server.world.desa_a1))
    page.select_option("#f-topic", "sengketa:batas_tanah")
    page.fill("#f-what", WHAT)
    page.fill("#f-place", "Dusun Krajan RT 02")
    page.fill("#f-reporter_name", "Sumiati")
    page.fill("#f-reporter_phone", phone)
    page.check("#f-consent")
    page.wait_for_timeout(1200)  # the form's minimum time on screen (1 s in these tests)
    page.get_by_role("button", name="Kirim laporan").click()
    code = page.locator("#tracking-code")
    expect(code).to_have_text(CODE)
    return code.inner_text()


@pytest.mark.parametrize("script", [False, True], ids=["script-off", "script-on"])
def test_a_resident_reports_and_follows_it_while_the_officer_takes_it_up(
    browser: Browser, live_server: LiveServer, script: bool
) -> None:
    phone = "0812-4455-6601" if script else "0812-4455-6602"
    resident = _resident(browser, script=script)
    code = _report(resident, live_server, phone)
    resident.set_input_files(
        "#f-files", files=[{"name": "patok.jpg", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    resident.get_by_role("button", name="Kirim lampiran").click()
    expect(resident.locator("#attachments .alert")).to_have_text("1 berkas dilampirkan.")
    expect(resident.locator("#tracking-code")).to_have_text(code)

    officer = open_page(browser, PHONE)
    log_in(officer, live_server, "officer")
    officer.goto(f"{live_server.url}/laporan")
    row = officer.locator("tr.report", has_text="Dusun Krajan RT 02").last
    row.get_by_role("link", name="Tinjau").click()
    expect(officer.locator("#report")).to_contain_text(WHAT)
    expect(officer.locator("#files")).to_contain_text("patok.jpg")
    expect(officer.locator("#files")).to_contain_text("lokasi foto dihapus")
    officer.get_by_role("button", name="Terima sebagai perkara baru").click()
    expect(officer.locator("h1")).to_contain_text("Pagar tetangga dibangun")
    assert console_errors(officer) == []

    resident.goto(f"{live_server.url}/lacak")
    resident.fill("#f-code", code)
    resident.fill("#f-digits", phone[-4:])
    resident.click("button[type=submit]")
    expect(resident.locator("#state")).to_have_text("Dilaporkan")
    body = resident.locator("main").inner_text()
    for private in ("Sumiati", phone, WHAT, "Dusun Krajan"):
        assert private not in body
