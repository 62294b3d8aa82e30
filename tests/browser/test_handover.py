"""A handover, a paused clock and a follow-up in Chromium, at 360 and 1280 px: an officer pauses
a case's deadline and resumes it, and sets a follow-up that shows on their home; the Kapolsek
hands the desa over (the form, then the question before it moves); the successor logs in and
finds the desa and its case on their home. Nothing is wider than the screen.

Each width works on a desa and two officers of its own, so the shared live server's world (desa
A1 and its officer) stays as the other browser tests expect it."""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Page, expect

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, User
from mediasi.db.base import utcnow
from mediasi.workflow.durations import LOCAL_TZ
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.factories import TimedCases, password_hash

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
SHOTS = os.environ.get("MEDIASI_SCREENSHOTS")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True, caret="initial")


def _fits(page: Page, width: int) -> None:
    """Nothing wider than the screen: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _desa_with_officers(server: LiveServer, width: int) -> tuple[str, UUID]:
    """A desa of Polsek A held by an officer of its own, with an assessed case; and the
    officer who will take it over. Returns the desa's name and the case."""
    world = server.world
    with server.runtime.sessions.begin() as session:
        polsek = session.get(Area, world.polsek_a)
        assert polsek is not None
        code = f"MUTASI{width}"
        desa = Area(
            code=code,
            name=f"Sumberejo {width}",
            level="desa",
            parent_id=polsek.id,
            path=f"{polsek.path}{code}/",
        )
        session.add(desa)
        session.flush()
        people = [
            User(
                username=f"{who}{width}",
                full_name=f"{name} {width}",
                role="officer",
                area_id=polsek.id,
                password_hash=password_hash(),
                password_changed_at=utcnow(),
            )
            for who, name in (("lama", "Bripka Lama"), ("baru", "Brigpol Baru"))
        ]
        session.add_all(people)
        session.flush()
        session.add(OfficerDesa(user_id=people[0].id, desa_id=desa.id))
        desa_id, desa_name = desa.id, desa.name
        world.users[f"lama{width}"] = Actor.of(people[0])
    timed = TimedCases(server.runtime, world)
    case_id = timed.report(utcnow(), by=f"lama{width}", desa=desa_id, title="Batas kebun kopi")
    timed.fire(case_id, "assess", utcnow(), by=f"lama{width}")
    return desa_name, case_id


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_pause_follow_up_and_handover_as_people_do_them(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    width = viewport["width"]
    desa, case_id = _desa_with_officers(live_server, width)

    # The officer pauses the deadline with a reason, then resumes it.
    page = open_page(browser, viewport)
    log_in(page, live_server, f"lama{width}")
    page.goto(f"{live_server.url}/cases/{case_id}")
    deadline = page.locator("#deadline")
    deadline.get_by_text("Jeda tenggat", exact=True).first.click()
    page.fill("#pause-reason", "Teradu dirawat di rumah sakit")
    page.click("#pause-deadline")
    expect(page.locator("#pause-status")).to_contain_text("Teradu dirawat di rumah sakit")
    _fits(page, width)
    _shot(page, f"handover-paused-{width}")
    page.click("#resume-deadline")
    expect(page.locator("#pause-status")).to_have_count(0)
    expect(page.locator("#deadline")).to_contain_text("Jeda tenggat")

    # A follow-up for today: on the case page, then on home under today.
    follow_ups = page.locator("#follow-ups")
    follow_ups.get_by_text("Tambah tindak lanjut").click()
    page.fill("#fu-due_on", utcnow().astimezone(LOCAL_TZ).date().isoformat())
    page.fill("#fu-due_time", "14:00")
    page.fill("#fu-note", "Telepon teradu hari Kamis")
    page.click("#add-follow-up")
    expect(page.locator("#follow-ups .follow-up-list")).to_contain_text("Telepon teradu hari Kamis")
    _fits(page, width)
    _shot(page, f"handover-follow-up-{width}")
    page.goto(f"{live_server.url}/")
    home = page.locator("#home-follow-ups")
    expect(home.locator(".follow-up-today")).to_contain_text("Telepon teradu hari Kamis")
    _fits(page, width)
    _shot(page, f"handover-home-{width}")
    assert console_errors(page) == []
    page.context.close()

    # The Kapolsek moves the desa: the form, then the question, then the record.
    page = open_page(browser, viewport)
    log_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/serah-terima")
    page.locator(f"a[data-desa='{desa}']").click()
    expect(page.locator("#current-officer")).to_have_text(f"Bripka Lama {width}")
    page.select_option("#f-to_officer_id", label=f"Brigpol Baru {width}")
    page.fill("#f-reason", "Sprint mutasi 12/XII/2026")
    _fits(page, width)
    page.click("#hand-over")
    expect(page.locator("#handover-form")).to_contain_text("Petugas sekarang tidak dapat")
    _shot(page, f"handover-confirm-{width}")
    page.click("#confirm-hand-over")
    expect(page.locator("#handover-log")).to_contain_text(desa)
    expect(page.locator("#handover-log")).to_contain_text(f"Brigpol Baru {width}")
    _fits(page, width)
    _shot(page, f"handover-done-{width}")
    assert console_errors(page) == []
    page.context.close()

    # The successor finds the desa on their home, and the case with the follow-up moved too.
    page = open_page(browser, viewport)
    log_in(page, live_server, f"baru{width}")
    expect(page.locator("#handovers")).to_contain_text(desa)
    expect(page.locator("#home-follow-ups")).to_contain_text("Telepon teradu hari Kamis")
    _fits(page, width)
    _shot(page, f"handover-successor-{width}")
    page.locator("#home-follow-ups a").first.click()
    expect(page.locator("h1")).to_contain_text("Batas kebun kopi")
    assert console_errors(page) == []
    page.context.close()
