"""Restorative justice cases for the tests, set up through the services: reported and checked
eligible, the victim's consent signed, and the peace route walked to the signed agreement."""

from __future__ import annotations

import random
from typing import Any
from uuid import UUID

from mediasi.accounts.models import Area
from mediasi.agreements.decisions import ClientInfo
from mediasi.cases.schemas import PartyInput, TokohInvite
from mediasi.demo.agreements import AGREEMENT_STEPS
from mediasi.demo.restorative import give_consent
from mediasi.runtime import Runtime
from tests.factories import RJ_CLARIFY as CLARIFY
from tests.factories import World
from tests.integration.cases.test_service import service_in

VICTIM_NIK = "3507010101010001"
OFFENDER_NIK = "3507020202020002"
CLIENT = ClientInfo.of("127.0.0.1", "pytest")


def eligible(runtime: Runtime) -> dict[str, str]:
    spec = runtime.workflows.registry.latest("keadilan_restoratif")
    step = spec.transition("check_eligibility", "reported")
    assert step is not None
    items = next(f for f in step.fields if f.name == "eligibility").items
    return {i.key: "no" if i.disqualifies_when == "yes" else "yes" for i in items}


def checked(
    runtime: Runtime,
    world: World,
    *,
    by: str = "officer",
    desa: UUID | None = None,
    victim: str = "Darto Santoso",
    offender: str = "Slamet Wibowo",
    offender_nik: str | None = OFFENDER_NIK,
    title: str = "Sepeda motor diambil di depan masjid",
    category: str = "pencurian",
    answers: dict[str, str] | None = None,
) -> UUID:
    """A restorative justice case, its checklist answered the eligible way (but ``answers``)."""
    actor = world.actor(by)
    parties = [
        PartyInput(role="complainant", name=victim, nik=VICTIM_NIK),
        PartyInput(role="respondent", name=offender, nik=offender_nik),
    ]
    data = world.report(
        desa=desa,
        workflow="keadilan_restoratif",
        category=category,
        title=title,
        reporter_name=victim,
        parties=parties,
    )
    with service_in(runtime) as service:
        case = service.report(actor, data)
        payload = {"offence": "Pasal 476 KUHP", "eligibility": eligible(runtime) | (answers or {})}
        service.fire(case.id, "check_eligibility", actor, payload, case.version)
        return case.id


def consent(runtime: Runtime, world: World, case_id: UUID, *, by: str = "officer") -> None:
    """Every victim signs the statement on the officer's device."""
    actor = world.actor(by)
    with service_in(runtime) as service:
        give_consent(service, service.get(case_id, actor), actor, CLIENT)


def fire(
    runtime: Runtime, world: World, case_id: UUID, trigger: str, by: str = "officer", **fields: Any
) -> None:
    actor = world.actor(by)
    with service_in(runtime) as service:
        case = service.get(case_id, actor)
        service.fire(case_id, trigger, actor, fields, case.version)


def agreed(runtime: Runtime, world: World, case_id: UUID, tokoh: UUID, by: str = "officer") -> None:
    """From a consented case: clarified, a mediator invited, mediated, the agreement signed."""
    actor = world.actor(by)
    fire(runtime, world, case_id, "clarify", by, **CLARIFY)
    with service_in(runtime) as service:
        case = service.get(case_id, actor)
        invite = TokohInvite(tokoh_id=tokoh, role="mediator")
        service.invite_tokoh(case_id, actor, invite, case.version)
    when = {"session_at": "2026-05-12T09:00", "place": "Balai desa"}
    fire(runtime, world, case_id, "schedule_mediation", by, **when)
    with service_in(runtime) as service:
        case = service.get(case_id, actor)
        desa = service.session.get(Area, case.desa_id)
        assert desa is not None
        for step in ("hold", "agreement"):
            AGREEMENT_STEPS[step](service, case, actor, desa, random.Random(15))
    fire(runtime, world, case_id, "agree", by, summary="Sepeda motor dikembalikan.")


def ruled_out(
    runtime: Runtime,
    world: World,
    answers: dict[str, str],
    trigger: str,
    *,
    category: str = "pencurian",
    reason: str = "Dikecualikan daftar periksa; dilimpahkan.",
) -> UUID:
    """A case whose checklist ``answers`` rule it out, referred by ``trigger`` at once."""
    case_id = checked(runtime, world, offender_nik=None, category=category, answers=answers)
    fire(runtime, world, case_id, trigger, reason=reason)
    return case_id
