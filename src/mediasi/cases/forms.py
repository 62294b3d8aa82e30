"""Turn posted HTML form fields into the service's input models (numbered party rows etc.)."""

from __future__ import annotations

from typing import Any

from mediasi.errors import MAX_VERSION, FieldErrors
from mediasi.i18n import Translatable, _
from mediasi.web.forms import first, flat

MAX_PARTY_ROWS = 20
PARTY_KEYS = ("role", "name", "nik", "phone", "address")


def version_field(form: dict[str, Any], name: str, message: Translatable) -> int:
    """A hidden version number the page carried (1 to 2**63-1); anything else is refused,
    and a long string of digits is refused before it is read as a number."""
    raw = str(first(form.get(name)))  # not stripped: a stripped control character would pass
    digits = raw.isascii() and raw.isdecimal() and len(raw) <= len(str(MAX_VERSION))
    value = int(raw) if digits else -1
    if not 1 <= value <= MAX_VERSION:
        raise FieldErrors({name: message})
    return value


def expected_version(form: dict[str, Any]) -> int:
    """The case version the user saw."""
    return version_field(
        form,
        "version",
        _("Versi halaman tidak sah; muat ulang halaman."),
    )


def report_input(form: dict[str, Any]) -> dict[str, Any]:
    """The report form: case fields plus rows party_<n>_<field>; blank rows are dropped."""
    data = flat(form)
    case = {
        k: v for k, v in data.items() if not k.startswith("party_") and k not in ("_csrf_token",)
    }
    rows: dict[int, dict[str, Any]] = {}
    for key, value in data.items():
        if not key.startswith("party_"):
            continue
        parts = key.split("_", 2)
        if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in PARTY_KEYS:
            case[key[:40]] = value
            continue
        index = int(parts[1])
        if index >= MAX_PARTY_ROWS:
            continue
        rows.setdefault(index, {})[parts[2]] = value
    case["parties"] = [
        row
        for _, row in sorted(rows.items())
        if any(str(row.get(k) or "").strip() for k in ("name", "nik", "phone"))
    ]
    return case


def without_csrf(form: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in flat(form).items() if k not in ("_csrf_token", "version")}
