"""The charts a page can ask for, from plain data: a trend line over months, bars by
category or desa. Each comes with its numbers as a table (the chart's accessible twin)."""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree.ElementTree import Element

from mediasi.charts import drawing, labels
from mediasi.charts.chart import Chart, Number, Row, Series, Table
from mediasi.i18n import SOURCE_LANGUAGE, Translatable, _, n_

Text = str | Translatable
AXIS_LABEL_LIMIT = 20  # characters of a desa's name beside its bar; the table has it all
SHORT_LABEL = 8  # labels up to this long fit under a column
MONTH = _("Bulan")
CATEGORY = _("Kategori")
COUNT = _("Jumlah")


def _text(value: Text, lang: str) -> str:
    return value if isinstance(value, str) else value.get(lang)


def _table(
    heading: str,
    names: Sequence[str],
    rows: Sequence[str],
    columns: Sequence[Sequence[Number]],
    lang: str,
) -> Table:
    cells = [
        Row(label, tuple(labels.number(column[i], lang) for column in columns))
        for i, label in enumerate(rows)
    ]
    return Table(heading, tuple(names), tuple(cells))


def _empty(title: str, heading: str, names: Sequence[str], lang: str) -> Chart:
    text = _("Belum ada data").get(lang)
    body, height = drawing.notice(text)
    description = _("Belum ada data untuk grafik ini.").get(lang)
    return _drawn(title, description, (body, height), Table(heading, tuple(names), ()))


def _drawn(title: str, description: str, drawn: tuple[Element, int], table: Table) -> Chart:
    return Chart(title, description, drawing.svg(*drawn, title, description), table)


def line_chart(
    title: Text,
    points: Sequence[str],
    series: Sequence[Series],
    *,
    lang: str = SOURCE_LANGUAGE,
    label_heading: Text = MONTH,
) -> Chart:
    """Lines over ``points`` (months: :func:`mediasi.charts.labels.months`), one per series,
    each series with a value for every point."""
    for one in series:
        if len(one.values) != len(points):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values, not {len(points)}")
    shown = _text(title, lang)
    heading = _text(label_heading, lang)
    names = [one.name for one in series]
    if not points or not series:
        return _empty(shown, heading, names, lang)
    keys = labels.distinct(points)
    description = n_(
        "Grafik garis, %(n)s titik dari %(first)s sampai %(last)s: %(series)s.",
        "Grafik garis, %(n)s titik dari %(first)s sampai %(last)s: %(series)s.",
        len(points),
        first=points[0],
        last=points[-1],
        series=", ".join(names),
    ).get(lang)
    body = drawing.lines(keys, series, lambda v: labels.number(v, lang))
    table = _table(heading, names, points, [one.values for one in series], lang)
    return _drawn(shown, description, (body, drawing.PLOT_HEIGHT), table)


def bar_chart(
    title: Text,
    categories: Sequence[str],
    values: Sequence[Number],
    *,
    horizontal: bool | None = None,
    label_heading: Text = CATEGORY,
    value_heading: Text = COUNT,
    lang: str = SOURCE_LANGUAGE,
) -> Chart:
    """One bar per category. Horizontal bars (the default for long or many labels: desa,
    kinds of dispute) keep names readable on a phone; columns suit a few short labels
    (months). The order given is the order drawn, first on top or on the left."""
    if len(values) != len(categories):
        raise ValueError(f"{len(values)} values for {len(categories)} categories")
    shown = _text(title, lang)
    heading = _text(label_heading, lang)
    names = [_text(value_heading, lang)]
    if not categories:
        return _empty(shown, heading, names, lang)
    if horizontal is None:
        horizontal = len(categories) > 12 or max(map(len, categories)) > SHORT_LABEL
    keys = labels.distinct(categories)
    top = max(range(len(values)), key=lambda i: values[i])
    description = n_(
        "Grafik batang, %(n)s batang; terbesar %(top)s (%(value)s).",
        "Grafik batang, %(n)s batang; terbesar %(top)s (%(value)s).",
        len(categories),
        top=categories[top],
        value=labels.number(values[top], lang),
    ).get(lang)
    fmt = lambda v: labels.number(v, lang)  # noqa: E731 - a formatter handed to the drawing
    if horizontal:
        axis = labels.axis_labels(categories, AXIS_LABEL_LIMIT)
        drawn = drawing.bars(keys, axis, values, fmt)
    else:
        drawn = drawing.columns(keys, values, fmt), drawing.PLOT_HEIGHT
    return _drawn(shown, description, drawn, _table(heading, names, categories, [values], lang))
