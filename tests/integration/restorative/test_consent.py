"""The victim's consent apart from the agreement (SQLite and PostgreSQL): required before
any mediation step, bound to the exact statement's SHA-256, signed in person or on paper
with the scan kept; withdrawn at any time, which ends the restorative path with its reason
in the event; the history still replays."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import select

from mediasi.agreements.uploads import MAX_UPLOAD_BYTES
from mediasi.audit.services import events_of, verify_case
from mediasi.cases.models import Case, Party
from mediasi.cases.schemas import TokohInvite
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound
from mediasi.restorative.consent.models import VictimConsent
from mediasi.restorative.consent.rules import digest_of
from mediasi.restorative.consent.schemas import InPersonConsent, PaperConsent
from mediasi.restorative.consent.services import ConsentService, consent_view
from mediasi.runtime import Runtime
from mediasi.uploads import UploadedFile
from mediasi.workflow.errors import GuardFailed
from tests.factories import World
from tests.integration.cases.test_service import service_in
from tests.integration.restorative.walk import CLARIFY, CLIENT, checked, consent, fire

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
REASON = "Korban menyatakan tidak ingin lagi berdamai dengan terlapor."


def _victim(runtime: Runtime, world: World, case_id: UUID) -> tuple[UUID, str, str]:
    """The victim's party id, name and the digest of the statement the page shows."""
    with service_in(runtime) as service:
        case = service.get(case_id, world.actor("officer"))
        [row] = consent_view(service.session, case).victims
        return row.party.id, row.party.name, row.digest


def _consents(runtime: Runtime, case_id: UUID) -> list[VictimConsent]:
    with runtime.sessions() as session:
        return list(session.scalars(select(VictimConsent).where(VictimConsent.case_id == case_id)))


def _verified(runtime: Runtime, case_id: UUID) -> Case:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert verify_case(session, case, runtime.workflows.registry).ok
        return case


def test_no_mediation_step_before_the_victims_consent(runtime: Runtime, world: World) -> None:
    case_id = checked(runtime, world)
    officer = world.actor("officer")
    with service_in(runtime) as service, pytest.raises(GuardFailed) as info:
        service.fire(case_id, "clarify", officer, CLARIFY, service.get(case_id, officer).version)
    assert info.value.guards == ["victim_consented"]
    assert "Darto Santoso" in info.value.text("id")

    consent(runtime, world, case_id)
    fire(runtime, world, case_id, "clarify", **CLARIFY)
    assert _verified(runtime, case_id).state == "clarified"


def test_consent_in_person_binds_the_exact_statement(runtime: Runtime, world: World) -> None:
    case_id = checked(runtime, world)
    consent(runtime, world, case_id)
    [row] = _consents(runtime, case_id)
    assert row.digest == digest_of(row.text)
    assert "Saya, Darto Santoso, korban" in row.text
    assert (row.method, row.typed_name, row.withdrawn_at) == ("in_person", "Darto Santoso", None)
    with runtime.sessions() as session:
        [*_, event] = events_of(session, case_id)
    assert event.trigger == "rj.consent_given"
    assert event.payload["digest"] == row.digest
    assert event.payload["method"] == "in_person"
    assert "3507" not in str(event.payload)  # no NIK in the consent's event
    _verified(runtime, case_id)


def test_consent_on_paper_keeps_the_scan_and_its_digest(runtime: Runtime, world: World) -> None:
    case_id = checked(runtime, world)
    party_id, _, digest = _victim(runtime, world, case_id)
    officer = world.actor("officer")
    data = PaperConsent(party_id=party_id, digest=digest, confirm=True)
    with service_in(runtime) as service:
        version = service.get(case_id, officer).version
        ConsentService(service).give_on_paper(
            case_id, officer, data, UploadedFile("ttd.png", PNG), CLIENT, version
        )
    [row] = _consents(runtime, case_id)
    assert (row.method, row.scan_media_type, row.scan_size) == ("paper", "image/png", len(PNG))
    with runtime.sessions() as session:
        [*_, event] = events_of(session, case_id)
    assert event.payload["evidence_sha256"] == row.scan_sha256


