"""Text bound for a spreadsheet: a CSV a supervisor opens in Excel or LibreOffice must not run
what a resident typed (CSV injection)."""

from __future__ import annotations


def safe_cell(value: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula; such text gets a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
