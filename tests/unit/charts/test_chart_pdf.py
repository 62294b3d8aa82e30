"""The same charts in a PDF (the monthly pack): WeasyPrint draws the inline SVG, its text is
real text in the PDF, and its bars keep their colour on paper."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint import CSS, HTML

from mediasi.charts.drawing import PALETTE
from tests.charts import ROOT, by_desa, page, year_trend

APP_CSS = ROOT / "src" / "mediasi" / "static" / "app.css"


def pdf_of(html: str) -> bytes:
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(APP_CSS))])
    return pdf


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_drawing_alone_puts_its_labels_in_the_pdf() -> None:
    """Only the SVG, no table: what the PDF says, the drawing wrote."""
    text = text_of(pdf_of(f"<body>{by_desa().svg}{year_trend().svg}</body>"))
    assert "Sukamaju Kid…Cibadak" in text  # a shortened axis label: it is in no table
    assert "1.500" in text  # a tick of the value axis
    assert "Des 2026" in text
    assert "Selesai damai" in text  # the legend


def test_a_figure_in_a_pdf_has_its_title_and_its_numbers_open() -> None:
    text = text_of(pdf_of(page([year_trend(), by_desa()], open=True)))
    assert "Perkara per bulan" in text
    assert "Perkara per desa" in text
    assert "Mulyasari Kecamatan Cisaat" in text  # a full name, from the table
    assert "1.234" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_bars_print_in_the_chart_colour(tmp_path: Path) -> None:
    (tmp_path / "chart.pdf").write_bytes(pdf_of(f"<body>{by_desa().svg}</body>"))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "chart.pdf", "page"],
        check=True,
        cwd=tmp_path,
    )
    picture = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    blue = tuple(int(PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    colours = picture.getcolors(maxcolors=1 << 24) or []
    painted = sum(
        count
        for count, colour in colours
        if all(abs(a - b) < 12 for a, b in zip(colour, blue, strict=True))
    )
    assert painted > 2000  # thirty bars' worth of the first palette colour, not black
