"""Charts as the statistics pages will show them: a year of months, thirty desa with long
names, and a page that puts them through the real ``chart_figure`` macro."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from mediasi.charts import Chart, Series, bar_chart, line_chart, months

ROOT = Path(__file__).resolve().parent.parent
MONTHS = [date(2026, m, 1) for m in range(1, 13)]
REPORTED = [3, 5, 2, 8, 13, 1, 0, 4, 1234, 7, 9, 11]
SETTLED = [1, 2, 2, 5, 9, 1, 0, 3, 800, 5, 6, 7]
DESA = [
    f"{name} Kecamatan {kecamatan}"
    for kecamatan in ("Cibadak", "Sukabumi", "Cisaat")
    for name in (
        "Sukamaju Kidul", "Cibeber", "Mekarsari Wetan", "Sindangjaya", "Tegallega",
        "Karangtengah Pasir", "Sukaresmi", "Cikahuripan", "Wangunjaya", "Mulyasari",
    )
]  # fmt: skip
PER_DESA = [1200 - 37 * i for i in range(len(DESA))]


def year_trend(lang: str = "id") -> Chart:
    return line_chart(
        "Perkara per bulan",
        months(MONTHS, lang),
        [Series.of("Dilaporkan", REPORTED), Series.of("Selesai damai", SETTLED)],
        lang=lang,
    )


def by_desa(lang: str = "id") -> Chart:
    return bar_chart("Perkara per desa", DESA, PER_DESA, label_heading="Desa", lang=lang)


def by_month_columns() -> Chart:
    return bar_chart("Perkara semester I", months(MONTHS[:6], "id"), REPORTED[:6])


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(ROOT / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{% for href in stylesheets %}<link rel="stylesheet" href="{{ href }}">{% endfor %}
<title>Grafik</title></head><body><main class="container">
{% from "charts/_chart.html" import chart_figure with context %}
{% for chart in charts %}{{ chart_figure(chart, open=open) }}{% endfor %}
</main></body></html>"""


def page(charts: list[Chart], stylesheets: tuple[str, ...] = (), *, open: bool = False) -> str:
    return environment().from_string(PAGE).render(charts=charts, stylesheets=stylesheets, open=open)
