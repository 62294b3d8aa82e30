"""Posted form fields → the agreement service's input (numbered obligation rows etc.)."""

from __future__ import annotations

from typing import Any

from mediasi.cases.forms import version_field
from mediasi.i18n import _
from mediasi.web.forms import flat

MAX_ROWS = 30
ROW_KEYS = ("obligor", "kind", "description", "amount", "instalments", "due_date")
ROW_PREFIX = "ob_"


def draft_input(form: dict[str, Any]) -> dict[str, Any]:
    """The draft form: its fields plus rows ob_<n>_<field>; rows left blank are dropped.

    Unknown fields are kept (cut short) so that validation names them."""
    data = flat(form)
    out: dict[str, Any] = {}
    rows: dict[int, dict[str, Any]] = {}
    for key, value in data.items():
        if key in ("_csrf_token", "version"):
            continue
        if key.startswith(ROW_PREFIX):
            parts = key.split("_", 2)
            if len(parts) == 3 and parts[1].isdigit() and parts[2] in ROW_KEYS:
                index = int(parts[1])
                if index < MAX_ROWS:
                    rows.setdefault(index, {})[parts[2]] = value
                continue
        out[key[:40]] = value
    out["obligations"] = [
        {k: v for k, v in row.items() if not (isinstance(v, str) and not v.strip())}
        for _, row in sorted(rows.items())
        if any(str(row.get(k) or "").strip() for k in ("description", "amount", "due_date"))
    ]
    return out


def posted_number(form: dict[str, Any]) -> int:
    """The agreement version the user saw (a hidden field of every signing form)."""
    return version_field(
        form,
        "agreement_version",
        _("Versi naskah tidak sah; muat ulang halaman."),
    )


def fields_of(form: dict[str, Any]) -> dict[str, Any]:
    """A form's own fields, without the CSRF token and the hidden versions; unknown fields are
    kept (cut short) so that validation refuses them by name."""
    skip = {"_csrf_token", "version", "agreement_version"}
    return {k[:40]: v for k, v in flat(form).items() if k not in skip}
