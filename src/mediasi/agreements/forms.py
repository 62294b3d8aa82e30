"""Posted form fields → the agreement service's input (numbered obligation rows etc.)."""

from __future__ import annotations

from typing import Any

from mediasi.agreements.schemas import MAX_OBLIGATIONS, AgreementDraft
from mediasi.cases.forms import version_field
from mediasi.i18n import _
from mediasi.web.forms import flat
from mediasi.web.rows import Rows

SKIPPED = ("_csrf_token", "version")

ROW_KEYS = ("obligor", "kind", "description", "amount", "instalments", "due_date")
OBLIGATION_ROWS = Rows(
    name="obligations",
    prefix="ob_",
    keys=ROW_KEYS,
    filled_by=("description", "amount", "instalments", "due_date"),  # who, what kind: chosen
    limit=MAX_OBLIGATIONS,
    too_many=_("Paling banyak %(max)s kewajiban dalam satu kesepakatan.", max=MAX_OBLIGATIONS),
)
MAX_ROWS = OBLIGATION_ROWS.limit


def draft_input(form: dict[str, Any]) -> dict[str, Any]:
    """The draft form: its fields plus its obligation rows (``ob_<n>_<field>``), each row kept
    with its blank fields left out; unknown fields are kept (cut short) so that validation
    names them."""
    fields, rows = OBLIGATION_ROWS.split(flat(form))
    out = {key[:40]: value for key, value in fields.items() if key not in SKIPPED}
    out["obligations"] = [
        {k: v for k, v in row.items() if not (isinstance(v, str) and not v.strip())} for row in rows
    ]
    return out


def draft_data(values: dict[str, Any]) -> AgreementDraft:
    """The draft to save, from the rows filled in (``OBLIGATION_ROWS.filled_only``)."""
    return OBLIGATION_ROWS.validated(AgreementDraft, values)


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
