"""What the case page shows, gathered in one place so every response renders the same page."""

from __future__ import annotations

from typing import Any

from mediasi.accounts.actor import Actor
from mediasi.cases.history import case_history, case_zone, event_label
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.returned import returned_to_officer
from mediasi.cases.services import CaseService
from mediasi.diagrams.graph import highlight
from mediasi.i18n import Translatable
from mediasi.workflow.loader import WorkflowRegistry


def activity_label(
    registry: WorkflowRegistry, workflow: str, version: int, trigger: str, from_state: str | None
) -> Translatable:
    """The words for an event in a list of recent activity."""
    return event_label(registry.get(workflow, version), trigger, from_state)


def case_page(
    cases: CaseService, queries: CaseQueries, case: Case, actor: Actor, **extra: Any
) -> dict[str, Any]:
    spec = cases.spec_of(case)
    timeline = queries.timeline(case.id)
    invited = queries.tokoh_of_case(case.id)
    names = queries.user_names(
        {e.actor_id for e in timeline if e.actor_id}
        | ({case.assigned_officer_id} if case.assigned_officer_id else set())
    )
    options = cases.options(case, actor)
    context: dict[str, Any] = {
        "case": case,
        "returned": returned_to_officer(spec, case, timeline, names),
        "zone": case_zone(queries, case),
        "spec": spec,
        "state": spec.states[case.state],
        "desa": queries.area(case.desa_id),
        "officer_name": names.get(case.assigned_officer_id) if case.assigned_officer_id else None,
        "parties": queries.parties(case.id),
        "invited": invited,
        "registry": queries.invitable(case, invited),
        "options": options,
        "flow": highlight(
            spec,
            [(e.trigger, e.from_state, e.to_state) for e in reversed(timeline)],
            [o.transition.trigger for o in options if o.available],
            [o.transition.trigger for o in options if not o.available],
        ),
        "can_write": cases.can_write(case, actor),
        "timeline": case_history(queries, case, cases.versions_of(case), timeline, full=False),
        "open_step": None,
        "step_errors": {},
        "step_values": {},
        "party_errors": {},
        "party_values": {},
        "tokoh_errors": {},
        "session_errors": {},
        "session_values": {},
        "recording_session": None,
        "moving_session": None,
        "consent": None,
        "review": None,
        "consent_errors": {},
        "consent_values": {},
        "consent_party": None,
        "consent_method": None,
        "editing_party": None,
        "editing_case": False,
        "case_errors": {},
        "case_values": {},
        "resending": None,
        "resend_errors": {},
        "resend_values": {},
        "choosing": None,
        "contact_errors": {},
        "contact_values": {},
        "pause_errors": {},
        "pause_values": {},
        "conflict": None,
        "form_message": None,
        "form_block": None,
    }
    context.update(cases.hooks.page_context(cases.session, case, actor))
    context.update(extra)
    return context
