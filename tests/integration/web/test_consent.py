"""The victim's consent on the case page (SQLite and PostgreSQL): the statement with its
digest and the two ways to sign it, the consent shown once given, the withdrawal step with
its reason; hostile posts refused with a message, never a 500; another area's officer finds
nothing, the invited tokoh may not act; a barred second settlement is said on the page with
the earlier case's reference and Polsek only."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from typing import Any
from uuid import UUID

import pytest

from mediasi.restorative.consent.models import VictimConsent
from tests.integration.restorative.walk import (
    CLARIFY,
    OFFENDER_NIK,
    agreed,
    checked,
    consent,
)
from tests.integration.web.conftest import Cases, Db, Web
from tests.integration.web.test_steps import fire

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_DIGEST = re.compile(r'name="digest" value="([0-9a-f]{64})"')


def _form(web: Web, cases: Cases, db: Db, case_id: UUID, **changes: Any) -> dict[str, Any]:
    """The in-person form as the page offers it, every box ticked, the name typed."""
    page = web.case_page(case_id).text
    [victim] = [p for p in db.parties(case_id) if p.role == "complainant"]
    form = {
        "version": str(web.version(case_id)),
        "party_id": str(victim.id),
        "digest": _DIGEST.findall(page)[0],
        "voluntary": "on",
        "uncoerced": "on",
        "typed_name": victim.name,
    }
    return {k: v for k, v in (form | changes).items() if v is not None}


def _given(db: Db, case_id: UUID) -> int:
    return db.count(VictimConsent, case_id=case_id)


def test_the_page_shows_the_statement_and_records_a_consent_in_person(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = checked(cases.runtime, cases.world)
    web.login_as("officer")
    page = html_lib.unescape(web.case_page(case_id).text)
    assert 'id="consent"' in page
    assert "PERNYATAAN PERSETUJUAN KORBAN" in page
    assert "Belum ada persetujuan" in page
    assert f'action="/cases/{case_id}/consent"' in page
    assert f'action="/cases/{case_id}/consent/paper"' in page
    assert OFFENDER_NIK not in page

    done = web.post(f"/cases/{case_id}/consent", _form(web, cases, db, case_id), htmx=True)
    assert done.status_code == 200, done.text[:500]
    assert _given(db, case_id) == 1
    shown = html_lib.unescape(web.case_page(case_id).text)
    assert "Persetujuan diberikan" in shown
    assert "di hadapan petugas" in shown
    assert "Persetujuan korban atas keadilan restoratif ditandatangani" in shown  # timeline


def test_a_consent_on_paper_is_uploaded_and_shown(web: Web, cases: Cases, db: Db) -> None:
    case_id = checked(cases.runtime, cases.world)
    web.login_as("officer")
    form = _form(web, cases, db, case_id, voluntary=None, uncoerced=None, typed_name=None)
    form["confirm"] = "on"
    done = web.post(
        f"/cases/{case_id}/consent/paper", form, files={"scan": ("ttd.png", PNG, "image/png")}
    )
    assert done.status_code == 303, done.text[:500]
    assert _given(db, case_id) == 1
    page = html_lib.unescape(web.case_page(case_id).text)
    assert "di atas kertas, pindaian diunggah" in page
    [link] = re.findall(rf'href="(/cases/{case_id}/consent/[0-9a-f-]+/scan)"', page)
    scan = web.get(link)
    assert scan.status_code == 200
    assert scan.content == PNG
    assert scan.headers["x-content-sha256"] == hashlib.sha256(PNG).hexdigest()
    cases.invite(case_id)
    web.post("/logout", {})
    assert web.login_as("tokoh").get(link).status_code == 404  # the tokoh is told: no file


def test_a_dispute_has_no_consent_section(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    page = web.login_as("officer").case_page(case_id).text
    assert 'id="consent"' not in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"party_id": None}, "party_id"),
        ({"party_id": "bukan-uuid"}, "party_id"),
        ({"digest": None}, "digest"),
        ({"digest": "x" * 5000}, "digest"),
        ({"voluntary": "mungkin"}, "voluntary"),
        ({"voluntary": None}, "voluntary"),
        ({"uncoerced": None}, "uncoerced"),
        ({"typed_name": "a" * 300}, "typed_name"),
        ({"typed_name": "Darto\x00Santoso"}, "typed_name"),
        ({"typed_name": "Orang Lain"}, "typed_name"),
        ({"version": "tidak"}, None),
        ({"tambahan": "x"}, "tambahan"),
    ],
)
def test_hostile_posts_are_refused_with_a_message_and_write_nothing(
    web: Web, cases: Cases, db: Db, changes: dict[str, Any], field: str | None
) -> None:
    case_id = checked(cases.runtime, cases.world)
    web.login_as("officer")
    form = _form(web, cases, db, case_id, **changes)
    refused = web.post(f"/cases/{case_id}/consent", form, htmx=True)
    assert 400 <= refused.status_code < 500, refused.text[:500]
    text = html_lib.unescape(refused.text)
    assert 'id="consent"' in text
    assert 'class="alert error"' in text or 'class="error"' in text
    if field is not None and field in ("voluntary", "uncoerced", "typed_name"):
        assert 'aria-invalid="true"' in text
    assert _given(db, case_id) == 0


@pytest.mark.parametrize(
    "files",
    [
        {"scan": ("", b"", "application/octet-stream")},
        {"scan": ("catatan.txt", b"bukan gambar", "text/plain")},
        {"scan": ("kosong.png", b"", "image/png")},
    ],
)
def test_a_paper_post_without_a_picture_is_refused(
    web: Web, cases: Cases, db: Db, files: dict[str, Any]
) -> None:
    case_id = checked(cases.runtime, cases.world)
    web.login_as("officer")
    form = _form(web, cases, db, case_id, voluntary=None, uncoerced=None, typed_name=None)
    form["confirm"] = "on"
    refused = web.post(f"/cases/{case_id}/consent/paper", form, files=files)
    assert refused.status_code == 422, refused.text[:500]
    assert "Berkas harus foto" in refused.text or "Pilih berkas" in refused.text
    assert _given(db, case_id) == 0


@pytest.mark.parametrize(("who", "status"), [("officer_b", 404), ("tokoh", 403)])
def test_another_area_finds_nothing_and_the_tokoh_may_not_act(
    web: Web, cases: Cases, db: Db, who: str, status: int
) -> None:
    case_id = checked(cases.runtime, cases.world)
    cases.invite(case_id)  # the tokoh login is the invited mediator: sees, may not act
    web.login_as("officer")
    form = _form(web, cases, db, case_id)
    web.post("/logout", {})
    web.login_as(who)
    refused = web.post(f"/cases/{case_id}/consent", form, htmx=True)
    assert refused.status_code == status, refused.text[:300]
    assert _given(db, case_id) == 0


def test_withdrawal_needs_a_reason_and_ends_the_path(web: Web, cases: Cases, db: Db) -> None:
    case_id = checked(cases.runtime, cases.world)
    consent(cases.runtime, cases.world, case_id)
    web.login_as("officer")
    page = html_lib.unescape(web.case_page(case_id).text)
    assert f"/cases/{case_id}/steps/withdraw_consent" in page
    short = fire(web, case_id, "withdraw_consent", reason="tidak")
    assert short.status_code == 422
    assert "sedikitnya 10" in html_lib.unescape(short.text)
    assert db.case(case_id).state == "eligibility_checked"

    reason = "Korban tidak ingin berdamai lagi dengan terlapor."
    done = fire(web, case_id, "withdraw_consent", reason=reason)
    assert done.status_code in (200, 303), done.text[:300]
    assert db.case(case_id).state == "referred"
    [*_, event] = db.events(case_id)
    assert event.payload["reason"] == reason
    shown = html_lib.unescape(web.case_page(case_id).text)
    assert "Persetujuan Darto Santoso ditarik" in shown
    assert reason in shown


def test_a_barred_second_settlement_is_said_with_reference_and_polsek_only(
    web: Web, cases: Cases, db: Db
) -> None:
    runtime, world = cases.runtime, cases.world
    earlier = checked(runtime, world, title="Tabung gas diambil dari warung")
    consent(runtime, world, earlier)
    agreed(runtime, world, earlier, world.tokoh_a1)
    second = checked(
        runtime, world, by="officer_b", desa=world.desa_b1, victim="Sri Wahyuni", offender="S. W."
    )
    consent(runtime, world, second, by="officer_b")
    reference = db.case(earlier).reference

    web.login_as("officer_b")
    page = html_lib.unescape(web.case_page(second).text)
    said = f"dalam perkara {reference} (Kepanjen)."
    assert said in page
    refused = fire(web, second, "clarify", **CLARIFY)
    assert refused.status_code == 422
    text = html_lib.unescape(refused.text)
    assert said in text
    for private in (OFFENDER_NIK, "Slamet", "Darto", "Tabung gas"):
        assert private not in page, private
        assert private not in text, private
    assert web.get(f"/cases/{earlier}").status_code == 404
    assert db.case(second).state == "eligibility_checked"
    assert [p.nik for p in db.parties(second) if p.role == "respondent"] == [OFFENDER_NIK]
