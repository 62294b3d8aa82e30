"""Indonesian words for the document: numbers spelled out, rupiah, dates and days."""

from __future__ import annotations

from datetime import date

import pytest

from mediasi.agreements.wording import hari, rupiah, rupiah_in_words, tanggal, terbilang


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (100, "seratus"),
        (101, "seratus satu"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2500, "dua ribu lima ratus"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (1_500_000, "satu juta lima ratus ribu"),
        (2_000_000_000, "dua miliar"),
        (1_000_000_000_000, "satu triliun"),
        (-5, "minus lima"),
    ],
)
def test_terbilang(number: int, words: str) -> None:
    assert terbilang(number) == words


def test_rupiah() -> None:
    assert rupiah(1_500_000) == "Rp 1.500.000"
    assert rupiah(500) == "Rp 500"
    assert rupiah_in_words(250_000) == "Rp 250.000 (dua ratus lima puluh ribu rupiah)"


def test_dates_and_days() -> None:
    assert tanggal(date(2026, 11, 24)) == "24 November 2026"
    assert tanggal(date(2027, 2, 1)) == "1 Februari 2027"
    assert hari(date(2026, 11, 24)) == "Selasa"
    assert hari(date(2026, 11, 29)) == "Minggu"
