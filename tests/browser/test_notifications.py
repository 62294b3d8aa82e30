"""The officer schedules a session in a real browser; the log-only channel "sends" the tokoh's
and the parties' messages; the case page's message log lists them as proof they were told."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import and_, func, or_, select, update

from mediasi.accounts.models import Tokoh
from mediasi.db.base import utcnow
from mediasi.notifications.models import QUEUED, SENDING, Message
from tests.browser.conftest import PHONE, LiveServer, console_errors, log_in, open_page
from tests.browser.test_officer_journey import _invite_mediator, _local, _report, _step

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def test_scheduling_a_session_tells_the_tokoh_and_the_parties(
    browser: Browser, live_server: LiveServer
) -> None:
    with live_server.runtime.sessions.begin() as session:
        session.execute(
            update(Tokoh)
            .where(Tokoh.id == live_server.world.tokoh_a1)
            .values(phone="+6281311112222")
        )
    page = open_page(browser, PHONE)
    log_in(page, live_server, "officer")
    _report(page, live_server, "Kabar jadwal musyawarah")
    _step(page, "assess", {"assessment": "Bisa dimusyawarahkan."}, {"risk_level": "rendah"})
    _invite_mediator(page)
    when = datetime.now() + timedelta(days=3)
    _step(page, "schedule_mediation", {"session_at": _local(when), "place": "Balai RW 03"})

    log = page.locator("#deliveries")
    tokoh = log.locator("li.delivery", has_text="KH. Abdul Rohman").filter(has_text="dijadwalkan")
    respondent = log.locator("li.delivery", has_text="Slamet Wibowo").filter(has_text="dijadwalkan")
    expect(tokoh).to_contain_text("Balai RW 03")
    expect(tokoh).to_contain_text("0813****2222")  # masked
    expect(respondent).to_contain_text("0812****7890")
    # The complainant gave no number: the log says the message was not sent, and why.
    complainant = log.locator("li.delivery", has_text="Darto Santoso").filter(
        has_text="dijadwalkan"
    )
    expect(complainant.locator(".badge")).to_have_text("Tidak dikirim")

    _all_sent(live_server)
    page.reload()
    expect(tokoh.locator(".badge")).to_have_text("Terkirim")
    expect(respondent.locator(".badge")).to_have_text("Terkirim")
    assert "081234567890" not in page.content()
    assert console_errors(page) == []
    page.context.close()


def _all_sent(live_server: LiveServer) -> None:
    """Send what is due, as the in-app dispatcher does every interval, until nothing due is
    left queued or mid-send. The dispatcher runs beside the test: a round here can find a message
    it holds mid-send, and a page loaded then shows it "Dikirim"."""
    deadline = time.monotonic() + 20
    while True:
        due = and_(Message.status == QUEUED, Message.next_attempt_at <= utcnow())
        waiting = select(func.count()).where(or_(Message.status == SENDING, due))
        live_server.runtime.notify_round()
        with live_server.runtime.sessions() as session:
            if not session.scalar(waiting):
                return
        assert time.monotonic() < deadline, "messages still queued or mid-send after 20 s"
        time.sleep(0.1)
