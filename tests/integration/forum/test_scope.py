"""Forums follow the area tree: an officer keeps the forums of the desa they hold, a supervisor
those under their node; anyone else is told there is no such forum, activity or aspiration
(404), and a tokoh or an admin that the forum is not theirs (403)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.forum.conftest import Forums
from tests.integration.web.conftest import Web, field_error
from tests.writes import Watch

NAME = "FKPM Ngadilangkung"


@pytest.fixture
def target(forums: Forums) -> dict[str, str]:
    forum_id = forums.create()
    member = forums.member(forum_id)
    activity = forums.activity(forum_id, when=utcnow() - timedelta(days=1))
    aspiration = forums.aspiration(activity)
    return {
        "forum": str(forum_id),
        "member": str(member),
        "activity": str(activity),
        "aspiration": str(aspiration),
    }


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("officer", True),
        ("supervisor", True),
        ("polres_supervisor", True),
        ("officer_b", False),
        ("supervisor_b", False),
    ],
)
def test_who_sees_a_desa_forum(web: Web, target: dict[str, str], username: str, sees: bool) -> None:
    web.login_as(username)
    listed = web.get("/forum").text
    assert (NAME in listed) is sees
    pages = [f"/forum/{target['forum']}", f"/forum/kegiatan/{target['activity']}"]
    for url in pages:
        response = web.get(url)
        assert response.status_code == (200 if sees else 404), url
        if not sees:
            assert "tidak ditemukan" in response.text
            assert NAME not in response.text
    month = (utcnow() - timedelta(days=1)).strftime("%Y-%m")
    assert ("Balap liar" in web.get(f"/forum/kalender?month={month}").text) is sees
    writes = [
        (f"/forum/{target['forum']}/anggota/{target['member']}/akhiri", {"ended_on": "2026-12-01"}),
        (
            f"/forum/kegiatan/{target['activity']}/aspirasi/{target['aspiration']}",
            {"status": "done", "note": "Selesai."},
        ),
    ]
    if not sees:
        for url, form in writes:
            assert web.post(url, form).status_code == 404, url


@pytest.mark.parametrize("username", ["tokoh", "admin"])
def test_a_tokoh_or_an_admin_is_refused_the_forums(
    web: Web, target: dict[str, str], username: str
) -> None:
    web.login_as(username)
    for url in ("/forum", f"/forum/{target['forum']}", "/forum/kalender"):
        response = web.get(url)
        assert response.status_code == 403, url
        assert "hanya untuk petugas dan pengawas" in response.text


def test_a_forum_hangs_only_on_a_node_in_reach(web: Web, world: World) -> None:
    web.login_as("officer")
    form = {"name": "FKPM Kecamatan Kepanjen", "area_id": str(world.polsek_a)}
    refused = web.post("/forum", form)
    assert refused.status_code == 422
    assert "bukan wilayah tugas" in (field_error(refused.text, "area_id") or "")
    web.login_as("supervisor")
    assert web.post("/forum", form).status_code == 303
    web.login_as("officer_b")
    assert "FKPM Kecamatan Kepanjen" not in web.get("/forum").text


def test_the_calendar_of_an_area_out_of_reach_is_not_found(
    web: Web, target: dict[str, str]
) -> None:
    web.login_as("officer_b")
    response = web.get("/forum/kalender?area=NGADILANGKUNG")
    assert response.status_code == 404
    assert "Balap liar" not in response.text
    web.login_as("polres_supervisor")
    month = (utcnow() - timedelta(days=1)).strftime("%Y-%m")
    shown = web.get(f"/forum/kalender?area=KEPANJEN&month={month}")
    assert shown.status_code == 200
    assert "Balap liar" in shown.text
    assert "Balap liar" not in web.get(f"/forum/kalender?area=PAKISAJI&month={month}").text


def test_an_aspiration_becomes_a_case_only_in_a_desa_of_its_forum(
    web: Web, world: World, target: dict[str, str]
) -> None:
    web.login_as("polres_supervisor")
    form = {
        "topic": "pengaduan:ketertiban",
        "title": "Balap liar di jalan desa",
        "desa_id": str(world.desa_b1),
        "reporter_name": "Pak RT",
    }
    refused = web.post(
        f"/forum/kegiatan/{target['activity']}/aspirasi/{target['aspiration']}/perkara", form
    )
    assert refused.status_code == 422
    assert "wilayah forum ini" in (field_error(refused.text, "desa_id") or "")


def test_an_object_of_one_forum_is_not_reached_through_another(
    web: Web, forums: Forums, target: dict[str, str], runtime: Runtime
) -> None:
    """The officer keeps both forums of desa A1 and A2; a member or an aspiration of the first
    named under the path of the second is not found there, and nothing is written."""
    other = forums.create(area=forums.world.desa_a2, name="FKPM Talangagung")
    other_activity = forums.activity(other, when=utcnow() - timedelta(days=1))
    web.login_as("officer")
    watch = Watch(runtime)
    member = target["member"]
    crossed = [
        (f"/forum/{other}/anggota/{member}/akhiri", {"ended_on": "2026-12-01"}),
        (
            f"/forum/{other}/anggota/{member}/jabatan",
            {"position": "ketua", "moved_on": "2026-12-01"},
        ),
        (
            f"/forum/kegiatan/{other_activity}/aspirasi/{target['aspiration']}",
            {"status": "done", "note": "Selesai."},
        ),
    ]
    for url, form in crossed:
        response = web.post(url, form)
        assert response.status_code == 404, url
        assert "tidak ditemukan" in response.text
    assert watch.written() == []
    # A member whose term has ended is said so at the top of the forum's page.
    ended = f"/forum/{target['forum']}/anggota/{member}/akhiri"
    assert web.post(ended, {"ended_on": "2026-12-01"}).status_code == 303
    again = web.post(ended, {"ended_on": "2026-12-02"})
    assert again.status_code == 409
    assert 'role="alert">Masa jabatan anggota ini sudah berakhir.' in again.text
