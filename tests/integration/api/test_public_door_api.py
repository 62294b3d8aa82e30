"""The public door's other JSON calls on both backends, as a chatbot would use them: a report
made by ``POST /api/reports`` takes a photo with the ticket its answer gives (the photo's
location taken out, a file that is not a picture refused, a forged ticket refused), and is
followed by ``POST /api/reports/track`` with its code and the phone's last digits, which says
what the tracking page says and nothing personal; wrong digits are a 404, then the lookup is
throttled (429, Retry-After); hostile code values are refused beside the field and count as
no attempt."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from mediasi.intake.attachments import BODY_LIMIT as FILES_LIMIT
from mediasi.intake.attachments import MAX_FILE_BYTES
from mediasi.intake.models import ReportAttachment, TrackingAttempt
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import unlimited_app
from tests.integration.api.test_public_reports import PROBLEM, body
from tests.pictures import has_location, photo

PHONE_END = "5432"  # of body()'s 081298765432
NOT_A_PICTURE = b"MZ\x90\x00 a program, not a photo"


@pytest.fixture
def api(runtime: Runtime, world: World) -> Iterator[TestClient[Any]]:
    with TestClient(unlimited_app(runtime), raise_server_exceptions=False) as client:
        yield client


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    answer: dict[str, Any] = response.json()
    return answer


def reported(api: TestClient[Any], world: World) -> dict[str, Any]:
    response = api.post("/api/reports", json=body(world))
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


def attach(api: TestClient[Any], ticket: str, name: str, data: bytes, kind: str) -> Any:
    return api.post(
        "/api/reports/attachments", data={"ticket": ticket}, files={"files": (name, data, kind)}
    )


def kept(runtime: Runtime) -> list[ReportAttachment]:
    with runtime.sessions() as session:
        query = select(ReportAttachment).options(undefer(ReportAttachment.data))
        return list(session.scalars(query))


def attempts(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(TrackingAttempt)) or 0)


def test_a_report_takes_a_photo_by_its_ticket_and_is_followed_by_its_code(
    api: TestClient[Any], runtime: Runtime, world: World
) -> None:
    report = reported(api, world)
    taken = photo("JPEG", located=True)
    added = attach(api, report["ticket"], "patok.jpg", taken, "image/jpeg")
    assert added.status_code == 201, added.text
    answer = added.json()
    assert (answer["code"], answer["added"], answer["max_files"]) == (report["code"], 1, 5)
    [listed] = answer["files"]
    assert (listed["filename"], listed["location_removed"]) == ("patok.jpg", True)
    [row] = kept(runtime)
    assert not has_location(row.data)
    assert listed["sha256"] == row.sha256
    # A file that is not a JPEG, PNG or PDF is refused beside the field; nothing is kept.
    refused = problem(attach(api, answer["ticket"], "foto.jpg", NOT_A_PICTURE, "image/jpeg"), 422)
    assert "bukan foto JPEG atau PNG, atau PDF" in refused["errors"]["files"]
    # As on the page: a file past 5 MB is refused beside the field, a body past 6 MB whole.
    big = b"%PDF-1.4\n" + b"x" * MAX_FILE_BYTES
    too_big = problem(attach(api, answer["ticket"], "besar.pdf", big, "application/pdf"), 422)
    assert "files" in too_big["errors"]
    huge = big + b"x" * (FILES_LIMIT - MAX_FILE_BYTES)
    problem(attach(api, answer["ticket"], "besar.pdf", huge, "application/pdf"), 413)
    # A ticket for this report with a made-up signature adds nothing; nor does a JSON body.
    forged = answer["ticket"].rsplit(".", 1)[0] + "." + "0" * 32
    closed = problem(attach(api, forged, "patok.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"), 422)
    assert "Waktu untuk melampirkan berkas" in closed["detail"]
    problem(api.post("/api/reports/attachments", json={"ticket": answer["ticket"]}), 415)
    assert len(kept(runtime)) == 1
    # Followed by its code (typed as people type it) and the phone's last digits: what the
    # tracking page shows, nothing of the report or the reporter.
    typed = report["code"].lower().replace("-", " ")
    tracked = api.post("/api/reports/track", json={"code": typed, "digits": PHONE_END})
    assert tracked.status_code == 200, tracked.text
    status = tracked.json()
    assert status["status"] == "new"
    assert status["state"] == "Diterima, menunggu ditinjau petugas"
    assert status["due_at"] is not None
    assert status["submitted_at"] == report["submitted_at"]
    seen = json.dumps(status)
    for personal in ("Warga", "0812", "Balap liar", "Jalan desa", "patok"):
        assert personal not in seen
    # In the caller's language, as the page is.
    api.cookies.set("lang", "en")
    english = api.post("/api/reports/track", json={"code": report["code"], "digits": PHONE_END})
    assert english.json()["state"] != status["state"]


def test_wrong_digits_are_not_found_then_the_code_is_throttled_with_retry_after(
    api: TestClient[Any], runtime: Runtime, world: World
) -> None:
    code = reported(api, world)["code"]
    for _ in range(runtime.settings.tracking_max_failures):
        wrong = problem(api.post("/api/reports/track", json={"code": code, "digits": "0000"}), 404)
        assert "Kode atau nomor tidak cocok" in wrong["detail"]
    # Now even the right digits are refused for a while: guessing cannot go on.
    blocked = api.post("/api/reports/track", json={"code": code, "digits": PHONE_END})
    assert "Terlalu banyak percobaan yang salah" in problem(blocked, 429)["detail"]
    assert blocked.headers["retry-after"] == str(runtime.settings.tracking_window_seconds)


def test_hostile_code_values_are_refused_beside_the_field_and_count_as_no_attempt(
    api: TestClient[Any], runtime: Runtime, world: World
) -> None:
    code = reported(api, world)["code"]
    refused: list[tuple[Any, str]] = [
        ({"code": "LPR-" + "A" * 37, "digits": PHONE_END}, "code"),  # past its 40 characters
        ({"code": "LPR-0000-1111-OOOO", "digits": PHONE_END}, "code"),  # 0 and 1 are no symbol
        ({"code": "' OR 1=1 --", "digits": PHONE_END}, "code"),
        ({"code": "LPR-2222\nLPR-3333", "digits": PHONE_END}, "code"),
        ({"code": ["LPR-2222-3333-4444"]}, "code"),
        ({"code": 2222_3333_4444}, "code"),
        ({"code": code, "digits": "12ab"}, "digits"),
        ({"code": code, "digits": "543210"}, "digits"),
        ({"code": code, "phone": "081298765432"}, "phone"),
        ({"digits": PHONE_END}, "code"),
        ([code, PHONE_END], "__root__"),
    ]
    for sent, field in refused:
        answer = problem(api.post("/api/reports/track", json=sent), 422)
        assert field in json.dumps(answer.get("errors") or answer), (sent, answer)
    raw = b'{"code": "LPR\\u0000", "digits": ""}'
    control = api.post(
        "/api/reports/track", content=raw, headers={"content-type": "application/json"}
    )
    assert 400 <= control.status_code < 500
    problem(api.post("/api/reports/track", json={"code": code, "digits": "1" * 70_000}), 413)
    assert attempts(runtime) == 0  # none counted: the right lookup is still answered
    api.cookies.set("lang", "en")
    english = problem(api.post("/api/reports/track", json={"code": "nope"}), 422)
    assert "LPR-XXXX-XXXX-XXXX" in english["errors"]["code"]
    assert english["errors"]["code"] != "Kode lacak berbentuk LPR-XXXX-XXXX-XXXX."
    ok = api.post("/api/reports/track", json={"code": code, "digits": PHONE_END})
    assert ok.status_code == 200, ok.text
