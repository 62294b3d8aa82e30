"""Agreement pages: the case's agreement panel, the draft form, signing in person or on paper,
the tokoh's signing page, the PDF and the public verification. Thin: services do the work."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, MultipartBody, URLEncodedBody
from litestar.response import Redirect, Response

from mediasi.accounts.actor import Actor
from mediasi.accounts.auth import actor_of
from mediasi.agreements.canonical import (
    ALL_PARTIES,
    canonical_text,
    format_code,
    normalise_code,
    redacted,
)
from mediasi.agreements.forms import MAX_ROWS, draft_input, fields_of, posted_number
from mediasi.agreements.pdf import agreement_pdf
from mediasi.agreements.schemas import (
    KINDS,
    AgreementDraft,
    Decline,
    InPersonSignature,
    ObligationMark,
    PaperSignature,
)
from mediasi.agreements.services import (
    AgreementService,
    AgreementState,
    ClientInfo,
    UploadedFile,
)
from mediasi.agreements.uploads import MAX_UPLOAD_BYTES, ROUTE_BODY_LIMIT
from mediasi.agreements.verification import verify_code
from mediasi.cases.forms import expected_version
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.errors import FieldErrors, Forbidden, MediasiError, NotFound, StaleVersion
from mediasi.i18n import _
from mediasi.validation import validate
from mediasi.web.render import go, is_htmx, render
from mediasi.workflow.durations import LOCAL_TZ

Form = URLEncodedBody[dict[str, Any]]
Multipart = MultipartBody[dict[str, Any]]
PANEL = "agreements/case.html"
EDIT = "agreements/edit.html"
SIGN = "agreements/sign.html"
SIGNER = "agreements/signer.html"
PDF = "application/pdf"
_WRITE_ONLY = _("Hanya petugas dan pengawas yang menyusun kesepakatan.")


def client_of(request: Request[Any, Any, Any]) -> ClientInfo:
    return ClientInfo.of(
        request.client.host if request.client else None, request.headers.get("user-agent")
    )


def _service(case_service: CaseService) -> AgreementService:
    return AgreementService(case_service)


def reload(request: Request[Any, Any, Any], url: str) -> Response[Any]:
    """After a change made from the page it changes: htmx reloads that page where it stands
    (the URL may differ only by its fragment, which would not reload); a browser gets a 303."""
    if is_htmx(request):
        return Response(content=None, status_code=200, headers={"HX-Refresh": "true"})
    return Redirect(url, status_code=303)


def _require_writer(actor: Actor) -> None:
    if actor.role not in ("officer", "supervisor"):
        raise Forbidden(_WRITE_ONLY)


def _failed(exc: MediasiError) -> None:
    """Not-found and forbidden stay what they are (the error page); the rest is shown in form."""
    if exc.status_code in (401, 403, 404):
        raise exc


def panel_context(
    case_service: CaseService, case: Case, actor: Actor, **extra: Any
) -> dict[str, Any]:
    service = _service(case_service)
    queries = CaseQueries(case_service.session)
    state = service.state_of(case)
    context: dict[str, Any] = {
        "case": case,
        "spec": case_service.spec_of(case),
        "desa": queries.area(case.desa_id),
        "agreement": state,
        "text": _text_for(actor, state),
        "signing": service.signing_transition(case),
        "can_write": case_service.can_write(case, actor),
        "may_draft": service.may_draft(case),
        "in_force": service.in_force(case),
        "conflict": None,
        "message": None,
        "mark_errors": {},
        "marking": None,
        "mark_values": {},
        "format_code": format_code,
        "today": case_service.clock().astimezone(LOCAL_TZ).date(),
    }
    context.update(extra)
    return context


def _render_panel(
    request: Request[Any, Any, Any],
    case_service: CaseService,
    case_id: UUID,
    exc: MediasiError | None = None,
    status: int = 200,
    **extra: Any,
) -> Any:
    actor = actor_of(request)
    case = case_service.get(case_id, actor)
    if exc is not None:
        extra.setdefault("conflict", exc if isinstance(exc, StaleVersion) else None)
        extra.setdefault("message", None if isinstance(exc, StaleVersion | FieldErrors) else exc)
        status = exc.status_code
    return render(
        request,
        PANEL,
        block="agreement",
        status=status,
        **panel_context(case_service, case, actor, **extra),
    )


class AgreementController(Controller):
    """The agreement of one case, from the officer's side."""

    path = "/cases/{case_id:uuid}/agreement"

    @get("/", sync_to_thread=True, name="agreements:panel")
    def panel(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> Any:
        return _render_panel(request, case_service, case_id)

    # ---- the draft -------------------------------------------------------------------------

    @get("/edit", sync_to_thread=True, name="agreements:edit")
    def edit(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> Any:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        state = _service(case_service).state_of(case)
        if state is None:
            values: dict[str, Any] = {
                "place": "",
                "chronology": case.description,
                "restitution": "",
                "obligations": [{}],
            }
        else:
            content = state.version.content
            values = {
                "place": content.get("place", ""),
                "chronology": content.get("chronology", ""),
                "restitution": content.get("restitution") or "",
                "obligations": [
                    {
                        "obligor": o.obligor,
                        "kind": o.kind,
                        "description": o.description,
                        "amount": o.amount or "",
                        "instalments": o.instalments or "",
                        "due_date": o.due_date.isoformat(),
                    }
                    for o in state.obligations
                ]
                or [{}],
            }
        return self._edit_form(request, case_service, case, values, {}, 200)

    @get("/obligation-row", sync_to_thread=True, name="agreements:obligation_row")
    def obligation_row(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        index: FromQuery[int] = 0,
    ) -> Any:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        case_service.require_writer(case, actor)
        return render(
            request,
            "agreements/_obligation_row_fragment.html",
            case=case,
            index=max(0, min(index, MAX_ROWS - 1)),
            row={},
            errors={},
            obligors=_obligors(case_service, case),
            kinds=KINDS,
            max_rows=MAX_ROWS,
        )

    def _edit_form(
        self,
        request: Request[Any, Any, Any],
        case_service: CaseService,
        case: Case,
        values: dict[str, Any],
        errors: dict[str, Any],
        status: int,
        **extra: Any,
    ) -> Any:
        actor = actor_of(request)
        _require_writer(actor)
        service = _service(case_service)
        state = service.state_of(case)
        return render(
            request,
            EDIT,
            block="draft_form",
            status=status,
            case=case,
            agreement=state,
            may_draft=service.may_draft(case) and case_service.can_write(case, actor),
            values=values,
            errors=errors,
            obligors=_obligors(case_service, case),
            kinds=KINDS,
            max_rows=MAX_ROWS,
            all_parties=ALL_PARTIES,
            conflict=extra.get("conflict"),
            message=extra.get("message"),
        )

    @post("/", sync_to_thread=True, name="agreements:save")
    def save(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = draft_input(data)
        try:
            _service(case_service).save_draft(
                case_id, actor, validate(AgreementDraft, values), expected_version(data)
            )
        except MediasiError as exc:
            _failed(exc)
            case_service.session.rollback()
            case = case_service.get(case_id, actor)
            errors = exc.errors if isinstance(exc, FieldErrors) else {}
            return self._edit_form(
                request,
                case_service,
                case,
                values,
                errors,
                exc.status_code,
                conflict=exc if isinstance(exc, StaleVersion) else None,
                message=None if isinstance(exc, FieldErrors | StaleVersion) else exc,
            )
        return go(request, f"/cases/{case_id}#agreement")

    @post("/freeze", sync_to_thread=True, name="agreements:freeze")
    def freeze(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        try:
            _service(case_service).freeze(
                case_id, actor, posted_number(data), expected_version(data)
            )
        except MediasiError as exc:
            _failed(exc)
            case_service.session.rollback()
            return _render_panel(request, case_service, case_id, exc)
        return reload(request, f"/cases/{case_id}#agreement")

    # ---- signing on the officer's device ------------------------------------------------

    @get("/sign/{signatory:str}", sync_to_thread=True, name="agreements:sign_form")
    def sign_form(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        signatory: FromPath[str],
    ) -> Any:
        return self._sign_page(request, case_service, case_id, signatory, {}, {}, 200)

    def _sign_page(
        self,
        request: Request[Any, Any, Any],
        case_service: CaseService,
        case_id: UUID,
        signatory: str,
        values: dict[str, Any],
        errors: dict[str, Any],
        status: int,
        **extra: Any,
    ) -> Any:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        _require_writer(actor)
        state = _service(case_service).state_of(case)
        person = next((s for s in state.signatories if s.key == signatory), None) if state else None
        if state is None or person is None:
            raise NotFound(_("Penanda tangan tidak ditemukan."))
        return render(
            request,
            SIGN,
            block="sign_forms",
            status=status,
            case=case,
            agreement=state,
            person=person,
            values=values,
            errors=errors,
            max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
            may_draft=_service(case_service).may_draft(case)
            and case_service.can_write(case, actor),
            conflict=extra.get("conflict"),
            message=extra.get("message"),
        )

    @post("/sign/{signatory:str}", sync_to_thread=True, name="agreements:sign_in_person")
    def sign_in_person(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        signatory: FromPath[str],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = fields_of(data)
        try:
            _service(case_service).sign_in_person(
                case_id,
                signatory,
                actor,
                validate(InPersonSignature, values),
                posted_number(data),
                expected_version(data),
                client_of(request),
            )
        except MediasiError as exc:
            _failed(exc)
            return self._sign_failed(request, case_service, case_id, signatory, values, exc)
        return go(request, f"/cases/{case_id}#agreement")

    @post(
        "/sign/{signatory:str}/paper",
        sync_to_thread=True,
        name="agreements:sign_on_paper",
        request_max_body_size=ROUTE_BODY_LIMIT,
    )
    def sign_on_paper(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        signatory: FromPath[str],
        data: Multipart,
    ) -> Any:
        actor = actor_of(request)
        upload = data.get("scan")
        fields = {k: v for k, v in fields_of(data).items() if k != "scan"}
        file = UploadedFile(None, None)
        if isinstance(upload, UploadFile):
            upload.file.seek(0)
            file = UploadedFile(upload.filename, upload.file.read(MAX_UPLOAD_BYTES + 1))
        try:
            _service(case_service).sign_on_paper(
                case_id,
                signatory,
                actor,
                validate(PaperSignature, fields),
                file,
                posted_number(data),
                expected_version(data),
                client_of(request),
            )
        except MediasiError as exc:
            _failed(exc)
            return self._sign_failed(request, case_service, case_id, signatory, fields, exc)
        return go(request, f"/cases/{case_id}#agreement")

    def _sign_failed(
        self,
        request: Request[Any, Any, Any],
        case_service: CaseService,
        case_id: UUID,
        signatory: str,
        values: dict[str, Any],
        exc: MediasiError,
    ) -> Any:
        case_service.session.rollback()
        return self._sign_page(
            request,
            case_service,
            case_id,
            signatory,
            values,
            exc.errors if isinstance(exc, FieldErrors) else {},
            exc.status_code,
            conflict=exc if isinstance(exc, StaleVersion) else None,
            message=None if isinstance(exc, FieldErrors | StaleVersion) else exc,
        )

    @get("/evidence/{evidence_id:uuid}", sync_to_thread=True, name="agreements:evidence")
    def evidence(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        evidence_id: FromPath[UUID],
    ) -> Response[bytes]:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        if actor.role not in ("officer", "supervisor"):
            raise NotFound(_("Berkas tidak ditemukan."))
        row = _service(case_service).evidence(case, evidence_id)
        return Response(
            row.data,
            media_type=row.media_type,
            headers={
                "Content-Disposition": f'inline; filename="{row.filename}"',
                "X-Content-SHA256": row.sha256,
                "X-Content-Type-Options": "nosniff",
            },
        )

    # ---- the PDF and the obligations ----------------------------------------------------

    @get("/pdf", sync_to_thread=True, name="agreements:pdf")
    def pdf(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        settings: NamedDependency[Settings],
        case_id: FromPath[UUID],
    ) -> Response[bytes]:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        return _pdf_response(request, case_service, settings, case, redact=actor.role == "tokoh")

    @post("/obligations/{obligation_id:uuid}", sync_to_thread=True, name="agreements:mark")
    def mark(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        obligation_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = fields_of(data)
        try:
            _service(case_service).mark_obligation(
                case_id,
                obligation_id,
                actor,
                validate(ObligationMark, values),
                expected_version(data),
            )
        except MediasiError as exc:
            _failed(exc)
            case_service.session.rollback()
            return _render_panel(
                request,
                case_service,
                case_id,
                exc,
                marking=obligation_id,
                mark_errors=exc.errors if isinstance(exc, FieldErrors) else {},
                mark_values=values,
            )
        return reload(request, f"/cases/{case_id}#agreement")


def _text_for(actor: Actor, state: AgreementState | None) -> str:
    """The whole text; a tokoh reads it with the parties' NIK and addresses withheld."""
    if state is None:
        return ""
    if actor.role == "tokoh":
        return canonical_text(redacted(state.version.content), state.obligations)
    return state.text


def _obligors(case_service: CaseService, case: Case) -> list[tuple[str, str]]:
    """Who may carry an obligation: each party of the case, or all of them together."""
    parties = CaseQueries(case_service.session).parties(case.id)
    return [(f"party:{p.id}", p.name) for p in parties]


def _pdf_response(
    request: Request[Any, Any, Any],
    case_service: CaseService,
    settings: Settings,
    case: Case,
    *,
    redact: bool = False,
) -> Response[bytes]:
    state = _service(case_service).state_of(case)
    if state is None:
        raise NotFound(_("Belum ada kesepakatan."))
    code = state.version.code
    verify_url = f"{str(request.base_url).rstrip('/')}/verify/{format_code(code) if code else ''}"
    pdf = agreement_pdf(settings.templates_dir, state, redact=redact, verify_url=verify_url)
    name = case.reference.replace("/", "-")
    suffix = "" if state.frozen else "-draf"
    return Response(
        pdf,
        media_type=PDF,
        headers={
            "Content-Disposition": (
                f'inline; filename="kesepakatan-{name}-v{state.version.number}{suffix}.pdf"'
            )
        },
    )


class SignerController(Controller):
    """A tokoh's side: the agreements awaiting them, reading and signing or declining."""

    path = "/agreements"

    @get("/", sync_to_thread=True, name="agreements:awaiting")
    def awaiting(
        self, request: Request[Any, Any, Any], case_service: NamedDependency[CaseService]
    ) -> Any:
        actor = actor_of(request)
        rows = _service(case_service).awaiting(actor)
        queries = CaseQueries(case_service.session)
        return render(
            request,
            "agreements/awaiting.html",
            block="awaiting",
            rows=[
                {"case": case, "version": version, "desa": queries.area(case.desa_id)}
                for case, version in rows
            ],
        )

    def _page(
        self,
        request: Request[Any, Any, Any],
        case_service: CaseService,
        agreement_id: UUID,
        status: int = 200,
        **extra: Any,
    ) -> Any:
        actor = actor_of(request)
        service = _service(case_service)
        case, state = service.for_signer(agreement_id, actor)
        context: dict[str, Any] = {
            "case": case,
            "agreement": state,
            "text": _text_for(actor, state),
            "redacted": actor.role == "tokoh",
            "desa": CaseQueries(case_service.session).area(case.desa_id),
            "mine": service.own_signatory(state, actor),
            "may_sign": service.may_draft(case),
            "errors": {},
            "values": {},
            "conflict": None,
            "message": None,
            "declining": False,
            "format_code": format_code,
        }
        context.update(extra)
        return render(request, SIGNER, block="signer_actions", status=status, **context)

    @get("/{agreement_id:uuid}", sync_to_thread=True, name="agreements:signer")
    def signer(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        agreement_id: FromPath[UUID],
    ) -> Any:
        return self._page(request, case_service, agreement_id)

    @post("/{agreement_id:uuid}/viewed", sync_to_thread=True, name="agreements:viewed")
    def viewed(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        agreement_id: FromPath[UUID],
    ) -> Any:
        """Recorded when the page with the whole text has loaded in the tokoh's browser."""
        try:
            _service(case_service).record_view(agreement_id, actor_of(request), client_of(request))
        except StaleVersion:
            case_service.session.rollback()  # someone wrote meanwhile; signing records it
        return self._page(request, case_service, agreement_id)

    @post("/{agreement_id:uuid}/sign", sync_to_thread=True, name="agreements:tokoh_sign")
    def sign(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        agreement_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        try:
            _service(case_service).sign_as_tokoh(
                agreement_id,
                actor,
                posted_number(data),
                expected_version(data),
                client_of(request),
            )
        except MediasiError as exc:
            return self._failed(request, case_service, agreement_id, exc, {})
        return reload(request, f"/agreements/{agreement_id}#signer-actions")

    @post("/{agreement_id:uuid}/decline", sync_to_thread=True, name="agreements:tokoh_decline")
    def decline(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        agreement_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = fields_of(data)
        try:
            _service(case_service).decline_as_tokoh(
                agreement_id,
                actor,
                validate(Decline, values),
                posted_number(data),
                expected_version(data),
                client_of(request),
            )
        except MediasiError as exc:
            return self._failed(request, case_service, agreement_id, exc, values)
        return reload(request, f"/agreements/{agreement_id}#signer-actions")

    def _failed(
        self,
        request: Request[Any, Any, Any],
        case_service: CaseService,
        agreement_id: UUID,
        exc: MediasiError,
        values: dict[str, Any],
    ) -> Any:
        _failed(exc)
        case_service.session.rollback()
        return self._page(
            request,
            case_service,
            agreement_id,
            status=exc.status_code,
            errors=exc.errors if isinstance(exc, FieldErrors) else {},
            values=values,
            conflict=exc if isinstance(exc, StaleVersion) else None,
            message=None if isinstance(exc, FieldErrors | StaleVersion) else exc,
            declining=bool(values),
        )

    @get("/{agreement_id:uuid}/pdf", sync_to_thread=True, name="agreements:signer_pdf")
    def pdf(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        settings: NamedDependency[Settings],
        agreement_id: FromPath[UUID],
    ) -> Response[bytes]:
        actor = actor_of(request)
        case, _ = _service(case_service).for_signer(agreement_id, actor)
        return _pdf_response(request, case_service, settings, case, redact=actor.role == "tokoh")


class VerificationController(Controller):
    """Public: anyone holding a printed agreement may check it (no login, no personal data)."""

    path = "/verify"

    @get("/", sync_to_thread=True, name="verify:form", exclude_from_auth=True)
    def form(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        code: FromQuery[str | None] = None,
    ) -> Any:
        if code is not None:
            normal = normalise_code(code)
            if normal is not None:
                return Redirect(f"/verify/{format_code(normal)}", status_code=303)
            return _verify_page(request, None, code[:40], 422, invalid=True)
        return _verify_page(request, None, "", 200)

    @get("/{code:str}", sync_to_thread=True, name="verify:code", exclude_from_auth=True)
    def check(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        code: FromPath[str],
    ) -> Any:
        result = verify_code(case_service.session, code)
        return _verify_page(request, result, code[:40], 200 if result else 404, looked=True)


def _verify_page(
    request: Request[Any, Any, Any],
    result: Any,
    code: str,
    status: int,
    **extra: Any,
) -> Any:
    return render(
        request,
        "agreements/verify.html",
        status=status,
        result=result,
        code=code,
        format_code=format_code,
        invalid=extra.get("invalid", False),
        looked=extra.get("looked", False),
        max_code=40,
    )
