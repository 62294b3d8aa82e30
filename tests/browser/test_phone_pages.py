"""What an officer and a supervisor see on a 360-px phone and a 1280-px laptop (issue 14): the
officer-load links, the return instructions at the case head, the next step on the first
screen, names and role words instead of keys, the notice after an agreement action, and a
signing page that withholds the parties' NIK. A stale form: test_stale_forms.py."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from uuid import UUID

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import func, select

from mediasi.agreements.models import Agreement
from mediasi.cases.models import Case, Party
from mediasi.cases.schemas import PartyInput
from mediasi.db.base import utcnow
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    LiveServer,
    console_errors,
    log_in,
    open_page,
)
from tests.browser.test_tokoh_signs import frozen_agreement
from tests.factories import TimedCases

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
TRANSPARENT = "rgba(0, 0, 0, 0)"
ANY_VALUE = re.compile(r".*", re.S)  # with not_to_have_attribute: the attribute is absent
NIKS = ("3507010101010001", "3507010202020002")


def _logged_in(browser: Browser, server: LiveServer, viewport: dict[str, int], who: str) -> Page:
    page = open_page(browser, viewport)
    log_in(page, server, who)
    return page


def _timed(server: LiveServer) -> TimedCases:
    return TimedCases(server.runtime, server.world)


def _count(server: LiveServer, username: str, *, overdue: bool = False) -> int:
    """How many cases the officer holds (the overdue ones only, if asked): what the list of
    that officer must say."""
    query = select(func.count(Case.id)).where(
        Case.assigned_officer_id == server.world.actor(username).id
    )
    if overdue:
        query = query.where(Case.due_at < utcnow(), Case.is_final.is_(False))
    with server.runtime.sessions() as session:
        return int(session.scalar(query) or 0)


def _reference(server: LiveServer, case_id: UUID) -> str:
    with server.runtime.sessions() as session:
        return session.get_one(Case, case_id).reference


def _bottom(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None, "the element is not laid out"
    return float(box["y"] + box["height"])


def _on_first_screen(page: Page, locator: Locator) -> None:
    """Inside the window as the page opens, without scrolling."""
    expect(locator).to_be_visible()
    height = page.evaluate("window.innerHeight")
    box = locator.bounding_box()
    assert box is not None
    assert box["y"] >= 0, f"starts {-box['y']}px above the window"
    assert _bottom(locator) <= height, f"ends at {_bottom(locator)}px, the window at {height}px"


def _results_of(page: Page, count: int) -> Locator:
    """The case list's items, once it says it holds ``count`` cases."""
    results = page.locator("#results")
    expect(results.locator("p.muted").first).to_have_text(re.compile(rf"^{count} perkara\b"))
    return results.locator(".case-item")


def _owners(items: Locator) -> set[str]:
    """The officer named last on each item's line ("Kategori · Desa · Officer")."""
    return {line.rsplit(" · ", 1)[-1] for line in items.locator(".muted.small").all_inner_texts()}


