"""What the case page shows, gathered in one place so every response renders the same page."""

from __future__ import annotations

from typing import Any

from mediasi.accounts.actor import Actor
from mediasi.cases import kinds
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.returned import returned_to_officer
from mediasi.cases.services import CaseService
from mediasi.i18n import Translatable, _
from mediasi.text import Text
from mediasi.web.masking import mask_phone
from mediasi.workflow.loader import WorkflowRegistry

EVENT_LABELS: dict[str, Translatable] = {
    kinds.CASE_REPORTED: _("Laporan dicatat"),
    kinds.CASE_EDITED: _("Data perkara diubah"),
    kinds.PARTY_ADDED: _("Pihak ditambahkan"),
    kinds.PARTY_UPDATED: _("Data pihak diubah"),
    kinds.PARTY_REMOVED: _("Pihak dihapus"),
    kinds.TOKOH_INVITED: _("Tokoh diundang"),
    kinds.TOKOH_REMOVED: _("Tokoh dibatalkan"),
    kinds.SESSION_SCHEDULED: _("Sesi mediasi dijadwalkan"),
    kinds.SESSION_RECORDED: _("Hasil sesi mediasi dicatat"),
    kinds.SESSION_MOVED: _("Jadwal sesi mediasi dipindah"),
    kinds.AGREEMENT_DRAFTED: _("Draf kesepakatan disimpan"),
    kinds.AGREEMENT_FROZEN: _("Kesepakatan dibekukan untuk ditandatangani"),
    kinds.AGREEMENT_VIEWED: _("Kesepakatan dibaca"),
    kinds.AGREEMENT_SIGNED: _("Kesepakatan ditandatangani"),
    kinds.AGREEMENT_DECLINED: _("Penandatanganan ditolak"),
    kinds.AGREEMENT_VOIDED: _("Naskah diubah; tanda tangan versi lama batal"),
    kinds.OBLIGATION_KEPT: _("Kewajiban dipenuhi"),
    kinds.OBLIGATION_BROKEN: _("Kewajiban dilanggar"),
    kinds.MESSAGE_RESENT: _("Pesan dikirim ulang ke nomor yang diperbaiki"),
    kinds.CONTACT_PREFERENCE: _("Pilihan pesan seseorang dicatat"),
}
# Changed fields whose values are personal numbers: the timeline shows them masked.
MASKED_CHANGES = {"reporter_phone"}

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
DETAIL_LABELS: dict[str, Translatable] = {
    "party": _("Pihak"),
    "name": _("Nama"),
    "role": _("Peran"),
    "outcome": _("Hasil"),
    "held_at": _("Waktu"),
    "attendees": _("Hadir"),
    "minutes": _("Notulen"),
    "title": _("Judul"),
    "description": _("Uraian"),
    "category": _("Kategori"),
    "agreement_version": _("Versi naskah"),
    "obligations": _("Jumlah kewajiban"),
    "signatures_voided": _("Tanda tangan batal"),
    "signatories": _("Penanda tangan"),
    "digest": _("SHA-256"),
    "code": _("Kode verifikasi"),
    "method": _("Cara"),
    "evidence_sha256": _("SHA-256 berkas"),
    "article": _("Pasal"),
    "note": _("Catatan"),
    "reason": _("Alasan"),
    "to": _("Kepada"),
    "kind": _("Jenis pesan"),
    "reporter_phone": _("Telepon pelapor"),
}


def event_label(
    case_service: CaseService, case: Case, trigger: str, from_state: str | None
) -> Translatable:
    registry = case_service.engine.registry
    return activity_label(registry, case.workflow, case.workflow_version, trigger, from_state)


def activity_label(
    registry: WorkflowRegistry, workflow: str, version: int, trigger: str, from_state: str | None
) -> Translatable:
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
        "returned": returned_to_officer(spec, case, timeline, names),
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
        "moving_session": None,
        "editing_party": None,
        "resending": None,
        "resend_errors": {},
        "resend_values": {},
        "choosing": None,
        "contact_errors": {},
        "contact_values": {},
        "conflict": None,
        "form_message": None,
        "form_block": None,
    }
    context.update(cases.hooks.page_context(cases.session, case))
    context.update(extra)
    return context


def _field_labels(
    cases: CaseService, case: Case, trigger: str, from_state: str | None
) -> dict[str, Translatable]:
    transition = cases.spec_of(case).transition(trigger, from_state or "")
    labels = dict(DETAIL_LABELS)
    if transition:
        labels.update({f.name: f.label for f in transition.fields})
    return labels


def _details(
    payload: dict[str, Any], labels: dict[str, Translatable]
) -> list[tuple[Translatable, str]]:
    """The payload as short label/value lines for the timeline (no identifiers, no NIK)."""
    out: list[tuple[Translatable, str]] = []

    def label(key: str) -> Translatable:
        return labels.get(key, Text(id=key))

    for key, value in payload.items():
        if key in HIDDEN_KEYS or value in (None, ""):
            continue
        if key == "party" and isinstance(value, dict):
            out.append((label("party"), f"{value.get('name')} ({value.get('role')})"))
        elif key == "changes" and isinstance(value, dict):
            out.extend((label(name), _change(name, old, new)) for name, (old, new) in value.items())
        elif isinstance(value, str | int):
            out.append((label(key), str(value)))
    return out


def _change(name: str, old: Any, new: Any) -> str:
    if name in MASKED_CHANGES:
        return f"{mask_phone(old)} → {mask_phone(new)}"
    return f"{old} → {new}"
