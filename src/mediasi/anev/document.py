"""The monthly pack as an official letter (PDF, always in Bahasa Indonesia): the kop of the
area's unit, the title and the month, the headline figures beside the month before, the
charts with their numbers open, the tables and the two lists, then the closing and a
signature block the head of the unit fills in by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from babel.numbers import format_decimal

from mediasi.agreements.pdf import document_environment
from mediasi.agreements.wording import tanggal
from mediasi.anev.pack import Pack
from mediasi.anev.tables import (
    PRINTED_ROWS,
    Cell,
    Month,
    Share,
    cut_note,
    month_words,
    tables_of,
)
from mediasi.pdf import render_pdf
from mediasi.problem_solving.words import BLANK, waktu
from mediasi.statistics.charts import charts_of

TEMPLATE = "anev/pack.html"
TITLE = "ANALISA DAN EVALUASI (ANEV) BHABINKAMTIBMAS"


def shown(cell: Cell) -> str:
    """A cell as the letter writes it: 28,6%, 13,4, 5 September 2026, a dash for nothing."""
    if cell is None:
        return "–"
    if isinstance(cell, Share):
        return f"{format_decimal(round(cell * 100, 1), locale='id')}%"
    if isinstance(cell, bool | int):
        return str(cell)
    if isinstance(cell, float):
        return format_decimal(round(cell, 1), locale="id")
    if isinstance(cell, Month):
        return month_words(cell)
    if isinstance(cell, date):
        return tanggal(cell)
    return cell


def file_stem(pack: Pack) -> str:
    return f"anev-{pack.area_code.lower()}-{pack.month}"


def pack_html(pack: Pack, templates_dir: Path) -> str:
    stats = pack.statistics
    zone = stats.selection.scope.zone
    doc = {
        "title": TITLE,
        "nomor": f"ANEV/{pack.month}/{pack.area_code}",
        "kop": pack.kop,
        "period": f"Bulan {month_words(stats.figures.period.start)}",
        "month": month_words(stats.figures.period.start),
        "previous": month_words(stats.previous.period.start) if stats.previous else None,
        "area": pack.area_name,
        "signer": pack.signer,
        "place": pack.place,
        "dated": tanggal(pack.made_at.astimezone(zone).date()),
        "made": waktu(pack.made_at, zone),
        "blank": BLANK,
    }
    template = document_environment(str(templates_dir)).get_template(TEMPLATE)
    return template.render(
        doc=doc,
        tables={t.key: t for t in tables_of(pack, PRINTED_ROWS)},
        charts=charts_of(stats, "id"),
        shown=shown,
        cut_note=cut_note,
        _=lambda text: text,  # the chart macro's words: already Indonesian
    )


def pack_pdf(pack: Pack, templates_dir: Path) -> bytes:
    return render_pdf(pack_html(pack, templates_dir))
