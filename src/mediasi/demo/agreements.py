"""The agreement steps of a demo path: the session that agreed, the signed agreement (or one
awaiting the tokoh), and its obligations kept or broken."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import select

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, Tokoh, User
from mediasi.agreements.decisions import ClientInfo, OfficerSlot, Posted
from mediasi.agreements.drafting import DraftingService
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.obligations import ObligationService
from mediasi.agreements.schemas import AgreementDraft, InPersonSignature, ObligationMark
from mediasi.agreements.signing import SigningService
from mediasi.agreements.status import OPEN
from mediasi.cases.models import Case, Party
from mediasi.cases.services import CaseService
from mediasi.mediation.schemas import SessionRecord
from mediasi.mediation.services import MediationService, sessions_of
from mediasi.workflow.durations import LOCAL_TZ

DEMO_CLIENT = ClientInfo.of("127.0.0.1", "mediasi demo loader")
AgreementStep = Callable[[CaseService, Case, Actor, Area, random.Random], None]


def _hold(service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random) -> None:
    """The scheduled session took place and the parties agreed."""
    latest = sessions_of(service.session, case.id)[-1]
    record = SessionRecord(
        outcome="agreed",
        held_at=service.clock() - timedelta(hours=1),
        attendees="Para pihak, Bhabinkamtibmas dan tokoh masyarakat",
        minutes="Para pihak bersepakat berdamai; kesepakatan akan dituangkan secara tertulis.",
    )
    MediationService(service).record(case.id, latest.id, officer, record, case.version)


def _agreement(
    service: CaseService,
    case: Case,
    officer: Actor,
    desa: Area,
    rng: random.Random,
    tokoh_sign: bool = True,
) -> None:
    """Draft, freeze, and have every required signatory sign, each the way they would
    (a tokoh with a login from their own account, unless ``tokoh_sign`` is off)."""
    drafting = DraftingService(service)
    signing = SigningService(service)
    session = service.session
    respondent = session.scalars(
        select(Party).where(Party.case_id == case.id, Party.role == "respondent")
    ).first()
    assert respondent is not None
    today = service.clock().astimezone(LOCAL_TZ).date()
    draft = AgreementDraft.model_validate(
        {
            "place": f"Balai {desa.name}",
            "chronology": case.description or case.title,
            "obligations": [
                {
                    "obligor": f"party:{respondent.id}",
                    "kind": "payment",
                    "description": "Membayar ganti rugi kepada pelapor",
                    "amount": rng.randint(5, 40) * 100_000,
                    "instalments": rng.choice([1, 2, 3]),
                    "due_date": today + timedelta(days=rng.randint(30, 60)),
                },
                {
                    "obligor": f"party:{respondent.id}",
                    "kind": "apology",
                    "description": "Meminta maaf kepada pelapor di hadapan ketua RT",
                    "due_date": today + timedelta(days=7),
                },
            ],
        }
    )
    version = drafting.save_draft(case.id, officer, draft, case.version)
    version = drafting.freeze(case.id, officer, version.number, case.version)
    for person in version.content["signatories"]:
        if person["login"] and not tokoh_sign:
            continue
        if person["login"]:
            tokoh = session.get(Tokoh, UUID(person["key"].split(":", 1)[1]))
            user = session.get(User, tokoh.user_id) if tokoh and tokoh.user_id else None
            assert user is not None
            actor = Actor.of(user)
            signing.record_view(version.agreement_id, actor, DEMO_CLIENT)
            signing.sign_as_tokoh(
                version.agreement_id, actor, Posted(version.number, case.version, DEMO_CLIENT)
            )
        else:
            signing.sign_in_person(
                OfficerSlot(case.id, person["key"], officer),
                InPersonSignature(consent=True, typed_name=person["name"]),
                Posted(version.number, case.version, DEMO_CLIENT),
            )


def _open_obligations(service: CaseService, case: Case) -> list[Any]:
    lookups = AgreementLookups(service.session)
    version = lookups.current_of(case.id)
    assert version is not None
    return [o for o in lookups.obligations_of(version.id) if o.status == OPEN]


def _keep_all(
    service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random
) -> None:
    obligations = ObligationService(service)
    for obligation in _open_obligations(service, case):
        mark = ObligationMark(status="kept", note="Dipenuhi; dikonfirmasi pelapor.")
        obligations.mark(case.id, obligation.id, officer, mark, case.version)


def _break(
    service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random
) -> None:
    first = _open_obligations(service, case)[0]
    mark = ObligationMark(status="broken", note="Angsuran tidak dibayar sampai tenggat.")
    ObligationService(service).mark(case.id, first.id, officer, mark, case.version)


def _agreement_awaiting_tokoh(
    service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random
) -> None:
    """Frozen and signed by the parties; the tokoh's own signature is still to come."""
    _agreement(service, case, officer, desa, rng, tokoh_sign=False)


AGREEMENT_STEPS: dict[str, AgreementStep] = {
    "hold": _hold,
    "agreement": _agreement,
    "agreement_awaiting_tokoh": _agreement_awaiting_tokoh,
    "keep_all": _keep_all,
    "break": _break,
}
