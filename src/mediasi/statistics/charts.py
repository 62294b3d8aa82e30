"""The statistics page's charts, drawn from the figures it already holds (no query of their
own): the last twelve months as lines; the closed cases by outcome, the cases opened by
category and the areas one level down as bars. Each chart carries its numbers as a table
(mediasi.charts)."""

from __future__ import annotations

from mediasi.charts import Chart, Series, bar_chart, line_chart, months
from mediasi.i18n import _
from mediasi.statistics.definitions import OUTCOME_LABELS
from mediasi.statistics.figures import Statistics
from mediasi.workflow.spec import CLOSED_OUTCOMES


def charts_of(stats: Statistics, lang: str) -> list[Chart]:
    """The charts of one answer, in the reader's language."""
    trend = line_chart(
        _("Perkara per bulan, 12 bulan terakhir"),
        months([row.month for row in stats.months], lang),
        [
            Series.of(_("Dibuka").get(lang), [row.opened for row in stats.months]),
            Series.of(_("Ditutup").get(lang), [row.closed for row in stats.months]),
            Series.of(_("Selesai damai").get(lang), [row.settled for row in stats.months]),
        ],
        lang=lang,
    )
    outcomes = bar_chart(
        _("Perkara ditutup menurut hasilnya"),
        [OUTCOME_LABELS[o].get(lang) for o in CLOSED_OUTCOMES],
        [stats.figures.closed[o] for o in CLOSED_OUTCOMES],
        horizontal=True,
        label_heading=_("Hasil"),
        lang=lang,
    )
    areas = bar_chart(
        _("Perkara dibuka menurut wilayah"),
        [row.unit.name for row in stats.units],
        [row.opened for row in stats.units],
        horizontal=True,
        label_heading=_("Wilayah"),
        lang=lang,
    )
    categories = bar_chart(
        _("Perkara menurut kategori"),
        [row.name(lang) for row in stats.categories],
        [row.opened for row in stats.categories],
        horizontal=True,
        label_heading=_("Kategori"),
        lang=lang,
    )
    return [trend, outcomes, categories, areas]