@VIEWPORTS
def test_the_officer_load_opens_that_officers_cases(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    width, world, timed = viewport["width"], live_server.world, _timed(live_server)
    late, fresh, other = f"Pagar roboh lama {width}", f"Pagar roboh baru {width}", f"Sawah {width}"
    b1 = world.desa_b1
    timed.report(utcnow() - timedelta(days=10), by="officer_b", desa=b1, title=late)
    timed.report(utcnow(), by="officer_b", desa=b1, title=fresh)
    timed.report(utcnow(), title=other)
    officer_b = world.actor("officer_b").id

    page = _logged_in(
        browser, live_server, viewport, "polres_supervisor"
    )  # oversees both polsek, so both officers
    page.get_by_role("link", name="Meja pengawas").click()
    row = page.locator("#officer-load tr", has_text="Officer_B")
    row.get_by_role("link", name="Officer_B").click()
    expect(page).to_have_url(f"{live_server.url}/cases?officer={officer_b}")
    items = _results_of(page, _count(live_server, "officer_b"))
    expect(items.filter(has_text=late)).to_have_count(1)
    expect(items.filter(has_text=fresh)).to_have_count(1)
    expect(page.locator("#results")).not_to_contain_text(other)
    assert _owners(items) == {"Officer_B"}

    page.go_back()
    page.locator("#officer-load tr", has_text="Officer_B").locator("td.danger a").click()
    expect(page).to_have_url(f"{live_server.url}/cases?officer={officer_b}&overdue=true")
    items = _results_of(page, _count(live_server, "officer_b", overdue=True))
    expect(items.filter(has_text=late)).to_have_count(1)
    expect(page.locator("#results")).not_to_contain_text(fresh)
    expect(items.locator(".badge.overdue")).to_have_count(items.count())

    page.go_back()
    page.locator("#officer-load").get_by_role("link", name="Officer", exact=True).click()
    items = _results_of(page, _count(live_server, "officer"))
    expect(page.locator("#results")).not_to_contain_text("Pagar roboh")
    assert _owners(items) == {"Officer"}
    assert console_errors(page) == []
    page.context.close()


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


@VIEWPORTS
def test_a_returned_case_shows_its_instructions_until_the_officer_acts(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    title = f"Batas kolam dikembalikan {viewport['width']}"
    instructions = f"Undang kepala desa, lalu jadwalkan musyawarah ({viewport['width']})."
    timed, at = _timed(live_server), utcnow() - timedelta(hours=2)
    case_id = timed.report(at, title=title)
    timed.invite(case_id, at)
    timed.fire(case_id, "escalate", at)
    timed.fire(case_id, "return_escalation", at, by="supervisor", instructions=instructions)

    page = _logged_in(browser, live_server, viewport, "officer")
    item = page.locator("#returned .case-item", has_text=title)
    expect(item.locator(".badge.returned")).to_have_text("Dikembalikan pengawas")
    item.locator(".case-title a").click()
    page.wait_for_url(f"{live_server.url}/cases/{case_id}")
    head = page.locator("#returned")
    expect(head).to_contain_text("Dikembalikan pengawas")
    expect(head).to_contain_text("Supervisor")  # the supervisor's name
    expect(head.locator(".reason")).to_contain_text(instructions)
    _on_first_screen(page, head)

    page.click("#steps a[data-trigger=schedule_mediation]")
    form = page.locator("#step-form form")
    form.locator("[name=session_at]").fill(_local(datetime.now() + timedelta(days=3)))
    form.locator("[name=place]").fill("Balai Desa Ngadilangkung")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator(".case-head .state-line .badge").first).to_have_text("Dalam mediasi")
    expect(page.locator("#returned")).to_have_count(0)

    page.goto(f"{live_server.url}/")
    on_home = page.locator(".case-item", has_text=title)
    expect(on_home.first).to_be_attached()  # still on home, as a case in mediation
    expect(on_home.locator(".badge.returned")).to_have_count(0)
    expect(page.locator("#returned .case-item", has_text=title)).to_have_count(0)
    assert console_errors(page) == []
    page.context.close()


@VIEWPORTS
def test_the_case_page_puts_state_due_time_and_next_step_first(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    case_id = _timed(live_server).report(utcnow(), title=f"Pohon tumbang {viewport['width']}")
    page = _logged_in(browser, live_server, viewport, "officer")
    page.goto(f"{live_server.url}/cases/{case_id}")
    state_line = page.locator(".case-head .state-line")
    _on_first_screen(page, state_line.locator(".badge.state-reported"))
    _on_first_screen(page, state_line.locator(".badge:is(.due, .due-soon, .overdue)"))
    first = page.locator("#steps .step-buttons > *").first
    expect(first).to_have_attribute("data-trigger", "assess")  # the workflow's primary step
    _on_first_screen(page, first)

    def background(trigger: str) -> str:
        return str(
            page.locator(f"#steps a[data-trigger={trigger}]").evaluate(
                "button => getComputedStyle(button).backgroundColor"
            )
        )

    assert background("assess") != TRANSPARENT  # solid
    assert background("escalate") == TRANSPARENT  # outlined, weaker than the main step
    assert background("withdraw") == TRANSPARENT
    expect(page.locator("#steps a[data-trigger=withdraw]")).to_have_text("Cabut laporan")
    expect(page.locator("#steps a[data-trigger=escalate]")).to_have_text("Eskalasi ke pengawas")

    links = page.locator("nav.case-sections a")
    expect(links).to_have_count(7)
    # The agreement section has loaded itself (it drops its hx-get when it has).
    expect(page.locator("#agreement")).not_to_have_attribute("hx-get", ANY_VALUE)
    for href in reversed(links.evaluate_all("links => links.map(a => a.getAttribute('href'))")):
        page.locator(f"nav.case-sections a[href='{href}']").click()
        expect(page.locator(href)).to_be_in_viewport()
    assert console_errors(page) == []
    page.context.close()


@VIEWPORTS
def test_names_and_role_words_instead_of_keys_and_a_phone_sized_desk(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    title = f"Ancaman pagar {viewport['width']}"
    # Escalated now: its events are the newest of "Aktivitas terbaru".
    case_id = _timed(live_server).escalated(utcnow(), title=title, reason="Terlapor mengancam.")
    reference = _reference(live_server, case_id)
    page = _logged_in(browser, live_server, viewport, "supervisor")
    activity = page.locator(".activity li", has_text=reference)
    expect(activity.first).to_contain_text("Officer, ")  # the officer's name, not "officer"
    # A filter's plain text ignores case; a pattern does not.
    expect(activity.filter(has_text=re.compile("officer, "))).to_have_count(0)

    page.get_by_role("link", name="Meja pengawas").click()
    by = page.locator("#review-queue li.review-item", has_text=title).locator(".muted.small")
    expect(by).to_contain_text("oleh Officer")
    expect(by).not_to_contain_text("oleh officer")
    wrap = page.locator("#officer-load .table-wrap")
    expect(wrap.locator("tbody tr").first).to_be_visible()
    scroll, client = wrap.evaluate("wrap => [wrap.scrollWidth, wrap.clientWidth]")
    assert scroll <= client, f"the officer-load table is {scroll}px wide in a {client}px box"
    menu = page.locator("ul.main-nav a")
    expect(menu).to_have_count(5)  # Beranda, Perkara, Meja pengawas, Statistik, Forum
    tops = {round(box["y"]) for box in (m.bounding_box() for m in menu.all()) if box}
    assert len(tops) <= 2, f"the menu sits on {len(tops)} rows"
    # The current page's link is bold, and the widest: every link still ends inside the row,
    # none hidden past the edge of the phone.
    rights, row = page.locator("ul.main-nav").evaluate(
        "ul => [[...ul.children].map(li => li.getBoundingClientRect().right),"
        " ul.getBoundingClientRect().right]"
    )
    assert max(rights) <= row, f"a menu link ends at {max(rights)}px, past the row's {row}px"
    page.context.close()

    admin = _logged_in(browser, live_server, viewport, "admin")
    admin.goto(f"{live_server.url}/admin")
    expect(admin.locator("#user-officer td").nth(2)).to_have_text("Bhabinkamtibmas")
    expect(admin.locator("#user-supervisor td").nth(2)).to_have_text("Pengawas")
    expect(admin.locator("#user-tokoh td").nth(2)).to_have_text("Tokoh masyarakat")
    admin.context.close()


def _lands_at_notice(page: Page, server: LiveServer, case_id: UUID, text: str) -> None:
    """The case page, scrolled to the notice of what was done, the agreement right under it."""
    page.wait_for_url(f"{server.url}/cases/{case_id}#agreement-notice")
    notice = page.locator("#agreement-notice .alert")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(text)
    expect(page.locator("#agreement #agreement-status")).to_be_visible()  # the panel loaded
    _on_first_screen(page, notice)
    following = page.locator("#agreement-notice ~ section").first
    expect(following).to_have_attribute("id", "agreement")
    top = following.bounding_box()
    assert top is not None
    assert _bottom(notice) <= top["y"] < page.evaluate("window.innerHeight")


def _agreement_case(server: LiveServer, title: str) -> tuple[UUID, UUID]:
    """A dispute with both parties' NIK, its agreement frozen: (case, agreement)."""
    world = server.world
    parties = [
        PartyInput(role="complainant", name="Darto Santoso", nik=NIKS[0]),
        PartyInput(role="respondent", name="Slamet Wibowo", nik=NIKS[1], address="RT 02 Krajan"),
    ]
    agreement_id = frozen_agreement(server, world.tokoh_a1, title, parties=parties)
    with server.runtime.sessions() as session:
        return session.get_one(Agreement, agreement_id).case_id, agreement_id


@VIEWPORTS
def test_a_draft_saved_in_the_browser_lands_at_its_notice(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    case_id = _timed(live_server).mediated(utcnow(), title=f"Draf sawah {viewport['width']}")
    page = _logged_in(browser, live_server, viewport, "officer")
    page.goto(f"{live_server.url}/cases/{case_id}")
    page.locator("#agreement-draft").click()
    page.wait_for_url(f"{live_server.url}/cases/{case_id}/agreement/edit")
    page.fill("#f-place", "Balai Desa Ngadilangkung")
    page.fill("#f-chronology", "Patok batas sawah dipindah; kedua pihak sepakat berdamai.")
    page.select_option("#ob_0_obligor", "all")
    page.select_option("#ob_0_kind", "cease")
    page.fill("#ob_0_description", "Tidak saling mengganggu dan menjaga kerukunan")
    page.fill("#ob_0_due_date", (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d"))
    page.get_by_role("button", name="Simpan draf").click()
    _lands_at_notice(page, live_server, case_id, "Draf kesepakatan disimpan.")
    assert console_errors(page) == []
    page.context.close()


@VIEWPORTS
def test_an_in_person_signature_withholds_every_nik_and_lands_at_its_notice(
    browser: Browser, live_server: LiveServer, viewport: dict[str, int]
) -> None:
    case_id, _ = _agreement_case(live_server, f"Tanda tangan sawah {viewport['width']}")
    page = _logged_in(browser, live_server, viewport, "officer")
    page.goto(f"{live_server.url}/cases/{case_id}")
    links = page.locator("#agreement .sign-link")
    expect(links).to_have_count(2)  # the two parties; the mediator signs from their account
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    with live_server.runtime.sessions() as session:
        stored = set(session.scalars(select(Party.nik).where(Party.case_id == case_id)))
    assert stored == set(NIKS)
    for href in hrefs:
        page.goto(f"{live_server.url}{href}")
        expect(page.locator("#agreement-text")).to_contain_text("NIK: (disamarkan)")
        for nik in NIKS:
            expect(page.locator("body")).not_to_contain_text(nik)
            assert nik not in page.content()
        expect(page.locator("#agreement-text")).not_to_contain_text("RT 02 Krajan")
    name = page.locator("#sign-forms h1").inner_text()
    page.locator("#f-consent").check()
    page.locator("#f-typed_name").fill(name)
    page.locator("#in-person-form button[type=submit]").click()
    _lands_at_notice(page, live_server, case_id, "Tanda tangan dicatat.")
    expect(page.locator("#signatories li", has_text=name)).to_contain_text("Ditandatangani")
    assert console_errors(page) == []
    page.context.close()
