"""The supervisor's desk: escalations to review, overdue cases and the officers' load, each only
within the supervisor's area; and accepting or returning an escalation."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from mediasi.cases.event_model import Event
from mediasi.db.base import utcnow
from mediasi.deadlines.services import DeadlineScanner
from mediasi.runtime import Runtime
from mediasi.supervision.queries import SupervisionQueries, start_of_month
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World, add_facts
from tests.integration.supervision.conftest import OpenAs, section
from tests.integration.web.conftest import Db

REASON_OLD = "Terlapor mengancam pelapor; perlu Unit Reskrim."
REASON_NEW = "Korban anak di bawah umur."
REASON_B = "Sengketa waris antarkeluarga di Pakisaji."


def text_of(html_text: str) -> str:
    """What a person reads: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def ref(db: Db, case_id: UUID) -> str:
    return db.case(case_id).reference


@pytest.fixture
def escalations(runtime: Runtime, world: World, timed: TimedCases) -> dict[str, UUID]:
    now = utcnow()
    # The newer escalation is made first, so that the order shown comes from the times.
    newer = timed.escalated(
        now - timedelta(hours=1), reason=REASON_NEW, target="unit_ppa", title="Anak dipukul"
    )
    older = timed.escalated(
        now - timedelta(hours=2),
        reason=REASON_OLD,
        target="reskrim_polsek",
        desa=world.desa_a2,
        title="Ancaman parang",
    )
    other_area = timed.escalated(
        now - timedelta(hours=3),
        by="officer_b",
        reason=REASON_B,
        target="pengadilan",
        desa=world.desa_b1,
        title="Warisan sawah",
    )
    # A mediation that ran out of time, escalated by the scanner just now.
    by_scanner = timed.mediated(now - timedelta(days=20), title="Utang panen")
    report = DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks).run()
    assert len(report.fired) == 1
    return {"older": older, "newer": newer, "other_area": other_area, "by_scanner": by_scanner}


def test_the_desk_lists_escalations_oldest_first_with_reason_and_target(
    open_as: OpenAs, db: Db, escalations: dict[str, UUID]
) -> None:
    page = open_as("supervisor").get("/supervision")
    assert page.status_code == 200
    queue = section(page.text, "review-queue")
    items = re.findall(r'<li class="case-item review-item">.*?</li>', queue, re.S)
    refs = [re.search(r'class="ref">([^<]+)<', item).group(1) for item in items]  # type: ignore[union-attr]
    assert refs == [
        ref(db, escalations["older"]),
        ref(db, escalations["newer"]),
        ref(db, escalations["by_scanner"]),
    ]
    assert re.search(r'<span class="count">3</span>', queue)

    older, newer, by_scanner = (text_of(item) for item in items)
    assert "Ancaman parang" in older
    assert REASON_OLD in older
    assert "reskrim_polsek" in older or "Unit Reskrim Polsek" in older
    assert "oleh Officer" in older  # the officer's name, not their username
    assert "Talangagung" in older  # the desa
    assert REASON_NEW in newer
    assert "unit_ppa" in newer or "Unit PPA" in newer
    assert "Tenggat status 'Dalam mediasi'" in by_scanner
    assert "terlewati" in by_scanner
    assert "oleh sistem" in by_scanner
    assert f'href="/cases/{escalations["older"]}"' in items[0]


def test_the_desk_names_the_target_in_words(open_as: OpenAs, escalations: dict[str, UUID]) -> None:
    page = open_as("supervisor").get("/supervision")
    if page.status_code != 200 or "Ancaman parang" not in page.text:
        pytest.fail(f"the desk did not show the escalation at all ({page.status_code})")
    queue = text_of(section(page.text, "review-queue"))
    assert "Unit Reskrim Polsek" in queue
    assert "reskrim_polsek" not in queue


