"""The partnership forum over the API, on both backends, through the forum pages' services: an
officer forms a forum, keeps its roster, schedules and records a dialog with a photo, follows
an aspiration up and turns another into a case, each write with the forum version it read (a
stale one is 409, nothing written) and a retried call with its Idempotency-Key done once; the
calendar, the chain and /api/statistics show it. An officer of another desa is told the forum
does not exist, a tokoh is refused, and a token that may only read the forum writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from litestar.testing import TestClient

from mediasi.audit.forums import verify_forums
from mediasi.db.base import utcnow
from mediasi.forum.models import Forum, ForumPhoto
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.integration.api.case_parts import Caller, is_problem
from tests.integration.api.tokens import bearer, issue
from tests.integration.forum.conftest import Forums
from tests.integration.web.conftest import Db
from tests.pictures import has_location, photo
from tests.writes import Watch

FORUMS = "/api/forums"


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text[:500]
    return response.json()


def test_an_officer_runs_a_forum_from_forming_it_to_an_aspiration_turned_into_a_case(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    officer = Caller(client, runtime, world, "officer")
    desa = str(world.desa_a1)
    listed = ok(officer.get(FORUMS))
    assert listed["items"] == []
    assert desa in {a["id"] for a in listed["areas"]}

    # Forming it, retried with its key: one forum.
    body = {"name": "FKPM Ngadilangkung", "area_id": desa, "meeting_place": "Balai desa"}
    made = [officer.send("POST", FORUMS, body, key="fkpm-1") for _ in "12"]
    forum = ok(made[0], 201)
    assert made[1].headers["idempotent-replayed"] == "true"
    assert made[1].json() == forum
    assert Db(runtime).count(Forum) == 1
    here, version = f"{FORUMS}/{forum['id']}", forum["version"]
    assert (forum["area"]["code"], version) == ("NGADILANGKUNG", 1)
    assert [t["name"] for t in forum["tokoh"]] == ["KH. Abdul Rohman", "Pak Suwarno"]

    # A stale version is refused and writes nothing; the version read goes through.
    edit = {**body, "basis": "kawasan", "kawasan": "Pasar Ngadilangkung"}
    stale = is_problem(officer.send("PUT", here, {**edit, "version": version + 5}), 409)
    assert "sudah diubah orang lain" in stale["detail"]
    edited = ok(officer.send("PUT", here, {**edit, "version": version}))
    assert (edited["kawasan"], edited["version"]) == ("Pasar Ngadilangkung", 2)
    version = edited["version"]

    # The roster: a tokoh as ketua, a resident as anggota who becomes sekretaris, then leaves.
    started = "2026-01-05"
    tokoh = {"person_kind": "tokoh", "tokoh_id": str(world.tokoh_a1), "element": "tokoh_agama"}
    ketua = ok(
        officer.send(
            "POST",
            f"{here}/members",
            {**tokoh, "position": "ketua", "started_on": started, "version": version},
        ),
        201,
    )
    resident = {
        "person_kind": "other",
        "name": "Ibu Sulastri",
        "phone": "0812-3456-7890",
        "element": "perempuan",
        "started_on": started,
    }
    rini = ok(
        officer.send("POST", f"{here}/members", {**resident, "version": ketua["version"]}), 201
    )
    assert rini["member"]["phone"] == "0812****7890"
    second = {**resident, "name": "Pak Joko", "position": "ketua", "version": rini["version"]}
    seat = is_problem(officer.send("POST", f"{here}/members", second), 422)
    assert "masih dipegang KH. Abdul Rohman" in seat["errors"]["position"]
    member = f"{here}/members/{rini['member']['id']}"
    moved = ok(
        officer.send(
            "POST",
            f"{member}/move",
            {"position": "sekretaris", "moved_on": "2026-02-01", "version": rini["version"]},
        )
    )
    sekretaris = moved["member"]
    roster = ok(officer.get(f"{here}/members"))["items"]
    assert [(m["name"], m["position"], m["ended_on"]) for m in roster] == [
        ("KH. Abdul Rohman", "ketua", None),
        ("Ibu Sulastri", "sekretaris", None),
        ("Ibu Sulastri", "anggota", "2026-02-01"),
    ]

    # A dialog held three hours ago, recorded once, with a photo stripped of its location.
    held_at = utcnow().astimezone(LOCAL_TZ) - timedelta(hours=3)
    scheduled = ok(
        officer.send(
            "POST",
            f"{here}/activities",
            {
                "kind": "dialog",
                "starts_at": held_at.isoformat(),
                "place": "Balai desa",
                "topic": "Balap liar",
                "version": moved["version"],
            },
        ),
        201,
    )
    activity = f"{FORUMS}/activities/{scheduled['activity']['id']}"
    record = {
        "members": [ketua["member"]["id"], sekretaris["id"]],
        "residents": 35,
        "minutes": "Warga mengeluhkan balap liar tiap malam Minggu.",
        "version": scheduled["version"],
    }
    recorded = ok(officer.send("POST", f"{activity}/record", record))
    assert (recorded["status"], recorded["residents"]) == ("held", 35)
    assert all(m["present"] for m in recorded["members"])
    again = officer.send("POST", f"{activity}/record", {**record, "version": recorded["version"]})
    assert "sudah dicatat" in is_problem(again, 409)["detail"]
    picture = photo("JPEG", located=True)
    uploaded = client.post(
        f"{activity}/photos",
        data={"version": str(recorded["version"])},
        files={"photo": ("dialog.jpg", picture, "image/jpeg")},
        headers=officer.headers,
    )
    added = ok(uploaded, 201)["photo"]
    assert added["location_removed"] is True
    download = client.get(added["link"], headers=officer.headers)
    assert download.headers["content-type"] == "image/jpeg"
    assert download.headers["x-content-sha256"] == added["sha256"]
    assert not has_location(download.content)
    assert Db(runtime).count(ForumPhoto) == 1
    version = uploaded.json()["version"]

    # One aspiration followed up, another turned into a case, linked both ways.
    due = (held_at.date() + timedelta(days=14)).isoformat()
    raised = {"kind": "keluhan", "text": "Lampu jalan mati", "owner": "Kades", "due_on": due}
    first = ok(officer.send("POST", f"{activity}/aspirations", {**raised, "version": version}), 201)
    lamp = f"{activity}/aspirations/{first['aspiration']['id']}"
    progress = {"status": "in_progress", "note": "Diajukan ke desa.", "version": first["version"]}
    followed = ok(officer.send("POST", f"{lamp}/progress", progress))
    assert followed["aspiration"]["status"] == "in_progress"
    race = {**raised, "text": "Balap liar tiap malam Minggu", "raised_by": "Pak RT 03"}
    second_raised = ok(
        officer.send("POST", f"{activity}/aspirations", {**race, "version": followed["version"]}),
        201,
    )
    whole = ok(officer.get(activity))
    assert "pengaduan:ketertiban" in {t["value"] for t in whole["topics"]}
    assert desa in {d["id"] for d in whole["desa"]}
    assert whole["version"] == second_raised["version"]
    case_body = {
        "topic": "pengaduan:ketertiban",
        "title": "Balap liar di jalan desa",
        "desa_id": desa,
        "reporter_name": "Pak RT 03",
        "version": second_raised["version"],
    }
    made_case = ok(
        officer.send(
            "POST",
            f"{activity}/aspirations/{second_raised['aspiration']['id']}/case",
            case_body,
        ),
        201,
    )
    assert made_case["aspiration"]["status"] == "case"
    assert made_case["aspiration"]["case_id"] == made_case["case_id"]
    case = ok(officer.get(made_case["link"]))["case"]
    assert (case["reference"], case["workflow"]) == (made_case["reference"], "pengaduan")
    still_open = ok(officer.get(f"{here}/aspirations"))["items"]
    assert [a["text"] for a in still_open] == ["Lampu jalan mati"]

    # The chain holds every change, the newest first; the calendar and the figures show it.
    events = ok(officer.get(f"{here}/events"))
    assert events["total"] == made_case["version"] == 12
    assert [e["trigger"] for e in events["items"][:2]] == ["aspiration.case", "aspiration.raised"]
    month = f"{held_at:%Y-%m}"
    shown = ok(officer.get(f"{FORUMS}/calendar", month=month))["activities"]
    assert [(a["topic"], a["forum_name"]) for a in shown] == [("Balap liar", "FKPM Ngadilangkung")]
    figures = ok(officer.get("/api/statistics", period="month", value=month))["forum"]
    assert (figures["held"]["dialog"], figures["members_present"], figures["residents"]) == (
        1,
        2,
        35,
    )
    assert (figures["raised"], figures["followed"], figures["cases"]) == (2, 1, 1)
    with runtime.sessions() as session:
        assert [p for _, p in verify_forums(session)] == [[]]


def test_another_desa_a_tokoh_and_a_reading_token_change_nothing(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    forums = Forums(runtime, world)
    forum_id = forums.create()
    member_id = forums.member(forum_id)
    activity_id = forums.activity(forum_id, when=utcnow() - timedelta(hours=2))
    here, activity = f"{FORUMS}/{forum_id}", f"{FORUMS}/activities/{activity_id}"
    with runtime.sessions() as session:
        forum = session.get(Forum, forum_id)
        assert forum is not None
        version = forum.version
    add = {"person_kind": "other", "name": "Pak Joko", "element": "linmas"}
    add |= {"started_on": "2026-02-01", "version": version}
    end = {"ended_on": "2026-03-01", "version": version}
    writes = [
        ("PUT", here, {"name": "FKPM Lain", "area_id": str(world.desa_a1), "version": version}),
        ("POST", f"{here}/members", add),
        ("POST", f"{here}/members/{member_id}/end", end),
        (
            "POST",
            f"{activity}/record",
            {"residents": 3, "minutes": "Dialog warga.", "version": version},
        ),
    ]
    reads = [here, f"{here}/members", f"{here}/events", f"{here}/activities", activity]
    watch = Watch(runtime, skip=("api_tokens",))

    outsider = Caller(client, runtime, world, "officer_b")
    assert ok(outsider.get(FORUMS))["items"] == []
    for url in reads:
        assert "tidak ditemukan" in is_problem(outsider.get(url), 404)["detail"]
    for method, url, body in writes:
        assert is_problem(outsider.send(method, url, body), 404)
    calendar = outsider.get(f"{FORUMS}/calendar", area="NGADILANGKUNG")
    assert is_problem(calendar, 404)

    tokoh = Caller(client, runtime, world, "tokoh")
    assert "hanya untuk petugas" in is_problem(tokoh.get(FORUMS), 403)["detail"]
    for method, url, body in writes:
        assert is_problem(tokoh.send(method, url, body), 403)

    reader = bearer(issue(runtime, world, "officer", ("forum:read",)))
    assert ok(client.get(here, headers=reader))["version"] == version
    for method, url, body in writes:
        refused = is_problem(client.request(method, url, json=body, headers=reader), 403)
        assert "forum:write" in refused["detail"]
    cases_only = bearer(issue(runtime, world, "officer", ("cases:write",)))
    assert "forum:read" in is_problem(client.get(here, headers=cases_only), 403)["detail"]
    assert watch.written() == []
    assert [e.seq for e in forums.events(forum_id)] == list(range(1, version + 1))
