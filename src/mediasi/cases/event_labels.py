"""The words for what a case's events store outside the workflow file, in one place.

A workflow transition's own fields and choices are labelled by the workflow file; everything
else an event records — the kind of event, the payload keys written by parties, sessions,
agreements, signatures, deadlines and messages, and the values they take — is labelled here,
through the catalogs, so no stored key is ever shown to a person as it is.
"""

from __future__ import annotations

from mediasi.cases import kinds
from mediasi.i18n import Message, _

EVENT_LABELS: dict[str, Message] = {
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
    kinds.DEADLINE_EXPIRED: _("Tenggat terlewati"),
    kinds.DEADLINE_PAUSED: _("Tenggat dijeda"),
    kinds.DEADLINE_RESUMED: _("Tenggat dilanjutkan"),
    kinds.CASE_HANDED_OVER: _("Perkara diserahterimakan ke petugas lain"),
    kinds.CONSENT_GIVEN: _("Persetujuan korban atas keadilan restoratif ditandatangani"),
    kinds.MESSAGE_RESENT: _("Pesan dikirim ulang ke nomor yang diperbaiki"),
    kinds.CONTACT_PREFERENCE: _("Pilihan pesan seseorang dicatat"),
}

# Payload keys that are not a field of the workflow: the case's columns (a report's snapshot,
# an edit), a party's, and what sessions, agreements, deadlines and messages record.
FIELD_LABELS: dict[str, Message] = {
    "title": _("Judul"),
    "description": _("Uraian"),
    "category": _("Kategori"),
    "desa_id": _("Desa"),
    "reporter_name": _("Nama pelapor"),
    "reporter_phone": _("Telepon pelapor"),
    "assigned_officer_id": _("Petugas"),
    "risk_level": _("Tingkat risiko"),
    "door": _("Masuk lewat"),
    "tracking_code": _("Kode pelacakan"),
    "workflow": _("Alur perkara"),
    "party": _("Pihak"),
    "name": _("Nama"),
    "role": _("Peran"),
    "nik": _("NIK"),
    "phone": _("Telepon"),
    "address": _("Alamat"),
    "session_at": _("Waktu sesi"),
    "place": _("Tempat"),
    "previous_at": _("Waktu semula"),
    "previous_place": _("Tempat semula"),
    "outcome": _("Hasil"),
    "held_at": _("Waktu berlangsung"),
    "attendees": _("Hadir"),
    "minutes": _("Notulen"),
    "agreement_version": _("Versi naskah"),
    "obligations": _("Jumlah kewajiban"),
    "signatures_voided": _("Tanda tangan batal"),
    "signatories": _("Jumlah penanda tangan"),
    "digest": _("Sidik naskah (SHA-256)"),
    "code": _("Kode verifikasi"),
    "method": _("Cara"),
    "signed_at": _("Waktu tanda tangan"),
    "evidence_sha256": _("Sidik berkas pindaian (SHA-256)"),
    "ip": _("Alamat IP"),
    "user_agent": _("Peramban"),
    "article": _("Pasal"),
    "note": _("Catatan"),
    "reason": _("Alasan"),
    "consents_withdrawn": _("Persetujuan korban yang ditarik"),
    "due_at": _("Tenggat"),
    "until": _("Jeda paling lama sampai"),
    "paused_at": _("Dijeda sejak"),
    "due_before": _("Tenggat sebelum jeda"),
    "paused_seconds": _("Waktu jeda yang menggeser tenggat (jam)"),
    "pause_until": _("Batas jeda"),
    "from_officer_id": _("Dari petugas"),
    "to_officer_id": _("Kepada petugas"),
    "sessions": _("Sesi terjadwal yang ikut pindah"),
    "signatures_pending": _("Tanda tangan yang masih ditunggu"),
    "action": _("Tindakan"),
    "to": _("Kepada"),
    "kind": _("Jenis pesan"),
    "channel": _("Saluran"),
    "opted_out": _("Tidak ingin dikirimi pesan"),
}

_ROLES = {
    "complainant": _("Pelapor"),
    "respondent": _("Terlapor"),
    "victim": _("Korban"),
    "witness": _("Saksi"),
    "mediator": _("Mediator"),
}

# The values of those keys, where a value is itself a key.
VALUE_LABELS: dict[str, dict[str, Message]] = {
    "role": _ROLES,
    "outcome": {
        "scheduled": _("Terjadwal"),
        "agreed": _("Sepakat"),
        "partial": _("Sebagian sepakat"),
        "failed": _("Gagal"),
        "postponed": _("Ditunda"),
    },
    "method": {
        "login": _("Dari akun sendiri"),
        "in_person": _("Di hadapan petugas"),
        "paper": _("Di atas kertas, pindaian diunggah"),
    },
    "action": {"flag": _("Ditandai lewat tenggat")},
    "door": {
        "web": _("Laman lapor warga"),
        "api": _("Aplikasi (API)"),
        "walk_in": _("Datang langsung"),
        "phone": _("Telepon atau pesan"),
        "patrol": _("Temuan saat sambang"),
    },
    "channel": {"whatsapp": _("WhatsApp"), "sms": _("SMS"), "email": _("Surel")},
    "kind": {
        "tokoh_invited": _("Undangan untuk tokoh"),
        "signature_requested": _("Permintaan tanda tangan"),
        "session_scheduled": _("Jadwal sesi mediasi"),
        "session_moved": _("Jadwal sesi mediasi dipindah"),
        "session_reminder": _("Pengingat sesi mediasi"),
        "obligation_due": _("Pengingat kewajiban"),
        "obligation_overdue": _("Kewajiban lewat tenggat"),
        "report_received": _("Laporan diterima"),
        "report_received_tracked": _("Laporan diterima, dengan kode pelacakan"),
        "state_changed": _("Status perkara berubah"),
        "escalation_waiting": _("Eskalasi menunggu tinjauan"),
        "escalation_returned": _("Eskalasi dikembalikan"),
        "officer_digest": _("Ringkasan untuk petugas"),
        "handover_received": _("Serah terima desa (penerima)"),
        "handover_given": _("Serah terima desa (yang menyerahkan)"),
        "supervisor_digest": _("Ringkasan untuk pengawas"),
        "report_tracking": _("Kode pelacakan laporan"),
        "test": _("Pesan uji"),
    },
}


YES, NO = _("Ya"), _("Tidak")