def test_each_supervisor_sees_only_their_own_area(
    open_as: OpenAs, db: Db, escalations: dict[str, UUID]
) -> None:
    page_b = open_as("supervisor_b").get("/supervision")
    assert page_b.status_code == 200
    queue_b = section(page_b.text, "review-queue")
    assert ref(db, escalations["other_area"]) in queue_b
    assert REASON_B in html.unescape(queue_b)
    for case in ("older", "newer", "by_scanner"):
        assert ref(db, escalations[case]) not in page_b.text
    assert REASON_OLD not in html.unescape(page_b.text)

    page_a = open_as("supervisor").get("/supervision").text
    assert ref(db, escalations["other_area"]) not in page_a
    assert REASON_B not in html.unescape(page_a)

    # The Polres above both Polsek sees all four.
    queue_polres = section(open_as("polres_supervisor").get("/supervision").text, "review-queue")
    assert all(ref(db, case_id) in queue_polres for case_id in escalations.values())


def test_overdue_cases_of_the_area_are_listed(
    open_as: OpenAs, db: Db, world: World, timed: TimedCases
) -> None:
    now = utcnow()
    late_a = timed.report(now - timedelta(days=10), title="Kambing masuk kebun")
    late_b = timed.report(
        now - timedelta(days=10), by="officer_b", desa=world.desa_b1, title="Pagar roboh"
    )
    on_time = timed.report(now, title="Suara musik malam")

    overdue = section(open_as("supervisor").get("/supervision").text, "overdue")
    assert ref(db, late_a) in overdue
    assert "Kambing masuk kebun" in overdue
    assert "Lewat tenggat" in overdue
    assert ref(db, on_time) not in overdue
    assert ref(db, late_b) not in overdue

    overdue_b = section(open_as("supervisor_b").get("/supervision").text, "overdue")
    assert ref(db, late_b) in overdue_b
    assert ref(db, late_a) not in overdue_b


def _load(page: str) -> dict[str, tuple[int, int, int]]:
    rows = re.findall(
        r"<tr><td><a[^>]*>([^<]+)</a></td><td>(\d+)</td><td[^>]*>(?:<a[^>]*>)?(\d+)(?:</a>)?</td>"
        r"<td>(\d+)</td></tr>",
        section(page, "officer-load"),
    )
    return {name: (int(a), int(b), int(c)) for name, a, b, c in rows}


def test_officer_load_counts_open_overdue_and_settled_this_month(
    runtime: Runtime,
    open_as: OpenAs,
    world: World,
    timed: TimedCases,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An agreement signed by everyone is what lets 'agree' fire; here it is simply so.
    add_facts(monkeypatch, runtime, lambda _s, _c: {"agreement_fully_signed": True})
    now = utcnow()
    last_month = start_of_month(now) - timedelta(days=2)
    timed.report(now)  # open
    timed.report(now - timedelta(days=10), desa=world.desa_a2)  # open and overdue
    timed.escalated(now - timedelta(hours=1))  # open, waiting for review
    settled = timed.mediated(now - timedelta(hours=3))
    timed.fire(settled, "agree", now - timedelta(hours=1), summary="Patok dikembalikan.")
    settled_before = timed.mediated(last_month - timedelta(days=1))
    timed.fire(settled_before, "agree", last_month, summary="Utang dicicil.")
    referred = timed.escalated(now - timedelta(hours=2))
    timed.fire(referred, "accept_escalation", now - timedelta(hours=1), by="supervisor")
    timed.report(now - timedelta(days=10), by="officer_b", desa=world.desa_b1)
    timed.report(now, by="officer_b", desa=world.desa_b1)

    # An agreement whose obligations still run ('agreed' not final) is still open work.
    agreed_open = 0 if runtime.workflows.registry.latest("sengketa").states["agreed"].final else 2
    officer = (3 + agreed_open, 1, 1)
    assert _load(open_as("supervisor").get("/supervision").text) == {"Officer": officer}
    assert _load(open_as("supervisor_b").get("/supervision").text) == {"Officer_B": (2, 1, 0)}
    assert _load(open_as("polres_supervisor").get("/supervision").text) == {
        "Officer": officer,
        "Officer_B": (2, 1, 0),
    }


def test_the_queue_shows_the_latest_escalation_of_a_case_and_keeps_a_flagged_one(
    runtime: Runtime, open_as: OpenAs, db: Db, timed: TimedCases
) -> None:
    now = utcnow()
    again = timed.escalated(now - timedelta(hours=3), reason="Alasan pertama.")
    timed.fire(again, "return_escalation", now - timedelta(hours=2), by="supervisor")
    timed.fire(again, "escalate", now - timedelta(hours=1), reason="Alasan kedua.")
    waiting_long = timed.escalated(now - timedelta(days=10), reason="Menunggu terlalu lama.")
    report = DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks).run()
    assert report.flagged == [ref(db, waiting_long)]  # the review's own deadline ran out

    page = open_as("supervisor").get("/supervision").text
    queue = text_of(section(page, "review-queue"))
    assert "Alasan kedua." in queue
    assert "Alasan pertama." not in queue
    assert "Menunggu terlalu lama." in queue  # the flag does not hide why it was escalated
    assert queue.index(ref(db, waiting_long)) < queue.index(ref(db, again))
    overdue = section(page, "overdue")
    assert ref(db, waiting_long) in overdue
    assert ref(db, again) not in overdue


