"""Signing an agreement over the API in each way the pages allow: a party in person on the
officer's device, a party on paper (a multipart upload with the page's file checks), a tokoh
from their own account (viewed, signed or declined); and an edit of a frozen text voiding
the signatures given on it. On both backends."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar.testing import TestClient

from mediasi.agreements.models import AgreementVersion, Evidence, Signature
from mediasi.agreements.uploads import MAX_UPLOAD_BYTES, ROUTE_BODY_LIMIT
from mediasi.cases import kinds
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.agreements.conftest import Agreements
from tests.integration.api.agreement_calls import (
    PNG,
    Caller,
    agreement_url,
    problem,
    signer_url,
    watching,
)
from tests.integration.web.conftest import Cases, Db, app_of

NIK = "3507010101010001"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def agreements(runtime: Runtime, world: World) -> Agreements:
    return Agreements(runtime, world, Cases(runtime, world))


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


@pytest.fixture
def tokoh(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "tokoh")


def seat(agreements: Agreements, case_id: UUID, role: str) -> dict[str, Any]:
    version = agreements.current(case_id)
    person: dict[str, Any] = next(s for s in version.content["signatories"] if s["role"] == role)
    return person


def versions(agreements: Agreements, case_id: UUID) -> dict[str, int]:
    return {
        "version": agreements.version(case_id),
        "agreement_version": agreements.current(case_id).number,
    }


def signatory(body: dict[str, Any], role: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in body["signatories"] if s["role"] == role)
    return found


def last_event(db: Db, case_id: UUID) -> Any:
    return db.events(case_id)[-1]


# ---- a party in person ----------------------------------------------------------------------


def test_a_party_signs_in_person_and_the_signature_is_on_the_chain(
    officer: Caller, agreements: Agreements, db: Db, runtime: Runtime
) -> None:
    case_id, version = agreements.frozen()
    person = seat(agreements, case_id, "complainant")
    url = agreement_url(case_id, f"/sign/{person['key']}")
    refusals = [
        ({"consent": False, "typed_name": person["name"]}, "consent"),
        ({"consent": True, "typed_name": "Orang Lain"}, "typed_name"),
        ({"consent": True}, "typed_name"),
        ({"consent": "mungkin", "typed_name": person["name"]}, "consent"),
    ]
    watch = watching(runtime)
    for fields, field in refusals:
        response = officer.post(url, {**versions(agreements, case_id), **fields})
        assert field in problem(response, 422)["errors"], fields
    assert watch.written() == []

    body = officer.ok(
        url,
        {**versions(agreements, case_id), "consent": True, "typed_name": "  darto   SANTOSO "},
        headers={"user-agent": "aplikasi-pos/2.1"},
    )
    mine = signatory(body, "complainant")
    assert (mine["decision"], mine["method"]) == ("signed", "in_person")
    assert mine["signed_at"] is not None
    [signature] = agreements.signatures(case_id)
    assert signature.digest == version.digest
    assert signature.user_agent == "aplikasi-pos/2.1"
    event = last_event(db, case_id)
    assert event.trigger == kinds.AGREEMENT_SIGNED
    assert event.payload["digest"] == version.digest
    assert event.payload["method"] == "in_person"
    assert agreements.verified(case_id) == []

    again = officer.post(
        url, {**versions(agreements, case_id), "consent": True, "typed_name": person["name"]}
    )
    assert "sudah menandatangani" in problem(again, 409)["detail"]
    tokoh_seat = seat(agreements, case_id, "mediator")
    own_account = officer.post(
        agreement_url(case_id, f"/sign/{tokoh_seat['key']}"),
        {**versions(agreements, case_id), "consent": True, "typed_name": tokoh_seat["name"]},
    )
    assert "menandatangani sendiri dari akunnya" in problem(own_account, 409)["detail"]
    nobody = officer.post(
        agreement_url(case_id, "/sign/party:00000000-0000-4000-8000-000000000000"),
        {**versions(agreements, case_id), "consent": True, "typed_name": "X"},
    )
    assert problem(nobody, 404)["detail"] == "Penanda tangan tidak ditemukan."


def test_signing_a_draft_or_an_older_text_is_refused(
    officer: Caller, agreements: Agreements
) -> None:
    case_id = agreements.mediated()
    agreements.draft(case_id)
    respondent = agreements.party(case_id, "respondent")
    url = agreement_url(case_id, f"/sign/party:{respondent.id}")
    fields = {"consent": True, "typed_name": respondent.name}
    draft = officer.post(url, {**versions(agreements, case_id), **fields})
    assert "belum dibekukan" in problem(draft, 409)["detail"]
    agreements.freeze(case_id)
    older = officer.post(url, {**versions(agreements, case_id), "agreement_version": 5, **fields})
    assert "sudah diubah sejak halaman ini dibuka" in problem(older, 409)["detail"]


# ---- a party on paper -----------------------------------------------------------------------


def test_a_paper_signature_upload_with_the_page_file_checks(
    client: TestClient[Any],
    officer: Caller,
    tokoh: Caller,
    agreements: Agreements,
    db: Db,
    runtime: Runtime,
) -> None:
    case_id, version = agreements.frozen()
    person = seat(agreements, case_id, "respondent")
    url = agreement_url(case_id, f"/sign/{person['key']}/paper")

    def upload(data: bytes | None, name: str = "ttd.png", **fields: Any) -> httpx.Response:
        form = {k: str(v) for k, v in {**versions(agreements, case_id), "confirm": "true"}.items()}
        form.update(fields)
        # No file: the part left empty, as a browser sends an empty file input.
        part = (name, data, "image/png") if data is not None else ("", b"", "")
        return officer.post(url, data=form, files={"scan": part})

    watch = watching(runtime)
    for data, reason in [
        (b"GIF89a" + b"\x00" * 100, "JPEG atau PNG"),
        (b"<?php system($_GET['c']); ?>", "JPEG atau PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_UPLOAD_BYTES, "terlalu besar"),
        (None, "Pilih berkas"),
    ]:
        errors = problem(upload(data), 422)["errors"]
        assert reason in errors["scan"], errors
    assert "confirm" in problem(upload(PNG, confirm="false"), 422)["errors"]
    assert "evil" in problem(upload(PNG, evil="x"), 422)["errors"]
    assert "version" in problem(upload(PNG, version="\u0661"), 422)["errors"]
    too_big = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * (ROUTE_BODY_LIMIT + 1024))
    problem(too_big, 413)
    as_json = officer.post(url, {**versions(agreements, case_id), "confirm": True})
    assert "multipart/form-data" in problem(as_json, 415)["detail"]
    as_form = officer.post(url, data={**_multipart(agreements, case_id, "x.png")["data"]})
    assert "multipart/form-data" in problem(as_form, 415)["detail"]
    assert watch.written() == []
    assert db.count(Evidence) == 0

    body = officer.ok(url, **_multipart(agreements, case_id, "../../ttd asli.png"))
    mine = signatory(body, "respondent")
    assert mine["decision"] == "signed"
    assert mine["method"] == "paper"
    assert mine["evidence_sha256"] == hashlib.sha256(PNG).hexdigest()
    event = last_event(db, case_id)
    assert event.trigger == kinds.AGREEMENT_SIGNED
    assert event.payload["evidence_sha256"] == mine["evidence_sha256"]
    assert event.payload["digest"] == version.digest

    scan = officer.get(agreement_url(case_id, f"/evidence/{mine['evidence_id']}"))
    assert scan.status_code == 200
    assert scan.content == PNG
    assert scan.headers["content-type"].startswith("image/png")
    assert scan.headers["x-content-sha256"] == mine["evidence_sha256"]
    assert "ttd_asli.png" in scan.headers["content-disposition"]
    # A tokoh of the case sees that it was signed on paper, not the scan.
    seen = signatory(tokoh.get(agreement_url(case_id)).json(), "respondent")
    assert seen["method"] == "paper"
    assert seen["evidence_id"] is None
    hidden = tokoh.get(agreement_url(case_id, f"/evidence/{mine['evidence_id']}"))
    assert problem(hidden, 404)["detail"] == "Berkas tidak ditemukan."


def _multipart(agreements: Agreements, case_id: UUID, name: str) -> dict[str, Any]:
    form = {k: str(v) for k, v in versions(agreements, case_id).items()}
    return {"data": {**form, "confirm": "on"}, "files": {"scan": (name, PNG, "image/png")}}


# ---- a tokoh from their own account ---------------------------------------------------------


def test_a_tokoh_sees_what_awaits_them_reads_it_and_signs(
    tokoh: Caller, officer: Caller, agreements: Agreements, db: Db, world: World
) -> None:
    case_id, version = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    awaiting = tokoh.get("/api/agreements").json()
    assert [item["agreement_id"] for item in awaiting["items"]] == [str(agreement_id)]
    assert (awaiting["total"], awaiting["page"], awaiting["pages"]) == (1, 1, 1)
    assert awaiting["items"][0]["code"] is not None
    assert officer.get("/api/agreements").json()["items"] == []

    read = tokoh.get(signer_url(agreement_id)).json()
    assert read["mine"] == f"tokoh:{world.tokoh_a1}"
    assert NIK not in read["text"]
    assert read["digest"] == version.digest
    assert signatory(read, "mediator")["viewed"] is False

    viewed = tokoh.ok(signer_url(agreement_id, "/viewed"))
    assert signatory(viewed, "mediator")["viewed"] is True
    assert last_event(db, case_id).trigger == kinds.AGREEMENT_VIEWED
    events = len(db.events(case_id))
    tokoh.ok(signer_url(agreement_id, "/viewed"))  # recorded once per version
    assert len(db.events(case_id)) == events

    stale = tokoh.post(
        signer_url(agreement_id, "/sign"),
        {"version": viewed["case_version"] - 1, "agreement_version": 1},
    )
    problem(stale, 409)
    older = tokoh.post(
        signer_url(agreement_id, "/sign"),
        {"version": viewed["case_version"], "agreement_version": 2},
    )
    assert "sudah diubah" in problem(older, 409)["detail"]
    signed = tokoh.ok(
        signer_url(agreement_id, "/sign"),
        {"version": viewed["case_version"], "agreement_version": 1},
    )
    mine = signatory(signed, "mediator")
    assert (mine["decision"], mine["method"]) == ("signed", "login")
    assert last_event(db, case_id).trigger == kinds.AGREEMENT_SIGNED
    assert tokoh.get("/api/agreements").json()["items"] == []
    agreements.sign_party(case_id, "complainant")
    agreements.sign_party(case_id, "respondent")
    assert officer.get(agreement_url(case_id)).json()["fully_signed"] is True


def test_a_tokoh_declines_with_a_reason_the_officer_reads(
    tokoh: Caller, officer: Caller, agreements: Agreements, runtime: Runtime
) -> None:
    case_id, _ = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    url = signer_url(agreement_id, "/decline")
    watch = watching(runtime)
    for reason in ("", "   ", "ok", "x" * 2001):
        response = tokoh.post(url, {**versions(agreements, case_id), "reason": reason})
        assert "reason" in problem(response, 422)["errors"], reason
    assert watch.written() == []
    reason = "Pelapor belum setuju jumlah ganti rugi."
    declined = tokoh.ok(url, {**versions(agreements, case_id), "reason": reason})
    assert signatory(declined, "mediator")["decision"] == "declined"
    seen = signatory(officer.get(agreement_url(case_id)).json(), "mediator")
    assert (seen["decision"], seen["reason"]) == ("declined", reason)


def test_only_a_signatory_signs_and_only_who_sees_the_case_finds_it(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id, _ = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    body = versions(agreements, case_id)
    watch = watching(runtime)
    officer = Caller(client, runtime, world, "officer")
    refused = officer.post(signer_url(agreement_id, "/sign"), body)
    assert "tidak termasuk penanda tangan" in problem(refused, 403)["detail"]
    outsider = Caller(client, runtime, world, "officer_b")
    for response in (
        outsider.get(signer_url(agreement_id)),
        outsider.post(signer_url(agreement_id, "/sign"), body),
        outsider.post(signer_url(agreement_id, "/viewed")),
    ):
        assert problem(response, 404)["detail"] == "Kesepakatan tidak ditemukan."
    assert watch.written() == []


# ---- an edit after freezing voids the signatures --------------------------------------------


def test_editing_a_frozen_text_voids_its_signatures(
    officer: Caller, tokoh: Caller, agreements: Agreements, db: Db, client: TestClient[Any]
) -> None:
    case_id, version = agreements.frozen()
    agreements.sign_party(case_id, "complainant")
    agreements.sign_tokoh(case_id)
    before = officer.get(agreement_url(case_id)).json()
    assert [s["decision"] for s in before["signatories"]] == ["signed", None, "signed"]

    draft = {
        **{k: before[k] for k in ("place", "chronology", "restitution")},
        "version": before["case_version"],
        "place": "Rumah Kepala Desa",
        "obligations": [
            {k: o[k] for k in ("obligor", "kind", "description", "amount", "instalments")}
            | {"due_date": o["due_date"]}
            for o in before["obligations"]
        ],
    }
    after = officer.ok(agreement_url(case_id), draft)
    assert (after["number"], after["status"]) == (2, "draft")
    assert after["signatories"] == []  # a draft is signed by nobody
    assert after["void_notice"]["number"] == 1
    assert after["void_notice"]["signatures"] == 2
    assert [(v["number"], v["status"]) for v in after["versions"]] == [(2, "draft"), (1, "voided")]
    assert all(s.voided_at is not None for s in agreements.signatures(case_id))
    voided = next(e for e in db.events(case_id) if e.trigger == kinds.AGREEMENT_VOIDED)
    assert voided.payload["signatures_voided"] == 2
    assert db.count(AgreementVersion, status="voided") == 1
    assert db.count(Signature) == 2
    # The old text's code now says so publicly.
    checked = client.get(f"/api/verify/{version.code}").json()
    assert checked["verdict"] == "superseded"
    assert checked["valid"] is False
    # The tokoh reads the new version; nothing of theirs counts until they sign it again.
    mine = tokoh.get(signer_url(agreements.agreement_id(case_id))).json()
    assert mine["number"] == 2
    assert mine["void_notice"]["signatures"] == 2
