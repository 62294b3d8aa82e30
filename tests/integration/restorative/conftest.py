"""Restorative justice cases taken step by step through the services, as the pages would: the
checklist, the clarification, the agreement signed, the obligations kept, the restoration and
the superior's approval."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from mediasi.agreements.schemas import ObligationMark
from mediasi.cases.schemas import PartyInput
from mediasi.runtime import Runtime
from tests.factories import RJ_CLARIFY, World
from tests.integration.agreements.conftest import (  # noqa: F401 - fixtures used by the tests
    Agreements,
    Cases,
    agreements,
    app,
    cases,
    client,
    db,
    web,
)
from tests.integration.restorative.walk import consent

RESTORATION = "Sepeda dikembalikan utuh dan ganti rugi Rp 1.500.000 dibayar lunas."
APPROVAL_NOTE = "Syarat terpenuhi; laporkan kepada penyidik."


def eligible(runtime: Runtime) -> dict[str, str]:
    spec = runtime.workflows.registry.latest("keadilan_restoratif")
    step = spec.transition("check_eligibility", "reported")
    assert step is not None
    [checklist] = [f for f in step.fields if f.name == "eligibility"]
    return {i.key: "no" if i.disqualifies_when == "yes" else "yes" for i in checklist.items}


class Restorative:
    def __init__(self, runtime: Runtime, world: World, setup: Agreements) -> None:
        self.runtime = runtime
        self.world = world
        self.agreements = setup
        self.cases: Cases = setup.cases
        self.offenders = 0

    def checked(self) -> UUID:
        """Reported with the offender's NIK (once per offender looks it up), checked eligible,
        and the victim's consent signed (every mediation step needs it)."""
        self.offenders += 1
        parties = [
            PartyInput(role="complainant", name="Darto Santoso", nik="3507010101010001"),
            PartyInput(
                role="respondent",
                name="Slamet Wibowo",
                phone="081234567890",
                nik=f"35070202{self.offenders:08d}",
            ),
        ]
        case_id = self.cases.report(
            workflow="keadilan_restoratif",
            category="pencurian",
            title="Sepeda diambil",
            parties=parties,
        )
        self.cases.fire(
            case_id,
            "check_eligibility",
            offence="Pasal 476 KUHP (pencurian)",
            eligibility=eligible(self.runtime),
        )
        consent(self.runtime, self.world, case_id)
        return case_id

    def clarified(self) -> UUID:
        case_id = self.checked()
        self.cases.fire(case_id, "clarify", **RJ_CLARIFY)
        return case_id

    def agreed(self) -> UUID:
        case_id = self.clarified()
        self.cases.invite(case_id)
        self.cases.fire(case_id, "schedule_mediation")
        self.agreements.draft(case_id)
        self.agreements.freeze(case_id)
        self.agreements.sign_all(case_id)
        self.cases.fire(case_id, "agree", summary="Damai; sepeda dikembalikan.")
        for obligation in self.agreements.obligations(case_id):
            with self.agreements.service() as (_, _cs, services):
                services.obligations.mark(
                    case_id,
                    obligation.id,
                    self.world.actor("officer"),
                    ObligationMark(status="kept"),
                    self.agreements.version(case_id),
                )
        return case_id

    def restored(self, case_id: UUID | None = None, **fields: Any) -> UUID:
        case_id = case_id or self.agreed()
        payload = {"restoration": RESTORATION, "victim_statement": "ditandatangani", **fields}
        self.cases.fire(case_id, "restore", **payload)
        return case_id

    def approved(self) -> UUID:
        case_id = self.restored()
        self.cases.fire(case_id, "approve", by="supervisor", decision_note=APPROVAL_NOTE)
        return case_id


@pytest.fixture
def restorative(runtime: Runtime, world: World, agreements: Agreements) -> Restorative:  # noqa: F811
    return Restorative(runtime, world, agreements)
