"""The tables of the monthly pack as plain rows, built once so the PDF and the workbook say
the same: each cell keeps its kind (a count, a share, days, a day, words), which the PDF
writes in Indonesian and the workbook keeps as a number with its format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

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


@dataclass(frozen=True)
class Table:
    key: str  # the workbook's sheet
    title: str  # the PDF's heading
    headings: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


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


def escalations(pack: Pack) -> Table:
    zone = pack.statistics.selection.scope.zone
    return Table(
        "Eskalasi",
        "Daftar eskalasi bulan ini",
        ("No.", "Nomor perkara", "Desa", "Petugas", "Tanggal", "Alasan", "Keadaan sekarang"),
        [
            (n, e.reference, e.desa, e.officer, _day(e.at, zone), e.reason, e.state)
            for n, e in enumerate(pack.escalations, start=1)
        ],
    )


def overdue(pack: Pack) -> Table:
    zone = pack.statistics.selection.scope.zone
    return Table(
        "Lewat tenggat",
        "Daftar perkara lewat tenggat",
        ("No.", "Nomor perkara", "Desa", "Petugas", "Status", "Tenggat"),
        [
            (n, o.reference, o.desa, o.officer, o.state, _day(o.due_at, zone))
            for n, o in enumerate(pack.overdue, start=1)
        ],
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


def tables_of(pack: Pack) -> list[Table]:
    """Every table, in the order the PDF prints them and the workbook's sheets."""
    return [
        summary(pack),
        per_desa(pack),
        per_officer(pack),
        by_month(pack),
        escalations(pack),
        overdue(pack),
        forum(pack),
    ]
