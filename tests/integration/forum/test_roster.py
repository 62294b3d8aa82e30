"""A forum's roster over time, through its pages: members join by element and position, one
person holds each of ketua, wakil ketua and sekretaris, a change of position keeps the old
seat in the history, a member who leaves keeps their row; every change is an event on the
forum's chain, which verifies."""

from __future__ import annotations

import re
from datetime import date

from click.testing import CliRunner

from mediasi.audit.forums import verify_forums
from mediasi.cli import main
from mediasi.config import Settings
from mediasi.forum.models import Forum
from mediasi.runtime import Runtime
from tests.factories import World, cli_env
from tests.integration.forum.conftest import Forums
from tests.integration.web.conftest import Web, field_error


def _forum_id(response) -> str:  # type: ignore[no-untyped-def]
    location = response.headers["location"]
    found = re.fullmatch(r"/forum/([0-9a-f-]{36})", location)
    assert found, location
    return found.group(1)


def test_an_officer_forms_a_forum_of_their_desa_and_keeps_its_roster(
    web: Web, forums: Forums, world: World, runtime: Runtime
) -> None:
    web.login_as("officer")
    created = web.post(
        "/forum",
        {
            "name": "FKPM Ngadilangkung",
            "area_id": str(world.desa_a1),
            "basis": "wilayah",
            "meeting_place": "BKPM Balai Desa Ngadilangkung",
            "formed_on": "2026-01-05",
        },
    )
    assert created.status_code == 303, created.text[:500]
    forum_id = _forum_id(created)

    ketua = {
        "person_kind": "tokoh",
        "tokoh_id": str(world.tokoh_a1),
        "element": "tokoh_agama",
        "position": "ketua",
        "started_on": "2026-01-05",
    }
    assert web.post(f"/forum/{forum_id}/anggota", ketua).status_code == 303
    secretary = {
        "person_kind": "officer",
        "user_id": str(world.actor("officer").id),
        "element": "polri",
        "position": "sekretaris",
        "started_on": "2026-01-05",
    }
    assert web.post(f"/forum/{forum_id}/anggota", secretary).status_code == 303
    other = {
        "person_kind": "other",
        "name": "Mbak Rini",
        "phone": "0812-3456-7890",
        "element": "pemuda",
        "position": "anggota",
        "started_on": "2026-02-01",
    }
    assert web.post(f"/forum/{forum_id}/anggota", other).status_code == 303

    # A second ketua while the first still serves is refused beside the position, as typed.
    rival = {**other, "name": "Pak Joko", "position": "ketua"}
    refused = web.post(f"/forum/{forum_id}/anggota", rival)
    assert refused.status_code == 422
    assert "masih dipegang KH. Abdul Rohman" in (field_error(refused.text, "position") or "")
    assert 'value="Pak Joko"' in refused.text
    # The same person twice at once is refused too.
    again = web.post(f"/forum/{forum_id}/anggota", {**ketua, "position": "anggota"})
    assert again.status_code == 422
    assert "sudah menjadi anggota" in (field_error(again.text, "person_kind") or "")

    rows = forums.members(forum_id)  # type: ignore[arg-type]
    kh = next(m for m in rows if m.name == "KH. Abdul Rohman")
    rini = next(m for m in rows if m.name == "Mbak Rini")
    # The ketua steps down to anggota in June, Rini takes the chair the same day.
    moved = web.post(
        f"/forum/{forum_id}/anggota/{kh.id}/jabatan",
        {"position": "anggota", "moved_on": "2026-06-01"},
    )
    assert moved.status_code == 303, moved.text[:500]
    assert (
        web.post(
            f"/forum/{forum_id}/anggota/{rini.id}/jabatan",
            {"position": "ketua", "moved_on": "2026-06-01"},
        ).status_code
        == 303
    )
    # Leaving before one started is refused; in July the secretary leaves.
    sekretaris = next(m for m in rows if m.position == "sekretaris")
    early = web.post(
        f"/forum/{forum_id}/anggota/{sekretaris.id}/akhiri", {"ended_on": "2025-12-31"}
    )
    assert early.status_code == 422
    assert "sebelum anggota mulai menjabat" in (field_error(early.text, "ended_on") or "")
    left = web.post(
        f"/forum/{forum_id}/anggota/{sekretaris.id}/akhiri",
        {"ended_on": "2026-07-01", "reason": "Mutasi ke Polres"},
    )
    assert left.status_code == 303

    after = forums.members(forum_id)  # type: ignore[arg-type]
    seats = {(m.name, m.position): (m.started_on, m.ended_on) for m in after}
    assert seats[("KH. Abdul Rohman", "ketua")] == (date(2026, 1, 5), date(2026, 6, 1))
    assert seats[("KH. Abdul Rohman", "anggota")] == (date(2026, 6, 1), None)
    assert seats[("Mbak Rini", "anggota")] == (date(2026, 2, 1), date(2026, 6, 1))
    assert seats[("Mbak Rini", "ketua")] == (date(2026, 6, 1), None)
    assert seats[("Officer", "sekretaris")] == (date(2026, 1, 5), date(2026, 7, 1))

    page = web.get(f"/forum/{forum_id}").text
    roster = page.split('id="roster-history"')[0].split('id="roster"')[1]
    assert "Mbak Rini</strong> · Ketua" in roster
    history = page.split('id="roster-history"')[1]
    assert "Mutasi ke Polres" in history
    assert "KH. Abdul Rohman · Ketua" in history
    history = page.split('id="forum-history"')[1]
    assert "Anggota pindah jabatan: Mbak Rini" in history
    assert "Forum dibentuk: FKPM Ngadilangkung" in history
    # Who made each change, by their name as the case log shows it, not their login.
    assert " · Officer</small>" in history
    assert " · officer</small>" not in history
    # No phone number of a member on the page, in any way it could be written (the page's
    # random tokens may hold any four digits, so the number is looked for whole).
    for written in ("0812-3456-7890", "081234567890", "6281234567890", "3456-7890", "34567890"):
        assert written not in page

    triggers = [e.trigger for e in forums.events(forum_id)]  # type: ignore[arg-type]
    assert triggers == [
        "forum.created",
        "member.joined",
        "member.joined",
        "member.joined",
        "member.moved",
        "member.moved",
        "member.left",
    ]
    with runtime.sessions() as session:
        assert [problems for _, problems in verify_forums(session)] == [[]]
        assert session.get(Forum, forum_id).version == len(triggers)


