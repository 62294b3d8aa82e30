"""What the consent API sends and takes: the page's consent block as JSON (each victim with
the consent that stands, or the statement to sign and its SHA-256; the consents withdrawn),
and the page's two forms, each with the case version its page carries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.agreements.api_inputs import CaseVersion
from mediasi.restorative.consent.models import VictimConsent
from mediasi.restorative.consent.schemas import InPersonConsent, PaperConsent
from mediasi.restorative.consent.services import ConsentView, Given, VictimRow
from mediasi.web.openapi_input import with_example

DIGEST_EXAMPLE = "9f2c" * 16


class InPersonIn(InPersonConsent, CaseVersion):
    """Signed on the officer's device: the victim confirms both parts of the statement and
    types their own name; ``digest`` is the statement's SHA-256 as ``GET …/consent`` gave it."""

    model_config = with_example(
        {
            "version": 7,
            "party_id": "6f1c2d3e-0000-4000-8000-000000000001",
            "digest": DIGEST_EXAMPLE,
            "voluntary": True,
            "uncoerced": True,
            "typed_name": "Darto Santoso",
        }
    )


class PaperIn(PaperConsent, CaseVersion):
    """Signed on paper: the photo or scan (part ``scan``), which the officer vouches for."""

    model_config = with_example(
        {
            "version": 7,
            "party_id": "6f1c2d3e-0000-4000-8000-000000000001",
            "digest": DIGEST_EXAMPLE,
            "confirm": True,
        }
    )


class ScanOut(BaseModel):
    filename: str
    sha256: str
    url: str | None = Field(description="The scan's download, for officers and supervisors.")


class ConsentOut(BaseModel):
    id: UUID
    party_id: UUID | None
    victim_name: str = Field(examples=["Darto Santoso"])
    method: str = Field(examples=["in_person"])  # in_person or paper
    digest: str = Field(description="SHA-256 of the statement signed.")
    typed_name: str | None
    given_at: datetime
    scan: ScanOut | None
    withdrawn_at: datetime | None
    withdrawal_reason: str | None

    @classmethod
    def of(cls, row: VictimConsent, scan_url: str | None) -> ConsentOut:
        scan = None
        if row.scan_filename is not None and row.scan_sha256 is not None:
            scan = ScanOut(filename=row.scan_filename, sha256=row.scan_sha256, url=scan_url)
        return cls(
            id=row.id,
            party_id=row.party_id,
            victim_name=row.victim_name,
            method=row.method,
            digest=row.digest,
            typed_name=row.typed_name,
            given_at=row.given_at,
            scan=scan,
            withdrawn_at=row.withdrawn_at,
            withdrawal_reason=row.withdrawal_reason,
        )


class VictimOut(BaseModel):
    party_id: UUID
    name: str = Field(examples=["Darto Santoso"])
    role: str = Field(examples=["complainant"])
    consent: ConsentOut | None = Field(description="The consent that stands, if any.")
    statement: str | None = Field(
        description="The statement the victim signs, word for word; only for those who may "
        "record a consent (as on the case page)."
    )
    digest: str | None = Field(description="Its SHA-256, to send back when recording the consent.")


class ConsentStateOut(BaseModel):
    """``asked`` is false when the case's workflow asks for no consent of its own."""

    case_version: int
    asked: bool
    victims: list[VictimOut]
    withdrawn: list[ConsentOut]


class GivenOut(BaseModel):
    consent: ConsentOut
    case_version: int = Field(description="The case version to send with the next write.")

    @classmethod
    def of(cls, given: Given, scan_url: str | None) -> GivenOut:
        return cls(consent=ConsentOut.of(given.consent, scan_url), case_version=given.case_version)


def victim_out(row: VictimRow, scan_url: str | None, *, writer: bool) -> VictimOut:
    return VictimOut(
        party_id=row.party.id,
        name=row.party.name,
        role=row.party.role,
        consent=ConsentOut.of(row.consent, scan_url) if row.consent else None,
        statement=row.text if writer else None,
        digest=row.digest if writer else None,
    )


def state_out(
    version: int, view: ConsentView | None, scans: dict[UUID, str | None], *, writer: bool
) -> ConsentStateOut:
    """The block as JSON; ``scans`` holds the download of each scan the caller may open, and
    only a ``writer`` (who may record a consent) is given the statements to sign."""
    if view is None:
        return ConsentStateOut(case_version=version, asked=False, victims=[], withdrawn=[])
    return ConsentStateOut(
        case_version=version,
        asked=True,
        victims=[
            victim_out(row, scans.get(row.consent.id) if row.consent else None, writer=writer)
            for row in view.victims
        ],
        withdrawn=[ConsentOut.of(c, scans.get(c.id)) for c in view.withdrawn],
    )
