"""What agreement handlers ask for by name: the agreement's queries and services bound to the
request's case service, and where the request came from (recorded with each signature)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, MultipartBody, URLEncodedBody

from mediasi.accounts.actor import Actor
from mediasi.agreements.decisions import ClientInfo, OfficerSlot, Posted
from mediasi.agreements.drafting import DraftingService
from mediasi.agreements.forms import posted_number
from mediasi.agreements.obligations import ObligationService
from mediasi.agreements.queries import AgreementQueries
from mediasi.agreements.signing import SigningService
from mediasi.cases.forms import expected_version
from mediasi.cases.services import CaseService

Form = URLEncodedBody[dict[str, Any]]
Multipart = MultipartBody[dict[str, Any]]
PathId = FromPath[UUID]
PathKey = FromPath[str]


def provide_client(request: Request[Any, Any, Any]) -> ClientInfo:
    return ClientInfo.of(
        request.client.host if request.client else None, request.headers.get("user-agent")
    )


def provide_slot(actor: NamedDependency[Actor], case_id: PathId, signatory: PathKey) -> OfficerSlot:
    """The signatory of the path, on the agreement of the path's case, signing before ``actor``."""
    return OfficerSlot(case_id, signatory, actor)


def posted(data: dict[str, Any], client: ClientInfo) -> Posted:
    """What a signing form posts besides its own fields, with where it came from."""
    return Posted(posted_number(data), expected_version(data), client)


def provide_agreement_queries(case_service: NamedDependency[CaseService]) -> AgreementQueries:
    return AgreementQueries(case_service)


def provide_drafting(case_service: NamedDependency[CaseService]) -> DraftingService:
    return DraftingService(case_service)


def provide_signing(case_service: NamedDependency[CaseService]) -> SigningService:
    return SigningService(case_service)


def provide_obligations(case_service: NamedDependency[CaseService]) -> ObligationService:
    return ObligationService(case_service)


QUERIES = {"agreement_queries": Provide(provide_agreement_queries, sync_to_thread=False)}
CLIENT = {"client": Provide(provide_client, sync_to_thread=False)}
DRAFTING = {"drafting": Provide(provide_drafting, sync_to_thread=False)}
SIGNING = {"signing": Provide(provide_signing, sync_to_thread=False)}
SLOT = {"slot": Provide(provide_slot, sync_to_thread=False)}
OBLIGATIONS = {"obligations": Provide(provide_obligations, sync_to_thread=False)}

Queries = NamedDependency[AgreementQueries]
Client = NamedDependency[ClientInfo]
Drafting = NamedDependency[DraftingService]
Signing = NamedDependency[SigningService]
Obligations = NamedDependency[ObligationService]
Slot = NamedDependency[OfficerSlot]
