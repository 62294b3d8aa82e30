"""Charts in a real browser under the app's own security headers (a CSP without inline style
or script): nothing refused in the console, nothing wider than a phone, labels legible."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar, MediaType, get
from litestar.static_files import create_static_files_router
from playwright.sync_api import Browser, Page, expect

from mediasi.charts import bar_chart
from mediasi.web.security import CSP, security_headers
from tests.browser.conftest import DESKTOP, PHONE, console_errors, open_page, serving
from tests.charts import ROOT, by_desa, page, year_trend

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-a")]
SHOTS = os.environ.get("MEDIASI_SCREENSHOTS")  # a folder for screenshots a person looks at
STYLES = ("/static/vendor/pico.min.css", "/static/app.css")


@get("/", media_type=MediaType.HTML, sync_to_thread=False)
def charts_page() -> str:
    return page([year_trend(), by_desa(), bar_chart("Perkara bulan ini", [], [])], STYLES)


@pytest.fixture(scope="module")
def chart_server() -> Iterator[str]:
    """A throwaway app with just the chart page and the real stylesheets and headers."""
    app = Litestar(
        [
            charts_page,
            create_static_files_router("/static", directories=[ROOT / "src/mediasi/static"]),
        ],
        before_send=[security_headers(https=False)],
    )
    with serving(app) as url:
        yield url


def _smallest_font_px(page: Page) -> float:
    """The smallest drawn label's font size on screen, in CSS pixels (the viewBox scales it)."""
    sizes: list[float] = page.eval_on_selector_all(
        "figure.chart svg text",
        """texts => texts.map(t => {
            const svg = t.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(t).fontSize) * scale;
        })""",
    )
    return min(sizes)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_charts_render_under_the_csp_and_fit_the_screen(
    browser: Browser, chart_server: str, viewport: dict[str, int]
) -> None:
    view = open_page(browser, viewport)
    response = view.goto(chart_server)
    assert response is not None
    assert response.headers["content-security-policy"] == CSP
    figures = view.locator("figure.chart")
    expect(figures).to_have_count(3)
    expect(figures.nth(0).locator("figcaption")).to_have_text("Perkara per bulan")
    expect(view.get_by_role("img", name="Perkara per desa")).to_be_visible()
    expect(figures.nth(2)).to_contain_text("Belum ada data")
    assert view.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for i in range(2):
        svg = figures.nth(i).locator("svg").bounding_box()
        assert svg is not None
        assert svg["width"] <= viewport["width"]
    # The colours come from attributes the CSP allows: the line is blue, not the black of a
    # refused stylesheet.
    stroke = view.eval_on_selector("g.series.lines path", "path => getComputedStyle(path).stroke")
    assert stroke == "rgb(0, 114, 178)"
    assert _smallest_font_px(view) >= 11  # still readable on a 360 px phone
    # The numbers fold under the chart and open with a tap.
    table = figures.nth(1).locator("table")
    expect(table).to_be_hidden()
    figures.nth(1).locator("summary").click()
    expect(table.locator("tbody tr")).to_have_count(30)
    expect(table.locator("tbody tr").first).to_contain_text("Sukamaju Kidul Kecamatan Cibadak")
    assert view.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        view.screenshot(path=str(Path(SHOTS) / f"charts-{viewport['width']}.png"), full_page=True)
    assert console_errors(view) == []
    view.context.close()
