"""Hostile query strings on ``/statistik`` and ``/api/statistics``: each is refused in words
the reader can act on (beside its filter on the page), never with a 500."""

from __future__ import annotations

import html

import pytest

from tests.integration.supervision.conftest import OpenAs
from tests.integration.web.conftest import field_error

URLS = ("/statistik", "/api/statistics")
OUT_OF_RANGE = "Tanggal harus antara 2000-01-01 dan 2099-12-31."

HOSTILE = [
    # (query, the filter the page shows it beside or None for the top, the message)
    ("period=week", "period", "Pilihan tidak dikenal."),
    ("period=month&value=2026-13", "value", "Periode tidak sah; tulis seperti 2026-11."),
    ("period=quarter&value=2026-Q5", "value", "Periode tidak sah; tulis seperti 2026-Q4."),
    ("period=quarter&value=2026-11", "value", "Periode tidak sah; tulis seperti 2026-Q4."),
    ("period=year&value=1999", "value", OUT_OF_RANGE),
    ("period=year&value=99999999999999999999", "value", "Terlalu panjang."),
    ("period=month&value=-1", "value", "Periode tidak sah; tulis seperti 2026-11."),
    ("period=range", None, "Periode dari–sampai memerlukan tanggal awal dan akhir."),
    ("period=range&start=2026-12-31&end=2026-12-01", None, "Tanggal akhir sebelum tanggal awal."),
    ("period=range&start=2025-01-01&end=2026-12-31", None, "Paling lama satu tahun."),
    ("period=range&start=0001-01-01&end=2026-12-31", None, OUT_OF_RANGE),
    ("period=range&start=1767225600&end=2026-12-31", "start", "Tanggal tidak sah"),
    ("area=" + "X" * 5000, None, "Terlalu panjang."),
    ("workflow=tidak_ada", "workflow", "Alur kerja tidak dikenal."),
    ("workflow=../../etc", "workflow", "Formatnya tidak sesuai."),
    ("category=tidak_ada", "category", "Kategori tidak dikenal."),
    ("workflow=pengaduan&category=batas_tanah", "category", "Kategori tidak dikenal."),
    ("bulan=12", None, "Isian ini tidak dikenal."),
]


@pytest.mark.parametrize(("query", "field", "message"), HOSTILE)
def test_a_wrong_filter_is_refused_in_words(
    open_as: OpenAs, query: str, field: str | None, message: str
) -> None:
    web = open_as("supervisor")
    page, api = (web.get(f"{url}?{query}") for url in URLS)
    assert page.status_code == 422
    assert message in html.unescape(page.text)
    if field is not None:
        assert message in html.unescape(field_error(page.text, field) or "")
    assert 'id="statistics-figures"' not in page.text
    assert api.status_code == 422
    assert api.headers["content-type"].startswith("application/problem+json")
    assert message in str(api.json())


def test_the_refusal_is_in_the_reader_s_language(open_as: OpenAs) -> None:
    web = open_as("supervisor")
    web.get("/lang/en")
    page = web.get("/statistik?period=month&value=2026-13")
    assert page.status_code == 422
    assert "2026-11" in page.text
    assert "Periode tidak sah" not in page.text


def test_blank_filters_are_the_current_month_everywhere(open_as: OpenAs) -> None:
    page = open_as("supervisor").get("/statistik?period=&value=&area=&workflow=&category=")
    assert page.status_code == 200
    assert 'id="statistics-figures"' in page.text


@pytest.mark.parametrize(
    "query",
    ["value=%FF%FE", "area=%C3", "area=KEPANJEN%00", "category=%00", "workflow=%09sengketa"],
)
def test_bytes_no_filter_holds_are_refused(open_as: OpenAs, query: str) -> None:
    web = open_as("supervisor")
    for url in URLS:
        answer = web.get(f"{url}?{query}")
        assert answer.status_code == 400, url
