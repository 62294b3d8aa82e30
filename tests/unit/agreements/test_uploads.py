"""Paper-signature scans: only JPEG, PNG or PDF by their first bytes, at most 5 MB."""

from __future__ import annotations

import hashlib

import pytest

from mediasi.agreements.uploads import MAX_UPLOAD_BYTES, check_upload
from mediasi.errors import FieldErrors
from mediasi.uploads import safe_filename, sniff


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0rest", ("image/jpeg", "jpg")),
        (b"\x89PNG\r\n\x1a\nrest", ("image/png", "png")),
        (b"%PDF-1.7 rest", ("application/pdf", "pdf")),
        (b"GIF89a", None),
        (b"<svg xmlns=", None),
        (b"PK\x03\x04", None),
        (b"\x89PNG", None),
        (b"", None),
    ],
)
def test_sniff_reads_the_first_bytes(data: bytes, kind: tuple[str, str] | None) -> None:
    assert sniff(data) == kind


def test_the_name_says_nothing_about_the_type() -> None:
    checked = check_upload("tanda-tangan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
    assert checked.media_type == "image/png"
    assert checked.filename == "tanda-tangan.png"
    assert checked.sha256 == hashlib.sha256(checked.data).hexdigest()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.png"),
        ("C:\\Users\\x\\foto ttd (1).jpeg", "foto_ttd_1.png"),
        (None, "tanda-tangan.png"),
        ("....", "tanda-tangan.png"),
        ("a" * 300 + ".png", "a" * 80 + ".png"),
    ],
)
def test_safe_filenames(name: str | None, expected: str) -> None:
    assert safe_filename(name, "png", "tanda-tangan") == expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (None, "Pilih berkas"),
        (b"", "Pilih berkas"),
        (b"MZ\x90\x00", "JPEG atau PNG"),
        (b"\xff\xd8\xff" + b"\x00" * MAX_UPLOAD_BYTES, "terlalu besar"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data: bytes | None, words: str) -> None:
    with pytest.raises(FieldErrors) as info:
        check_upload("x.jpg", data)
    assert words in info.value.errors["scan"].get("id")
    assert info.value.errors["scan"].get("en") != info.value.errors["scan"].get("id")


def test_exactly_five_megabytes_is_accepted() -> None:
    data = b"%PDF-" + b"0" * (MAX_UPLOAD_BYTES - 5)
    assert check_upload("scan.pdf", data).size == MAX_UPLOAD_BYTES
