"""The tables of the monthly pack as plain rows, built once so the PDF and the workbook say
the same: each cell keeps its kind (a count, a share, days, a day, words), which the PDF
writes in Indonesian and the workbook keeps as a number with its format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from mediasi.anev.pack import Pack
from mediasi.forum.kinds import ACTIVITY_KINDS
from mediasi.statistics.definitions import DEFINITIONS, OBLIGATION_LABELS, OUTCOME_LABELS

ID = "id"


class Share(float):
    """A share of a whole (0…1), shown as a percentage."""


MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def month_words(first: date) -> str:
    """'November 2026'."""
    return f"{MONTHS[first.month - 1]} {first.year}"


class Month(date):
    """A month, by its first day: shown as its name and year."""


Cell = int | float | Share | date | str | None


WHOLE_IN_APP = "daftar perkara aplikasi"
WHOLE_IN_WORKBOOK = "lembar kerja (XLSX) paket ini"
PRINTED_ROWS = 100  # rows of a list the PDF prints: a letter to read, not a register


@dataclass(frozen=True)
class Table:
    key: str  # the workbook's sheet
    title: str  # the PDF's heading
    headings: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    total: int | None = None  # of a list given only in part: how many it has in all
    elsewhere: str = WHOLE_IN_APP  # where the whole of such a list is


def cut_note(table: Table) -> str:
    """What the pack says under a list given only in part."""
    return (
        f"Dimuat {len(table.rows)} perkara pertama dari {table.total}; daftar lengkap ada di"
        f" {table.elsewhere}."
    )


def _part(rows: list[tuple[Cell, ...]], total: int, shown: int | None) -> dict[str, Any]:
    """The first ``shown`` of ``rows`` (of ``total``), and where the rest are."""
    cut = rows[:shown] if shown is not None else rows
    if len(cut) == total:
        return {"rows": cut}
    whole_here = shown is not None and len(rows) == total
    return {
        "rows": cut,
        "total": total,
        "elsewhere": WHOLE_IN_WORKBOOK if whole_here else WHOLE_IN_APP,
    }


def _share(value: float | None) -> Share | None:
    return None if value is None else Share(value)


def _day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


SHARES = ("resolution_rate", "escalation_rate", "returned_share", "deadlines_met")
DAYS = {
    "agreement_median": "Hari sampai kesepakatan (median)",
    "agreement_p90": "Hari sampai kesepakatan (persentil ke-90)",
}


def _label(key: str) -> str:
    if key in DEFINITIONS:
        return DEFINITIONS[key].label.get(ID)
    if key.startswith("closed_"):
        return f"– {OUTCOME_LABELS[key.removeprefix('closed_')].get(ID)}"
    return DAYS[key]


def _figure(key: str, value: float | None) -> Cell:
    if value is None or key in DAYS:
        return value
    return Share(value) if key in SHARES else int(value)


def summary(pack: Pack) -> Table:
    """The headline figures (as the statistics page compares them), this month beside the
    month before; then the obligations due and the cases overdue now."""
    stats = pack.statistics
    now, before = stats.figures, stats.previous
    earlier = before.headline() if before else {}
    rows: list[tuple[Cell, ...]] = [
        (_label(key), _figure(key, value), _figure(key, earlier.get(key)))
        for key, value in now.headline().items()
    ]
    obligations = DEFINITIONS["obligations"].label.get(ID)
    rows += [
        (
            f"{obligations}: {OBLIGATION_LABELS[status].get(ID).lower()}",
            now.obligations[status],
            before.obligations[status] if before else None,
        )
        for status in OBLIGATION_LABELS
    ]
    rows.append((DEFINITIONS["overdue_now"].label.get(ID), stats.overdue_now, None))
    shown_before = month_words(before.period.start) if before else "Bulan sebelumnya"
    headings = ("Angka", month_words(now.period.start), shown_before)
    return Table("Ringkasan", "Angka utama", headings, rows)


def per_desa(pack: Pack) -> Table:
    return Table(
        "Per wilayah",
        "Per desa",
        ("Desa", "Dibuka", "Ditutup", "Selesai damai", "Lewat tenggat"),
        [(r.unit.name, r.opened, r.closed, r.settled, r.overdue) for r in pack.desa],
    )


def per_officer(pack: Pack) -> Table:
    return Table(
        "Per petugas",
        "Per petugas Bhabinkamtibmas",
        ("Petugas", "Ditangani", "Selesai damai", "Lewat tenggat", "Sesi mediasi"),
        [(r.name, r.handled, r.settled, r.overdue, r.sessions) for r in pack.statistics.officers],
    )


def per_category(pack: Pack) -> Table:
    return Table(
        "Per kategori",
        "Per kategori perkara",
        ("Kategori", "Dibuka", "Ditutup", "Selesai damai"),
        [(r.name(ID), r.opened, r.closed, r.settled) for r in pack.statistics.categories],
    )


def by_month(pack: Pack) -> Table:
    return Table(
        "12 bulan",
        "Dua belas bulan terakhir",
        ("Bulan", "Dibuka", "Ditutup", "Selesai damai"),
        [
            (Month(r.month.year, r.month.month, 1), r.opened, r.closed, r.settled)
            for r in pack.statistics.months
        ],
    )


def escalations(pack: Pack, shown: int | None) -> Table:
    zone = pack.statistics.selection.scope.zone
    rows: list[tuple[Cell, ...]] = [
        (n, e.reference, e.desa, e.officer, _day(e.at, zone), e.reason, e.state)
        for n, e in enumerate(pack.escalations.rows, start=1)
    ]
    return Table(
        "Eskalasi",
        "Daftar eskalasi bulan ini",
        ("No.", "Nomor perkara", "Desa", "Petugas", "Tanggal", "Alasan", "Keadaan sekarang"),
        **_part(rows, pack.escalations.total, shown),
    )


def overdue(pack: Pack, shown: int | None) -> Table:
    zone = pack.statistics.selection.scope.zone
    rows: list[tuple[Cell, ...]] = [
        (n, o.reference, o.desa, o.officer, o.state, _day(o.due_at, zone))
        for n, o in enumerate(pack.overdue.rows, start=1)
    ]
    return Table(
        "Lewat tenggat",
        "Daftar perkara lewat tenggat",
        ("No.", "Nomor perkara", "Desa", "Petugas", "Status", "Tenggat"),
        **_part(rows, pack.overdue.total, shown),
    )


def forum(pack: Pack) -> Table:
    """What the partnership forums of the area did in the month."""
    done = pack.statistics.forum
    rows: list[tuple[Cell, ...]] = [
        (f"Kegiatan: {label.get(ID).lower()}", done.held[kind])
        for kind, label in ACTIVITY_KINDS.items()
    ]
    rows += [
        ("Kegiatan terlaksana", done.held_total),
        ("Kehadiran anggota forum", done.members_present),
        ("Warga hadir", done.residents),
        ("Aspirasi dan keluhan diterima", done.raised),
        ("… sudah tuntas (selesai atau menjadi perkara)", done.followed),
        ("Perkara yang berawal dari forum", done.cases),
    ]
    return Table("Forum kemitraan", "Forum kemitraan (FKPM)", ("Angka", "Jumlah"), rows)


def tables_of(pack: Pack, shown: int | None = None) -> list[Table]:
    """Every table, in the order the PDF prints them and the workbook's sheets; of the two
    case lists, the first ``shown`` rows (None: as many as the pack holds)."""
    return [
        summary(pack),
        per_desa(pack),
        per_officer(pack),
        per_category(pack),
        by_month(pack),
        escalations(pack, shown),
        overdue(pack, shown),
        forum(pack),
    ]
