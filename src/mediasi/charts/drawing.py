"""The drawing itself, done by leather and wrapped in an accessible ``<svg>``.

Why leather (0.4.1, MIT, pure Python, no dependencies): it writes every colour and font as an
SVG presentation attribute (``fill="…"``), never a ``style`` attribute, a ``<style>`` element
or a ``<script>``, so an inline chart renders under the app's Content-Security-Policy
(``style-src 'self'``, ``script-src 'self'``) and in WeasyPrint alike. pygal draws its colours
through an embedded ``<style>`` and always writes a config ``<script>`` (blocked by that CSP:
a black, script-erroring chart); matplotlib writes ``style="…"`` on every element and costs
about 2 s and 65 MB to import, against leather's 0.08 s and 6 MB. leather is imported only when
the first chart is drawn, and its module-level theme is set then, once.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from markupsafe import Markup

from mediasi.charts.chart import Number, Series

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 400  # viewBox units; the page scales it (to 328 px on a phone), print stays sharp
OVERHANG = 24  # room on the right for the half of the last axis label past the plot's edge
PLOT_WIDTH = WIDTH - OVERHANG
PLOT_HEIGHT = 250
BAR_SLOT = 22  # one horizontal bar and its gap
FONT = "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"
FONT_SIZE = 14
CHAR_WIDTH = 8.2  # a generous average glyph of FONT at FONT_SIZE: leather sizes margins by it
TEXT = "#344054"
MUTED = "#475467"
# Okabe & Ito's colour-blind safe palette, darkest first; its yellow is left out (unreadable
# on white).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

Formatter = Callable[[Number], str]


@cache
def _leather() -> Any:
    """leather, imported on the first chart (not at app start) and themed for mediasi."""
    import leather  # lazily: most requests draw no chart

    theme = leather.theme
    theme.background_color = "none"  # the page's own background, on screen and paper
    theme.margin = 0.03  # a float: leather reads it as a share of the width
    for part in ("title", "legend", "axis_title", "tick"):
        setattr(theme, f"{part}_font_family", FONT)
        setattr(theme, f"{part}_font_size", FONT_SIZE)
        setattr(theme, f"{part}_font_char_height", FONT_SIZE)
        setattr(theme, f"{part}_font_char_width", CHAR_WIDTH)
    theme.legend_color = TEXT
    theme.label_color = MUTED
    theme.tick_color = "#e4e7ec"
    theme.zero_color = "#98a2b3"
    theme.legend_gap = 6
    theme.default_line_width = 2.5
    theme.default_dot_radius = 3.5
    return leather


@cache
def _markers() -> type:
    """Dots on a line's points without a second legend entry for them."""

    class Markers(_leather().Dots):  # type: ignore[misc]
        def legend_to_svg(self, series: Any, palette: Any) -> list[Any]:
            return []

    return Markers


@cache
def _exact_scale() -> type:
    """A linear scale that spans exactly its domain: leather's own widens it to ticks of its
    choosing, which would squeeze the months into the middle and leave the top empty."""

    class Exact(_leather().Linear):  # type: ignore[misc]
        def project(self, value: Number, range_min: Number, range_max: Number) -> Decimal:
            low, high = self._data_min, self._data_max
            share: Decimal = (Decimal(value) - low) / (high - low)
            return Decimal(range_min) + (Decimal(range_max) - Decimal(range_min)) * share

    return Exact


def value_ticks(values: Sequence[Number], count: int = 5) -> list[Number]:
    """Round ticks from zero past the largest value (0, 5, 10, 15): whole numbers for counts."""
    low = min(0, *values) if values else 0
    high = max(0, *values) if values else 0
    if high == low:
        high = low + 1
    raw = (high - low) / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if all(isinstance(v, int) for v in values):
        step = max(1, math.ceil(step))
    start = math.floor(low / step)
    stop = math.ceil(high / step)
    ticks = [round(i * step, 10) for i in range(start, stop + 1)]
    return [int(t) if float(t).is_integer() else t for t in ticks]


def spaced(labels: Sequence[str], width: float) -> list[int]:
    """Which labels an axis of ``width`` has room for, always the last (the latest month)."""
    if not labels:
        return []
    widest = max(len(label) for label in labels) * CHAR_WIDTH + 10
    step = max(1, math.ceil(widest / (width / len(labels))))
    last = len(labels) - 1
    return [i for i in range(len(labels)) if (last - i) % step == 0]


