"""Indonesian words for the printed report: a moment on the area's clock as an official letter
writes it, and the words for what the case's rows store as keys."""

from __future__ import annotations

from datetime import datetime, tzinfo

from mediasi.agreements.status import BROKEN, DRAFT, FROZEN, KEPT, SUPERSEDED, VOIDED
from mediasi.agreements.wording import hari, tanggal

# A line left to fill in by hand where the records hold nothing (an NRP, the Kapolsek's name).
BLANK = "…………………………"

TOKOH_KIND_WORDS = {
    "agama": "Tokoh agama",
    "adat": "Tokoh adat",
    "masyarakat": "Tokoh masyarakat",
    "pemuda": "Tokoh pemuda",
    "perempuan": "Tokoh perempuan",
    "rt_rw": "Ketua RT/RW",
    "kepala_desa": "Kepala desa",
    "linmas": "Linmas",
}
VERSION_WORDS = {
    DRAFT: "masih draf, belum dibekukan untuk ditandatangani",
    FROZEN: "naskah final, dibekukan untuk ditandatangani",
    SUPERSEDED: "diganti versi yang lebih baru",
    VOIDED: "batal",
}
OBLIGATION_WORDS = {KEPT: "telah dipenuhi", BROKEN: "tidak dipenuhi"}
OPEN_OBLIGATION = "belum jatuh tempo atau belum ditandai"


def waktu_parts(moment: datetime, zone: tzinfo) -> tuple[str, str]:
    """('Senin, 5 Januari 2026', 'pukul 09.00 WIB'): the day and the clock of the area."""
    local = moment.astimezone(zone)
    day = local.date()
    return f"{hari(day)}, {tanggal(day)}", f"pukul {local:%H.%M} {local.tzname()}"


def waktu(moment: datetime, zone: tzinfo) -> str:
    """Senin, 5 Januari 2026 pukul 09.00 WIB."""
    return " ".join(waktu_parts(moment, zone))
