"""The restorative justice report as a CSV file for a spreadsheet: the period, the table by
category and the exclusions, in the reader's language, each block under its own header row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from mediasi.csv_safety import safe_cell
from mediasi.i18n import _
from mediasi.reports.outcomes import OUTCOME_LABELS, Outcome
from mediasi.reports.restorative_report import RestorativeReport

REPORTED = _("Dilaporkan")
REFERRALS = {"ppa": _("Unit PPA"), "reskrim": _("Reskrim")}


def report_csv(report: RestorativeReport, lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)

    def rows(*lines: Iterable[object]) -> None:
        for line in lines:
            writer.writerow(safe_cell(v) if isinstance(v, str) else v for v in line)

    rows(
        [_("Laporan keadilan restoratif").get(lang)],
        [_("Periode").get(lang), report.period.start.isoformat(), report.period.end.isoformat()],
        [],
        [
            _("Kategori").get(lang),
            REPORTED.get(lang),
            *(OUTCOME_LABELS[o].get(lang) for o in Outcome),
        ],
        *(
            [c.label.get(lang), c.reported, *(c.outcomes[o] for o in Outcome)]
            for c in report.categories
        ),
        [_("Jumlah").get(lang), report.reported, *(report.total[o] for o in Outcome)],
        [],
        [
            _("Butir daftar periksa").get(lang),
            _("Dasar").get(lang),
            _("Dilimpahkan ke").get(lang),
            _("Perkara dikecualikan").get(lang),
        ],
        *(
            [
                e.finding.label.get(lang),
                e.finding.source,
                REFERRALS[e.finding.refer_to].get(lang),
                e.cases,
            ]
            for e in report.exclusions
        ),
        [_("Perkara dikecualikan oleh sedikitnya satu butir").get(lang), report.excluded_cases],
        [_("Dilimpahkan seketika ke Unit PPA").get(lang), report.ppa_at_once],
    )
    return out.getvalue()
