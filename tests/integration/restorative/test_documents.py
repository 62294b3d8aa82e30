"""The document pack of a restorative justice case (SQLite and PostgreSQL): each PDF read back
holds the parties, the articles it cites, what was restored, its digest and its verification
code; /verify says valid for each, changed for a tampered row, unknown for a tampered code;
a document whose step is not recorded is not offered; the case's scope and the readers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import httpx
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import select, update

from mediasi.agreements.canonical import format_code
from mediasi.restorative.models import CaseDocument
from mediasi.runtime import Runtime
from tests.factories import RJ_CLARIFY, World
from tests.integration.agreements.test_web import pdf_text
from tests.integration.restorative.conftest import APPROVAL_NOTE, RESTORATION, Restorative
from tests.integration.web.conftest import Web

NIK = "3507010101010001"  # the complainant's (the victim), from World.report
UU_80 = "Pasal 80 Undang-Undang Nomor 20 Tahun 2025"
PERPOL_16 = "Pasal 16 ayat (1) Peraturan Kepolisian Negara Republik Indonesia Nomor 8 Tahun 2021"
PERPOL_6 = "Pasal 6 Peraturan Kepolisian Negara Republik Indonesia Nomor 8 Tahun 2021"


# Who may open the police's own papers about a case of desa A1, the invited tokoh among them:
# the officers and supervisors over it; the tokoh is refused them; everyone else is told there
# is no such case.
POLICE_PAPERS = (
    ("officer", 200),
    ("supervisor", 200),
    ("polres_supervisor", 200),
    ("officer_b", 404),
    ("supervisor_b", 404),
    ("tokoh", 403),
    ("admin", 404),
)


def flat(text: str) -> str:
    """PDF text on one line: WeasyPrint breaks lines where it likes, after a hyphen or a slash
    too (Undang-/Undang, RJ/KEPANJEN/ 2026)."""
    return re.sub(r"([-/])\s+", r"\1", re.sub(r"\s+", " ", text))


@contextmanager
def browser(app: Litestar, username: str) -> Iterator[Web]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Web(client).login_as(username)


def documents(runtime: Runtime, case_id: UUID) -> dict[str, CaseDocument]:
    with runtime.sessions() as session:
        rows = session.scalars(
            select(CaseDocument)
            .where(CaseDocument.case_id == case_id)
            .order_by(CaseDocument.issued_at, CaseDocument.id)
        )
        return {row.kind: row for row in rows}


def pdf_of(web: Web, case_id: UUID, kind: str) -> str:
    response = web.get(f"/cases/{case_id}/rj/{kind}")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="{kind}-RJ-' in response.headers["content-disposition"]
    return flat(pdf_text(response.content))


def verdict(client: Any, code: str) -> httpx.Response:
    return client.get(f"/verify/{format_code(code)}", follow_redirects=False)


def test_each_document_reads_back_and_verifies(
    app: Litestar, client: Any, runtime: Runtime, world: World, restorative: Restorative
) -> None:
    case_id = restorative.approved()
    issued = documents(runtime, case_id)
    assert set(issued) == {"permohonan", "klarifikasi", "pemulihan", "persetujuan"}
    expected: dict[str, list[str]] = {
        "permohonan": ["SURAT PERMOHONAN", "Darto Santoso", "Slamet Wibowo", NIK, UU_80],
        "klarifikasi": [
            "BERITA ACARA KLARIFIKASI",
            PERPOL_16,
            UU_80,
            RJ_CLARIFY["victim_account"],
            RJ_CLARIFY["offender_account"],
            "Perpol 8/2021 Pasal 5 huruf a",
            "Pasal 476 KUHP (pencurian)",
            NIK,
        ],
        "pemulihan": [
            "SURAT PERNYATAAN PEMULIHAN HAK KORBAN",
            PERPOL_6,
            "Darto Santoso",
            NIK,
            "Rp 1.500.000 (satu juta lima ratus ribu rupiah)",
            "telah dipenuhi",
            RESTORATION,
        ],
        "persetujuan": [
            "SURAT PERSETUJUAN ATASAN",
            "MENYETUJUI",
            UU_80,
            "Darto Santoso",
            "Kapolsek Kepanjen",
            "Supervisor",  # the approving supervisor's full name (tests/factories.py)
            APPROVAL_NOTE,
            format_code(issued["pemulihan"].code),
        ],
    }
    with browser(app, "officer") as officer:
        page = officer.case_page(case_id).text
        for kind, words in expected.items():
            assert f"/cases/{case_id}/rj/{kind}" in page
            text = pdf_of(officer, case_id, kind)
            for word in [*words, "KEPOLISIAN NEGARA REPUBLIK INDONESIA", "SEKTOR KEPANJEN"]:
                assert word in text, (kind, word)
            assert issued[kind].digest in re.sub(r"\s", "", text), kind
            assert format_code(issued[kind].code) in text, kind
            assert "081234567890" not in text, kind  # no phone number in any
        assert f"/cases/{case_id}/agreement/pdf" in page
    # The approval names the parties only.
    assert NIK not in pdf_of_supervisor(app, case_id)
    for document in issued.values():
        page = verdict(client, document.code)
        assert page.status_code == 200
        assert "Dokumen asli" in page.text
        assert document.content["nomor"] in page.text
        for personal in ("Darto", "Slamet", NIK):
            assert personal not in page.text


def pdf_of_supervisor(app: Litestar, case_id: UUID) -> str:
    with browser(app, "supervisor") as supervisor:
        return pdf_of(supervisor, case_id, "persetujuan")


def test_a_tampered_row_or_code_does_not_verify(
    client: Any, runtime: Runtime, restorative: Restorative
) -> None:
    case_id = restorative.clarified()
    issued = documents(runtime, case_id)
    with runtime.sessions.begin() as session:
        row = session.get(CaseDocument, issued["klarifikasi"].id)
        assert row is not None
        content = {**row.content, "victim_account": "Korban tidak pernah dirugikan."}
        session.execute(
            update(CaseDocument).where(CaseDocument.id == row.id).values(content=content)
        )
    changed = verdict(client, issued["klarifikasi"].code)
    assert "Dokumen telah diubah" in changed.text
    assert "tidak sah" in changed.text
    assert "Dokumen asli" in verdict(client, issued["permohonan"].code).text
    code = issued["permohonan"].code
    forged = ("B" if code[0] != "B" else "C") + code[1:]
    unknown = verdict(client, forged)
    assert unknown.status_code == 404
    assert "Kode tidak dikenal" in unknown.text


def test_a_restoration_recorded_again_replaces_the_statement(
    client: Any, runtime: Runtime, restorative: Restorative
) -> None:
    case_id = restorative.restored()
    first = documents(runtime, case_id)["pemulihan"]
    restorative.cases.fire(
        case_id, "return_settlement", by="supervisor", instructions="Lampirkan kuitansi."
    )
    restorative.restored(case_id, restoration="Ganti rugi dibayar lunas; kuitansi dilampirkan.")
    second = documents(runtime, case_id)["pemulihan"]
    assert second.id != first.id
    assert "Dokumen ini sudah diganti" in verdict(client, first.code).text
    assert "Dokumen asli" in verdict(client, second.code).text


def test_documents_not_yet_possible_are_not_offered(
    app: Litestar, runtime: Runtime, restorative: Restorative
) -> None:
    checked = restorative.checked()
    clarified = restorative.clarified()
    assert documents(runtime, checked) == {}
    assert set(documents(runtime, clarified)) == {"permohonan", "klarifikasi"}
    dispute = restorative.cases.report(title="Sengketa tanpa dokumen RJ")
    with browser(app, "officer") as officer:
        for kind in ("permohonan", "klarifikasi", "pemulihan", "persetujuan"):
            assert officer.get(f"/cases/{checked}/rj/{kind}").status_code == 404
            assert officer.get(f"/cases/{dispute}/rj/{kind}").status_code == 404
        for kind in ("pemulihan", "persetujuan", "perdamaian", "tidak-ada"):
            missing = officer.get(f"/cases/{clarified}/rj/{kind}")
            assert missing.status_code == 404
            assert "tidak ditemukan" in missing.text.lower() or "belum ada" in missing.text
        page = officer.case_page(clarified).text
        assert 'id="rj-documents"' in page
        assert f"/cases/{clarified}/rj/klarifikasi" in page
        assert f"/cases/{clarified}/rj/pemulihan" not in page
        assert f"/cases/{clarified}/agreement/pdf" not in page
        assert 'id="rj-documents"' not in officer.case_page(dispute).text


def test_who_may_have_the_documents(
    app: Litestar, runtime: Runtime, world: World, restorative: Restorative
) -> None:
    case_id = restorative.clarified()
    restorative.cases.invite(case_id)  # the 'tokoh' login, as mediator
    url = f"/cases/{case_id}/rj/klarifikasi"
    for username, status in POLICE_PAPERS:
        with browser(app, username) as reader:
            assert reader.get(url).status_code == status, username
            if username == "tokoh":
                assert 'id="rj-documents"' not in reader.case_page(case_id).text
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        response = anonymous.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")
