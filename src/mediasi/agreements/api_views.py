"""The agreement API's answers, for one request and one person: the case's agreement (or a
tokoh's) after reading or after one service call, and the lists. The same queries as the
pages, so the API shows what the page shows, to whom the page shows it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from litestar import Request
from litestar.di import NamedDependency
from pydantic import BaseModel

from mediasi.accounts.actor import Actor
from mediasi.agreements.api_schemas import (
    AgreementOut,
    AwaitingOut,
    AwaitingPageOut,
    ObligationOut,
    ObligationPageOut,
    SignatoryOut,
    VersionOut,
    VoidNoticeOut,
)
from mediasi.agreements.canonical import format_code
from mediasi.agreements.documents import reading_text
from mediasi.agreements.queries import WORKERS, AgreementQueries
from mediasi.agreements.state import AgreementState
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.errors import MediasiError
from mediasi.validation import validate
from mediasi.web.forms import PASS_THROUGH
from mediasi.web.paging import PageQuery, page_of
from mediasi.workflow.durations import LOCAL_TZ

M = TypeVar("M", bound=BaseModel)


@dataclass
class AgreementApi:
    """Provided as ``agreement_api``; Litestar fills the fields by their names."""

    request: Request[Any, Any, Any]
    actor: NamedDependency[Actor]
    case_service: NamedDependency[CaseService]
    case_queries: NamedDependency[CaseQueries]
    agreement_queries: NamedDependency[AgreementQueries]

    # ---- one agreement -------------------------------------------------------------------

    def of_case(self, case_id: UUID) -> AgreementOut:
        """The agreement of a case the caller may see (404 otherwise, as the page)."""
        case = self.case_service.get(case_id, self.actor)
        return self.answer(case, self.agreement_queries.state_of(case))

    def of_signer(self, agreement_id: UUID) -> AgreementOut:
        """An agreement by its id, for whoever may see its case (a tokoh when invited)."""
        case, state = self.agreement_queries.for_signer(agreement_id, self.actor)
        return self.answer(case, state)

    def after(
        self, case_id: UUID, model: type[M], data: Any, action: Callable[[M], object]
    ) -> AgreementOut:
        """``data`` checked as ``model`` and handed to ``action`` (one service call, which
        checks role and versions itself), then the agreement as it stands. A case out of
        reach is a 404 before anything is said about the body, as on the page."""
        self.case_service.get(case_id, self.actor)
        action(validate(model, data))
        return self.of_case(case_id)

    def after_signer(
        self, agreement_id: UUID, model: type[M], data: Any, action: Callable[[M], object]
    ) -> AgreementOut:
        """The same for a tokoh's own decision on an agreement they may see."""
        self.agreement_queries.for_signer(agreement_id, self.actor)
        action(validate(model, data))
        return self.of_signer(agreement_id)

    def viewed(self, agreement_id: UUID, record: Callable[[], object]) -> AgreementOut:
        """A tokoh has the text on screen: recorded once, as the page's beacon does; when it
        cannot be (someone wrote to the case meanwhile) nothing is, and signing records it."""
        try:
            record()
        except MediasiError as exc:
            if exc.status_code in PASS_THROUGH:
                raise
        return self.of_signer(agreement_id)

    def answer(self, case: Case, state: AgreementState | None) -> AgreementOut:
        queries = self.agreement_queries
        may_draft = queries.may_draft(case)
        version = state.version if state else None
        content = version.content if version else {}
        code = version.code if version else None
        return AgreementOut(
            case_id=case.id,
            case_version=case.version,
            may_draft=may_draft,
            may_write=may_draft and self.case_service.can_write(case, self.actor),
            in_force=queries.in_force(case),
            agreement_id=state.agreement.id if state else None,
            number=version.number if version else None,
            status=version.status if version else None,
            place=content.get("place"),
            chronology=content.get("chronology"),
            restitution=content.get("restitution"),
            text=reading_text(self.actor, state),
            digest=version.digest if version else None,
            code=format_code(code) if code else None,
            verify_url=str(self.request.url_for("verify:code", code=format_code(code)))
            if code
            else None,
            frozen_at=version.frozen_at if version else None,
            intact=state.intact if state else True,
            fully_signed=state.fully_signed if state else False,
            signatories=[
                SignatoryOut.of(s, sees_scans=self.actor.role in WORKERS)
                for s in (state.signatories if state else [])
            ],
            mine=self._mine(state),
            obligations=self._obligations(state),
            versions=[VersionOut.of(v) for v in (state.versions if state else [])],
            void_notice=VoidNoticeOut.of(state.void_notice)
            if state and state.void_notice
            else None,
            missing_people=state.missing_people if state else [],
        )

    def _mine(self, state: AgreementState | None) -> str | None:
        mine = self.agreement_queries.own_signatory(state, self.actor) if state else None
        return mine.key if mine else None

    def _today(self) -> date:
        return self.case_service.clock().astimezone(LOCAL_TZ).date()

    def _obligations(self, state: AgreementState | None) -> list[ObligationOut]:
        today = self._today()
        return [ObligationOut.of(o, today) for o in (state.obligations if state else [])]

    # ---- lists -----------------------------------------------------------------------------

    def _page(self) -> int:
        return validate(PageQuery, dict(self.request.query_params)).page

    def _here(self) -> str:
        return self.request.url.path

    def obligations(self, case_id: UUID) -> ObligationPageOut:
        """The current version's obligations, with their status and due date."""
        page = self._page()
        case = self.case_service.get(case_id, self.actor)
        rows = self._obligations(self.agreement_queries.state_of(case))
        items, fields = page_of(rows, page, self._here())
        return ObligationPageOut(items=items, **fields)

    def awaiting(self) -> AwaitingPageOut:
        """What a tokoh must still sign or decline (empty for anyone else), oldest first."""
        page = self._page()
        found = self.agreement_queries.awaiting(self.actor)
        desa = self.case_queries.area_names({case.desa_id for case, _ in found})
        rows = [
            AwaitingOut(
                agreement_id=version.agreement_id,
                case_id=case.id,
                reference=case.reference,
                title=case.title,
                desa=desa.get(case.desa_id, ""),
                number=version.number,
                frozen_at=version.frozen_at,
                code=format_code(version.code) if version.code else None,
            )
            for case, version in found
        ]
        items, fields = page_of(rows, page, self._here())
        return AwaitingPageOut(items=items, **fields)
