"""Turn posted HTML form fields into the service's input models (numbered party rows etc.)."""

from __future__ import annotations

from typing import Any

from mediasi.cases.categories import category_errors
from mediasi.cases.schemas import MAX_PARTIES_AT_REPORT, CaseCreate
from mediasi.errors import MAX_VERSION, FieldErrors
from mediasi.i18n import Translatable, _
from mediasi.web.forms import first, flat
from mediasi.web.rows import Rows
from mediasi.workflow.loader import WorkflowRegistry

PARTY_KEYS = ("role", "name", "nik", "phone", "address")
PARTY_ROWS = Rows(
    name="parties",
    prefix="party_",
    keys=PARTY_KEYS,
    filled_by=("name", "nik", "phone", "address"),  # the role always has a value
    limit=MAX_PARTIES_AT_REPORT,
    too_many=_("Paling banyak %(max)s pihak dalam satu laporan.", max=MAX_PARTIES_AT_REPORT),
)
SKIPPED = ("_csrf_token",)


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
    """The report form: case fields plus its party rows (``party_<n>_<field>``), each row kept
    as posted; unknown fields are kept (cut short) so that validation names them."""
    fields, rows = PARTY_ROWS.split(flat(form))
    values = {key[:40]: value for key, value in fields.items() if key not in SKIPPED}
    return values | {"parties": rows}


def report_data(values: dict[str, Any], registry: WorkflowRegistry) -> CaseCreate:
    """The report to register, from the rows filled in (``PARTY_ROWS.filled_only``); a category
    of another case type is said with the other errors (the service checks it again)."""
    try:
        return PARTY_ROWS.validated(CaseCreate, values)
    except FieldErrors as exc:
        raise FieldErrors(category_errors(registry, values) | exc.errors) from None


def without_csrf(form: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in flat(form).items() if k not in ("_csrf_token", "version")}
