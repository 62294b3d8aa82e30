"""The forum's vocabulary, each word with its label: the two models of Polmas, the elements a
member represents, the positions, the kinds of activity and the statuses of a follow-up.

What the rules say (read from secondary copies of the texts; the article numbers could not be
confirmed against an official copy): Perkap No. 3 Tahun 2015 tentang Pemolisian Masyarakat,
since replaced by Perpol No. 1 Tahun 2021 tentang Pemolisian Masyarakat, knows Polmas in a
*model wilayah* (a desa/kelurahan, a kecamatan) and a *model kawasan* (a market, an industrial
estate, a terminal); in the first the FKPM's members come from the community, the local
government and the Polmas officer, in the second from the owners or users, the managers, the
security unit, the workers, the government and the officer. A BKPM is the building where the
FKPM meets. The positions and activity kinds below are those the issue names.
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

SERVING = "serving"
ENDED = "ended"
ACTIVE = "active"