def _value_axis(chart: Any, values: Sequence[Number], fmt: Formatter, axis: str) -> None:
    ticks = value_ticks(values)
    getattr(chart, f"set_{axis}_scale")(_exact_scale()(ticks[0], ticks[-1]))
    getattr(chart, f"add_{axis}_axis")(ticks=ticks, tick_formatter=lambda v, _i, _n: fmt(v))


def lines(labels: Sequence[str], series: Sequence[Series], fmt: Formatter) -> ET.Element:
    leather = _leather()
    chart = leather.Chart()
    _value_axis(chart, [v for s in series for v in s.values], fmt, "y")
    # leather draws lines over numbers only: the points are 0, 1, 2… named by the labels.
    chart.set_x_scale(_exact_scale()(-0.5, len(labels) - 0.5))
    chart.add_x_axis(
        ticks=spaced(labels, PLOT_WIDTH * 0.8), tick_formatter=lambda i, _i, _n: labels[i]
    )
    markers = _markers()
    for colour, one in zip(PALETTE * len(series), series, strict=False):
        points = list(enumerate(one.values))
        chart.add_line(points, name=one.name, stroke_color=colour)
        chart.add_series(leather.Series(points), markers(fill_color=colour))
    return chart.to_svg_group(PLOT_WIDTH, PLOT_HEIGHT)  # type: ignore[no-any-return]


def columns(labels: Sequence[str], values: Sequence[Number], fmt: Formatter) -> ET.Element:
    leather = _leather()
    chart = leather.Chart()
    _value_axis(chart, values, fmt, "y")
    chart.add_x_axis(ticks=[labels[i] for i in spaced(labels, PLOT_WIDTH * 0.8)])
    chart.add_columns(list(zip(labels, values, strict=True)), fill_color=PALETTE[0])
    return chart.to_svg_group(PLOT_WIDTH, PLOT_HEIGHT)  # type: ignore[no-any-return]


def bars(
    labels: Sequence[str], shown: Sequence[str], values: Sequence[Number], fmt: Formatter
) -> tuple[ET.Element, int]:
    """Horizontal bars, the first label on top; ``shown`` are the (shortened) axis labels."""
    leather = _leather()
    chart = leather.Chart()
    _value_axis(chart, values, fmt, "x")
    short = dict(zip(labels, shown, strict=True))
    chart.add_y_axis(tick_formatter=lambda label, _i, _n: short[label])
    chart.add_bars(list(zip(values, labels, strict=True)), fill_color=PALETTE[0])
    height = len(labels) * BAR_SLOT + 2 * FONT_SIZE + 24
    return chart.to_svg_group(PLOT_WIDTH, height), height


def notice(text: str) -> tuple[ET.Element, int]:
    """A chart-sized panel that says there is nothing to draw yet."""
    height = 120
    group = ET.Element("g")
    ET.SubElement(group, "rect", x="0.5", y="0.5", width=str(WIDTH - 1), height=str(height - 1))
    group[0].attrib.update({"fill": "#f9fafb", "stroke": "#d0d5dd", "rx": "6"})
    label = ET.SubElement(group, "text", x=str(WIDTH // 2), y=str(height // 2), dy="0.35em")
    label.attrib.update(
        {"fill": MUTED, "font-family": FONT, "font-size": "16", "text-anchor": "middle"}
    )
    label.text = text
    return group, height


GEOMETRY = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "d")
DECIMAL = re.compile(r"-?\d+\.\d+")


def _rounded(match: re.Match[str]) -> str:
    return f"{float(match.group()):.1f}".removesuffix(".0")


def _tidy(body: ET.Element) -> None:
    """Coordinates to a tenth of a unit (leather computes in Decimal and writes 28 digits) and
    the common font said once on the root: half the bytes, no visible difference."""
    for element in body.iter():
        for name in GEOMETRY:
            value = element.get(name)
            if value is not None:
                element.set(name, DECIMAL.sub(_rounded, value))
        if element.get("font-family") == FONT:
            del element.attrib["font-family"]
        if element.get("font-size") == str(FONT_SIZE):
            del element.attrib["font-size"]


def svg(body: ET.Element, height: int, label: str, description: str) -> Markup:
    """The drawing in an ``<svg>`` a screen reader names (role, aria-label, title, desc) and
    a page scales by its viewBox; ElementTree escapes every label put in it."""
    root = ET.Element("svg", xmlns=SVG_NS, role="img")
    root.attrib.update(
        {
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "aria-label": label,
            "font-family": FONT,
            "font-size": str(FONT_SIZE),
        }
    )
    ET.SubElement(root, "title").text = label
    ET.SubElement(root, "desc").text = description
    _tidy(body)
    root.append(body)
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704 - serialised, escaped