def test_settled_this_month_counts_by_the_month_in_jakarta(
    runtime: Runtime, world: World, timed: TimedCases, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_facts(monkeypatch, runtime, lambda _s, _c: {"agreement_fully_signed": True})
    now = datetime(2026, 12, 1, 10, tzinfo=LOCAL_TZ)
    early_december = timed.mediated(datetime(2026, 11, 20, 9, tzinfo=LOCAL_TZ))
    # 03:00 WIB on 1 December is still 30 November in UTC.
    timed.fire(early_december, "agree", datetime(2026, 12, 1, 3, tzinfo=LOCAL_TZ), summary="Damai.")
    late_november = timed.mediated(datetime(2026, 11, 20, 9, tzinfo=LOCAL_TZ))
    timed.fire(
        late_november, "agree", datetime(2026, 11, 30, 23, tzinfo=LOCAL_TZ), summary="Damai."
    )

    with runtime.sessions() as session:
        queries = SupervisionQueries(session, runtime.workflows.registry)
        (load,) = queries.officer_load(world.actor("supervisor"), now)
    assert (load.username, load.agreed_this_month) == ("officer", 1)


@pytest.mark.parametrize("username", ["officer", "tokoh", "admin"])
def test_only_supervisors_open_the_desk(open_as: OpenAs, username: str) -> None:
    web = open_as(username)
    desk = web.get("/supervision")
    assert desk.status_code == 403
    assert "Halaman ini hanya untuk pengawas." in desk.text
    export = web.get("/supervision/export?start=2026-01-01&end=2026-01-31&format=csv")
    assert export.status_code == 403
    assert "Meja pengawas" not in web.get("/").text  # and the menu does not offer it


def test_the_menu_offers_the_desk_to_a_supervisor(open_as: OpenAs) -> None:
    home = open_as("supervisor").get("/")
    assert home.status_code == 200
    assert '<a href="/supervision">Meja pengawas</a>' in home.text


# ---- deciding on an escalation -------------------------------------------------------------


def test_a_supervisor_accepts_an_escalation(
    open_as: OpenAs, db: Db, timed: TimedCases, world: World
) -> None:
    case_id = timed.escalated(utcnow() - timedelta(hours=1))
    web = open_as("supervisor")
    page = web.case_page(case_id).text
    assert 'data-trigger="accept_escalation"' in page
    assert 'data-trigger="return_escalation"' in page

    response = web.post(
        f"/cases/{case_id}/steps/accept_escalation",
        {"version": web.version(case_id), "decision_note": "Dilimpahkan ke Unit Reskrim."},
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case_id}"
    case = db.case(case_id)
    assert (case.state, case.is_final, case.due_at) == ("referred", True, None)
    last = db.events(case_id)[-1]
    assert (last.trigger, last.actor_id, last.actor_role) == (
        "accept_escalation",
        world.actor("supervisor").id,
        "supervisor",
    )
    assert last.payload == {"decision_note": "Dilimpahkan ke Unit Reskrim."}
    shown = text_of(web.case_page(case_id).text)
    assert "Dilimpahkan" in shown
    assert "Perkara ini sudah selesai." in shown
    assert ref(db, case_id) not in section(web.get("/supervision").text, "review-queue")


def test_a_supervisor_returns_an_escalation_with_instructions(
    open_as: OpenAs, db: Db, timed: TimedCases
) -> None:
    case_id = timed.escalated(utcnow() - timedelta(hours=1))
    web = open_as("supervisor")
    instructions = "Undang kepala desa & tokoh adat; coba musyawarah sekali lagi."

    response = web.post(
        f"/cases/{case_id}/steps/return_escalation",
        {"version": web.version(case_id), "instructions": instructions},
    )

    assert response.status_code == 303
    case = db.case(case_id)
    assert (case.state, case.is_final) == ("assessed", False)
    assert case.due_at is not None
    assert case.due_at > utcnow() + timedelta(days=6)  # the assessment's '7 days' again
    timeline = section(web.case_page(case_id).text, "timeline")
    assert instructions in html.unescape(timeline)
    assert "Kembalikan ke petugas" in timeline
    assert ref(db, case_id) not in section(web.get("/supervision").text, "review-queue")
    # The officer sees the instructions too, and can take the case up again.
    officer_page = open_as("officer").case_page(case_id).text
    assert instructions in html.unescape(section(officer_page, "timeline"))
    assert 'data-trigger="schedule_mediation"' in officer_page


def test_returning_without_instructions_is_refused_and_writes_nothing(
    open_as: OpenAs, db: Db, timed: TimedCases
) -> None:
    case_id = timed.escalated(utcnow() - timedelta(hours=1))
    web = open_as("supervisor")
    before = db.snapshot(case_id)

    response = web.post(
        f"/cases/{case_id}/steps/return_escalation",
        {"version": web.version(case_id), "instructions": "   "},
    )

    assert response.status_code == 422
    assert "Wajib diisi" in response.text
    assert 'name="instructions"' in response.text  # the form comes back to be corrected
    assert db.snapshot(case_id) == before
    assert db.case(case_id).state == "escalated"


def test_an_officer_cannot_accept_an_escalation(open_as: OpenAs, db: Db, timed: TimedCases) -> None:
    case_id = timed.escalated(utcnow() - timedelta(hours=1))
    officer = open_as("officer")
    page = officer.case_page(case_id).text
    assert 'data-trigger="accept_escalation"' not in page
    before = db.snapshot(case_id)

    response = officer.post(
        f"/cases/{case_id}/steps/accept_escalation",
        {"version": officer.version(case_id), "decision_note": "Saya terima sendiri."},
    )

    assert response.status_code == 403  # the role may not take the step (RoleNotAllowed)
    assert "tidak berwenang" in response.text
    assert db.snapshot(case_id) == before


def test_a_supervisor_of_another_area_cannot_decide(
    open_as: OpenAs, db: Db, timed: TimedCases
) -> None:
    case_id = timed.escalated(utcnow() - timedelta(hours=1))
    version = db.case(case_id).version
    before = db.snapshot(case_id)
    other = open_as("supervisor_b")
    assert other.get(f"/cases/{case_id}").status_code == 404
    response = other.post(
        f"/cases/{case_id}/steps/accept_escalation",
        {"version": version, "decision_note": "Bukan wilayah saya."},
    )
    assert response.status_code == 404
    assert db.snapshot(case_id) == before


def test_a_decision_on_a_stale_page_is_refused(open_as: OpenAs, db: Db, timed: TimedCases) -> None:
    case_id = timed.escalated(utcnow() - timedelta(hours=1))
    web = open_as("supervisor")
    seen = web.version(case_id)
    colleague = open_as("polres_supervisor")
    assert (
        colleague.post(
            f"/cases/{case_id}/steps/return_escalation",
            {"version": colleague.version(case_id), "instructions": "Lengkapi keterangan saksi."},
        ).status_code
        == 303
    )
    events = len(db.events(case_id))

    response = web.post(
        f"/cases/{case_id}/steps/accept_escalation",
        {"version": seen, "decision_note": "Terima."},
    )

    assert response.status_code == 409
    assert db.case(case_id).state == "assessed"
    assert len(db.events(case_id)) == events
    assert db.count(Event, case_id=case_id, trigger="accept_escalation") == 0
