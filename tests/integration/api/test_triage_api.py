"""The triage of the public door's reports over the API, on both backends, through the page's
service: the queue (paged, oldest first, the desa in reach), one report (the reporter's phone
masked, nothing of an anonymous one), taking it up as a case, adding it to an open case,
declining it with a reason the resident reads, a note, a file; who may (another desa 404, a
tokoh and the admin 403, a token without ``cases`` 403); each decision once (409), a wrong
field 422 naming it in the caller's language; a retry with its Idempotency-Key does the work
once; a cookie call without the CSRF token is refused."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from mediasi.cases.models import Case
from mediasi.intake.codes import format_code
from mediasi.intake.models import PublicReport, ReportEvent
from mediasi.intake.triage import TriageService
from mediasi.runtime import Runtime
from mediasi.uploads import UploadedFile
from mediasi.web import paging
from mediasi.web.i18n import COOKIE as LANGUAGE
from tests.factories import World, submitted
from tests.integration.api.case_parts import HOSTILE, Caller, is_problem
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Cases, Db, Web
from tests.pictures import photo

QUEUE = "/api/reports"
REASON = "Bukan wilayah desa ini; silakan lapor ke Polsek Pakisaji."


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


@pytest.fixture
def report_id(runtime: Runtime, world: World) -> UUID:
    return submitted(runtime, world).id


def url(report_id: UUID, rest: str = "") -> str:
    return f"{QUEUE}/{report_id}{rest}"


def stored(runtime: Runtime, report_id: UUID) -> PublicReport:
    with runtime.sessions() as session:
        row = session.get(PublicReport, report_id)
        assert row is not None
        return row


def written(runtime: Runtime) -> tuple[int, int]:
    """(cases, report events): what a decision or a note adds to."""
    db = Db(runtime)
    return db.count(Case), db.count(ReportEvent)


def test_the_queue_holds_the_desas_new_reports_oldest_first(
    runtime: Runtime, world: World, officer: Caller
) -> None:
    first = submitted(runtime, world)
    second = submitted(runtime, world, reporter_phone="0813-1111-2222", what="Balap liar.")
    page = officer.get(QUEUE)
    assert page.status_code == 200, page.text
    body = page.json()
    assert [r["id"] for r in body["items"]] == [str(first.id), str(second.id)]
    assert (body["total"], body["page"], body["pages"], body["next"]) == (2, 1, 1, None)
    row = body["items"][0]
    assert (row["code"], row["status"], row["workflow"], row["category"]) == (
        format_code(first.code),
        "new",
        "sengketa",
        "batas_tanah",
    )
    assert row["place"] == "Dusun Krajan RT 02"
    one = officer.get(url(first.id)).json()
    assert one["what"].startswith("Patok batas sawah dipindah")
    assert (one["reporter_name"], one["reporter_phone"]) == ("Sumiati", "0812****7890")
    assert [e["trigger"] for e in one["history"]] == ["report.submitted"]
    assert "+6281234567890" not in officer.get(url(first.id)).text
    hidden = submitted(
        runtime,
        world,
        topic="pengaduan:ketertiban",
        anonymous=True,
        reporter_name="",
        reporter_phone="",
    )
    anonymous = officer.get(url(hidden.id)).json()
    assert (anonymous["anonymous"], anonymous["reporter_name"]) == (True, None)
    assert anonymous["reporter_phone"] is None


def test_the_queue_is_paged_like_every_list(
    runtime: Runtime, world: World, officer: Caller, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    made = [submitted(runtime, world, what=f"Laporan nomor {n} soal patok.").id for n in "123"]
    first = officer.get(QUEUE).json()
    assert (first["total"], first["pages"], first["prev"]) == (3, 2, None)
    assert first["next"] == f"{QUEUE}?page=2"
    second = officer.get(first["next"]).json()
    assert [r["id"] for r in first["items"] + second["items"]] == [str(m) for m in made]
    assert officer.get(QUEUE, page="9").json()["items"] == second["items"]
    assert "page" in is_problem(officer.get(QUEUE, page="0"), 422)["errors"]
    assert "page" in is_problem(officer.get(QUEUE, page="x" * 5000), 422)["errors"]


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("tokoh", 403), ("admin", 403)])
def test_who_does_not_hold_the_desa_never_sees_nor_decides_the_report(
    client: TestClient[Any], runtime: Runtime, world: World, report_id: UUID, who: str, status: int
) -> None:
    other = Caller(client, runtime, world, who)
    before = written(runtime)
    listed = other.get(QUEUE)
    if status == 404:
        assert listed.json()["items"] == []
    else:
        assert (
            is_problem(listed, 403)["detail"] == "Laporan warga hanya untuk petugas dan pengawas."
        )
    assert is_problem(other.get(url(report_id)), status)
    assert is_problem(other.send("POST", url(report_id, "/accept")), status)
    assert is_problem(other.send("POST", url(report_id, "/decline"), {"reason": REASON}), status)
    assert is_problem(other.send("POST", url(report_id, "/notes"), {"text": "Catatan."}), status)
    assert "Sumiati" not in other.get(url(report_id)).text
    assert (stored(runtime, report_id).status, written(runtime)) == ("new", before)


def test_a_token_without_cases_is_refused(
    client: TestClient[Any], runtime: Runtime, world: World, report_id: UUID
) -> None:
    statistics = bearer(issue(runtime, world, "officer", ("statistics:write",)))
    assert "cases:read" in is_problem(client.get(QUEUE, headers=statistics), 403)["detail"]
    reader = bearer(issue(runtime, world, "officer", ("cases:read",)))
    assert client.get(url(report_id), headers=reader).status_code == 200
    refused = client.post(url(report_id, "/accept"), headers=reader)
    assert "cases:write" in is_problem(refused, 403)["detail"]
    assert stored(runtime, report_id).status == "new"


def test_accepting_makes_a_case_once(
    runtime: Runtime, world: World, officer: Caller, report_id: UUID
) -> None:
    accepted = officer.send("POST", url(report_id, "/accept"))
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert (body["status"], body["decided_by"]) == ("accepted", str(world.actor("officer").id))
    detail = officer.get(f"/api/cases/{body['case_id']}").json()
    assert detail["case"]["title"] == "Patok batas sawah dipindah tetangga saat musim tanam."
    assert body["history"][-1]["payload"]["reference"] == detail["case"]["reference"]
    assert [(p["role"], p["name"]) for p in detail["parties"]] == [("complainant", "Sumiati")]
    assert officer.get(QUEUE).json()["items"] == []
    before = written(runtime)
    again = officer.send("POST", url(report_id, "/accept"))
    assert is_problem(again, 409)["detail"] == "Laporan ini sudah diputuskan."
    declined = officer.send("POST", url(report_id, "/decline"), {"reason": REASON})
    assert is_problem(declined, 409)
    assert written(runtime) == before


def test_declining_needs_a_reason_which_the_resident_reads(
    client: TestClient[Any], runtime: Runtime, world: World, officer: Caller, report_id: UUID
) -> None:
    before = written(runtime)
    short = is_problem(officer.send("POST", url(report_id, "/decline"), {"reason": "tidak"}), 422)
    assert short["errors"] == {"reason": "Terlalu pendek."}
    english = client.post(
        url(report_id, "/decline"),
        json={"reason": "tidak"},
        headers={**officer.headers, "Cookie": f"{LANGUAGE}=en"},
    )
    assert is_problem(english, 422)["errors"] == {"reason": "Too short."}
    unknown = officer.send("POST", url(report_id, "/decline"), {"reason": REASON, "x": 1})
    assert "x" in is_problem(unknown, 422)["errors"]
    assert written(runtime) == before
    done = officer.send("POST", url(report_id, "/decline"), {"reason": REASON})
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["decline_reason"]) == ("declined", REASON)
    report = stored(runtime, report_id)
    web = Web(client)
    web.get("/lacak")
    page = web.post("/lacak", {"code": format_code(report.code), "digits": "7890"})
    assert REASON in page.text


def test_merging_adds_the_report_to_an_open_case_of_the_area(
    runtime: Runtime, world: World, officer: Caller, report_id: UUID
) -> None:
    case_id = Cases(runtime, world).report()
    nowhere = officer.send("POST", url(report_id, "/merge"), {"reference": "SKT/X/2026/9999"})
    assert "reference" in is_problem(nowhere, 422)["errors"]
    reference = Db(runtime).case(case_id).reference
    merged = officer.send("POST", url(report_id, "/merge"), {"reference": reference.lower()})
    assert merged.status_code == 200, merged.text
    assert (merged.json()["status"], merged.json()["case_id"]) == ("merged", str(case_id))


def test_a_note_is_kept_whatever_the_status_and_the_files_open(
    runtime: Runtime, world: World, officer: Caller, report_id: UUID
) -> None:
    picture = photo("PNG", located=False)
    with runtime.sessions.begin() as session:
        triage = TriageService(runtime.case_service(session))
        triage.attach(world.actor("officer"), report_id, [UploadedFile("denah.png", picture)])
    noted = officer.send("POST", url(report_id, "/notes"), {"text": "Pelapor menelepon: RT 03."})
    assert noted.status_code == 200, noted.text
    body = noted.json()
    assert body["status"] == "new"
    assert body["history"][-1]["payload"] == {"note": "Pelapor menelepon: RT 03."}
    [kept] = body["files"]
    assert (kept["filename"], kept["media_type"]) == ("denah.png", "image/png")
    opened = officer.get(url(report_id, f"/files/{kept['id']}"))
    assert opened.status_code == 200
    assert opened.headers["content-type"] == "image/png"
    assert hashlib.sha256(opened.content).hexdigest() == kept["sha256"]
    assert opened.headers["x-content-sha256"] == kept["sha256"]
    other = submitted(runtime, world, what="Laporan lain soal patok sawah.").id
    crossed = officer.get(url(other, f"/files/{kept['id']}"))
    assert is_problem(crossed, 404)
    short = officer.send("POST", url(report_id, "/notes"), {"text": "ok"})
    assert "text" in is_problem(short, 422)["errors"]


@pytest.mark.parametrize(
    ("rest", "body"),
    [
        ("/accept", None),
        ("/decline", {"reason": REASON}),
        ("/notes", {"text": "Pelapor menelepon: RT 03."}),
        ("/merge", None),
    ],
)
def test_a_retried_write_with_its_key_happens_once(
    runtime: Runtime, world: World, officer: Caller, report_id: UUID, rest: str, body: Any
) -> None:
    if rest == "/merge":
        body = {"reference": Db(runtime).case(Cases(runtime, world).report()).reference}
    before = written(runtime)
    tries = [officer.send("POST", url(report_id, rest), body, key="triase-1") for _ in "12"]
    assert [t.status_code for t in tries] == [200, 200], tries[0].text
    assert tries[1].headers["idempotent-replayed"] == "true"
    assert tries[1].json() == tries[0].json()
    cases, events = written(runtime)
    assert events == before[1] + 1
    assert cases == before[0] + (1 if rest == "/accept" else 0)


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_write_nothing(
    runtime: Runtime, officer: Caller, report_id: UUID, name: str, content: bytes, kind: str
) -> None:
    before = written(runtime)
    for rest in ("/decline", "/merge", "/notes"):
        response = officer.raw("POST", url(report_id, rest), content, kind)
        assert 400 <= response.status_code < 500, (rest, response.text[:300])
    assert written(runtime) == before
    assert stored(runtime, report_id).status == "new"


@pytest.mark.parametrize("bad", ["bukan-uuid", "9" * 5000, "%00", "%FF%FE"])
def test_hostile_report_ids_are_a_4xx(officer: Caller, bad: str) -> None:
    for path in (f"{QUEUE}/{bad}", f"{QUEUE}/{bad}/files/{bad}"):
        response = officer.get(path)
        assert 400 <= response.status_code < 500, response.text[:200]


def test_a_cookie_call_needs_the_csrf_token_and_the_public_door_does_not(
    client: TestClient[Any], runtime: Runtime, report_id: UUID
) -> None:
    web = Web(client).login_as("officer")
    refused = client.post(url(report_id, "/accept"))
    assert refused.status_code == 403
    assert stored(runtime, report_id).status == "new"
    taken = client.post(url(report_id, "/accept"), headers={"x-csrftoken": web.csrf})
    assert taken.status_code == 200, taken.text
    public = client.post(QUEUE, json={"consent": False})
    assert "errors" in is_problem(public, 422)