@pytest.mark.parametrize(
    ("upload", "confirm", "fields"),
    [
        (UploadedFile(None, None), True, {"scan"}),
        (UploadedFile("x.txt", b"bukan gambar"), True, {"scan"}),
        (UploadedFile("big.png", PNG + b"\x00" * MAX_UPLOAD_BYTES), True, {"scan"}),
        (UploadedFile("ttd.png", PNG), False, {"confirm"}),
    ],
)
def test_a_paper_consent_without_a_proper_scan_is_refused_and_writes_nothing(
    runtime: Runtime, world: World, upload: UploadedFile, confirm: bool, fields: set[str]
) -> None:
    case_id = checked(runtime, world)
    party_id, _, digest = _victim(runtime, world, case_id)
    officer = world.actor("officer")
    data = PaperConsent(party_id=party_id, digest=digest, confirm=confirm)
    with service_in(runtime) as service:
        version = service.get(case_id, officer).version
        with pytest.raises(FieldErrors) as info:
            ConsentService(service).give_on_paper(case_id, officer, data, upload, CLIENT, version)
    assert set(info.value.errors) == fields
    assert _consents(runtime, case_id) == []


def test_refusals_say_why_and_write_nothing(runtime: Runtime, world: World) -> None:
    case_id = checked(runtime, world)
    party_id, name, digest = _victim(runtime, world, case_id)
    officer = world.actor("officer")

    def give(actor_name: str = "officer", **changes: object) -> None:
        values: dict[str, object] = {
            "party_id": party_id,
            "digest": digest,
            "voluntary": True,
            "uncoerced": True,
            "typed_name": name,
        }
        data = InPersonConsent.model_validate(values | changes)
        actor = world.actor(actor_name)
        with service_in(runtime) as service:
            version = service.get(case_id, officer).version
            ConsentService(service).give_in_person(case_id, actor, data, CLIENT, version)

    with pytest.raises(FieldErrors) as unchecked:
        give(voluntary=False, uncoerced=False, typed_name="Orang Lain")
    assert set(unchecked.value.errors) == {"voluntary", "uncoerced", "typed_name"}
    with pytest.raises(Conflict):  # a statement other than the one the page showed
        give(digest="0" * 64)
    with runtime.sessions() as session:
        offender = session.scalars(
            select(Party.id).where(Party.case_id == case_id, Party.role == "respondent")
        ).one()
    for someone in (offender, UUID(int=7)):
        with pytest.raises(NotFound):  # only a victim of this case consents
            give(party_id=someone)
    with pytest.raises(NotFound):  # another area's officer
        give("officer_b")
    with service_in(runtime) as service:
        version = service.get(case_id, officer).version
        invite = TokohInvite(tokoh_id=world.tokoh_a1, role="mediator")
        service.invite_tokoh(case_id, officer, invite, version)
    with pytest.raises(Forbidden):  # the invited tokoh sees the case but records nothing
        give("tokoh")
    assert _consents(runtime, case_id) == []
    give()
    with pytest.raises(Conflict):  # once per victim
        give()
    assert len(_consents(runtime, case_id)) == 1


def test_withdrawal_ends_the_path_with_its_reason_in_the_event(
    runtime: Runtime, world: World
) -> None:
    case_id = checked(runtime, world)
    consent(runtime, world, case_id)
    fire(runtime, world, case_id, "clarify", **CLARIFY)
    with pytest.raises(FieldErrors) as short:
        fire(runtime, world, case_id, "withdraw_consent", reason="tidak mau")
    assert "sedikitnya 10" in short.value.errors["reason"].get("id")

    fire(runtime, world, case_id, "withdraw_consent", reason=REASON)
    case = _verified(runtime, case_id)
    assert (case.state, case.is_final) == ("referred", True)
    with runtime.sessions() as session:
        [*_, event] = events_of(session, case_id)
    assert (event.trigger, event.from_state, event.to_state) == (
        "withdraw_consent",
        "clarified",
        "referred",
    )
    assert event.payload == {"reason": REASON, "consents_withdrawn": 1}
    [row] = _consents(runtime, case_id)
    assert row.withdrawal_reason == REASON
    assert row.withdrawn_at == case.state_entered_at


def test_the_victim_may_withdraw_before_any_consent_was_recorded(
    runtime: Runtime, world: World
) -> None:
    case_id = checked(runtime, world)
    fire(runtime, world, case_id, "withdraw_consent", reason=REASON)
    assert _verified(runtime, case_id).state == "referred"
