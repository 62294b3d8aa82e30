"""The agreement pages through Litestar's test client, on both databases: the panel on the
case page, the draft form (with wrong, missing, oversized and hostile values), freezing,
signing in person and on paper, the tokoh's page, the PDF and the public verification."""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any
from uuid import UUID

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import update

from mediasi.accounts.models import Tokoh, User
from mediasi.agreements.canonical import format_code
from mediasi.agreements.models import Agreement, AgreementVersion, Evidence, Signature
from mediasi.agreements.uploads import MAX_UPLOAD_BYTES, ROUTE_BODY_LIMIT
from mediasi.cases import kinds as events
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.conftest import sqlite_only
from tests.factories import World, password_hash
from tests.integration.agreements.conftest import Agreements, in_days
from tests.integration.web.conftest import Cases, Db, Web, field_error

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256


def panel(web: Web, case_id: UUID) -> str:
    response = web.get(f"/cases/{case_id}/agreement", htmx=True)
    assert response.status_code == 200, response.text[:500]
    return response.text


def form_version(html: str) -> int:
    found = {int(v) for v in re.findall(r'name="version" value="(\d+)"', html)}
    assert len(found) == 1, found
    return found.pop()


def draft_form(agreements: Agreements, case_id: UUID, **overrides: Any) -> dict[str, Any]:
    respondent = agreements.party(case_id, "respondent")
    form: dict[str, Any] = {
        "version": str(agreements.version(case_id)),
        "place": "Balai Desa Ngadilangkung",
        "chronology": "Patok batas sawah dipindah terlapor saat musim tanam.",
        "restitution": "",
        "ob_0_obligor": f"party:{respondent.id}",
        "ob_0_kind": "payment",
        "ob_0_description": "Membayar ganti rugi tanaman padi",
        "ob_0_amount": "Rp 1.500.000",
        "ob_0_instalments": "3",
        "ob_0_due_date": in_days(30),
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def tokoh_login(runtime: Runtime, world: World, username: str, tokoh_id: UUID) -> None:
    """Give a registered tokoh a login of their own."""
    with runtime.sessions.begin() as session:
        user = User(
            username=username,
            full_name=username.title(),
            role="tokoh",
            area_id=world.desa_a1,
            password_hash=password_hash(),
            password_changed_at=utcnow(),
        )
        session.add(user)
        session.flush()
        session.execute(update(Tokoh).where(Tokoh.id == tokoh_id).values(user_id=user.id))


# ---- the panel on the case page --------------------------------------------------------------


def test_the_case_page_loads_the_agreement_section_for_a_dispute_only(
    web: Web, cases: Cases
) -> None:
    web.login_as("officer")
    dispute = cases.report()
    page = web.case_page(dispute).text
    assert f'hx-get="/cases/{dispute}/agreement"' in page
    assert f'href="/cases/{dispute}/agreement"' in page
    complaint = cases.complaint()
    assert "/agreement" not in web.case_page(complaint).text


def test_the_panel_offers_a_draft_only_in_mediation(
    web: Web, cases: Cases, agreements: Agreements
) -> None:
    web.login_as("officer")
    reported = cases.report()
    html = panel(web, reported)
    assert "Belum ada draf kesepakatan" in html
    assert 'id="agreement-draft"' not in html
    assert "Dalam mediasi" in html
    mediated = agreements.mediated()
    assert 'id="agreement-draft"' in panel(web, mediated)
    full = web.get(f"/cases/{mediated}/agreement")
    assert full.status_code == 200
    assert "<html" in full.text


def test_drafting_through_the_form_then_freezing(web: Web, agreements: Agreements, db: Db) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    page = web.get(f"/cases/{case_id}/agreement/edit")
    assert page.status_code == 200
    assert 'name="ob_0_description"' in page.text
    assert "Slamet Wibowo" in page.text
    response = web.post(f"/cases/{case_id}/agreement", draft_form(agreements, case_id))
    assert response.status_code == 303, response.text[:800]
    assert response.headers["location"] == f"/cases/{case_id}#agreement-notice"
    landed = web.case_page(case_id).text  # where the redirect leads: the notice, once
    assert (
        'id="agreement-notice"><p class="alert ok" role="status">Draf kesepakatan disimpan.'
        in landed
    )
    assert "Periksa naskahnya" not in web.case_page(case_id).text
    html = panel(web, case_id)
    assert "Versi</strong>" not in html or "Draf" in html
    assert "Membayar ganti rugi tanaman padi" in html
    assert "Rp 1.500.000" in html
    assert 'id="freeze-form"' in html
    response = web.post(
        f"/cases/{case_id}/agreement/freeze",
        {"version": str(form_version(html)), "agreement_version": "1"},
        htmx=True,
    )
    assert response.status_code == 200
    assert response.headers["hx-refresh"] == "true"
    assert "Naskah dibekukan: sekarang dapat ditandatangani." in web.case_page(case_id).text
    html = panel(web, case_id)
    version = agreements.current(case_id)
    assert version.digest in html
    assert format_code(version.code or "") in html
    assert "Dibekukan — menunggu tanda tangan" in html
    assert "(0/3)" in html
    assert html.count('class="sign-link"') == 2  # the two parties; the tokoh signs himself
    timeline = web.case_page(case_id).text
    assert "Draf kesepakatan disimpan" in timeline
    assert "Kesepakatan dibekukan untuk ditandatangani" in timeline


def test_the_obligation_row_fragment(web: Web, agreements: Agreements) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    response = web.get(f"/cases/{case_id}/agreement/obligation-row?index=3", htmx=True)
    assert response.status_code == 200
    assert 'name="ob_3_kind"' in response.text
    assert "?index=4" in response.text
    response = web.get(f"/cases/{case_id}/agreement/obligation-row?index=99", htmx=True)
    assert 'name="ob_29_kind"' in response.text
    assert "Paling banyak" in response.text
    assert web.get(f"/cases/{case_id}/agreement/obligation-row?index=x").status_code == 400


BAD_DRAFTS = [
    pytest.param({"place": ""}, "place", id="missing-place"),
    pytest.param({"chronology": "pendek"}, "chronology", id="short-chronology"),
    pytest.param({"chronology": "x" * 4001}, "chronology", id="oversized-chronology"),
    pytest.param({"place": "Balai\ndesa"}, "place", id="two-line-place"),
    pytest.param({"place": "Balai \x07 desa"}, "place", id="control-character"),
    pytest.param({"ob_0_amount": "seribu"}, "obligations.0.amount", id="amount-words"),
    pytest.param({"ob_0_amount": "-5"}, "obligations.0.amount", id="amount-negative"),
    pytest.param({"ob_0_amount": "9" * 30}, "obligations.0.amount", id="amount-huge"),
    pytest.param({"ob_0_amount": ""}, "obligations.0.amount", id="payment-without-amount"),
    pytest.param({"ob_0_instalments": "0"}, "obligations.0.instalments", id="no-instalments"),
    pytest.param({"ob_0_due_date": "31-12-2026"}, "obligations.0.due_date", id="date-format"),
    pytest.param({"ob_0_due_date": "2020-01-01"}, "obligations.0.due_date", id="date-past"),
    pytest.param({"ob_0_due_date": ""}, "obligations.0.due_date", id="date-missing"),
    pytest.param({"ob_0_kind": "sihir"}, "obligations.0.kind", id="unknown-kind"),
    pytest.param(
        {"ob_0_obligor": "party:00000000-0000-0000-0000-000000000000"},
        "obligations.0.obligor",
        id="stranger",
    ),
    pytest.param({"ob_0_description": ""}, "obligations.0.description", id="no-description"),
    pytest.param(
        {"ob_0_description": "x" * 1001}, "obligations.0.description", id="oversized-description"
    ),
    pytest.param({"hacker": "1"}, "hacker", id="unknown-field"),
]


@pytest.mark.parametrize(("change", "field"), BAD_DRAFTS)
def test_a_bad_draft_is_refused_beside_the_field_and_nothing_is_lost(
    web: Web, agreements: Agreements, db: Db, change: dict[str, str], field: str
) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    before = db.snapshot(case_id)
    form = draft_form(agreements, case_id, **change)
    response = web.post(f"/cases/{case_id}/agreement", form, htmx=True)
    assert response.status_code == 422, response.text[:800]
    html = response.text
    assert "belum ada yang disimpan" in html
    if field.startswith("obligations."):
        assert f'data-field="{field}"' in html
        if change.get("ob_0_due_date") == "":
            assert "Wajib diisi" in html
    elif field == "hacker":
        assert "hacker:" in html
    else:
        assert field_error(html, field)
    # What was typed comes back (escaped), so nothing is lost.
    assert "Membayar ganti rugi tanaman padi" in html or field == "obligations.0.description"
    assert db.snapshot(case_id) == before
    assert db.count(Agreement) == 0


def test_hostile_text_is_stored_as_text_and_shown_escaped(web: Web, agreements: Agreements) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    hostile = '<script>alert("x")</script> & "quotes" \' DROP TABLE cases;--'
    form = draft_form(agreements, case_id, ob_0_description=hostile, place="Balai <b>Desa</b>")
    assert web.post(f"/cases/{case_id}/agreement", form).status_code == 303
    html = panel(web, case_id)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    edit = web.get(f"/cases/{case_id}/agreement/edit").text
    assert "&lt;script&gt;" in edit
    assert "<script>alert" not in edit


def test_a_draft_from_a_stale_page_is_a_conflict(web: Web, agreements: Agreements, db: Db) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    form = draft_form(agreements, case_id, version=str(agreements.version(case_id) - 1))
    response = web.post(f"/cases/{case_id}/agreement", form, htmx=True)
    assert response.status_code == 409
    assert "sudah diubah orang lain" in response.text
    assert "Membayar ganti rugi tanaman padi" in response.text
    assert db.count(Agreement) == 0


def test_forms_without_the_csrf_token_are_refused(web: Web, agreements: Agreements) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    response = web.post(f"/cases/{case_id}/agreement", draft_form(agreements, case_id), csrf=False)
    assert response.status_code == 403


def test_a_tokoh_or_another_officer_cannot_draft(web: Web, agreements: Agreements, db: Db) -> None:
    case_id = agreements.mediated()
    web.login_as("tokoh")
    assert web.get(f"/cases/{case_id}/agreement/edit").status_code == 403
    assert (
        web.post(f"/cases/{case_id}/agreement", draft_form(agreements, case_id)).status_code == 403
    )
    web.login_as("officer_b")
    assert web.get(f"/cases/{case_id}/agreement").status_code == 404
    assert (
        web.post(f"/cases/{case_id}/agreement", draft_form(agreements, case_id)).status_code == 404
    )
    assert db.count(Agreement) == 0


def test_freezing_without_obligations_says_why(web: Web, agreements: Agreements) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    agreements.draft(case_id, obligations=[])
    response = web.post(
        f"/cases/{case_id}/agreement/freeze",
        {"version": str(agreements.version(case_id)), "agreement_version": "1"},
        htmx=True,
    )
    assert response.status_code == 409
    assert "sedikitnya satu kewajiban" in response.text
    for bad in ("", "0", "abc", "-1"):
        response = web.post(
            f"/cases/{case_id}/agreement/freeze",
            {"version": str(agreements.version(case_id)), "agreement_version": bad},
            htmx=True,
        )
        assert response.status_code == 422


# ---- signing on the officer's device ------------------------------------------------------


def sign_url(case_id: UUID, version: AgreementVersion, role: str) -> str:
    key = next(s["key"] for s in version.content["signatories"] if s["role"] == role)
    return f"/cases/{case_id}/agreement/sign/{key}"


def test_a_party_signs_in_person_on_the_officer_device(
    web: Web, agreements: Agreements, db: Db
) -> None:
    web.login_as("officer")
    case_id, version = agreements.frozen()
    url = sign_url(case_id, version, "complainant")
    page = web.get(url)
    assert page.status_code == 200
    assert "Darto Santoso" in page.text
    # The device passes from hand to hand: the parties' NIK and addresses are withheld.
    assert "3507010101010001" not in page.text
    assert "(disamarkan)" in page.text
    assert version.digest in page.text
    base = {"version": str(form_version(page.text)), "agreement_version": str(version.number)}
    for form, field in [
        ({"typed_name": "Darto Santoso"}, "consent"),
        ({"consent": "on", "typed_name": "Slamet Wibowo"}, "typed_name"),
        ({"consent": "on", "typed_name": ""}, "typed_name"),
        ({"consent": "on", "typed_name": "x" * 300}, "typed_name"),
        ({"consent": "maybe", "typed_name": "Darto Santoso"}, "consent"),
    ]:
        response = web.post(url, {**base, **form})
        assert response.status_code == 422, (form, response.text[:300])
        assert field_error(response.text, field), form
        assert db.count(Signature) == 0
    response = web.post(
        url,
        {**base, "consent": "on", "typed_name": " darto santoso "},
        headers={"user-agent": "TabletPetugas/2.0"},
    )
    assert response.status_code == 303, response.text[:500]
    [signature] = agreements.signatures(case_id)
    assert signature.user_agent == "TabletPetugas/2.0"
    assert signature.ip
    html = panel(web, case_id)
    assert "Ditandatangani" in html
    assert "(1/3)" in html
    # Signing again is refused with words, not an error page.
    again = web.post(
        url,
        {
            **base,
            "version": str(agreements.version(case_id)),
            "consent": "on",
            "typed_name": "Darto Santoso",
        },
    )
    assert again.status_code == 409
    assert "sudah menandatangani" in again.text


def test_a_paper_signature_upload(web: Web, agreements: Agreements, db: Db) -> None:
    web.login_as("officer")
    case_id, version = agreements.frozen()
    url = sign_url(case_id, version, "respondent") + "/paper"
    base = {
        "version": str(agreements.version(case_id)),
        "agreement_version": str(version.number),
        "confirm": "on",
    }

    def upload(data: bytes, name: str = "ttd.png", **form: str) -> httpx.Response:
        return web.post(url, {**base, **form}, files={"scan": (name, data, "image/png")})

    for data, reason in [
        (b"GIF89a" + b"\x00" * 100, "JPEG atau PNG"),
        (b"<?php system($_GET['c']); ?>", "JPEG atau PNG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_UPLOAD_BYTES, "terlalu besar"),
    ]:
        response = upload(data)
        assert response.status_code == 422, response.text[:300]
        assert reason in (field_error(response.text, "scan") or "")
        assert db.count(Evidence) == 0
    response = web.post(url, base)  # no file at all
    assert response.status_code == 422
    assert field_error(response.text, "scan")
    response = upload(PNG, confirm="")
    assert response.status_code == 422
    assert field_error(response.text, "confirm")
    # Beyond the route's own limit the server refuses before reading it all.
    too_big = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * (ROUTE_BODY_LIMIT + 1024))
    assert too_big.status_code == 413
    # Missing CSRF token in a multipart form.
    response = web.post(url, base, csrf=False, files={"scan": ("ttd.png", PNG, "image/png")})
    assert response.status_code == 403
    response = upload(PNG, name="../../ttd asli.png")
    assert response.status_code == 303, response.text[:500]
    [signature] = agreements.signatures(case_id)
    assert signature.method == "paper"
    assert signature.evidence_sha256 == hashlib.sha256(PNG).hexdigest()
    scan = web.get(f"/cases/{case_id}/agreement/evidence/{signature.evidence_id}")
    assert scan.status_code == 200
    assert scan.content == PNG
    assert scan.headers["content-type"].startswith("image/png")
    assert scan.headers["x-content-sha256"] == signature.evidence_sha256
    assert "lihat pindaian" in panel(web, case_id)
    web.login_as("tokoh")
    assert (
        web.get(f"/cases/{case_id}/agreement/evidence/{signature.evidence_id}").status_code == 404
    )


def test_the_paper_route_alone_takes_more_than_the_global_body_limit(
    web: Web, agreements: Agreements
) -> None:
    web.login_as("officer")
    case_id, version = agreements.frozen()
    two_megabytes = b"\xff\xd8\xff\xe0" + b"\x00" * (2 * 1024 * 1024)
    response = web.post(
        sign_url(case_id, version, "respondent") + "/paper",
        {"version": str(agreements.version(case_id)), "agreement_version": "1", "confirm": "on"},
        files={"scan": ("foto.jpg", two_megabytes, "image/jpeg")},
    )
    assert response.status_code == 303
    # Elsewhere the global 1 MB limit holds.
    big = web.post(
        f"/cases/{case_id}/agreement",
        draft_form(agreements, case_id, chronology="x" * (2 * 1024 * 1024)),
    )
    assert big.status_code == 413


# ---- edits after signatures void them, and the page says so ----------------------------------


def test_editing_after_signatures_voids_them_and_the_pages_say_so(
    web: Web, agreements: Agreements
) -> None:
    web.login_as("officer")
    case_id, _ = agreements.frozen()
    agreements.sign_party(case_id, "complainant")
    agreements.sign_tokoh(case_id)
    edit = web.get(f"/cases/{case_id}/agreement/edit").text
    assert 'id="edit-voids"' in edit
    assert "MEMBATALKAN" in edit
    assert "(2)" in edit
    form = draft_form(agreements, case_id, place="Rumah Kepala Desa")
    assert web.post(f"/cases/{case_id}/agreement", form).status_code == 303
    html = panel(web, case_id)
    notice = re.search(
        r'<div class="alert conflict" role="status" id="void-notice">(.*?)</div>', html, re.S
    )
    assert notice, html
    words = " ".join(notice.group(1).split())
    assert "Versi 1 diubah setelah dibekukan" in words
    assert "(2) BATAL" in words
    assert "menandatangani versi 2" in words
    timeline = web.case_page(case_id).text
    assert "Naskah diubah; tanda tangan versi lama batal" in timeline
    web.login_as("tokoh")
    page = web.get(f"/agreements/{agreements.agreement_id(case_id)}").text
    assert "Versi 1 telah diubah" in page


# ---- the tokoh's page ------------------------------------------------------------------------


def test_a_tokoh_reads_the_whole_text_without_nik_and_signs(
    web: Web, agreements: Agreements, db: Db
) -> None:
    case_id, version = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    web.login_as("tokoh")
    home = web.get("/agreements", htmx=True)
    assert home.status_code == 200
    assert f"/agreements/{agreement_id}" in home.text
    page = web.get(f"/agreements/{agreement_id}")
    assert page.status_code == 200
    html = page.text
    assert "Pasal 1" in html
    assert "Darto Santoso" in html
    assert version.digest in html
    assert "3507010101010001" not in html
    assert "(disamarkan)" in html
    assert f'hx-post="/agreements/{agreement_id}/viewed"' in html
    # The case page's agreement section and its PDF withhold the NIK from a tokoh too.
    section = panel(web, case_id)
    assert "Darto Santoso" in section
    assert "3507010101010001" not in section
    assert 'id="freeze-form"' not in section
    assert 'class="sign-link"' not in section
    case_pdf = squeeze(pdf_text(web.get(f"/cases/{case_id}/agreement/pdf").content))
    assert "3507010101010001" not in case_pdf
    viewed = web.post(f"/agreements/{agreement_id}/viewed", htmx=True)
    assert viewed.status_code == 200
    assert 'id="sign-form"' in viewed.text
    assert "hx-trigger" not in viewed.text  # recorded once: the fragment does not ask again
    assert [e.trigger for e in db.events(case_id)][-1] == events.AGREEMENT_VIEWED
    response = web.post(
        f"/agreements/{agreement_id}/sign",
        {"version": str(form_version(viewed.text)), "agreement_version": str(version.number)},
        headers={"user-agent": "Mozilla/5.0 (Android 13; Mobile)"},
    )
    assert response.status_code == 303, response.text[:500]
    [signature] = agreements.signatures(case_id)
    assert signature.method == "login"
    assert signature.user_agent.startswith("Mozilla/5.0 (Android")
    after = web.get(f"/agreements/{agreement_id}").text
    assert "Anda telah menandatangani" in after
    assert 'id="sign-form"' not in after
    assert f"/agreements/{agreement_id}" not in web.get("/agreements", htmx=True).text
    triggers = [e.trigger for e in db.events(case_id)]
    assert triggers[-2:] == [events.AGREEMENT_VIEWED, events.AGREEMENT_SIGNED]


def test_a_tokoh_declines_with_a_reason(web: Web, agreements: Agreements, db: Db) -> None:
    case_id, version = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    web.login_as("tokoh")
    base = {"version": str(agreements.version(case_id)), "agreement_version": str(version.number)}
    for reason in ("", "   ", "ok", "x" * 2001):
        response = web.post(f"/agreements/{agreement_id}/decline", {**base, "reason": reason})
        assert response.status_code == 422, reason
        assert field_error(response.text, "reason")
        assert 'id="decline" open' in response.text
    assert db.count(Signature) == 0
    response = web.post(
        f"/agreements/{agreement_id}/decline",
        {**base, "reason": "Pelapor belum setuju jumlah ganti rugi."},
    )
    assert response.status_code == 303
    assert "Anda menolak menandatangani" in web.get(f"/agreements/{agreement_id}").text
    web.login_as("officer")
    html = panel(web, case_id)
    assert "Menolak" in html
    assert "Pelapor belum setuju jumlah ganti rugi." in html
    assert "Ubah kesepakatan untuk membuat versi baru" in html


def test_a_stale_tokoh_page_is_told_to_reload(web: Web, agreements: Agreements) -> None:
    case_id, version = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    web.login_as("tokoh")
    seen = agreements.version(case_id)
    agreements.sign_party(case_id, "complainant")
    response = web.post(
        f"/agreements/{agreement_id}/sign",
        {"version": str(seen), "agreement_version": str(version.number)},
    )
    assert response.status_code == 409
    assert "Muat ulang" in response.text
    assert all(s.signer_kind == "party" for s in agreements.signatures(case_id))


def test_the_tokoh_page_is_for_an_invited_tokoh_only(
    web: Web, agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id, _ = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    tokoh_login(runtime, world, "suwarno", world.tokoh_a1_other)
    web.login_as("suwarno")
    assert web.get(f"/agreements/{agreement_id}").status_code == 404
    assert web.get(f"/agreements/{agreement_id}/pdf").status_code == 404
    assert (
        web.post(
            f"/agreements/{agreement_id}/sign", {"version": "1", "agreement_version": "1"}
        ).status_code
        == 404
    )
    assert f"/agreements/{agreement_id}" not in web.get("/agreements", htmx=True).text
    for username in ("officer_b", "admin"):
        web.login_as(username)
        assert web.get(f"/agreements/{agreement_id}").status_code == 404
    web.login_as("tokoh")
    assert web.get(f"/agreements/{UUID(int=7)}").status_code == 404


def test_the_tokoh_home_page_loads_the_awaiting_list(web: Web, agreements: Agreements) -> None:
    agreements.frozen()
    web.login_as("tokoh")
    home = web.get("/")
    assert home.status_code == 200
    assert 'hx-get="/agreements"' in home.text
    web.login_as("officer")
    assert 'hx-get="/agreements"' not in web.get("/").text


# ---- the PDF ---------------------------------------------------------------------------------


@sqlite_only  # the PDF's text is checked here; the page tests cover both backends
def test_the_pdf_holds_the_parties_the_terms_and_the_digest(
    web: Web, agreements: Agreements
) -> None:
    web.login_as("officer")
    case_id, version = agreements.frozen()
    agreements.sign_all(case_id)
    response = web.get(f"/cases/{case_id}/agreement/pdf")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    flat = squeeze(text)
    for words in (
        "KESEPAKATAN PERDAMAIAN",
        "PIHAK PERTAMA",
        "PIHAK KEDUA",
        "Darto Santoso",
        "Slamet Wibowo",
        "3507010101010001",
        "Membayar ganti rugi tanaman padi kepada pelapor",
        "Pasal 1",
        "Meminta maaf di hadapan warga RT 02",
        "KH. Abdul Rohman",
        "MENGETAHUI",
    ):
        assert squeeze(words) in flat, words
    assert version.digest in flat
    assert squeeze(format_code(version.code or "")) in flat
    assert "ditandatanganisecaraelektronik" in flat.lower()


@sqlite_only  # the PDF's text is checked here; the page tests cover both backends
def test_a_draft_pdf_says_it_is_a_draft_and_the_tokoh_copy_hides_the_nik(
    web: Web, agreements: Agreements
) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    agreements.draft(case_id)
    draft = pdf_text(web.get(f"/cases/{case_id}/agreement/pdf").content)
    assert "DRAF" in draft
    assert "SHA-256" not in draft
    agreements.freeze(case_id)
    web.login_as("tokoh")
    response = web.get(f"/agreements/{agreements.agreement_id(case_id)}/pdf")
    assert response.status_code == 200
    text = squeeze(pdf_text(response.content))
    assert "3507010101010001" not in text
    assert "Darto" in text
    assert "disamarkan" in text


# ---- obligations on the page ---------------------------------------------------------------


def test_marking_obligations_on_the_page(
    web: Web, agreements: Agreements, cases: Cases, db: Db
) -> None:
    web.login_as("officer")
    case_id = agreements.agreed()
    html = panel(web, case_id)
    assert "Berlaku — kewajiban berjalan" in html
    first = agreements.obligations(case_id)[0]
    url = f"/cases/{case_id}/agreement/obligations/{first.id}"
    response = web.post(
        url, {"version": str(form_version(html)), "status": "broken", "note": " "}, htmx=True
    )
    assert response.status_code == 422
    assert "Tuliskan apa yang terjadi" in response.text
    response = web.post(url, {"version": str(form_version(html)), "status": "lost"}, htmx=True)
    assert response.status_code == 422
    response = web.post(
        url,
        {
            "version": str(form_version(html)),
            "status": "broken",
            "note": "Angsuran kedua tidak dibayar.",
        },
        htmx=True,
    )
    assert response.status_code == 200
    assert response.headers["hx-refresh"] == "true"
    html = panel(web, case_id)
    assert "Dilanggar" in html
    assert "Angsuran kedua tidak dibayar." in html
    steps = web.case_page(case_id).text
    assert 'data-trigger="reopen"' in steps
    assert 'data-trigger="escalate_breach"' in steps
    assert "Kewajiban dilanggar" in steps
    assert db.case(case_id).state == "agreed"


# ---- verification ----------------------------------------------------------------------------


def test_verification_of_a_genuine_fully_signed_agreement(
    client: Any, agreements: Agreements, world: World
) -> None:
    case_id, version = agreements.frozen()
    agreements.sign_all(case_id)
    code = version.code or ""
    form = client.get("/verify", follow_redirects=False)
    assert form.status_code == 200
    assert 'name="code"' in form.text
    typed = client.get(
        "/verify",
        params={"code": f" {code.lower()[:5]} {code.lower()[5:]} "},
        follow_redirects=False,
    )
    assert typed.status_code == 303
    assert typed.headers["location"] == f"/verify/{format_code(code)}"
    page = client.get(f"/verify/{format_code(code)}", follow_redirects=False)
    assert page.status_code == 200
    html = page.text
    assert "Dokumen asli dan lengkap ditandatangani" in html
    assert "MED/KEPANJEN/" in html
    assert "Ngadilangkung" in html
    assert version.digest in html
    assert "3 dari 3" in html
    for personal in (
        "Darto",
        "Slamet",
        "3507010101010001",
        "Abdul Rohman",
        "Sengketa batas sawah",
        "Officer",
    ):
        assert personal not in html, personal


def test_verification_of_an_unknown_or_malformed_code(client: Any, agreements: Agreements) -> None:
    agreements.frozen()
    unknown = client.get("/verify/AAAAA-AAAAA", follow_redirects=False)
    assert unknown.status_code == 404
    assert "Kode tidak dikenal" in unknown.text
    for junk in ("<script>", "x" * 500, "'; DROP TABLE agreements;--"):
        response = client.get(f"/verify/{junk}", follow_redirects=False)
        assert response.status_code == 404
        assert "<script>" not in response.text.split("</form>")[0].split('value="')[1][:20]
    malformed = client.get("/verify", params={"code": "ABC"}, follow_redirects=False)
    assert malformed.status_code == 422
    assert "10 huruf" in malformed.text


def test_verification_of_an_altered_text(
    client: Any, agreements: Agreements, runtime: Runtime
) -> None:
    case_id, version = agreements.frozen()
    agreements.sign_all(case_id)
    with runtime.sessions.begin() as session:
        tampered = (version.canonical_text or "").replace("Rp 1.500.000", "Rp 150.000")
        session.execute(
            update(AgreementVersion)
            .where(AgreementVersion.id == version.id)
            .values(canonical_text=tampered)
        )
    html = client.get(f"/verify/{version.code}", follow_redirects=False).text
    assert "Dokumen telah diubah" in html
    assert "tidak sah" in html
    assert "Darto" not in html


def test_verification_of_altered_content_or_terms(
    client: Any, agreements: Agreements, runtime: Runtime
) -> None:
    _, version = agreements.frozen()
    with runtime.sessions.begin() as session:
        content = dict(version.content)
        content["chronology"] = "Tidak terjadi apa-apa."
        session.execute(
            update(AgreementVersion)
            .where(AgreementVersion.id == version.id)
            .values(content=content)
        )
    assert "Dokumen telah diubah" in client.get(f"/verify/{version.code}").text


def test_verification_of_a_partly_signed_or_replaced_version(
    client: Any, agreements: Agreements
) -> None:
    case_id, version = agreements.frozen()
    agreements.sign_party(case_id, "complainant")
    html = client.get(f"/verify/{version.code}").text
    assert "belum lengkap ditandatangani" in html
    assert "1 dari 3" in html
    agreements.draft(case_id, place="Rumah Kepala Desa")
    html = client.get(f"/verify/{version.code}").text
    assert "Versi ini sudah diganti" in html


def test_everything_on_the_pages_keeps_the_audit_chain(web: Web, agreements: Agreements) -> None:
    web.login_as("officer")
    case_id = agreements.agreed()
    assert agreements.verified(case_id) == []
