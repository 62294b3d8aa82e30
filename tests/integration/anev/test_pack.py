"""The monthly anev pack of Polsek A for September 2026 (the world of
:mod:`tests.integration.statistics.world`), on SQLite and PostgreSQL: the PDF read back says
the kop, the month in Indonesian, the area, the hand-worked figures, the escalated and the
overdue cases and the Kapolsek's signature block; the workbook has one sheet per table with
the same numbers, as numbers; the command line writes both; who may have it; hostile input."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mediasi.anev import document, lists
from mediasi.runtime import Runtime
from tests.conftest import sqlite_only
from tests.factories import World
from tests.integration.agreements.test_web import pdf_text
from tests.integration.statistics.world import MONTH, Built
from tests.integration.supervision.conftest import OpenAs
from tests.integration.test_cli import assert_one_line_error, run

PDF = f"/statistik/anev.pdf?month={MONTH}"
XLSX = f"/statistik/anev.xlsx?month={MONTH}"
SHEETS = [
    "Ringkasan",
    "Per wilayah",
    "Per petugas",
    "Per kategori",
    "12 bulan",
    "Eskalasi",
    "Lewat tenggat",
    "Forum kemitraan",
]
ESCALATED = ["STAT/001", "STAT/003", "STAT/004", "STAT/010"]  # A1-1, A1-3, A2-1, A1-6
OVERDUE = "STAT/009"  # A1-5


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_pdf_is_the_official_pack_with_the_hand_worked_figures(
    open_as: OpenAs, built: Built
) -> None:
    response = open_as("supervisor").get(PDF)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    for words in (
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "RESOR MALANG",
        "SEKTOR KEPANJEN",
        "ANALISA DAN EVALUASI (ANEV) BHABINKAMTIBMAS",
        "Bulan September 2026",
        "Wilayah : Kepanjen",
    ):
        assert words in text
    # Headline figures, this month beside August (opened 1, nothing closed).
    assert "Perkara dibuka 10 1" in text
    assert "Perkara ditutup 7 0" in text
    for figure in ("28,6%", "42,9%", "66,7%", "92,6%", "13,4"):
        assert figure in text
    for reference in [*ESCALATED, OVERDUE]:
        assert reference in text
    assert "Ngadilangkung 6 3 2 1" in text
    assert "Batas tanah 5 3 1" in text  # the cases by category
    assert "Kapolsek Kepanjen" in text
    assert "Pangkat / NRP" in text


def test_the_workbook_has_a_sheet_per_table_with_the_same_numbers(
    open_as: OpenAs, built: Built
) -> None:
    response = open_as("supervisor").get(XLSX)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == SHEETS
    summary = {row[0]: row[1:] for row in rows(book["Ringkasan"])}
    assert summary["Perkara dibuka"] == (10, 1)
    assert summary["Perkara ditutup"] == (7, 0)
    assert summary["Tingkat penyelesaian damai"][0] == pytest.approx(2 / 7)
    shares = {row[0].value: row[1].number_format for row in book["Ringkasan"].iter_rows()}
    assert shares["Tingkat penyelesaian damai"] == "0.0%"  # shown as 28.6%
    assert book["Ringkasan"]["A1"].font.bold
    desa = rows(book["Per wilayah"])
    assert desa[1:] == [("Ngadilangkung", 6, 3, 2, 1), ("Talangagung", 4, 4, 0, 0)]
    assert all(isinstance(n, int) for n in desa[1][1:])
    assert rows(book["Per kategori"])[1:3] == [
        ("Batas tanah", 5, 3, 1),
        ("Ketertiban umum", 2, 2, 0),
    ]
    assert [row[1] for row in rows(book["Eskalasi"])[1:]] == ESCALATED
    assert [row[1] for row in rows(book["Lewat tenggat"])[1:]] == [OVERDUE]


@sqlite_only  # layout and plumbing; the figures are read on both backends above
def test_the_pdf_prints_the_first_of_a_long_list_and_the_workbook_has_it_all(
    open_as: OpenAs, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document, "PRINTED_ROWS", 2)
    text = flat(pdf_text(open_as("supervisor").get(PDF).content))
    assert f"Dimuat 2 perkara pertama dari {len(ESCALATED)}; daftar lengkap ada di lembar" in text
    assert ESCALATED[1] in text
    assert ESCALATED[2] not in text
    book = load_workbook(io.BytesIO(open_as("supervisor").get(XLSX).content))
    assert [row[1] for row in rows(book["Eskalasi"])[1:]] == ESCALATED


def test_a_list_longer_than_the_pack_holds_says_how_long_it_is(
    open_as: OpenAs, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists, "LIMIT", 1)
    note = f"Dimuat 1 perkara pertama dari {len(ESCALATED)}; daftar lengkap ada di daftar perkara"
    text = flat(pdf_text(open_as("supervisor").get(PDF).content))
    assert note in text
    assert ESCALATED[0] in text
    assert ESCALATED[1] not in text
    book = load_workbook(io.BytesIO(open_as("supervisor").get(XLSX).content))
    sheet = rows(book["Eskalasi"])
    assert [row[1] for row in sheet[1:-1]] == ESCALATED[:1]
    assert str(sheet[-1][0]).startswith(note)
    assert "Dimuat" not in str(rows(book["Lewat tenggat"]))  # one overdue: given whole


def test_a_polres_supervisor_has_the_pack_of_a_polsek_beneath(
    open_as: OpenAs, built: Built
) -> None:
    response = open_as("polres_supervisor").get(XLSX + "&area=KEPANJEN")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert {row[0]: row[1] for row in rows(book["Ringkasan"])}["Perkara dibuka"] == 10


@sqlite_only  # layout and plumbing; the figures are read on both backends above
def test_a_polres_pack_is_headed_by_the_polres_and_signed_by_its_kasat_binmas(
    open_as: OpenAs, built: Built
) -> None:
    response = open_as("polres_supervisor").get(PDF)
    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    assert "RESOR MALANG" in text
    assert "SEKTOR" not in text
    assert "Wilayah : Malang" in text
    assert "Wadung" in text  # every desa of the Polres side by side
    assert "Kasat Binmas Polres Malang" in text


@pytest.mark.parametrize("who", ["officer", "tokoh", "admin"])
def test_only_supervisors_have_the_pack(open_as: OpenAs, who: str) -> None:
    assert open_as(who).get(PDF).status_code == 403
    assert open_as(who).get(XLSX).status_code == 403


def test_an_area_out_of_reach_is_not_found(open_as: OpenAs) -> None:
    assert open_as("supervisor_b").get(PDF + "&area=KEPANJEN").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "month=2026-13",
        "month=september",
        "month=" + "9" * 5000,
        "month=2026-09%00",
        "month=1899-01",
        "month=2026-09&area=%3Cscript%3E",
        "month=2026-09&area=" + "A" * 5000,
        "month=2026-09&area=NOWHERE",
    ],
)
@pytest.mark.parametrize("path", ["/statistik/anev.pdf", "/statistik/anev.xlsx"])
def test_hostile_input_is_refused_clearly(open_as: OpenAs, path: str, query: str) -> None:
    response = open_as("supervisor").get(f"{path}?{query}")
    assert 400 <= response.status_code < 500, response.text[:300]


def test_a_wrong_month_is_said_in_words(open_as: OpenAs) -> None:
    response = open_as("supervisor").get("/statistik/anev.pdf?month=2026-13")
    assert response.status_code == 422
    assert "2026-11" in response.text  # "tulis seperti 2026-11"


def test_the_statistics_page_offers_the_pack_of_the_month_shown(
    open_as: OpenAs, built: Built
) -> None:
    page = open_as("supervisor").get(f"/statistik?period=month&value={MONTH}").text
    assert "Unduh paket anev (PDF)" in page
    assert f"/statistik/anev.pdf?month={MONTH}&amp;area=KEPANJEN" in page
    officer = open_as("officer").get(f"/statistik?period=month&value={MONTH}").text
    assert "paket anev" not in officer


@sqlite_only  # layout and plumbing; the figures are read on both backends above
def test_the_command_writes_both_files(
    database_url: str, runtime: Runtime, built: Built, tmp_path: Path
) -> None:
    result = run(
        database_url, "report", "monthly", "--area", "KEPANJEN", "--month", MONTH,
        "--out", str(tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.stdout.split()]
    assert [p.suffix for p in paths] == [".pdf", ".xlsx"]
    assert "Bulan September 2026" in flat(pdf_text(paths[0].read_bytes()))
    book = load_workbook(paths[1])
    assert {row[0]: row[1] for row in rows(book["Ringkasan"])}["Perkara dibuka"] == 10


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--area", "KEPANJEN", "--month", "2026-13"), "2026-11"),
        (("--area", "NOWHERE", "--month", MONTH), "NOWHERE"),
    ],
)
def test_the_command_refuses_a_bad_month_or_area(
    database_url: str, runtime: Runtime, world: World, args: tuple[str, ...], said: str
) -> None:
    assert_one_line_error(run(database_url, "report", "monthly", *args), said)
