"""Reading an agreement's rows: advanced-alchemy repositories for the lookups by id or filter,
and the few reads that join other features' tables (the case's people, who opened a text, what
a tokoh still has to sign). No writes, no access checks: the services and queries do those."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemySyncRepository
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area, Tokoh, User
from mediasi.agreements.models import Agreement, AgreementVersion, Evidence, Obligation, Signature
from mediasi.agreements.rules import missing_signatories, viewed_by
from mediasi.agreements.shapes import Person
from mediasi.agreements.status import FROZEN
from mediasi.cases import kinds
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party


class AgreementRepository(SQLAlchemySyncRepository[Agreement]):
    model_type = Agreement


class VersionRepository(SQLAlchemySyncRepository[AgreementVersion]):
    model_type = AgreementVersion


class ObligationRepository(SQLAlchemySyncRepository[Obligation]):
    model_type = Obligation


class SignatureRepository(SQLAlchemySyncRepository[Signature]):
    model_type = Signature


class EvidenceRepository(SQLAlchemySyncRepository[Evidence]):
    model_type = Evidence


class AgreementLookups:
    """The reads of the agreement package, bound to one session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.agreements = AgreementRepository(session=session)
        self.versions = VersionRepository(session=session)
        self.obligations = ObligationRepository(session=session)
        self.signatures = SignatureRepository(session=session)
        self.evidence = EvidenceRepository(session=session)

    # ---- the agreement's own rows ------------------------------------------------------------

    def agreement(self, agreement_id: UUID) -> Agreement | None:
        return self.agreements.get_one_or_none(id=agreement_id)

    def agreement_of(self, case_id: UUID) -> Agreement | None:
        return self.agreements.get_one_or_none(case_id=case_id)

    def current_version(self, agreement: Agreement) -> AgreementVersion:
        return self.versions.get_one(agreement_id=agreement.id, number=agreement.current_number)

    def current_of(self, case_id: UUID) -> AgreementVersion | None:
        """The current version of the case's agreement, if it has one."""
        agreement = self.agreement_of(case_id)
        return self.current_version(agreement) if agreement else None

    def versions_of(self, agreement: Agreement) -> list[AgreementVersion]:
        """Newest first."""
        return self.versions.get_many(
            agreement_id=agreement.id, order_by=(AgreementVersion.number, True)
        )

    def version_by_code(self, code: str) -> AgreementVersion | None:
        return self.versions.get_one_or_none(code=code)

    def obligations_of(self, version_id: UUID) -> list[Obligation]:
        return self.obligations.get_many(
            version_id=version_id, order_by=(Obligation.position, False)
        )

    def obligation(self, obligation_id: UUID) -> Obligation | None:
        return self.obligations.get_one_or_none(id=obligation_id)

    def signatures_of(self, version_id: UUID) -> list[Signature]:
        return self.signatures.get_many(
            version_id=version_id, order_by=(Signature.signed_at, False)
        )

    def scan(self, evidence_id: UUID) -> Evidence | None:
        return self.evidence.get_one_or_none(id=evidence_id)

    def version(self, version_id: UUID) -> AgreementVersion | None:
        return self.versions.get_one_or_none(id=version_id)

    # ---- around the agreement ----------------------------------------------------------------

    def case_people(self, case_id: UUID) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The parties and tokoh of a case as the agreement text records them."""
        parties = [
            {
                "key": f"party:{p.id}",
                "role": p.role,
                "name": p.name,
                "nik": p.nik,
                "address": p.address,
            }
            for p in self.session.scalars(
                select(Party).where(Party.case_id == case_id).order_by(Party.created_at, Party.id)
            )
        ]
        tokoh = [
            {"key": f"tokoh:{t.id}", "role": link.role, "name": t.name, "title": t.title}
            for link, t in self.session.execute(
                select(CaseTokoh, Tokoh)
                .join(Tokoh, Tokoh.id == CaseTokoh.tokoh_id)
                .where(CaseTokoh.case_id == case_id)
                .order_by(CaseTokoh.created_at, CaseTokoh.id)
            )
        ]
        return parties, tokoh

    def viewed(self, case_id: UUID, version: AgreementVersion) -> set[str]:
        """The signatories who opened this version (from the case's events)."""
        payloads = self.session.scalars(
            select(Event.payload).where(
                Event.case_id == case_id, Event.trigger == kinds.AGREEMENT_VIEWED
            )
        )
        return viewed_by(payloads, version)

    def tokoh_keys_of(self, user_id: UUID) -> set[str]:
        """The signatory keys a login stands for (the tokoh records linked to the user)."""
        ids = self.session.scalars(select(Tokoh.id).where(Tokoh.user_id == user_id))
        return {f"tokoh:{tokoh_id}" for tokoh_id in ids}

    def with_login(self, tokoh: Iterable[Person]) -> set[str]:
        """Which of these tokoh have an account (and so sign from it)."""
        ids = [UUID(t["key"].split(":", 1)[1]) for t in tokoh]
        rows = self.session.scalars(
            select(Tokoh.id).where(Tokoh.id.in_(ids), Tokoh.user_id.is_not(None))
        )
        return {f"tokoh:{tokoh_id}" for tokoh_id in rows}

    def frozen_for_tokoh(self, user_id: UUID) -> list[tuple[Case, AgreementVersion]]:
        """Current frozen versions of open cases this login's tokoh is invited to."""
        tokoh_ids = select(Tokoh.id).where(Tokoh.user_id == user_id)
        rows = self.session.execute(
            select(Case, AgreementVersion)
            .join(Agreement, Agreement.case_id == Case.id)
            .join(
                AgreementVersion,
                (AgreementVersion.agreement_id == Agreement.id)
                & (AgreementVersion.number == Agreement.current_number),
            )
            .join(CaseTokoh, CaseTokoh.case_id == Case.id)
            .where(
                CaseTokoh.tokoh_id.in_(tokoh_ids),
                AgreementVersion.status == FROZEN,
                Case.is_final.is_(False),
            )
            .order_by(AgreementVersion.frozen_at)
        )
        return [(case, version) for case, version in rows.tuples()]

    def area_name(self, area_id: UUID | None) -> str:
        area = self.session.get(Area, area_id) if area_id else None
        return area.name if area else ""

    def user(self, user_id: UUID | None) -> User | None:
        return self.session.get(User, user_id) if user_id else None

    def missing_signatories(self, case_id: UUID, version: AgreementVersion) -> list[str]:
        """People of the case in a required role whom the frozen text does not name."""
        return missing_signatories(version.content, *self.case_people(case_id))
