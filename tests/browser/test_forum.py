"""The partnership forum in Chromium: an officer on a 360-px phone (with and without
JavaScript) and on a 1280-px laptop records a dialog of their desa's FKPM, who came, and one
aspiration raised there, which they turn into a case; nothing is wider than the screen."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Page, expect

from mediasi.db.base import utcnow
from mediasi.forum.schemas import ForumForm, MemberForm
from mediasi.forum.services import ForumService
from mediasi.web.i18n import input_time
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, console_errors, log_in, open_page
from tests.browser.test_history import _fits, _shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
RUNS = [(PHONE, True, "phone"), (PHONE, False, "phone-nojs"), (DESKTOP, True, "laptop")]


def _forum(server: LiveServer, name: str) -> UUID:
    officer = server.world.actor("officer")
    with server.runtime.sessions.begin() as session:
        service = ForumService(session)
        forum = service.create(officer, ForumForm(name=name, area_id=server.world.desa_a1))
        for person in ("Bu Sulastri", "Pak Joko Linmas"):
            member = MemberForm(
                person_kind="other",
                name=person,
                element="linmas",
                started_on=date(2026, 1, 1),
            )
            service.add_member(officer, forum.id, member)
        return forum.id


def _open(page: Page, summary: str) -> None:
    """Open a folded form (a <details>) by its summary, with or without JavaScript."""
    page.locator("summary", has_text=summary).first.click()


@pytest.mark.parametrize(("viewport", "javascript", "name"), RUNS, ids=[r[2] for r in RUNS])
def test_an_officer_records_a_dialog_and_turns_an_aspiration_into_a_case(
    browser: Browser, server: LiveServer, viewport: dict[str, int], javascript: bool, name: str
) -> None:
    forum_name = f"FKPM Ngadilangkung ({name})"
    _forum(server, forum_name)
    page = open_page(browser, viewport, javascript=javascript)
    log_in(page, server, "officer")
    _fits(page, viewport)
    _shot(page, f"forum-home-{name}")
    page.locator("#forum-upcoming a", has_text="Forum kemitraan").click()
    expect(page.locator("h1")).to_have_text("Forum kemitraan (FKPM)")
    page.locator("#forums a", has_text=forum_name).click()
    expect(page.locator("h1")).to_have_text(forum_name)
    _fits(page, viewport)
    _shot(page, f"forum-{name}")

    _open(page, "Jadwalkan kegiatan")
    page.select_option("#a-kind", "dialog")
    page.fill("#a-starts_at", input_time(utcnow() - timedelta(hours=2)))
    page.fill("#a-place", "Balai Desa Ngadilangkung")
    page.fill("#a-topic", f"Dialog balap liar ({name})")
    page.locator("#schedule button[type=submit]").click()
    page.locator("#activities a", has_text=f"Dialog balap liar ({name})").click()
    expect(page.locator("h1")).to_contain_text(f"Dialog balap liar ({name})")

    page.get_by_label("Bu Sulastri").check()
    page.get_by_label("Pak Joko Linmas").check()
    page.fill("#r-residents", "42")
    page.fill("#r-minutes", "Warga mengeluhkan balap liar tiap malam Minggu.")
    page.locator("#record button[type=submit]").click()
    expect(page.locator("#members-present")).to_have_text("Bu Sulastri, Pak Joko Linmas")
    expect(page.locator("#residents")).to_have_text("42")

    page.fill("#s-text", "Balap liar tiap malam Minggu di jalan desa")
    page.fill("#s-raised_by", "Pak RT 03")
    page.fill("#s-owner", "Bhabinkamtibmas")
    page.fill("#s-due_on", (date.today() + timedelta(days=14)).isoformat())
    page.locator("#raise button[type=submit]").click()
    aspiration = page.locator("article.aspiration")
    expect(aspiration).to_contain_text("Terbuka")
    _fits(page, viewport)
    _shot(page, f"forum-activity-{name}")

    _open(page, "Jadikan perkara")
    page.select_option("#c1-topic", "pengaduan:kenakalan_remaja")
    expect(page.locator("#c1-title")).to_have_value("Balap liar tiap malam Minggu di jalan desa")
    _fits(page, viewport)
    _shot(page, f"forum-to-case-{name}")
    page.locator("article.aspiration button", has_text="Buat perkara").click()
    expect(page.locator("#forum-origin")).to_contain_text(forum_name)
    expect(page.locator("h1")).to_contain_text("Balap liar tiap malam Minggu di jalan desa")
    expect(page.locator("#parties")).to_contain_text("Pak RT 03")
    _fits(page, viewport)
    _shot(page, f"forum-case-{name}")

    page.locator("#forum-origin a").click()
    expect(page.locator("article.aspiration")).to_contain_text("Menjadi perkara")
    expect(page.locator("article.aspiration a", has_text="Lihat perkara")).to_be_visible()
    assert console_errors(page) == []
