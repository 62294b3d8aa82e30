"""Hostile query strings on the restorative justice report's page, JSON and download: each
is refused in words the reader can act on (beside the date on the page), never with a 500."""

from __future__ import annotations

import html

import pytest

from tests.integration.supervision.conftest import OpenAs, open_as, timed  # noqa: F401
from tests.integration.web.conftest import field_error

URLS = ("/rj/laporan", "/api/rj/report", "/rj/laporan/unduh")
NOT_A_DAY = "Tanggal tidak sah"
OUT_OF_RANGE = "Tanggal harus antara 2000-01-01 dan 2099-12-31."

HOSTILE = [
    # (query, the field the page shows it beside or None for the top, the message)
    ("start=2026-13-01&end=2026-12-31", "start", NOT_A_DAY),
    ("start=2026-02-30", "start", NOT_A_DAY),
    ("start=2026-12-31&end=2026-12-01", None, "Tanggal akhir sebelum tanggal awal."),
    ("start=2025-01-01&end=2026-12-31", None, "Paling lama satu tahun."),
    ("start=0001-01-01&end=2026-12-31", None, OUT_OF_RANGE),
    ("start=9999-12-31&end=9999-12-31", None, OUT_OF_RANGE),
    ("start=99999999999999999999999999", "start", NOT_A_DAY),
    ("start=1767225600", "start", NOT_A_DAY),  # a timestamp is no date as typed
    ("end=-1", "end", NOT_A_DAY),
    ("start=" + "9" * 5000, "start", NOT_A_DAY),
    ("bulan=12", None, "Isian ini tidak dikenal."),
]


@pytest.mark.parametrize(("query", "field", "message"), HOSTILE)
def test_a_wrong_period_is_refused_in_words(
    open_as: OpenAs,  # noqa: F811
    query: str,
    field: str | None,
    message: str,
) -> None:
    web = open_as("supervisor")
    page, api, download = (web.get(f"{url}?{query}") for url in URLS)
    assert page.status_code == 422
    shown = html.unescape(page.text)
    assert message in shown
    if field is not None:
        assert message in html.unescape(field_error(page.text, field) or "")
    assert 'id="rj-total"' not in page.text  # no figures for a period not asked for
    assert api.status_code == 422
    assert api.headers["content-type"].startswith("application/problem+json")
    assert message in str(api.json())
    assert download.status_code == 422
    assert message in html.unescape(download.text)


def test_a_blank_date_is_the_current_month_s(open_as: OpenAs) -> None:  # noqa: F811
    web = open_as("supervisor")
    page = web.get("/rj/laporan?start=&end=")
    assert page.status_code == 200
    assert 'id="rj-total"' in page.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=%FF%FE", "bukan teks UTF-8 yang sah"),
        ("end=2026-12-%C3", "bukan teks UTF-8 yang sah"),
        ("start=2026-12-01%00", "berisi karakter yang tidak sah"),
        ("end=%00", "berisi karakter yang tidak sah"),
        ("start=%092026-12-01", "berisi karakter yang tidak sah"),
    ],
)
def test_bytes_no_date_holds_are_refused_before_the_report(
    open_as: OpenAs,  # noqa: F811
    query: str,
    message: str,
) -> None:
    web = open_as("supervisor")
    for url in URLS:
        answer = web.get(f"{url}?{query}")
        assert answer.status_code == 400, url
        assert message in answer.text, url
