"""The pack's pure parts: the letterhead's unit names, numbers and file names, which step
issues which document, and the canonical text each document's digest covers."""

from __future__ import annotations

from typing import Any

import pytest

from mediasi.agreements.canonical import digest_of
from mediasi.agreements.letterhead import kop_line
from mediasi.restorative.kinds import BY_KEY, KINDS, file_name, issued_by, number_of
from mediasi.restorative.texts import PERPOL_6, PERPOL_16, UU_80, document_text

VICTIM = {"name": "Darto Santoso", "nik": "3507010101010001", "address": "RT 02 RW 01"}
OFFENDER = {"name": "Slamet Wibowo", "nik": None, "address": None}
COMMON: dict[str, Any] = {
    "nomor": "RJ/KEPANJEN/2026/0001/X",
    "reference": "RJ/KEPANJEN/2026/0001",
    "kop": ["KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH JAWA TIMUR"],
    "offence": "Pasal 476 KUHP (pencurian)",
    "victims": [VICTIM],
    "offenders": [OFFENDER],
    "officer": {"name": "Bripka Agus Setiawan", "title": "Bhabinkamtibmas Ngadilangkung"},
    "place": "Balai desa",
    "dated_words": "11 Mei 2026",
}
CONTENTS: dict[str, dict[str, Any]] = {
    "permohonan": {"addressee": "Kapolsek Kepanjen"},
    "klarifikasi": {
        "when_words": "Senin, tanggal 11 Mei 2026, pukul 09.00 WIB",
        "victim_account": "Sepeda diambil.",
        "offender_account": "Terlapor mengaku.",
        "record": "Para pihak membenarkan.",
        "checklist": [
            {"label": "Ancaman berat?", "source": "UU 20/2025 Pasal 80", "answer": "Tidak"}
        ],
        "note": "",
        "written_requests": "Sudah diterima dari korban dan terlapor.",
    },
    "pemulihan": {
        "agreement": {"number": 1, "code": "ABCDE-FGHIJ"},
        "terms": [
            {
                "article": 1,
                "kind": "Pembayaran",
                "description": "Mengganti kerugian",
                "amount": "Rp 1.500.000 (satu juta lima ratus ribu rupiah)",
                "obligor": "Slamet Wibowo",
                "status": "telah dipenuhi, 12 Mei 2026",
            }
        ],
        "restoration": "Sepeda dikembalikan.",
    },
    "persetujuan": {
        "approver": {"name": "AKP Hadi", "title": "Kapolsek Kepanjen"},
        "decision_note": "",
        "basis": [UU_80 + "."],
        "victims": [{"name": "Darto Santoso"}],
        "offenders": [{"name": "Slamet Wibowo"}],
    },
}


def content(kind: str, **changes: Any) -> dict[str, Any]:
    return {**COMMON, "kind": kind, "title": BY_KEY[kind].title, **CONTENTS[kind], **changes}


@pytest.mark.parametrize(
    ("level", "name", "line"),
    [
        ("polda", "Polda Jawa Timur", "DAERAH JAWA TIMUR"),
        ("polres", "Polres Malang", "RESOR MALANG"),
        ("polsek", "Kepanjen", "SEKTOR KEPANJEN"),
        ("desa", "Ngadilangkung", "NGADILANGKUNG"),
    ],
)
def test_a_unit_is_named_as_a_letterhead_names_it(level: str, name: str, line: str) -> None:
    assert kop_line(level, name) == line


def test_numbers_files_and_the_steps_that_issue_them() -> None:
    klarifikasi = BY_KEY["klarifikasi"]
    assert number_of("RJ/KEPANJEN/2026/0001", klarifikasi) == "RJ/KEPANJEN/2026/0001/BA-KLR"
    assert (
        file_name("RJ/KEPANJEN/2026/0001", klarifikasi) == "klarifikasi-RJ-KEPANJEN-2026-0001.pdf"
    )
    assert [k.key for k in issued_by("clarify")] == ["permohonan", "klarifikasi"]
    assert [k.key for k in issued_by("restore")] == ["pemulihan"]
    assert [k.key for k in issued_by("approve")] == ["persetujuan"]
    assert issued_by("agree") == ()
    assert len({k.suffix for k in KINDS}) == len(KINDS)


@pytest.mark.parametrize(
    ("kind", "cited"),
    [
        ("permohonan", [UU_80]),
        ("klarifikasi", [PERPOL_16, UU_80]),
        ("pemulihan", [PERPOL_6]),
        ("persetujuan", [UU_80]),
    ],
)
def test_each_text_names_its_parties_and_cites_its_articles(kind: str, cited: list[str]) -> None:
    text = document_text(content(kind))
    assert text == document_text(content(kind))  # the same content, the same bytes
    assert "Darto Santoso" in text
    assert "Slamet Wibowo" in text
    assert COMMON["nomor"] in text
    for article in cited:
        assert article in text


def test_the_restoration_and_the_identities_are_in_the_text() -> None:
    text = document_text(content("pemulihan"))
    assert "Rp 1.500.000 (satu juta lima ratus ribu rupiah)" in text
    assert "telah dipenuhi, 12 Mei 2026" in text
    assert "NIK: 3507010101010001" in text
    assert "3507010101010001" not in document_text(content("persetujuan"))


def test_any_change_to_what_a_document_says_changes_its_digest() -> None:
    base = digest_of(document_text(content("klarifikasi")))
    assert digest_of(document_text(content("klarifikasi", record="Lain."))) != base
    assert digest_of(document_text(content("klarifikasi", victims=[OFFENDER]))) != base
