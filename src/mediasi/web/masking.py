"""National ID numbers and phone numbers are shown masked wherever a full value is not needed."""

from __future__ import annotations

from mediasi.phones import masked


def mask_nik(nik: str | None) -> str:
    """3507********0001: the regency code and the last four digits."""
    if not nik:
        return "—"
    return nik[:4] + "*" * max(len(nik) - 8, 0) + nik[-4:] if len(nik) > 8 else "*" * len(nik)


def mask_phone(phone: str | None) -> str:
    """0812****7890 (see :func:`mediasi.phones.masked`)."""
    return masked(phone)
