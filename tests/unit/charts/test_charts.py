"""The charts a supervisor reads: accessible, script-free, in Indonesian numbers and months,
with every drawn number also in the table under the chart."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from mediasi.charts import Chart, Series, bar_chart, line_chart, months
from mediasi.charts.drawing import value_ticks
from mediasi.charts.labels import axis_labels
from tests.charts import (
    DESA,
    MONTHS,
    PER_DESA,
    REPORTED,
    ROOT,
    by_desa,
    by_month_columns,
    environment,
    page,
    year_trend,
)

NS = {"svg": "http://www.w3.org/2000/svg"}


def parsed(chart: Chart) -> ET.Element:
    """The SVG as an XML parser reads it: a malformed one (a label not escaped) fails here."""
    return ET.fromstring(str(chart.svg))


def texts(chart: Chart) -> list[str]:
    return [t.text or "" for t in parsed(chart).iter(f"{{{NS['svg']}}}text")]


@pytest.mark.parametrize("make", [year_trend, by_desa, by_month_columns])
def test_a_chart_is_named_for_screen_readers_and_carries_nothing_active(make) -> None:  # type: ignore[no-untyped-def]
    chart = make()
    root = parsed(chart)
    assert root.get("role") == "img"
    assert root.get("aria-label") == chart.title
    assert root.findtext("svg:title", namespaces=NS) == chart.title
    assert root.findtext("svg:desc", namespaces=NS) == chart.description
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    markup = str(chart.svg).lower()
    for banned in ("<script", "javascript:", "<style", "style=", " on", "href", "url("):
        assert banned not in markup, banned
    # The only URL is the SVG namespace: no font, image or CDN is fetched.
    assert re.findall(r"https?://[^\"' ]+", markup) == ["http://www.w3.org/2000/svg"]


def test_a_year_trend_has_every_month_and_value_in_its_table_in_indonesian() -> None:
    chart = year_trend()
    rows = chart.table.rows
    assert [row.label for row in rows] == [
        "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "Mei 2026", "Jun 2026",
        "Jul 2026", "Agu 2026", "Sep 2026", "Okt 2026", "Nov 2026", "Des 2026",
    ]  # fmt: skip
    assert chart.table.headings == ("Dilaporkan", "Selesai damai")
    assert rows[8].cells == ("1.234", "800")
    assert [row.cells[0] for row in rows] == [f"{v:,}".replace(",", ".") for v in REPORTED]
    drawn = texts(chart)
    assert "Des 2026" in drawn  # the latest month is always labelled on the axis
    assert "1.500" in drawn  # the value axis in Indonesian thousands
    assert {"Dilaporkan", "Selesai damai"} <= set(drawn)  # the legend
    assert "Jan 2026" in chart.description
    assert "Des 2026" in chart.description


def test_a_year_trend_draws_a_line_and_a_dot_for_each_series() -> None:
    root = parsed(year_trend())
    lines = root.findall(".//svg:g[@class='series lines']/svg:path", NS)
    assert len({line.get("stroke") for line in lines}) == 2  # two colours for two series
    assert len(root.findall(".//svg:circle", NS)) == 2 * 12


def test_months_and_numbers_follow_the_reader_language() -> None:
    chart = year_trend("en")
    assert chart.description == (
        "Line chart, 12 points from Jan 2026 to Dec 2026: Dilaporkan, Selesai damai."
    )
    assert chart.table.label_heading == "Month"
    assert texts(bar_chart("Cases", [], [], lang="en")) == ["No data yet"]
    assert chart.table.rows[-1].label == "Dec 2026"
    assert chart.table.rows[8].cells[0] == "1,234"
    assert "1,500" in texts(chart)
    assert months(MONTHS[4:5], "id") == ["Mei 2026"]


def test_thirty_long_desa_names_become_horizontal_bars_in_the_given_order() -> None:
    chart = by_desa()
    root = parsed(chart)
    bars = root.findall(".//svg:g[@class='series bars']/svg:rect", NS)
    assert len(bars) == 30
    top_down = sorted(bars, key=lambda bar: float(bar.get("y", "0")))
    widths = [float(bar.get("width", "0")) for bar in top_down]
    assert widths == sorted(widths, reverse=True)  # the first desa's (biggest) count on top
    ticks = root.findall(".//svg:g[@class='axis left']//svg:text", NS)
    labels = [t.text or "" for t in sorted(ticks, key=lambda t: float(t.get("y", "0")))]
    assert len(set(labels)) == 30
    assert all(len(label) <= 20 for label in labels)
    # In the table's order, cut in the middle where three desa of one name would read alike.
    assert labels[:2] == ["Sukamaju Kid…Cibadak", "Cibeber Keca…Cibadak"]
    assert labels[-1] == "Mulyasari Kec…Cisaat"
    assert [row.label for row in chart.table.rows] == DESA  # the table keeps the full names
    assert next(row.cells for row in chart.table.rows) == ("1.200",)
    assert chart.table.label_heading == "Desa"
    assert int(root.get("height", "0")) > 30 * 20  # room for every bar: it grows with them


def test_a_few_short_labels_stand_as_columns() -> None:
    root = parsed(by_month_columns())
    assert len(root.findall(".//svg:g[@class='series columns']/svg:rect", NS)) == 6
    assert not root.findall(".//svg:g[@class='series bars']", NS)


HOSTILE = ['<script>alert("x")</script>', "Tom & Jerry", 'Desa "Kutip" d\'Arc', "]]><!--"]


def test_hostile_labels_are_text_not_markup() -> None:
    bars = bar_chart('<b>judul</b> & "kutip"', HOSTILE, [4, 3, 2, 1])
    trend = line_chart("Tren", HOSTILE, [Series.of("<img src=x onerror=alert(1)>", [1, 2, 3, 4])])
    for chart in (bars, trend):
        markup = str(chart.svg)
        assert "<script" not in markup
        assert "<img" not in markup
        assert "<!--" not in markup
        # It parses (the labels did not break the XML) and says the title as written.
        assert parsed(chart).get("aria-label") == chart.title
    assert parsed(bars).findtext("svg:title", namespaces=NS) == '<b>judul</b> & "kutip"'
    assert "Tom & Jerry" in texts(bars)
    assert "<img src=x onerror=alert(1)>" in texts(trend)  # the legend shows it as written
    html = environment().get_template("charts/_chart.html").module.chart_figure(bars)  # type: ignore[attr-defined]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>judul</b>" not in html


@pytest.mark.parametrize(
    "chart",
    [
        bar_chart("Perkara per desa", [], []),
        line_chart("Perkara per bulan", [], []),
        line_chart("Perkara per bulan", months(MONTHS, "id"), []),
    ],
)
def test_no_data_draws_a_clear_notice_not_a_crash(chart: Chart) -> None:
    assert chart.empty
    assert texts(chart) == ["Belum ada data"]
    assert parsed(chart).get("aria-label") == chart.title
    html = page([chart])
    assert "Belum ada data" in html
    assert "<table" not in html


def test_all_zero_counts_still_draw_an_axis() -> None:
    chart = bar_chart("Perkara per desa", ["Cibeber", "Sukamaju"], [0, 0])
    assert not chart.empty
    assert {"0", "1"} <= set(texts(chart))
    assert [row.cells for row in chart.table.rows] == [("0",), ("0",)]


def test_counts_get_whole_round_ticks_past_the_largest_value() -> None:
    assert value_ticks([0, 1, 3]) == [0, 1, 2, 3]
    assert value_ticks([1234]) == [0, 500, 1000, 1500]
    assert value_ticks([0.35, 0.1]) == [0, 0.1, 0.2, 0.3, 0.4]
    assert value_ticks([-3, 4]) == [-4, -2, 0, 2, 4]


def test_a_series_must_have_a_value_for_every_label() -> None:
    with pytest.raises(ValueError, match="3 values, not 2"):
        line_chart("Tren", ["Jan 2026", "Feb 2026"], [Series.of("Masuk", [1, 2, 3])])
    with pytest.raises(ValueError, match="2 values for 1 categories"):
        bar_chart("Desa", ["Cibeber"], [1, 2])


def test_the_figure_shows_the_title_the_drawing_and_the_numbers_under_it() -> None:
    html = page([by_desa()])
    assert "<figcaption>Perkara per desa</figcaption>" in html
    assert html.index("<svg") < html.index("<table")
    assert '<details class="chart-numbers">' in html  # folded on screen
    assert html.count('<td data-label="Jumlah">') == len(DESA)
    for desa, value in zip(DESA, PER_DESA, strict=True):
        assert (
            f'<th scope="row">{desa}</th><td data-label="Jumlah">{value:,}</td>'.replace(",", ".")
            in html
        )
    assert '<details class="chart-numbers" open>' in page([by_desa()], open=True)


def test_the_chart_library_is_loaded_only_when_a_chart_is_drawn() -> None:
    """The app starts (and most requests run) without paying for the drawing library."""
    probe = (
        "import sys, mediasi.charts, mediasi.app\n"
        "assert 'leather' not in sys.modules, 'imported at start-up'\n"
        "mediasi.charts.bar_chart('t', ['a'], [1])\n"
        "assert 'leather' in sys.modules\n"
    )
    env = {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    subprocess.run([sys.executable, "-c", probe], check=True, env=env, cwd=ROOT)


def test_long_names_are_cut_to_stay_readable_and_apart() -> None:
    assert axis_labels(["Sukamaju", "Karangtengah Pasir Wetan Jaya"], 20) == [
        "Sukamaju",
        "Karangtengah Pasir…",
    ]
    twins = ["Sukamaju Kidul Kecamatan Cibadak", "Sukamaju Kidul Kecamatan Cisaat"]
    assert axis_labels(twins, 20) == ["Sukamaju Kid…Cibadak", "Sukamaju Kidu…Cisaat"]
    assert axis_labels(["Cibeber", "Cibeber"], 20) == ["Cibeber", "Cibeber (2)"]
