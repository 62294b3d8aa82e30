"""The agreement service on both databases: draft, version, freeze, sign, decline, void, agree,
and the obligations afterwards; every change a chained event that `audit verify` accepts."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import select, update

from mediasi.agreements.canonical import canonical_text, digest_of, verification_code
from mediasi.agreements.decisions import OfficerSlot, Posted
from mediasi.agreements.models import AgreementVersion, Evidence, Obligation
from mediasi.agreements.schemas import (
    Decline,
    InPersonSignature,
    ObligationMark,
    PaperSignature,
)
from mediasi.agreements.status import DECLINED, DRAFT, FROZEN, SIGNED, SUPERSEDED, VOIDED
from mediasi.agreements.uploads import MAX_UPLOAD_BYTES
from mediasi.cases import kinds as events
from mediasi.cases.models import Case
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound, StaleVersion
from mediasi.uploads import UploadedFile
from mediasi.workflow.errors import GuardFailed
from tests.integration.agreements.conftest import CLIENT, Agreements, in_days
from tests.integration.web.conftest import Cases, Db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


def triggers(db: Db, case_id: UUID) -> list[str]:
    return [e.trigger for e in db.events(case_id)]


def payloads(db: Db, case_id: UUID, kind: str) -> list[dict[str, object]]:
    return [e.payload for e in db.events(case_id) if e.trigger == kind]


# ---- drafting and versions ---------------------------------------------------------------


def test_a_draft_is_version_one_with_the_case_people_and_an_event(
    agreements: Agreements, db: Db
) -> None:
    case_id = agreements.mediated()
    before = db.case(case_id).version
    assert agreements.draft(case_id) == 1
    version = agreements.current(case_id)
    assert version.status == DRAFT
    assert version.digest is None
    assert version.code is None
    content = version.content
    assert [p["role"] for p in content["parties"]] == ["complainant", "respondent"]
    assert content["parties"][0]["nik"] == "3507010101010001"
    assert [t["role"] for t in content["tokoh"]] == ["mediator"]
    assert content["officer"]["name"] == "Officer"
    obligations = agreements.obligations(case_id)
    assert [(o.position, o.kind, o.amount, o.instalments) for o in obligations] == [
        (1, "payment", 1_500_000, 3),
        (2, "apology", None, None),
    ]
    assert obligations[0].obligor_name == "Slamet Wibowo"
    assert db.case(case_id).version == before + 1
    [drafted] = payloads(db, case_id, events.AGREEMENT_DRAFTED)
    assert drafted["agreement_version"] == 1
    assert drafted["obligations"] == 2
    assert agreements.verified(case_id) == []


def test_editing_a_draft_makes_a_new_version_and_the_old_one_is_superseded(
    agreements: Agreements, db: Db
) -> None:
    case_id = agreements.mediated()
    agreements.draft(case_id)
    assert agreements.draft(case_id, place="Musala Al-Ikhlas") == 2
    versions = sorted((v.number, v.status) for v in _versions(agreements, case_id))
    assert versions == [(1, SUPERSEDED), (2, DRAFT)]
    assert agreements.current(case_id).content["place"] == "Musala Al-Ikhlas"
    assert payloads(db, case_id, events.AGREEMENT_VOIDED) == []


def test_saving_the_same_draft_again_changes_nothing(agreements: Agreements, db: Db) -> None:
    case_id = agreements.mediated()
    agreements.draft(case_id)
    count = len(db.events(case_id))
    assert agreements.draft(case_id) == 1
    assert len(db.events(case_id)) == count


def test_an_obligation_of_someone_outside_the_case_or_in_the_past_is_refused(
    agreements: Agreements, db: Db
) -> None:
    case_id = agreements.mediated()
    data = agreements.draft_data(case_id)
    stranger = data.obligations[0].model_copy(update={"obligor": f"party:{UUID(int=5)}"})
    late = data.obligations[1].model_copy(update={"due_date": _date(in_days(-1))})
    before = db.snapshot(case_id)
    with agreements.service() as (_, _cs, service), pytest.raises(FieldErrors) as info:
        service.drafting.save_draft(
            case_id,
            agreements.world.actor("officer"),
            data.model_copy(update={"obligations": [stranger, late]}),
            agreements.version(case_id),
        )
    assert set(info.value.errors) == {"obligations.0.obligor", "obligations.1.due_date"}
    assert db.snapshot(case_id) == before


def test_a_draft_needs_the_case_in_mediation_a_writer_and_the_version_seen(
    agreements: Agreements, cases: Cases
) -> None:
    reported = cases.report()
    with agreements.service() as (_, _cs, service), pytest.raises(Conflict) as info:
        service.drafting.save_draft(
            reported,
            agreements.world.actor("officer"),
            agreements.draft_data(reported),
            agreements.version(reported),
        )
    assert "Dalam mediasi" in info.value.text("id")
    case_id = agreements.mediated()
    with agreements.service() as (_, _cs, service), pytest.raises(Forbidden):
        service.drafting.save_draft(
            case_id,
            agreements.world.actor("tokoh"),
            agreements.draft_data(case_id),
            agreements.version(case_id),
        )
    with agreements.service() as (_, _cs, service), pytest.raises(NotFound):
        service.drafting.save_draft(
            case_id,
            agreements.world.actor("officer_b"),
            agreements.draft_data(case_id),
            agreements.version(case_id),
        )
    with agreements.service() as (_, _cs, service), pytest.raises(StaleVersion):
        service.drafting.save_draft(
            case_id,
            agreements.world.actor("officer"),
            agreements.draft_data(case_id),
            agreements.version(case_id) - 1,
        )


def test_a_pengaduan_case_has_no_agreement(agreements: Agreements, cases: Cases) -> None:
    complaint = cases.complaint()
    with agreements.service() as (_, _cs, service), pytest.raises(Conflict) as info:
        service.drafting.save_draft(
            complaint,
            agreements.world.actor("officer"),
            agreements.draft_data(complaint, obligations=[]),
            agreements.version(complaint),
        )
    assert "tidak memakai kesepakatan" in info.value.text("id")


# ---- freezing ----------------------------------------------------------------------------


def test_freezing_fixes_text_digest_code_and_signatories_from_the_workflow(
    agreements: Agreements, db: Db
) -> None:
    case_id, version = agreements.frozen()
    assert version.status == FROZEN
    assert version.canonical_text is not None
    assert version.digest == digest_of(version.canonical_text)
    obligations = agreements.obligations(case_id)
    assert digest_of(canonical_text(version.content, obligations)) == version.digest
    assert version.code == verification_code(agreements.agreement_id(case_id), version.digest)
    # The workflow file declares complainant, respondent and mediator (sengketa.yaml, agree).
    roles = [(s["kind"], s["role"], s["login"]) for s in version.content["signatories"]]
    assert roles == [
        ("party", "complainant", False),
        ("party", "respondent", False),
        ("tokoh", "mediator", True),
    ]
    text = version.canonical_text
    for words in ("Darto Santoso", "3507010101010001", "Slamet Wibowo", "Pasal 1", "Pasal 2"):
        assert words in text
    assert "Rp 1.500.000 (satu juta lima ratus ribu rupiah)" in text
    [frozen] = payloads(db, case_id, events.AGREEMENT_FROZEN)
    assert frozen["digest"] == version.digest
    assert frozen["code"] == version.code
    assert agreements.verified(case_id) == []


def test_the_digest_is_stable_when_read_back_from_either_database(
    agreements: Agreements,
) -> None:
    case_id, version = agreements.frozen()
    again = agreements.current(case_id)
    rebuilt = canonical_text(again.content, agreements.obligations(case_id))
    assert rebuilt == again.canonical_text == version.canonical_text
    assert digest_of(rebuilt) == version.digest


def test_freezing_refuses_a_draft_without_obligations_or_with_stale_people(
    agreements: Agreements, cases: Cases, db: Db
) -> None:
    case_id = agreements.mediated()
    agreements.draft(case_id, obligations=[])
    with pytest.raises(Conflict) as info:
        agreements.freeze(case_id)
    assert "sedikitnya satu kewajiban" in info.value.text("id")
    agreements.draft(case_id)
    cases.add_party(case_id, role="respondent", name="Budi Santoso")
    with pytest.raises(Conflict) as info:
        agreements.freeze(case_id)
    assert "berubah sejak draf" in info.value.text("id")
    assert agreements.current(case_id).status == DRAFT
    assert payloads(db, case_id, events.AGREEMENT_FROZEN) == []


def test_freezing_twice_or_an_older_number_is_a_conflict(agreements: Agreements) -> None:
    case_id, version = agreements.frozen()
    with pytest.raises(Conflict):
        agreements.freeze(case_id)
    with agreements.service() as (_, _cs, service), pytest.raises(Conflict):
        service.drafting.freeze(
            case_id,
            agreements.world.actor("officer"),
            version.number + 1,
            agreements.version(case_id),
        )


# ---- signing -------------------------------------------------------------------------------


def test_a_party_signs_in_person_and_the_log_shows_viewed_then_signed(
    agreements: Agreements, db: Db
) -> None:
    case_id, version = agreements.frozen()
    signature = agreements.sign_party(case_id, "complainant")
    assert signature.decision == SIGNED
    assert signature.method == "in_person"
    assert signature.digest == version.digest
    assert signature.signer_name == "Darto Santoso"
    assert signature.signer_role == "complainant"
    assert (signature.ip, signature.user_agent) == (CLIENT.ip, CLIENT.user_agent)
    assert signature.signed_at.tzinfo is not None
    assert triggers(db, case_id)[-2:] == [events.AGREEMENT_VIEWED, events.AGREEMENT_SIGNED]
    signed = payloads(db, case_id, events.AGREEMENT_SIGNED)[-1]
    assert signed["digest"] == version.digest
    assert signed["ip"] == CLIENT.ip
    assert signed["user_agent"] == CLIENT.user_agent
    assert signed["method"] == "in_person"
    assert agreements.verified(case_id) == []


@pytest.mark.parametrize(
    ("consent", "typed", "fields"),
    [
        (False, "Darto Santoso", {"consent"}),
        (True, "", {"typed_name"}),
        (True, "Slamet Wibowo", {"typed_name"}),
        (False, "<script>alert(1)</script>", {"consent", "typed_name"}),
    ],
    ids=["no-consent", "no-name", "someone-else", "hostile"],
)
def test_signing_in_person_needs_consent_and_the_party_own_name(
    agreements: Agreements, db: Db, consent: bool, typed: str, fields: set[str]
) -> None:
    case_id, version = agreements.frozen()
    person = version.content["signatories"][0]
    before = db.snapshot(case_id)
    with agreements.service() as (_, _cs, service), pytest.raises(FieldErrors) as info:
        service.signing.sign_in_person(
            OfficerSlot(case_id, person["key"], agreements.world.actor("officer")),
            InPersonSignature(consent=consent, typed_name=typed),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    assert set(info.value.errors) == fields
    assert db.snapshot(case_id) == before
    assert agreements.signatures(case_id) == []


def test_the_typed_name_matches_whatever_the_case_and_spacing(agreements: Agreements) -> None:
    case_id, version = agreements.frozen()
    person = version.content["signatories"][0]
    with agreements.service() as (_, _cs, service):
        service.signing.sign_in_person(
            OfficerSlot(case_id, person["key"], agreements.world.actor("officer")),
            InPersonSignature(consent=True, typed_name="  darto   SANTOSO "),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    [signature] = agreements.signatures(case_id)
    assert signature.typed_name == "darto   SANTOSO"


def test_a_tokoh_with_a_login_cannot_be_signed_for_by_the_officer(
    agreements: Agreements,
) -> None:
    case_id, version = agreements.frozen()
    tokoh = next(s for s in version.content["signatories"] if s["kind"] == "tokoh")
    with agreements.service() as (_, _cs, service), pytest.raises(Conflict) as info:
        service.signing.sign_in_person(
            OfficerSlot(case_id, tokoh["key"], agreements.world.actor("officer")),
            InPersonSignature(consent=True, typed_name=tokoh["name"]),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    assert "akunnya" in info.value.text("id")


def test_a_signatory_signs_once_per_version(agreements: Agreements) -> None:
    case_id, _ = agreements.frozen()
    agreements.sign_party(case_id, "complainant")
    with pytest.raises(Conflict) as info:
        agreements.sign_party(case_id, "complainant")
    assert "sudah menandatangani" in info.value.text("id")


def test_a_draft_cannot_be_signed(agreements: Agreements) -> None:
    case_id = agreements.mediated()
    agreements.draft(case_id)
    version = agreements.current(case_id)
    party = agreements.party(case_id, "complainant")
    with agreements.service() as (_, _cs, service), pytest.raises(Conflict) as info:
        service.signing.sign_in_person(
            OfficerSlot(case_id, f"party:{party.id}", agreements.world.actor("officer")),
            InPersonSignature(consent=True, typed_name=party.name),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    assert "belum dibekukan" in info.value.text("id")


@pytest.mark.parametrize(
    ("data", "media_type"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (PDF, "application/pdf")]
)
def test_a_paper_signature_stores_the_scan_and_its_sha256(
    agreements: Agreements, db: Db, data: bytes, media_type: str
) -> None:
    import hashlib

    case_id, version = agreements.frozen()
    person = version.content["signatories"][1]
    with agreements.service() as (_, _cs, service):
        service.signing.sign_on_paper(
            OfficerSlot(case_id, person["key"], agreements.world.actor("officer")),
            PaperSignature(confirm=True),
            UploadedFile("../../etc/foto tanda tangan.bin", data),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    [signature] = agreements.signatures(case_id)
    assert signature.method == "paper"
    assert signature.evidence_sha256 == hashlib.sha256(data).hexdigest()
    with agreements.runtime.sessions() as session:
        evidence = session.get(Evidence, signature.evidence_id)
        assert evidence is not None
        assert (evidence.media_type, evidence.size, evidence.data) == (media_type, len(data), data)
        assert "/" not in evidence.filename
        assert ".." not in evidence.filename
    signed = payloads(db, case_id, events.AGREEMENT_SIGNED)[-1]
    assert signed["evidence_sha256"] == signature.evidence_sha256
    assert agreements.verified(case_id) == []


@pytest.mark.parametrize(
    ("name", "data", "confirm", "fields"),
    [
        ("x.png", b"GIF89a" + b"\x00" * 40, True, {"scan"}),
        ("x.exe", b"MZ\x90\x00" + b"\x00" * 40, True, {"scan"}),
        ("x.png", b"", True, {"scan"}),
        ("x.png", None, True, {"scan"}),
        ("x.png", PNG[:4], True, {"scan"}),
        ("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_UPLOAD_BYTES, True, {"scan"}),
        ("x.png", PNG, False, {"confirm"}),
    ],
    ids=["gif", "exe", "empty", "missing", "truncated-magic", "oversized", "unconfirmed"],
)
def test_a_paper_signature_refuses_a_bad_file(
    agreements: Agreements,
    db: Db,
    name: str,
    data: bytes | None,
    confirm: bool,
    fields: set[str],
) -> None:
    case_id, version = agreements.frozen()
    person = version.content["signatories"][0]
    before = db.snapshot(case_id)
    with agreements.service() as (_, _cs, service), pytest.raises(FieldErrors) as info:
        service.signing.sign_on_paper(
            OfficerSlot(case_id, person["key"], agreements.world.actor("officer")),
            PaperSignature(confirm=confirm),
            UploadedFile(name, data),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    assert set(info.value.errors) == fields
    assert db.snapshot(case_id) == before
    assert db.count(Evidence) == 0


def test_a_tokoh_views_once_then_signs_from_their_login(agreements: Agreements, db: Db) -> None:
    case_id, version = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    with agreements.service() as (_, _cs, service):
        assert service.signing.record_view(agreement_id, agreements.world.actor("tokoh"), CLIENT)
    with agreements.service() as (_, _cs, service):
        assert not service.signing.record_view(
            agreement_id, agreements.world.actor("tokoh"), CLIENT
        )
    signature = agreements.sign_tokoh(case_id)
    assert (signature.method, signature.signer_kind, signature.signer_role) == (
        "login",
        "tokoh",
        "mediator",
    )
    kinds = triggers(db, case_id)
    assert kinds[-2:] == [events.AGREEMENT_VIEWED, events.AGREEMENT_SIGNED]
    assert kinds.count(events.AGREEMENT_VIEWED) == 1
    viewed = payloads(db, case_id, events.AGREEMENT_VIEWED)[0]
    assert viewed["digest"] == version.digest
    assert viewed["method"] == "login"
    assert agreements.verified(case_id) == []


def test_a_tokoh_who_did_not_open_the_page_is_recorded_as_viewing_when_signing(
    agreements: Agreements, db: Db
) -> None:
    case_id, _ = agreements.frozen()
    agreements.sign_tokoh(case_id)
    assert triggers(db, case_id)[-2:] == [events.AGREEMENT_VIEWED, events.AGREEMENT_SIGNED]


def test_a_tokoh_not_invited_or_not_a_signatory_cannot_sign(
    agreements: Agreements, runtime: object
) -> None:
    case_id, version = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    for actor in ("officer_b", "admin"):
        with agreements.service() as (_, _cs, service), pytest.raises(NotFound):
            service.signing.sign_as_tokoh(
                agreement_id,
                agreements.world.actor(actor),
                Posted(version.number, agreements.version(case_id), CLIENT),
            )
    # The officer sees the case but is not a signatory: an action they may not take (403).
    with agreements.service() as (_, _cs, service), pytest.raises(Forbidden) as info:
        service.signing.sign_as_tokoh(
            agreement_id,
            agreements.world.actor("officer"),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    assert "tidak termasuk penanda tangan" in info.value.text("id")


def test_a_tokoh_declines_with_a_reason_and_the_agreement_cannot_be_agreed(
    agreements: Agreements, cases: Cases, db: Db
) -> None:
    case_id, version = agreements.frozen()
    agreement_id = agreements.agreement_id(case_id)
    with agreements.service() as (_, _cs, service), pytest.raises(FieldErrors):
        service.signing.decline_as_tokoh(
            agreement_id,
            agreements.world.actor("tokoh"),
            Decline.model_construct(reason=""),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    with agreements.service() as (_, _cs, service):
        service.signing.decline_as_tokoh(
            agreement_id,
            agreements.world.actor("tokoh"),
            Decline(reason="Jumlah ganti rugi belum disepakati pelapor."),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    agreements.sign_party(case_id, "complainant")
    agreements.sign_party(case_id, "respondent")
    [declined] = [s for s in agreements.signatures(case_id) if s.decision == DECLINED]
    assert declined.reason == "Jumlah ganti rugi belum disepakati pelapor."
    assert payloads(db, case_id, events.AGREEMENT_DECLINED)[0]["reason"] == declined.reason
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "agree", summary="Damai")
    with pytest.raises(Conflict):
        agreements.sign_tokoh(case_id)
    assert agreements.verified(case_id) == []


def test_a_stale_page_cannot_sign(agreements: Agreements, db: Db) -> None:
    case_id, version = agreements.frozen()
    seen = agreements.version(case_id)
    agreements.sign_party(case_id, "complainant")
    with agreements.service() as (_, _cs, service), pytest.raises(StaleVersion):
        service.signing.sign_as_tokoh(
            agreements.agreement_id(case_id),
            agreements.world.actor("tokoh"),
            Posted(version.number, seen, CLIENT),
        )


# ---- editing after signatures voids them ---------------------------------------------------


def test_editing_a_signed_version_voids_every_signature_of_it(
    agreements: Agreements, db: Db, cases: Cases
) -> None:
    case_id, old = agreements.frozen()
    agreements.sign_party(case_id, "complainant")
    agreements.sign_tokoh(case_id)
    assert agreements.draft(case_id, place="Rumah Kepala Desa") == 2
    with agreements.runtime.sessions() as session:
        voided = session.get(AgreementVersion, old.id)
        assert voided is not None
        assert voided.status == VOIDED
        assert voided.voided_at is not None
    signatures = agreements.signatures(case_id)
    assert len(signatures) == 2
    assert all(s.voided_at is not None for s in signatures)
    [notice] = payloads(db, case_id, events.AGREEMENT_VOIDED)
    assert notice == {
        "agreement_id": str(agreements.agreement_id(case_id)),
        "agreement_version": 1,
        "signatures_voided": 2,
    }
    assert triggers(db, case_id)[-2:] == [events.AGREEMENT_VOIDED, events.AGREEMENT_DRAFTED]
    # The new version must be frozen and signed by everyone again.
    new = agreements.freeze(case_id)
    assert new.number == 2
    assert new.digest != old.digest
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "agree", summary="Damai")
    agreements.sign_all(case_id)
    cases.fire(case_id, "agree", summary="Damai")
    assert db.case(case_id).state == "agreed"
    assert agreements.verified(case_id) == []


# ---- the guard -------------------------------------------------------------------------------


def test_agree_passes_only_when_every_required_signature_is_on_the_frozen_version(
    agreements: Agreements, cases: Cases, db: Db
) -> None:
    case_id = agreements.mediated()
    with pytest.raises(GuardFailed) as info:
        cases.fire(case_id, "agree", summary="Damai")
    assert info.value.guards == ["agreement_fully_signed"]
    agreements.draft(case_id)
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "agree", summary="Damai")
    agreements.freeze(case_id)
    agreements.sign_party(case_id, "complainant")
    agreements.sign_party(case_id, "respondent")
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "agree", summary="Damai")
    agreements.sign_tokoh(case_id)
    with agreements.runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        facts = agreements.runtime.case_service(session).facts(case)
    assert (facts.agreement_fully_signed, facts.open_obligations, facts.broken_obligations) == (
        True,
        2,
        0,
    )
    cases.fire(case_id, "agree", summary="Damai; ganti rugi diangsur.")
    case = db.case(case_id)
    assert case.state == "agreed"
    assert not case.is_final
    assert agreements.verified(case_id) == []


def test_a_party_added_after_freezing_must_be_in_the_text_before_agreeing(
    agreements: Agreements, cases: Cases
) -> None:
    case_id, _ = agreements.frozen()
    agreements.sign_all(case_id)
    cases.add_party(case_id, role="respondent", name="Budi Santoso")
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "agree", summary="Damai")


def test_a_tampered_text_is_not_fully_signed(agreements: Agreements, cases: Cases) -> None:
    case_id, version = agreements.frozen()
    agreements.sign_all(case_id)
    with agreements.runtime.sessions.begin() as session:
        session.execute(
            update(Obligation)
            .where(Obligation.version_id == version.id, Obligation.position == 1)
            .values(amount=150_000)
        )
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "agree", summary="Damai")


def test_a_tokoh_without_a_login_signs_in_person(
    agreements: Agreements, cases: Cases, db: Db
) -> None:
    case_id = agreements.mediated()
    cases.invite(case_id, agreements.world.tokoh_a1_other, role="mediator")
    agreements.draft(case_id)
    version = agreements.freeze(case_id)
    other = next(s for s in version.content["signatories"] if s["name"] == "Pak Suwarno")
    assert other["login"] is False
    with agreements.service() as (_, _cs, service):
        service.signing.sign_in_person(
            OfficerSlot(case_id, other["key"], agreements.world.actor("officer")),
            InPersonSignature(consent=True, typed_name="Pak Suwarno"),
            Posted(version.number, agreements.version(case_id), CLIENT),
        )
    agreements.sign_all(case_id)
    cases.fire(case_id, "agree", summary="Damai")
    assert db.case(case_id).state == "agreed"


# ---- obligations after the agreement -------------------------------------------------------


def mark(
    agreements: Agreements, case_id: UUID, position: int, status: str, note: str | None
) -> None:
    obligation = agreements.obligations(case_id)[position - 1]
    with agreements.service() as (_, _cs, service):
        service.obligations.mark(
            case_id,
            obligation.id,
            agreements.world.actor("officer"),
            ObligationMark(status=status, note=note),  # type: ignore[arg-type]
            agreements.version(case_id),
        )


def test_obligations_kept_let_the_case_close_as_settled(
    agreements: Agreements, cases: Cases, db: Db
) -> None:
    case_id = agreements.agreed()
    with pytest.raises(GuardFailed) as info:
        cases.fire(case_id, "close")
    assert info.value.guards == ["obligations_settled"]
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "reopen", reason="x", session_at="2026-12-01T09:00", place="Balai")
    mark(agreements, case_id, 1, "kept", "Lunas pada angsuran ketiga.")
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "close")
    mark(agreements, case_id, 2, "kept", None)
    cases.fire(case_id, "close", closing_note="Semua kewajiban dipenuhi.")
    case = db.case(case_id)
    assert case.state == "settled"
    assert case.is_final
    assert triggers(db, case_id)[-3:] == [events.OBLIGATION_KEPT, events.OBLIGATION_KEPT, "close"]
    assert agreements.verified(case_id) == []


def test_a_broken_obligation_reopens_the_mediation(
    agreements: Agreements, cases: Cases, db: Db
) -> None:
    case_id = agreements.agreed()
    with pytest.raises(FieldErrors) as info:
        mark(agreements, case_id, 1, "broken", None)
    assert set(info.value.errors) == {"note"}
    mark(agreements, case_id, 1, "broken", "Angsuran kedua tidak dibayar.")
    with pytest.raises(Conflict):
        mark(agreements, case_id, 1, "kept", None)
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "close")
    cases.fire(
        case_id,
        "reopen",
        reason="Terlapor tidak membayar angsuran kedua.",
        session_at="2026-12-01T09:00",
        place="Balai Desa",
    )
    assert db.case(case_id).state == "mediated"
    # The broken agreement no longer counts: a new version must be drafted and signed.
    with pytest.raises(GuardFailed):
        cases.fire(case_id, "agree", summary="Damai lagi")
    agreements.draft(case_id, place="Rumah Kepala Desa")
    agreements.freeze(case_id)
    agreements.sign_all(case_id)
    cases.fire(case_id, "agree", summary="Damai lagi")
    assert db.case(case_id).state == "agreed"
    assert agreements.verified(case_id) == []


def test_a_broken_obligation_can_escalate_the_case(
    agreements: Agreements, cases: Cases, db: Db
) -> None:
    case_id = agreements.agreed()
    mark(agreements, case_id, 2, "broken", "Terlapor menolak meminta maaf.")
    cases.fire(case_id, "escalate_breach", reason="Kesepakatan dilanggar.", target="reskrim_polsek")
    assert db.case(case_id).state == "escalated"
    assert agreements.verified(case_id) == []


def test_obligations_are_marked_only_while_the_agreement_runs(agreements: Agreements) -> None:
    case_id, _ = agreements.frozen()
    with pytest.raises(Conflict) as info:
        mark(agreements, case_id, 1, "kept", None)
    assert "setelah kesepakatan dicatat" in info.value.text("id")


# ---- helpers -------------------------------------------------------------------------------


def _versions(agreements: Agreements, case_id: UUID) -> list[AgreementVersion]:
    with agreements.runtime.sessions() as session:
        return list(
            session.scalars(
                select(AgreementVersion).where(
                    AgreementVersion.agreement_id == agreements.agreement_id(case_id)
                )
            )
        )


def _date(iso: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(iso)
