"""The case list's filters as a link carries them. A wrong value (an old bookmark, a hand-edited
link) does not cost the person the list: that filter is left out, the others stay, and the page
says which one was refused and why, by the filter's own name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediasi.cases.queries import CaseFilters
from mediasi.errors import FieldErrors
from mediasi.i18n import Translatable, _
from mediasi.validation import validate

FILTER_LABELS: dict[str, Translatable] = {
    "q": _("Cari"),
    "state": _("Status"),
    "desa": _("Desa"),
    "category": _("Kategori"),
    "workflow": _("Jenis"),
    "officer": _("Petugas"),
    "overdue": _("Hanya yang lewat tenggat"),
    "page": _("Halaman"),
}


def list_filters(
    params: Mapping[str, Any],
) -> tuple[CaseFilters, list[tuple[Translatable | str, Translatable]]]:
    """The filters, and (label, reason) for each one refused and left out."""
    given = dict(params)
    try:
        return validate(CaseFilters, given), []
    except FieldErrors as exc:
        refused = exc.errors
    kept = {name: value for name, value in given.items() if name not in refused}
    try:
        filters = validate(CaseFilters, kept)
    except FieldErrors:  # more wrong than one answer names: start from no filter at all
        filters = CaseFilters()
    return filters, [(FILTER_LABELS.get(name, name), reason) for name, reason in refused.items()]
