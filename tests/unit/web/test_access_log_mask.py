"""What the access log shows of a path: what was typed into a search, and any run of 8 or
more digits (a NIK, a phone number), hidden; the rest as it was."""

from __future__ import annotations

import pytest

from mediasi.web.access_log import masked_path


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/cases?q=Budi&state=assessed", "/cases?q=***&state=assessed"),
        ("/cases?q=&page=2", "/cases?q=&page=2"),  # nothing typed, nothing hidden
        ("/lacak?kode=AB12&ref=081234567890", "/lacak?kode=AB12&ref=***"),
        ("/pihak/3507123405060001", "/pihak/***"),
        (
            "/cases/8f0c2c1e-1d2b-4c5a-9e7f-2a1b3c4d5e6f",
            "/cases/8f0c2c1e-1d2b-4c5a-9e7f-2a1b3c4d5e6f",
        ),
    ],
)
def test_the_mask_hides_what_was_typed_and_long_digit_runs(path: str, shown: str) -> None:
    assert masked_path(path) == shown
