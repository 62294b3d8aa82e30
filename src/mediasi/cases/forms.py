"""Turn posted HTML form fields into the service's input models (numbered party rows etc.)."""

from __future__ import annotations

from typing import Any

from mediasi.errors import FieldErrors
from mediasi.i18n import Translatable, _
from mediasi.web.forms import first, flat

MAX_PARTY_ROWS = 20
PARTY_KEYS = ("role", "name", "nik", "phone", "address")


def version_field(form: dict[str, Any], name: str, message: Translatable) -> int:
    """A hidden version number the page carried (1 or more); anything else is refused."""
    raw = first(form.get(name))
    try:
        value = int(str(raw))
    except ValueError:
        value = -1
    if value < 1:
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
