"""What each main page costs on a village data plan, at 360 px: the bytes Chromium received
(headers included, as its network stack counts them over CDP) on a cold visit with an empty
cache and on a warm one, the second visit in the same browser. Budget: < 60 KB cold, < 20 KB
warm. The table is printed in the terminal summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from mediasi.agreements.models import Agreement, AgreementVersion
from tests.browser.conftest import FIGURES, PHONE, LiveServer, log_in, open_page
from tests.browser.test_tokoh_signs import frozen_agreement

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]

KB = 1024
COLD_BUDGET_KB = 60
WARM_BUDGET_KB = 20


@dataclass(frozen=True)
class Visit:
    """A page to weigh: its name in the table, who is logged in (None: nobody), its path."""

    name: str
    user: str | None
    path: str


@dataclass(frozen=True)
class Weight:
    name: str
    cold: int
    warm: int

    def row(self) -> str:
        return f"{self.name:32} {self.cold / KB:7.1f} {self.warm / KB:7.1f}"


def _case_with_agreement(server: LiveServer) -> tuple[UUID, str]:
    """A dispute with its parties, a mediator and a frozen agreement: the case and its code."""
    agreement_id = frozen_agreement(server, server.world.tokoh_a1, "Patok sawah yang dipindah")
    with server.runtime.sessions() as session:
        case_id = session.scalars(select(Agreement.case_id).where(Agreement.id == agreement_id))
        code = session.scalars(
            select(AgreementVersion.code).where(AgreementVersion.agreement_id == agreement_id)
        )
        return case_id.one(), str(code.one())


def _received(page: Page, go: Callable[[], Any]) -> int:
    """The bytes that reached the browser while ``go`` ran and the network then went idle:
    every response's ``encodedDataLength`` (body as sent plus headers; nothing for what the
    cache served), redirects included."""
    cdp = page.context.new_cdp_session(page)
    sizes: dict[str, float] = {}
    redirects: list[float] = []

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = event["encodedDataLength"]

    def sent(event: dict[str, Any]) -> None:
        if "redirectResponse" in event:
            redirects.append(event["redirectResponse"]["encodedDataLength"])

    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.requestWillBeSent", sent)
    cdp.send("Network.enable")
    go()
    page.wait_for_load_state("networkidle")
    cdp.detach()
    return round(sum(sizes.values()) + sum(redirects))


def _weigh(browser: Browser, server: LiveServer, visit: Visit) -> Weight:
    page = open_page(browser, PHONE)
    if visit.user:
        log_in(page, server, visit.user)
    url = f"{server.url}{visit.path}"
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.clearBrowserCache")  # what logging in fetched: a cold visit has none
    cdp.detach()
    cold = _received(page, lambda: page.goto(url, wait_until="networkidle"))
    page.goto("about:blank")
    warm = _received(page, lambda: page.goto(url, wait_until="networkidle"))
    page.context.close()
    return Weight(visit.name, cold, warm)


def test_every_main_page_fits_a_village_data_plan(
    browser: Browser, server: LiveServer, record_property: Callable[[str, object], None]
) -> None:
    case_id, code = _case_with_agreement(server)
    visits = [
        Visit("login", None, "/login"),
        Visit("home (officer)", "officer", "/"),
        Visit("home (supervisor)", "supervisor", "/"),
        Visit("case list", "officer", "/cases"),
        Visit("case detail", "officer", f"/cases/{case_id}"),
        Visit("new case form", "officer", "/cases/new"),
        Visit("supervisor desk", "supervisor", "/supervision"),
        Visit("audit trail", "supervisor", f"/cases/{case_id}/trail"),
        Visit("public report form", None, "/lapor"),
        Visit("tracking page", None, "/lacak"),
        Visit("agreement verification", None, f"/verify/{code}"),
    ]
    weights = [_weigh(browser, server, visit) for visit in visits]
    header = f"{'page at 360 px':32} {'cold KB':>7} {'warm KB':>7}"
    record_property(FIGURES, ("page weight", [header, *(w.row() for w in weights)]))

    heavy = [w.row() for w in weights if w.cold >= COLD_BUDGET_KB * KB]
    stale = [w.row() for w in weights if w.warm >= WARM_BUDGET_KB * KB]
    assert heavy == [], f"over {COLD_BUDGET_KB} KB on a cold visit: {heavy}"
    assert stale == [], f"over {WARM_BUDGET_KB} KB on a warm visit: {stale}"
