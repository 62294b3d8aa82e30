"""The agreement of one case, from the officer's side: the panel on the case page, the draft,
freezing it, signing in person or on paper, and marking the obligations afterwards.

Every form makes one service call through :func:`mediasi.web.forms.submit`. Who may see the
case is checked before who may act (a case out of reach is a 404, a tokoh's form a 403), so
the role checks are the services' and the panel's, after the scope, not route guards.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery

from mediasi.agreements.controllers.dependencies import (
    CLIENT,
    DRAFTING,
    OBLIGATIONS,
    QUERIES,
    SIGNING,
    SLOT,
    Client,
    Drafting,
    Form,
    Multipart,
    Obligations,
    PathId,
    PathKey,
    Signing,
    Slot,
    posted,
)
from mediasi.agreements.controllers.panel import DONE_FROZEN, DONE_MARKED, AgreementPanel
from mediasi.agreements.forms import (
    OBLIGATION_ROWS,
    draft_data,
    draft_input,
    fields_of,
    posted_number,
)
from mediasi.agreements.schemas import (
    InPersonSignature,
    ObligationMark,
    PaperSignature,
)
from mediasi.agreements.uploads import FIELD, MAX_UPLOAD_BYTES, ROUTE_BODY_LIMIT
from mediasi.cases.forms import expected_version
from mediasi.uploads import UploadedFile, posted_files
from mediasi.validation import validate
from mediasi.web.forms import first

Panel = NamedDependency[AgreementPanel]


def uploaded(data: dict[str, Any]) -> UploadedFile:
    """The scan of a paper signature as posted (read up to one byte past the limit)."""
    files = posted_files(data, FIELD, MAX_UPLOAD_BYTES)
    return files[0] if files else UploadedFile(None, None)


class AgreementController(Controller):
    """The agreement of one case, from the officer's side."""

    path = "/cases/{case_id:uuid}/agreement"
    dependencies = {
        **QUERIES,
        **CLIENT,
        **DRAFTING,
        **SIGNING,
        **SLOT,
        **OBLIGATIONS,
        "panel": Provide(AgreementPanel, sync_to_thread=False),
    }

    @get("/", sync_to_thread=True, name="agreements:panel")
    def panel(self, panel: Panel, case_id: PathId) -> Any:
        return panel.show(case_id)

    # ---- the draft -------------------------------------------------------------------------

    @get("/edit", sync_to_thread=True, name="agreements:edit")
    def edit(self, panel: Panel, case_id: PathId) -> Any:
        case = panel.case_service.get(case_id, panel.actor)
        return panel.edit_form(case, panel.draft_values(case))

    @get("/obligation-row", sync_to_thread=True, name="agreements:obligation_row")
    def obligation_row(self, panel: Panel, case_id: PathId, index: FromQuery[int] = 0) -> Any:
        case = panel.case_service.get(case_id, panel.actor)
        panel.case_service.require_writer(case, panel.actor)
        return panel.obligation_row(case, index)

    @post("/", sync_to_thread=True, name="agreements:save")
    def save(self, panel: Panel, drafting: Drafting, case_id: PathId, data: Form) -> Any:
        values = draft_input(data)
        if OBLIGATION_ROWS.asks_for_a_row(data):
            return panel.with_a_row(case_id, OBLIGATION_ROWS.with_a_new_row(values), data)
        values = OBLIGATION_ROWS.filled_only(values)
        return panel.drafted(
            case_id,
            values,
            first(data.get("version")),
            lambda: drafting.save_draft(
                case_id, panel.actor, draft_data(values), expected_version(data)
            ),
        )

    @post("/freeze", sync_to_thread=True, name="agreements:freeze")
    def freeze(self, panel: Panel, drafting: Drafting, case_id: PathId, data: Form) -> Any:
        return panel.changes(
            case_id,
            lambda: drafting.freeze(
                case_id, panel.actor, posted_number(data), expected_version(data)
            ),
            DONE_FROZEN,
        )

    # ---- signing on the officer's device ------------------------------------------------

    @get("/sign/{signatory:str}", sync_to_thread=True, name="agreements:sign_form")
    def sign_form(self, panel: Panel, case_id: PathId, signatory: PathKey) -> Any:
        return panel.sign_page(case_id, signatory)

    @post("/sign/{signatory:str}", sync_to_thread=True, name="agreements:sign_in_person")
    def sign_in_person(
        self, panel: Panel, signing: Signing, slot: Slot, client: Client, data: Form
    ) -> Any:
        values = fields_of(data)
        return panel.signed(
            slot,
            values,
            lambda: signing.sign_in_person(
                slot, validate(InPersonSignature, values), posted(data, client)
            ),
        )

    @post(
        "/sign/{signatory:str}/paper",
        sync_to_thread=True,
        name="agreements:sign_on_paper",
        request_max_body_size=ROUTE_BODY_LIMIT,
    )
    def sign_on_paper(
        self, panel: Panel, signing: Signing, slot: Slot, client: Client, data: Multipart
    ) -> Any:
        fields = {k: v for k, v in fields_of(data).items() if k != FIELD}
        return panel.signed(
            slot,
            fields,
            lambda: signing.sign_on_paper(
                slot, validate(PaperSignature, fields), uploaded(data), posted(data, client)
            ),
        )

    # ---- the obligations, once agreed ---------------------------------------------------

    @post("/obligations/{obligation_id:uuid}", sync_to_thread=True, name="agreements:mark")
    def mark(
        self,
        panel: Panel,
        obligations: Obligations,
        case_id: PathId,
        obligation_id: PathId,
        data: Form,
    ) -> Any:
        values = fields_of(data)
        return panel.changes(
            case_id,
            lambda: obligations.mark(
                case_id,
                obligation_id,
                panel.actor,
                validate(ObligationMark, values),
                expected_version(data),
            ),
            DONE_MARKED,
            values,
            marking=obligation_id,
        )
