"""The forum's vocabulary, each word with its label: the two models of Polmas, the elements a
member represents, the positions, the kinds of activity and the statuses of a follow-up.

What the rules say. Perpol No. 1 Tahun 2021 tentang Pemolisian Masyarakat replaces Perkap
No. 3 Tahun 2015 (its consideration "Menimbang" huruf b says so) and holds Polmas in two forms:
a *model wilayah*, on one or more settlements (a rukun warga, dusun, desa or kelurahan), whose
FKPM draws on the three pillars, Polri, the government and the community; and a *model
kawasan*, on a trading, office, industrial, warehouse, port or education zone, whose FKPM is
formed by agreement between Polri and the zone's owners or users and has representatives of
the owners/users, the managers, the security unit, the workers, the government and the Polmas
officer. A BKPM is the building where an FKPM meets. Read from secondary copies of the text
(pasal.id, 123dok, ainamulyana.blogspot.com); the numbers of the articles that say this could
not be confirmed against an official copy, so none is cited. The positions (ketua, wakil
ketua, sekretaris, anggota) and the kinds of activity are those the issue names.
"""

from __future__ import annotations

from mediasi.i18n import Message, _

WILAYAH = "wilayah"
KAWASAN = "kawasan"
BASES: dict[str, Message] = {WILAYAH: _("Model wilayah"), KAWASAN: _("Model kawasan")}

TOKOH = "tokoh"
OFFICER = "officer"
OTHER = "other"
PERSON_KINDS: dict[str, Message] = {
    TOKOH: _("Tokoh dari daftar tokoh"),
    OFFICER: _("Petugas Polri"),
    OTHER: _("Warga lain"),
}

ELEMENTS: dict[str, Message] = {
    "tokoh_agama": _("Tokoh agama"),
    "tokoh_adat": _("Tokoh adat"),
    "tokoh_masyarakat": _("Tokoh masyarakat"),
    "pemuda": _("Tokoh pemuda"),
    "perempuan": _("Tokoh perempuan"),
    "pemerintah_desa": _("Pemerintah desa/kelurahan"),
    "linmas": _("Linmas"),
    "akademisi": _("Akademisi"),
    "pelaku_usaha": _("Pelaku usaha"),
    "pengelola_kawasan": _("Pengelola kawasan"),
    "satpam": _("Satuan pengamanan"),
    "pekerja": _("Pekerja"),
    "polri": _("Petugas Polri"),
}

KETUA = "ketua"
WAKIL = "wakil_ketua"
SEKRETARIS = "sekretaris"
ANGGOTA = "anggota"
POSITIONS: dict[str, Message] = {
    KETUA: _("Ketua"),
    WAKIL: _("Wakil ketua"),
    SEKRETARIS: _("Sekretaris"),
    ANGGOTA: _("Anggota"),
}
# Held by one person at a time; any number serve as anggota.
SINGLE_SEATS = (KETUA, WAKIL, SEKRETARIS)

ACTIVITY_KINDS: dict[str, Message] = {
    "dialog": _("Dialog"),
    "penyuluhan": _("Penyuluhan/sosialisasi"),
    "patroli": _("Patroli bersama"),
    "bantuan_sosial": _("Bantuan sosial"),
    "pelatihan": _("Pelatihan"),
}

SCHEDULED = "scheduled"
HELD = "held"
ACTIVITY_STATUSES: dict[str, Message] = {SCHEDULED: _("Dijadwalkan"), HELD: _("Terlaksana")}

ASPIRATION_KINDS: dict[str, Message] = {"aspirasi": _("Aspirasi"), "keluhan": _("Keluhan")}

OPEN = "open"
IN_PROGRESS = "in_progress"
DONE = "done"
CASE = "case"
FOLLOW_UP: dict[str, Message] = {
    OPEN: _("Terbuka"),
    IN_PROGRESS: _("Sedang ditindaklanjuti"),
    DONE: _("Selesai"),
    CASE: _("Menjadi perkara"),
}
# The statuses a person sets by hand; a case is opened by its own step.
SETTABLE = (IN_PROGRESS, DONE)
FINISHED = (DONE, CASE)

# The forum's history in words, by the trigger of each event (mediasi.forum.ledger).
EVENTS: dict[str, Message] = {
    "forum.created": _("Forum dibentuk"),
    "forum.edited": _("Rincian forum diubah"),
    "member.joined": _("Anggota bergabung"),
    "member.left": _("Masa jabatan berakhir"),
    "member.moved": _("Anggota pindah jabatan"),
    "activity.scheduled": _("Kegiatan dijadwalkan"),
    "activity.recorded": _("Kehadiran dan notulen dicatat"),
    "activity.photo": _("Foto kegiatan ditambahkan"),
    "aspiration.raised": _("Aspirasi dicatat"),
    "aspiration.updated": _("Tindak lanjut aspirasi dicatat"),
    "aspiration.case": _("Aspirasi dijadikan perkara"),
}

SERVING = "serving"
ENDED = "ended"
ACTIVE = "active"
