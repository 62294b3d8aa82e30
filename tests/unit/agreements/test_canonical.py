"""The canonical text, its digest and the verification code: deterministic, complete, and
changed by any change of what was agreed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from mediasi.agreements.canonical import (
    CODE_LENGTH,
    WITHHELD,
    canonical_text,
    clean,
    digest_of,
    format_code,
    normalise_code,
    redacted,
    verification_code,
)

AGREEMENT = UUID("6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab")


@dataclass(frozen=True)
class Term:
    position: int
    obligor: str
    obligor_name: str
    kind: str
    description: str
    amount: int | None
    instalments: int | None
    due_date: date


def content(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "reference": "MED/KEPANJEN/2026/0007",
        "number": 2,
        "desa": "Desa Ngadilangkung",
        "place": "Balai Desa Ngadilangkung",
        "chronology": "Patok batas sawah dipindah.\nTerlapor mengakui.",
        "restitution": "Pelapor menerima ganti rugi tanaman.",
        "parties": [
            {
                "key": "party:a",
                "role": "complainant",
                "name": "Darto Santoso",
                "nik": "3507010101010001",
                "address": "RT 02 RW 01",
            },
            {
                "key": "party:b",
                "role": "respondent",
                "name": "Slamet Wibowo",
                "nik": None,
                "address": None,
            },
            {
                "key": "party:c",
                "role": "victim",
                "name": "Sri Lestari",
                "nik": None,
                "address": None,
            },
        ],
        "tokoh": [
            {"key": "tokoh:x", "role": "mediator", "name": "KH. Abdul Rohman", "title": "Imam"},
            {"key": "tokoh:y", "role": "witness", "name": "Pak Suwarno", "title": None},
        ],
        "officer": {"name": "Bripka Agus Setiawan", "title": "Bhabinkamtibmas Ngadilangkung"},
        "dated": "2026-11-24",
    }
    base.update(overrides)
    return base


TERMS = [
    Term(
        1,
        "party:b",
        "Slamet Wibowo",
        "payment",
        "Membayar ganti rugi",
        1_500_000,
        3,
        date(2026, 12, 31),
    ),
    Term(2, "all", "Para pihak", "cease", "Tidak saling mengganggu", None, None, date(2027, 1, 15)),
]


def test_the_text_holds_every_part_of_the_agreement() -> None:
    text = canonical_text(content(), TERMS)
    expected = [
        "KESEPAKATAN PERDAMAIAN",
        "Nomor perkara: MED/KEPANJEN/2026/0007",
        "Versi naskah: 2",
        "Pada hari ini Selasa, tanggal 24 November 2026, bertempat di Balai Desa Ngadilangkung",
        "PIHAK PERTAMA:",
        "1. Nama: Darto Santoso",
        "   NIK: 3507010101010001",
        "   Alamat: RT 02 RW 01",
        "PIHAK KEDUA:",
        "1. Nama: Slamet Wibowo",
        "KORBAN:",
        "KRONOLOGI SINGKAT",
        "Patok batas sawah dipindah.\nTerlapor mengakui.",
        "Pasal 1 — Pembayaran",
        "Slamet Wibowo (Pihak Kedua) wajib: Membayar ganti rugi",
        "Jumlah: Rp 1.500.000 (satu juta lima ratus ribu rupiah), dibayar dalam 3 kali angsuran.",
        "Paling lambat: 31 Desember 2026.",
        "Pasal 2 — Penghentian kegiatan",
        "Para pihak wajib: Tidak saling mengganggu",
        "Paling lambat: 15 Januari 2027.",
        "Pasal 3 — Restitusi bagi korban",
        "Pelapor menerima ganti rugi tanaman.",
        "Pasal 4 — Penutup",
        "SAKSI-SAKSI (TOKOH MASYARAKAT):",
        "1. KH. Abdul Rohman, Imam — Mediator",
        "2. Pak Suwarno — Saksi",
        "MENGETAHUI:",
        "Bhabinkamtibmas Ngadilangkung: Bripka Agus Setiawan",
    ]
    for part in expected:
        assert part in text, part
    assert text.endswith("\n")
    assert "\r" not in text


def test_the_order_of_terms_given_does_not_matter_their_positions_do() -> None:
    assert canonical_text(content(), TERMS) == canonical_text(content(), list(reversed(TERMS)))


def test_the_same_content_always_gives_the_same_bytes_and_digest() -> None:
    first = canonical_text(content(), TERMS)
    again = canonical_text(dict(reversed(list(content().items()))), TERMS)
    assert first == again
    assert digest_of(first) == digest_of(again) == hashlib.sha256(first.encode()).hexdigest()
    assert len(digest_of(first)) == 64


def test_spelling_differences_that_mean_nothing_do_not_change_the_digest() -> None:
    decomposed = content(place="Bale\u0301 Desa  ")  # e + combining accent, trailing blanks
    composed = content(place="Balé Desa")
    crlf = content(chronology="Patok batas sawah dipindah.\r\nTerlapor mengakui.   ")
    assert canonical_text(decomposed, TERMS) == canonical_text(composed, TERMS)
    assert canonical_text(crlf, TERMS) == canonical_text(content(), TERMS)


@pytest.mark.parametrize(
    "change",
    [
        {"place": "Musala"},
        {"chronology": "Lain."},
        {"restitution": None},
        {"number": 3},
        {"dated": "2026-11-25"},
        {"reference": "MED/KEPANJEN/2026/0008"},
        {"officer": {"name": "Brigpol Dwi", "title": "Bhabinkamtibmas Ngadilangkung"}},
    ],
    ids=lambda c: next(iter(c)),
)
def test_any_change_of_the_content_changes_the_digest(change: dict[str, Any]) -> None:
    assert digest_of(canonical_text(content(**change), TERMS)) != digest_of(
        canonical_text(content(), TERMS)
    )


@pytest.mark.parametrize(
    "change",
    [
        {"amount": 150_000},
        {"instalments": 2},
        {"due_date": date(2027, 1, 1)},
        {"description": "Membayar ganti rugi tanaman"},
        {"obligor": "all"},
        {"kind": "other"},
    ],
    ids=lambda c: next(iter(c)),
)
def test_any_change_of_a_term_changes_the_digest(change: dict[str, Any]) -> None:
    changed = [replace(TERMS[0], **change), TERMS[1]]
    assert digest_of(canonical_text(content(), changed)) != digest_of(
        canonical_text(content(), TERMS)
    )


def test_a_change_of_a_party_identity_changes_the_digest() -> None:
    parties = content()["parties"]
    other = [{**parties[0], "nik": "3507010101010002"}, *parties[1:]]
    assert canonical_text(content(parties=other), TERMS) != canonical_text(content(), TERMS)


def test_a_draft_has_no_date_yet() -> None:
    text = canonical_text(content(dated=None), TERMS)
    assert "Pada hari ini ……, tanggal ……" in text


def test_the_code_is_short_base32_and_bound_to_agreement_and_digest() -> None:
    digest = digest_of(canonical_text(content(), TERMS))
    code = verification_code(AGREEMENT, digest)
    assert len(code) == CODE_LENGTH
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert code == verification_code(AGREEMENT, digest)
    assert code != verification_code(UUID(int=1), digest)
    assert code != verification_code(AGREEMENT, "0" * 64)
    assert format_code(code) == f"{code[:5]}-{code[5:]}"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ABCDE-FGH23", "ABCDEFGH23"),
        ("abcde fgh23", "ABCDEFGH23"),
        (" abcdefgh23 ", "ABCDEFGH23"),
        ("AB0DE-FGH1J", "ABODEFGHIJ"),
        ("ABCDE", None),
        ("ABCDE-FGH89", None),
        ("ABCDE-FGH23X", None),
        ("<script>", None),
        ("x" * 100, None),
        ("", None),
    ],
)
def test_typed_codes_are_read_kindly_and_junk_is_refused(typed: str, expected: str | None) -> None:
    assert normalise_code(typed) == expected


def test_redacted_content_withholds_nik_and_address_only() -> None:
    shown = canonical_text(redacted(content()), TERMS)
    assert "3507010101010001" not in shown
    assert "RT 02 RW 01" not in shown
    assert f"NIK: {WITHHELD}" in shown
    assert "Darto Santoso" in shown
    assert "   NIK: -" in shown  # no NIK recorded stays "-", not "withheld"
    assert content()["parties"][0]["nik"] == "3507010101010001"


def test_clean_normalises_text() -> None:
    assert clean("  a \r\n b  \r c ") == "a\n b\n c"
    assert clean(None) == ""
