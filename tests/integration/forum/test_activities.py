"""Activities through their pages: scheduled (the members with an address are told, in the
same transaction), recorded once held with who came and how many residents, photos checked by
their bytes and stripped of their location; aspirations raised, followed up, and one turned
into a case in one step, linked both ways."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from mediasi.audit.forums import verify_forums
from mediasi.audit.services import verify_all
from mediasi.cases.models import Case
from mediasi.db.base import utcnow
from mediasi.forum.models import ForumActivity, ForumAspiration, ForumPhoto
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.forum.conftest import Forums, local
from tests.integration.web.conftest import Db, Web, field_error
from tests.pictures import has_location, photo


def test_scheduling_tells_the_members_with_an_address(
    web: Web, forums: Forums, world: World, runtime: Runtime
) -> None:
    forum_id = forums.create()
    forums.member(forum_id, name="Mbak Rini", phone="081234567890")
    forums.member(forum_id, name="Pak Tanpa Nomor")
    forums.member(forum_id, person_kind="tokoh", tokoh_id=world.tokoh_a1, element="tokoh_agama")
    web.login_as("officer")
    form = {
        "kind": "penyuluhan",
        "starts_at": local(utcnow() + timedelta(days=3)),
        "place": "Masjid Al-Ikhlas",
        "topic": "Bahaya narkoba bagi pelajar",
    }
    assert web.post(f"/forum/{forum_id}/kegiatan", form).status_code == 303
    with runtime.sessions() as session:
        messages = list(
            session.scalars(select(Message).where(Message.kind == "forum_activity_scheduled"))
        )
    assert [m.recipient_name for m in messages] == ["Mbak Rini"]
    assert "FKPM Ngadilangkung" in messages[0].text
    assert "Masjid Al-Ikhlas" in messages[0].text
    assert "Penyuluhan" in messages[0].text
    # The coming activity is on the officer's home page and in the month's calendar.
    home = web.get("/").text
    assert "Bahaya narkoba bagi pelajar" in home.split('id="forum-upcoming"')[1]
    month = (utcnow() + timedelta(days=3)).strftime("%Y-%m")
    assert "Bahaya narkoba bagi pelajar" in web.get(f"/forum/kalender?month={month}").text
    # A past activity (recorded after the fact) tells nobody.
    past = {**form, "starts_at": local(utcnow() - timedelta(days=2)), "topic": "Ronda malam"}
    assert web.post(f"/forum/{forum_id}/kegiatan", past).status_code == 303
    with runtime.sessions() as session:
        count = len(
            list(
                session.scalars(
                    select(Message.id).where(Message.kind == "forum_activity_scheduled")
                )
            )
        )
    assert count == 1


def test_an_officer_records_a_dialog_its_attendance_and_an_aspiration_that_becomes_a_case(
    web: Web, forums: Forums, world: World, runtime: Runtime, db: Db
) -> None:
    forum_id = forums.create()
    rini = forums.member(forum_id, name="Mbak Rini")
    joko = forums.member(forum_id, name="Pak Joko", element="linmas")
    activity_id = forums.activity(forum_id, when=utcnow() - timedelta(hours=3))
    web.login_as("officer")
    page = f"/forum/kegiatan/{activity_id}"

    # Attendance of someone who is no member of the forum is refused, as ticked.
    stranger = {
        "members": [str(rini), str(world.tokoh_a1)],
        "residents": "25",
        "minutes": "Dialog soal balap liar.",
    }
    refused = web.post(f"{page}/catat", stranger)
    assert refused.status_code == 422
    assert "anggota forum" in (field_error(refused.text, "members") or "")
    recorded = web.post(f"{page}/catat", {**stranger, "members": [str(rini), str(joko)]})
    assert recorded.status_code == 303, recorded.text[:500]
    shown = web.get(page).text
    assert "Mbak Rini" in shown.split('id="members-present"')[1].split("</dd>")[0]
    assert ">25<" in shown
    assert web.post(f"{page}/catat", {**stranger, "members": [str(rini)]}).status_code == 409

    # A photo with the place it was taken: kept without it.
    sent = web.client.post(
        f"{page}/foto",
        files={"photo": ("balai.jpg", photo("JPEG"), "image/jpeg")},
        headers={"x-csrftoken": web.csrf},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text[:500]
    with runtime.sessions() as session:
        stored = session.scalars(select(ForumPhoto)).one()
        assert stored.location_removed
    served = web.get(f"{page}/foto/{stored.id}")
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert not has_location(served.content)

    # An aspiration raised, then turned into a case in one step.
    raised = web.post(
        f"{page}/aspirasi",
        {
            "kind": "keluhan",
            "text": "Balap liar tiap malam Minggu di jalan desa",
            "raised_by": "Pak RT 03",
            "owner": "Bhabinkamtibmas",
            "due_on": (utcnow() + timedelta(days=7)).date().isoformat(),
        },
    )
    assert raised.status_code == 303, raised.text[:500]
    [aspiration] = forums.aspirations(activity_id)
    assert aspiration.status == "open"
    form = web.get(page).text
    assert 'value="Balap liar tiap malam Minggu di jalan desa"' in form  # the title, prefilled
    turned = web.post(
        f"{page}/aspirasi/{aspiration.id}/perkara",
        {
            "topic": "pengaduan:ketertiban",
            "title": "Balap liar tiap malam Minggu di jalan desa",
            "desa_id": str(world.desa_a1),
            "reporter_name": "Pak RT 03",
        },
    )
    assert turned.status_code == 303, turned.text[:500]
    case_id = turned.headers["location"].rsplit("/", 1)[1]
    case = db.case(case_id)  # type: ignore[arg-type]
    assert (case.workflow, case.category, case.reporter_name) == (
        "pengaduan",
        "ketertiban",
        "Pak RT 03",
    )
    assert "Diangkat di FKPM Ngadilangkung" in case.description
    assert [(p.role, p.name) for p in db.parties(case.id)] == [("complainant", "Pak RT 03")]
    [after] = forums.aspirations(activity_id)
    assert (after.status, str(after.case_id)) == ("case", case_id)
    # Linked both ways: the case page names the forum, the activity page the case.
    case_page = web.get(f"/cases/{case_id}").text
    assert f"/forum/kegiatan/{activity_id}#aspiration-{aspiration.id}" in case_page
    assert f"/cases/{case_id}" in web.get(page).text
    # Finished: no second case, no progress.
    again = web.post(
        f"{page}/aspirasi/{aspiration.id}/perkara",
        {
            "topic": "sengketa:batas_tanah",
            "title": "Judul lain lagi",
            "desa_id": str(world.desa_a1),
            "reporter_name": "X Y",
        },
    )
    assert again.status_code == 409
    assert db.count(Case) == 1

    triggers = [e.trigger for e in forums.events(forum_id)]
    assert triggers[-4:] == [
        "activity.recorded",
        "activity.photo",
        "aspiration.raised",
        "aspiration.case",
    ]
    with runtime.sessions() as session:
        assert [p for _, p in verify_forums(session)] == [[]]
        assert all(r.ok for r in verify_all(session, runtime.workflows.registry))


def test_an_aspiration_is_followed_up_to_done(web: Web, forums: Forums) -> None:
    forum_id = forums.create()
    activity_id = forums.activity(forum_id, when=utcnow() - timedelta(days=1))
    aspiration_id = forums.aspiration(activity_id)
    web.login_as("officer")
    assert (
        web.post(
            f"/forum/kegiatan/{activity_id}/aspirasi/{aspiration_id}",
            {"status": "in_progress", "note": "Dibahas dengan kepala desa."},
        ).status_code
        == 303
    )
    assert forums.get(ForumAspiration, aspiration_id).status == "in_progress"
    assert (
        web.post(
            f"/forum/kegiatan/{activity_id}/aspirasi/{aspiration_id}",
            {"status": "done", "note": "Polisi tidur dipasang."},
        ).status_code
        == 303
    )
    done = forums.get(ForumAspiration, aspiration_id)
    assert (done.status, done.note) == ("done", "Polisi tidur dipasang.")
    assert done.closed_at is not None
    refused = web.post(
        f"/forum/kegiatan/{activity_id}/aspirasi/{aspiration_id}",
        {"status": "in_progress", "note": "Lagi"},
    )
    assert refused.status_code == 409


def test_a_coming_activity_cannot_be_recorded_nor_take_aspirations(
    web: Web, forums: Forums
) -> None:
    forum_id = forums.create()
    activity_id = forums.activity(forum_id, when=utcnow() + timedelta(days=2))
    web.login_as("officer")
    page = f"/forum/kegiatan/{activity_id}"
    recorded = web.post(
        f"{page}/catat", {"residents": "3", "minutes": "Belum terjadi sama sekali."}
    )
    assert recorded.status_code == 422
    assert 'role="alert">Kegiatan ini belum berlangsung' in recorded.text
    raised = web.post(
        f"{page}/aspirasi",
        {"kind": "aspirasi", "text": "Lampu jalan mati", "owner": "Kades", "due_on": "2026-12-31"},
    )
    assert raised.status_code == 422
    assert 'role="alert">Kegiatan ini belum berlangsung' in raised.text
    assert forums.get(ForumActivity, activity_id).status == "scheduled"
    assert forums.aspirations(activity_id) == []
