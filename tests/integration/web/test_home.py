"""The home page: each role starts from what is overdue, due today and open in its reach."""

from __future__ import annotations

from datetime import datetime, timedelta

from mediasi.db.base import utcnow
from mediasi.workflow.durations import LOCAL_TZ
from tests.integration.web.conftest import Cases, Db, Web, case_links, section_with


def _later_today() -> datetime:
    """A moment after now that is still today in WIB (the home page's 'today')."""
    now = utcnow()
    midnight = datetime.combine(
        now.astimezone(LOCAL_TZ).date() + timedelta(days=1), datetime.min.time(), tzinfo=LOCAL_TZ
    )
    return now + (midnight - now) / 2


def test_the_officer_sees_overdue_due_today_open_and_recent_work(
    web: Web, cases: Cases, db: Db
) -> None:
    overdue = cases.report(title="Sapi masuk sawah tetangga")
    today = cases.report(title="Utang arisan belum dibayar", category="utang_piutang")
    later = cases.complaint()
    cases.fire(later, "follow_up")
    db.set_due(overdue, utcnow() - timedelta(hours=3))
    db.set_due(today, _later_today())
    ref = {case_id: db.case(case_id).reference for case_id in (overdue, today, later)}

    page = web.login_as("officer").get("/")
    assert page.status_code == 200
    assert "Perkara Anda yang masih berjalan: 3" in page.text

    late = section_with(page.text, "Lewat tenggat")
    assert case_links(late) == {str(overdue)}
    assert ref[overdue] in late
    assert "Sapi masuk sawah tetangga" in late
    due = section_with(page.text, "Jatuh tempo hari ini")
    assert case_links(due) == {str(today)}

    by_state = section_with(page.text, "Perkara berjalan menurut status")
    assert case_links(by_state) == {str(overdue), str(today), str(later)}
    assert "Dilaporkan" in by_state  # the sengketa group
    assert "Ditindaklanjuti" in by_state  # the pengaduan group after follow_up

    activity = section_with(page.text, "Aktivitas terbaru")
    assert case_links(activity) == {str(overdue), str(today), str(later)}
    assert "Tindak lanjuti" in activity  # the follow_up step, by its label


def test_the_home_page_shows_nothing_outside_the_users_reach(
    web: Web, cases: Cases, db: Db
) -> None:
    mine = cases.report()
    theirs = cases.report(by="officer_b", desa=cases.world.desa_b1, title="Rahasia desa lain")
    db.set_due(theirs, utcnow() - timedelta(hours=1))

    page = web.login_as("officer").get("/").text
    assert case_links(page) == {str(mine)}
    assert "Rahasia desa lain" not in page
    assert db.case(theirs).reference not in page


def test_a_supervisor_sees_the_open_cases_of_the_polsek(web: Web, cases: Cases) -> None:
    a1 = cases.report()
    a2 = cases.report(desa=cases.world.desa_a2)
    cases.report(by="officer_b", desa=cases.world.desa_b1)
    page = web.login_as("supervisor").get("/").text
    assert "Perkara berjalan di wilayah Anda: 2" in page
    assert case_links(section_with(page, "Perkara berjalan menurut status")) == {str(a1), str(a2)}


def test_a_tokoh_sees_only_the_cases_they_are_invited_to(web: Web, cases: Cases) -> None:
    invited = cases.report()
    cases.report(title="Perkara tanpa tokoh")
    cases.invite(invited)
    page = web.login_as("tokoh").get("/").text
    assert "Perkara yang melibatkan Anda: 1" in page
    assert case_links(page) == {str(invited)}


def test_an_admin_home_has_no_case_lists(web: Web, cases: Cases) -> None:
    cases.report()
    page = web.login_as("admin").get("/")
    assert page.status_code == 200
    assert "Administrasi pengguna, wilayah dan tokoh." in page.text
    assert "Lewat tenggat" not in page.text
    assert case_links(page.text) == set()


def test_an_empty_desk_says_so(web: Web) -> None:
    page = web.login_as("officer").get("/").text
    assert "Tidak ada perkara yang lewat tenggat." in page
    assert "Belum ada perkara yang berjalan." in page
    assert "Belum ada aktivitas." in page


def test_the_home_page_in_english(web: Web, cases: Cases) -> None:
    cases.report()
    web.login_as("officer").get("/lang/en?next=/")
    page = web.get("/").text
    assert "Welcome, Officer" in page
    assert "Your open cases: 1" in page
    assert "Open cases by state" in page
    assert "Reported" in page
