"""Charts drawn on the server as SVG (inline in a page, or in a PDF), each with its numbers.

    from mediasi.charts import Series, bar_chart, line_chart, months
    chart = line_chart(_("Perkara per bulan"), months(firsts, lang), [Series.of("Masuk", n)],
                       lang=lang)

and in a template ``{% from "charts/_chart.html" import chart_figure with context %}``,
``{{ chart_figure(chart) }}``.
"""

from mediasi.charts.chart import Chart, Row, Series, Table
from mediasi.charts.kinds import bar_chart, line_chart
from mediasi.charts.labels import months

__all__ = ["Chart", "Row", "Series", "Table", "bar_chart", "line_chart", "months"]
