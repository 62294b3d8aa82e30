"""What the case page shows, gathered in one place so every response renders the same page."""

from __future__ import annotations

from typing import Any

from mediasi.accounts.actor import Actor
from mediasi.cases import kinds
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.text import Text
from mediasi.workflow.loader import WorkflowRegistry

EVENT_LABELS: dict[str, Text] = {
    kinds.CASE_REPORTED: Text(id="Laporan dicatat", en="Report registered"),
    kinds.CASE_EDITED: Text(id="Data perkara diubah", en="Case details edited"),
    kinds.PARTY_ADDED: Text(id="Pihak ditambahkan", en="Party added"),
    kinds.PARTY_UPDATED: Text(id="Data pihak diubah", en="Party edited"),
    kinds.PARTY_REMOVED: Text(id="Pihak dihapus", en="Party removed"),
    kinds.TOKOH_INVITED: Text(id="Tokoh diundang", en="Tokoh invited"),
    kinds.TOKOH_REMOVED: Text(id="Tokoh dibatalkan", en="Tokoh removed"),
    kinds.SESSION_SCHEDULED: Text(id="Sesi mediasi dijadwalkan", en="Mediation session scheduled"),
    kinds.SESSION_RECORDED: Text(id="Hasil sesi mediasi dicatat", en="Mediation session recorded"),
    kinds.AGREEMENT_DRAFTED: Text(id="Draf kesepakatan disimpan", en="Agreement draft saved"),
    kinds.AGREEMENT_FROZEN: Text(
        id="Kesepakatan dibekukan untuk ditandatangani", en="Agreement frozen for signing"
    ),
    kinds.AGREEMENT_VIEWED: Text(id="Kesepakatan dibaca", en="Agreement viewed"),
    kinds.AGREEMENT_SIGNED: Text(id="Kesepakatan ditandatangani", en="Agreement signed"),
    kinds.AGREEMENT_DECLINED: Text(id="Penandatanganan ditolak", en="Signing declined"),
    kinds.AGREEMENT_VOIDED: Text(
        id="Naskah diubah; tanda tangan versi lama batal",
        en="Text edited; signatures of the old version void",
    ),
    kinds.OBLIGATION_KEPT: Text(id="Kewajiban dipenuhi", en="Obligation kept"),
    kinds.OBLIGATION_BROKEN: Text(id="Kewajiban dilanggar", en="Obligation broken"),
}

# Payload keys never shown in the timeline (identifiers, and personal numbers).
HIDDEN_KEYS = {
    "party_id",
    "tokoh_id",
    "session_id",
    "case",
    "nik",
    "phone",
    "workflow",
    "workflow_version",
    "agreement_id",
    "signature_id",
    "obligation_id",
    "signatory",
    "signed_at",
    "ip",
    "user_agent",
}
DETAIL_LABELS: dict[str, Text] = {
    "party": Text(id="Pihak", en="Party"),
    "name": Text(id="Nama", en="Name"),
    "role": Text(id="Peran", en="Role"),
    "outcome": Text(id="Hasil", en="Outcome"),
    "held_at": Text(id="Waktu", en="Held at"),
    "attendees": Text(id="Hadir", en="Present"),
    "minutes": Text(id="Notulen", en="Minutes"),
    "title": Text(id="Judul", en="Title"),
    "description": Text(id="Uraian", en="Description"),
    "category": Text(id="Kategori", en="Category"),
    "agreement_version": Text(id="Versi naskah", en="Text version"),
    "obligations": Text(id="Jumlah kewajiban", en="Obligations"),
    "signatures_voided": Text(id="Tanda tangan batal", en="Signatures voided"),
    "signatories": Text(id="Penanda tangan", en="Signatories"),
    "digest": Text(id="SHA-256", en="SHA-256"),
    "code": Text(id="Kode verifikasi", en="Verification code"),
    "method": Text(id="Cara", en="Method"),
    "evidence_sha256": Text(id="SHA-256 berkas", en="File SHA-256"),
    "article": Text(id="Pasal", en="Article"),
    "note": Text(id="Catatan", en="Note"),
    "reason": Text(id="Alasan", en="Reason"),
}


def event_label(
    case_service: CaseService, case: Case, trigger: str, from_state: str | None
) -> Text:
    registry = case_service.engine.registry
    return activity_label(registry, case.workflow, case.workflow_version, trigger, from_state)


def activity_label(
    registry: WorkflowRegistry, workflow: str, version: int, trigger: str, from_state: str | None
) -> Text:
    """The words for an event in a list of recent activity."""
    if trigger in EVENT_LABELS:
        return EVENT_LABELS[trigger]
    transition = registry.get(workflow, version).transition(trigger, from_state or "")
    return transition.label if transition else Text(id=trigger)


def case_page(
    cases: CaseService, queries: CaseQueries, case: Case, actor: Actor, **extra: Any
) -> dict[str, Any]:
    spec = cases.spec_of(case)
    timeline = queries.timeline(case.id)
    invited = queries.tokoh_of_case(case.id)
    invited_ids = {tokoh.id for _, tokoh in invited}
    names = queries.user_names(
        {e.actor_id for e in timeline if e.actor_id}
        | ({case.assigned_officer_id} if case.assigned_officer_id else set())
    )
    options = cases.options(case, actor)
    context: dict[str, Any] = {
        "case": case,
        "spec": spec,
        "state": spec.states[case.state],
        "desa": queries.area(case.desa_id),
        "officer_name": names.get(case.assigned_officer_id) if case.assigned_officer_id else None,
        "parties": queries.parties(case.id),
        "invited": invited,
        "registry": [t for t in queries.registry_of_desa(case.desa_id) if t.id not in invited_ids],
        "options": options,
        "can_write": cases.can_write(case, actor),
        "timeline": [
            {
                "event": e,
                "label": event_label(cases, case, e.trigger, e.from_state),
                "actor": names.get(e.actor_id, e.actor_name) if e.actor_id else e.actor_name,
                "details": _details(e.payload, _field_labels(cases, case, e.trigger, e.from_state)),
            }
            for e in timeline
        ],
        "open_step": None,
        "step_errors": {},
        "step_values": {},
        "party_errors": {},
        "party_values": {},
        "tokoh_errors": {},
        "session_errors": {},
        "session_values": {},
        "recording_session": None,
        "editing_party": None,
        "conflict": None,
        "form_message": None,
        "form_block": None,
    }
    context.update(cases.hooks.page_context(cases.session, case))
    context.update(extra)
    return context


def _field_labels(
    cases: CaseService, case: Case, trigger: str, from_state: str | None
) -> dict[str, Text]:
    transition = cases.spec_of(case).transition(trigger, from_state or "")
    labels = dict(DETAIL_LABELS)
    if transition:
        labels.update({f.name: f.label for f in transition.fields})
    return labels


def _details(payload: dict[str, Any], labels: dict[str, Text]) -> list[tuple[Text, str]]:
    """The payload as short label/value lines for the timeline (no identifiers, no NIK)."""
    out: list[tuple[Text, str]] = []

    def label(key: str) -> Text:
        return labels.get(key, Text(id=key))

    for key, value in payload.items():
        if key in HIDDEN_KEYS or value in (None, ""):
            continue
        if key == "party" and isinstance(value, dict):
            out.append((label("party"), f"{value.get('name')} ({value.get('role')})"))
        elif key == "changes" and isinstance(value, dict):
            out.extend((label(name), f"{old} → {new}") for name, (old, new) in value.items())
        elif isinstance(value, str | int):
            out.append((label(key), str(value)))
    return out
