"""Indonesian words for an official document: dates, days, rupiah and numbers spelled out."""

from __future__ import annotations

from datetime import date

from mediasi.i18n import format_date, format_rupiah

_UNITS = (
    "",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
)
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def tanggal(value: date) -> str:
    """24 November 2026."""
    return format_date(value, "id", "d MMMM y")


def hari(value: date) -> str:
    """The day of the week: Selasa."""
    return format_date(value, "id", "EEEE")


def rupiah(amount: int) -> str:
    """Rp 1.500.000."""
    return format_rupiah(amount, "id")


def _below_thousand(n: int) -> str:
    if n < 12:
        return _UNITS[n]
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh {_UNITS[rest]}".strip()
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
    return f"{head} {_below_thousand(rest)}".strip()


def terbilang(n: int) -> str:
    """A whole number in Indonesian words: 1500000 → 'satu juta lima ratus ribu'."""
    if n < 0:
        return f"minus {terbilang(-n)}"
    if n == 0:
        return "nol"
    words: list[str] = []
    for scale, name in _SCALES:
        if n >= scale:
            count, n = divmod(n, scale)
            words.append(f"{terbilang(count)} {name}")
    if n >= 1000:
        count, n = divmod(n, 1000)
        words.append("seribu" if count == 1 else f"{_below_thousand(count)} ribu")
    if n:
        words.append(_below_thousand(n))
    return " ".join(words)


def rupiah_in_words(amount: int) -> str:
    """Rp 1.500.000 (satu juta lima ratus ribu rupiah)."""
    return f"{rupiah(amount)} ({terbilang(amount)} rupiah)"
