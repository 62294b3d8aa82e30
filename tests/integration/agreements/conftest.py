"""Fixtures for the agreement tests: the web fixtures of tests/integration/web, plus cases
taken to mediation and agreements drafted, frozen and signed through the services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.agreements.decisions import ClientInfo, OfficerSlot, Posted
from mediasi.agreements.drafting import DraftingService
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.models import Agreement, AgreementVersion, Obligation, Signature
from mediasi.agreements.obligations import ObligationService
from mediasi.agreements.queries import AgreementQueries
from mediasi.agreements.schemas import AgreementDraft, InPersonSignature
from mediasi.agreements.signing import SigningService
from mediasi.audit.services import verify_case
from mediasi.cases.models import Case, Party
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.integration.web.conftest import (  # noqa: F401 - fixtures used by the tests here
    Cases,
    Db,
    Web,
    app,
    cases,
    client,
    db,
    web,
)

CLIENT = ClientInfo.of("203.0.113.7", "pytest-agreements/1.0")


@dataclass(frozen=True)
class AgreementServices:
    """The agreement's services over one case service, as the pages get them."""

    drafting: DraftingService
    signing: SigningService
    obligations: ObligationService
    queries: AgreementQueries

    @classmethod
    def of(cls, case_service: CaseService) -> AgreementServices:
        return cls(
            DraftingService(case_service),
            SigningService(case_service),
            ObligationService(case_service),
            AgreementQueries(case_service),
        )


def agreement_of(session: Session, case_id: UUID) -> Agreement | None:
    return AgreementLookups(session).agreement_of(case_id)


def today() -> date:
    return utcnow().astimezone(LOCAL_TZ).date()


def in_days(days: int) -> str:
    return (today() + timedelta(days=days)).isoformat()


class Agreements:
    """Agreements set up through the services, the way the pages would."""

    def __init__(self, runtime: Runtime, world: World, case_setup: Cases) -> None:
        self.runtime = runtime
        self.world = world
        self.cases = case_setup
        self._active: Session | None = None

    @contextmanager
    def service(self) -> Iterator[tuple[Session, CaseService, AgreementServices]]:
        """One transaction; the helpers below read inside it while it is open (SQLite allows
        one writer, so a second session would wait for this one)."""
        with self.runtime.sessions.begin() as session:
            self._active = session
            try:
                case_service = self.runtime.case_service(session)
                yield session, case_service, AgreementServices.of(case_service)
            finally:
                self._active = None

    @contextmanager
    def reading(self) -> Iterator[Session]:
        if self._active is not None:
            yield self._active
            return
        with self.runtime.sessions() as session:
            yield session

    def version(self, case_id: UUID) -> int:
        with self.reading() as session:
            case = session.get(Case, case_id)
            assert case is not None
            return case.version

    def party(self, case_id: UUID, role: str) -> Party:
        with self.reading() as session:
            return session.scalars(
                select(Party).where(Party.case_id == case_id, Party.role == role)
            ).first()  # type: ignore[return-value]

    def draft_data(self, case_id: UUID, **overrides: Any) -> AgreementDraft:
        respondent = self.party(case_id, "respondent")
        data: dict[str, Any] = {
            "place": "Balai Desa Ngadilangkung",
            "chronology": "Patok batas sawah dipindah terlapor saat musim tanam.",
            "restitution": None,
            "obligations": [
                {
                    "obligor": f"party:{respondent.id}",
                    "kind": "payment",
                    "description": "Membayar ganti rugi tanaman padi kepada pelapor",
                    "amount": "1.500.000",
                    "instalments": "3",
                    "due_date": in_days(30),
                },
                {
                    "obligor": f"party:{respondent.id}",
                    "kind": "apology",
                    "description": "Meminta maaf di hadapan warga RT 02",
                    "due_date": in_days(7),
                },
            ],
        }
        data.update(overrides)
        return AgreementDraft.model_validate(data)

    def mediated(self) -> UUID:
        return self.cases.mediated()

    def draft(self, case_id: UUID, by: str = "officer", **overrides: Any) -> int:
        with self.service() as (_, _cs, service):
            version = service.drafting.save_draft(
                case_id,
                self.world.actor(by),
                self.draft_data(case_id, **overrides),
                self.version(case_id),
            )
            return version.number

    def freeze(self, case_id: UUID) -> AgreementVersion:
        with self.service() as (session, _, service):
            agreement = agreement_of(session, case_id)
            assert agreement is not None
            return service.drafting.freeze(
                case_id,
                self.world.actor("officer"),
                agreement.current_number,
                self.version(case_id),
            )

    def frozen(self) -> tuple[UUID, AgreementVersion]:
        case_id = self.mediated()
        self.draft(case_id)
        return case_id, self.freeze(case_id)

    def current(self, case_id: UUID) -> AgreementVersion:
        with self.reading() as session:
            agreement = agreement_of(session, case_id)
            assert agreement is not None
            return session.scalars(
                select(AgreementVersion).where(
                    AgreementVersion.agreement_id == agreement.id,
                    AgreementVersion.number == agreement.current_number,
                )
            ).one()

    def agreement_id(self, case_id: UUID) -> UUID:
        with self.reading() as session:
            agreement = agreement_of(session, case_id)
            assert agreement is not None
            return agreement.id

    def sign_party(self, case_id: UUID, role: str) -> Signature:
        version = self.current(case_id)
        person = next(s for s in version.content["signatories"] if s["role"] == role)
        with self.service() as (_, _cs, service):
            return service.signing.sign_in_person(
                OfficerSlot(case_id, person["key"], self.world.actor("officer")),
                InPersonSignature(consent=True, typed_name=person["name"]),
                Posted(version.number, self.version(case_id), CLIENT),
            )

    def sign_tokoh(self, case_id: UUID, by: str = "tokoh") -> Signature:
        version = self.current(case_id)
        with self.service() as (_, _cs, service):
            return service.signing.sign_as_tokoh(
                self.agreement_id(case_id),
                self.world.actor(by),
                Posted(version.number, self.version(case_id), CLIENT),
            )

    def sign_all(self, case_id: UUID) -> None:
        self.sign_party(case_id, "complainant")
        self.sign_party(case_id, "respondent")
        self.sign_tokoh(case_id)

    def agreed(self) -> UUID:
        case_id, _ = self.frozen()
        self.sign_all(case_id)
        self.cases.fire(case_id, "agree", summary="Damai; ganti rugi diangsur.")
        return case_id

    def obligations(self, case_id: UUID) -> list[Obligation]:
        version = self.current(case_id)
        with self.reading() as session:
            return list(
                session.scalars(
                    select(Obligation)
                    .where(Obligation.version_id == version.id)
                    .order_by(Obligation.position)
                )
            )

    def signatures(self, case_id: UUID) -> list[Signature]:
        with self.reading() as session:
            agreement = session.scalars(select(Agreement).where(Agreement.case_id == case_id)).one()
            versions = select(AgreementVersion.id).where(
                AgreementVersion.agreement_id == agreement.id
            )
            return list(
                session.scalars(
                    select(Signature)
                    .where(Signature.version_id.in_(versions))
                    .order_by(Signature.signed_at)
                )
            )

    def verified(self, case_id: UUID) -> list[str]:
        with self.reading() as session:
            case = session.get(Case, case_id)
            assert case is not None
            return verify_case(session, case, self.runtime.workflows.registry).problems


@pytest.fixture
def agreements(runtime: Runtime, world: World, cases: Cases) -> Agreements:  # noqa: F811
    return Agreements(runtime, world, cases)
