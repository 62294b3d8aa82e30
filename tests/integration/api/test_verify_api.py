"""``/api/verify/{code}``: the public verification page's answer as JSON, without a login or
a token, naming no person; for an agreement's version and for a restorative justice document.
On both backends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import select, update

from mediasi.agreements.canonical import format_code
from mediasi.agreements.models import AgreementVersion
from mediasi.restorative.models import CaseDocument
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.agreements.conftest import Agreements
from tests.integration.api.agreement_calls import Caller, problem
from tests.integration.restorative.conftest import Restorative
from tests.integration.web.conftest import Cases, app_of

PERSONAL = ("Darto", "Slamet", "3507010101010001", "Abdul Rohman", "Sengketa batas sawah")


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def agreements(runtime: Runtime, world: World) -> Agreements:
    return Agreements(runtime, world, Cases(runtime, world))


def verify(client: TestClient[Any], code: str, **kwargs: Any) -> dict[str, Any]:
    response = client.get(f"/api/verify/{code}", **kwargs)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    for personal in PERSONAL:
        assert personal not in response.text, personal
    return body


def test_a_genuine_fully_signed_agreement_needs_no_login(
    client: TestClient[Any], agreements: Agreements
) -> None:
    case_id, version = agreements.frozen()
    agreements.sign_all(case_id)
    code = version.code or ""
    typed = f" {code.lower()[:5]} {code.lower()[5:]} ".replace(" ", "%20")
    body = verify(client, typed)
    assert body["kind"] == "agreement"
    assert (body["verdict"], body["valid"]) == ("fully_signed", True)
    assert body["headline"] == "Dokumen asli dan lengkap ditandatangani"
    assert body["code"] == format_code(code)
    assert body["reference"].startswith("MED/KEPANJEN/")
    assert body["desa"] == "Ngadilangkung"
    assert body["digest"] == version.digest
    assert (body["signed"], body["required"], body["number"]) == (3, 3, 1)
    client.cookies.set("lang", "en")
    english = verify(client, code)
    assert english["verdict"] == "fully_signed"
    assert english["headline"] != body["headline"]


def test_a_partly_signed_replaced_or_altered_agreement_says_so(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime
) -> None:
    case_id, version = agreements.frozen()
    code = version.code or ""
    agreements.sign_party(case_id, "complainant")
    partly = verify(client, code)
    assert (partly["verdict"], partly["valid"], partly["signed"]) == (
        "awaiting_signatures",
        False,
        1,
    )
    with runtime.sessions.begin() as session:
        tampered = (version.canonical_text or "").replace("Rp 1.500.000", "Rp 150.000")
        session.execute(
            update(AgreementVersion)
            .where(AgreementVersion.id == version.id)
            .values(canonical_text=tampered)
        )
    altered = verify(client, code)
    assert (altered["verdict"], altered["unchanged"]) == ("altered", False)
    assert "tidak sah" in altered["explanation"]


def test_an_unknown_or_malformed_code(client: TestClient[Any], agreements: Agreements) -> None:
    agreements.frozen()
    unknown = problem(client.get("/api/verify/AAAAA-AAAAA"), 404)
    assert "Tidak ada dokumen dengan kode ini" in unknown["detail"]
    for junk in ("ABC", "x" * 500, "'; DROP TABLE agreements;--", "%3Cscript%3E"):
        refused = problem(client.get(f"/api/verify/{junk}"), 422)
        assert "10 huruf" in refused["errors"]["code"]
    problem(client.get("/api/verify/AAAAA%00AAAAA"), 400)
    problem(client.get("/api/verify/AAAAA%FFAAAAA"), 400)


def test_a_token_is_not_needed_and_does_not_matter(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World
) -> None:
    _, version = agreements.frozen()
    code = version.code or ""
    with_token = Caller(client, runtime, world, "officer", ("cases:read",)).get(
        f"/api/verify/{code}"
    )
    assert with_token.status_code == 200
    assert with_token.json() == verify(client, code)


def test_a_restorative_justice_document(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id = Restorative(runtime, world, agreements).clarified()
    with runtime.sessions() as session:
        document = session.scalars(
            select(CaseDocument).where(
                CaseDocument.case_id == case_id, CaseDocument.kind == "klarifikasi"
            )
        ).one()
    body = verify(client, document.code)
    assert body["kind"] == "document"
    assert (body["verdict"], body["valid"]) == ("valid", True)
    assert body["headline"] == "Dokumen asli"
    assert body["nomor"].endswith("/BA-KLR")
    assert body["signed"] is None
