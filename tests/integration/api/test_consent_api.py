"""The victim's consent over the API, on both backends, through the case page's service: the
statement and its SHA-256 read, the consent recorded in person and on paper (a multipart
upload with the page's file checks), the scan for officers only, the withdrawal by the
workflow's step; wrong fields 422 naming them, a stale version or a changed statement 409, a
tokoh 403, another desa 404, each writing nothing; a retry with its Idempotency-Key records
one consent."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar.testing import TestClient

from mediasi.restorative.consent.models import VictimConsent
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import (
    HOSTILE,
    Caller,
    is_problem,
    version_of,
)
from tests.integration.restorative.walk import checked
from tests.integration.web.conftest import Cases, Db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case_id(runtime: Runtime, world: World) -> UUID:
    return checked(runtime, world)


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


def url(case_id: UUID, rest: str = "") -> str:
    return f"/api/cases/{case_id}/consent{rest}"


def given(runtime: Runtime) -> int:
    return Db(runtime).count(VictimConsent)


def in_person(officer: Caller, case_id: UUID, **changes: Any) -> dict[str, Any]:
    """The in-person body as the state offers it: both boxes, the name typed."""
    state = officer.get(url(case_id)).json()
    [victim] = state["victims"]
    body = {
        "version": state["case_version"],
        "party_id": victim["party_id"],
        "digest": victim["digest"],
        "voluntary": True,
        "uncoerced": True,
        "typed_name": victim["name"],
    }
    return {k: v for k, v in (body | changes).items() if v is not None}


def on_paper(
    officer: Caller, case_id: UUID, part: tuple[str, bytes, str], **changes: str
) -> httpx.Response:
    fields = in_person(officer, case_id, voluntary=None, uncoerced=None, typed_name=None)
    form = {k: str(v) for k, v in {**fields, "confirm": "true", **changes}.items()}
    return officer.client.post(
        url(case_id, "/paper"), data=form, files={"scan": part}, headers=officer.headers
    )


def test_the_statement_is_read_and_a_consent_recorded_in_person(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    state = officer.get(url(case_id)).json()
    assert state["asked"] is True
    [victim] = state["victims"]
    assert victim["name"] == "Darto Santoso"
    assert victim["consent"] is None
    assert "PERNYATAAN PERSETUJUAN KORBAN" in victim["statement"]
    assert victim["digest"] == hashlib.sha256(victim["statement"].encode()).hexdigest()
    version = version_of(runtime, case_id)

    done = officer.send("POST", url(case_id), in_person(officer, case_id))
    assert done.status_code == 201, done.text
    body = done.json()
    assert (body["consent"]["method"], body["consent"]["typed_name"]) == (
        "in_person",
        "Darto Santoso",
    )
    assert body["consent"]["digest"] == victim["digest"]
    assert body["case_version"] == version_of(runtime, case_id) == version + 1
    shown = officer.get(url(case_id)).json()["victims"][0]["consent"]
    assert shown["id"] == body["consent"]["id"]
    again = officer.send("POST", url(case_id), in_person(officer, case_id))
    assert "sudah dicatat" in is_problem(again, 409)["detail"]
    assert given(runtime) == 1


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"voluntary": False}, "voluntary"),
        ({"uncoerced": None}, "uncoerced"),
        ({"typed_name": "Orang Lain"}, "typed_name"),
        ({"typed_name": "a" * 201}, "typed_name"),
        ({"digest": "x" * 64}, "digest"),
        ({"party_id": "bukan-uuid"}, "party_id"),
        ({"version": None}, "version"),
        ({"version": 10**30}, "version"),
        ({"tambahan": "x"}, "tambahan"),
    ],
    ids=[
        "voluntary",
        "uncoerced",
        "other-name",
        "long",
        "digest",
        "party",
        "no-version",
        "huge-version",
        "unknown",
    ],
)
def test_a_wrong_field_is_422_naming_it_and_nothing_is_written(
    runtime: Runtime, case_id: UUID, officer: Caller, changes: dict[str, Any], named: str
) -> None:
    problem = is_problem(
        officer.send("POST", url(case_id), in_person(officer, case_id, **changes)), 422
    )
    assert named in problem["errors"], problem
    assert given(runtime) == 0


def test_a_stale_version_or_a_changed_statement_is_409(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    stale = in_person(officer, case_id)
    stale["version"] -= 1
    assert is_problem(officer.send("POST", url(case_id), stale), 409)
    changed = in_person(officer, case_id, digest="0" * 64)
    assert (
        "Pernyataan sudah berubah"
        in is_problem(officer.send("POST", url(case_id), changed), 409)["detail"]
    )
    stranger = in_person(officer, case_id, party_id=str(UUID(int=7)))
    assert (
        "Korban tidak ditemukan"
        in is_problem(officer.send("POST", url(case_id), stranger), 404)["detail"]
    )
    assert given(runtime) == 0


def test_a_consent_on_paper_with_the_page_file_checks_and_its_scan_for_officers_only(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    for part, reason in [
        (("catatan.txt", b"bukan gambar", "text/plain"), "scan"),
        (("kosong.png", b"", "image/png"), "scan"),
    ]:
        assert reason in is_problem(on_paper(officer, case_id, part), 422)["errors"]
    unconfirmed = on_paper(officer, case_id, ("ttd.png", PNG, "image/png"), confirm="false")
    assert "confirm" in is_problem(unconfirmed, 422)["errors"]
    as_json = officer.send("POST", url(case_id, "/paper"), {"confirm": True})
    assert "multipart/form-data" in is_problem(as_json, 415)["detail"]
    assert given(runtime) == 0

    done = on_paper(officer, case_id, ("ttd.png", PNG, "image/png"))
    assert done.status_code == 201, done.text
    consent = done.json()["consent"]
    assert consent["method"] == "paper"
    assert consent["scan"]["sha256"] == hashlib.sha256(PNG).hexdigest()
    scan = officer.get(consent["scan"]["url"])
    assert scan.status_code == 200
    assert scan.content == PNG
    assert scan.headers["x-content-sha256"] == consent["scan"]["sha256"]

    Cases(runtime, world).invite(case_id)
    tokoh = Caller(client, runtime, world, "tokoh")
    victim = tokoh.get(url(case_id)).json()["victims"][0]
    seen = victim["consent"]
    assert (seen["method"], seen["scan"]["url"]) == ("paper", None)
    assert (victim["statement"], victim["digest"]) == (None, None)  # as on the case page
    assert is_problem(tokoh.get(consent["scan"]["url"]), 404)


def test_a_tokoh_may_not_record_and_another_desa_finds_nothing(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    body = in_person(officer, case_id)
    Cases(runtime, world).invite(case_id)
    tokoh = Caller(client, runtime, world, "tokoh")
    assert tokoh.get(url(case_id)).status_code == 200
    assert is_problem(tokoh.send("POST", url(case_id), body), 403)
    outsider = Caller(client, runtime, world, "officer_b")
    assert is_problem(outsider.get(url(case_id)), 404)["detail"] == "Perkara tidak ditemukan."
    assert is_problem(outsider.send("POST", url(case_id), body), 404)
    assert given(runtime) == 0


def test_the_withdrawal_step_shows_the_consent_withdrawn(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    made = officer.send("POST", url(case_id), in_person(officer, case_id)).json()
    reason = "Korban berubah pikiran setelah berbicara dengan keluarga."
    fired = officer.send(
        "POST",
        f"/api/cases/{case_id}/transitions/withdraw_consent",
        {"version": made["case_version"], "fields": {"reason": reason}},
    )
    assert fired.status_code == 200, fired.text
    state = officer.get(url(case_id)).json()
    assert state["victims"][0]["consent"] is None
    [withdrawn] = state["withdrawn"]
    assert (withdrawn["id"], withdrawn["withdrawal_reason"]) == (made["consent"]["id"], reason)
    assert withdrawn["withdrawn_at"] is not None


def test_a_dispute_asks_for_no_consent(runtime: Runtime, world: World, officer: Caller) -> None:
    dispute = Cases(runtime, world).report()
    state = officer.get(url(dispute)).json()
    assert (state["asked"], state["victims"], state["withdrawn"]) == (False, [], [])


def test_a_retried_consent_with_its_key_is_recorded_once(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    body = in_person(officer, case_id)
    sent = [officer.send("POST", url(case_id), body, key="rj-1") for _ in "12"]
    assert [r.status_code for r in sent] == [201, 201]
    assert sent[1].headers["idempotent-replayed"] == "true"
    assert sent[1].json() == sent[0].json()
    assert given(runtime) == 1


def test_a_retried_paper_consent_with_its_key_is_recorded_once(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    fields = in_person(officer, case_id, voluntary=None, uncoerced=None, typed_name=None)
    form = {k: str(v) for k, v in {**fields, "confirm": "true"}.items()}
    headers = {**officer.headers, "Idempotency-Key": "rj-paper"}
    first = officer.client.post(
        url(case_id, "/paper"),
        data=form,
        files={"scan": ("ttd.png", PNG, "image/png")},
        headers=headers,
    )
    assert first.status_code == 201, first.text
    again = officer.client.send(first.request)  # the same bytes, as a retry sends them
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert given(runtime) == 1


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_write_nothing(
    runtime: Runtime, case_id: UUID, officer: Caller, name: str, content: bytes, kind: str
) -> None:
    response = officer.raw("POST", url(case_id), content, kind)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert given(runtime) == 0