def test_a_tampered_forum_event_fails_verification(
    forums: Forums, runtime: Runtime, settings: Settings
) -> None:
    forum_id = forums.create()
    forums.member(forum_id)
    env = cli_env(settings.database_url)
    clean = CliRunner().invoke(main, ["audit", "verify"], env=env)
    assert "all 0 cases, 0 reports and 1 forums verified" in clean.stdout
    with runtime.sessions.begin() as session:
        event = forums.events(forum_id)[1]
        row = session.merge(event)
        row.payload = {**row.payload, "name": "Orang lain"}
    with runtime.sessions() as session:
        [(_, problems)] = list(verify_forums(session))
    assert any("changed after it was written" in p for p in problems)
    broken = CliRunner().invoke(main, ["audit", "verify"], env=env)
    assert broken.exit_code == 1
    assert f"BROKEN forum FKPM Ngadilangkung ({forum_id}): event 2: content was changed" in (
        broken.stdout
    )


def test_a_forum_of_a_kawasan_must_name_it(web: Web, world: World) -> None:
    web.login_as("officer")
    form = {"name": "FKPM Pasar", "area_id": str(world.desa_a1), "basis": "kawasan"}
    refused = web.post("/forum", form)
    assert refused.status_code == 422
    assert "Sebutkan kawasannya" in (field_error(refused.text, "kawasan") or "")
    assert 'value="FKPM Pasar"' in refused.text
    done = web.post("/forum", {**form, "kawasan": "Pasar Kepanjen"})
    assert done.status_code == 303
    assert "Pasar Kepanjen" in web.get("/forum").text
