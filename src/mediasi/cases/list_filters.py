"""The case list's filters as a link carries them. A wrong value (an old bookmark, a hand-edited
link) does not cost the person the list: that filter is left out, the others stay, and the page
says which one was refused and why, by the filter's own name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from mediasi.cases.list_cursor import MAX_CURSOR
from mediasi.cases.queries import CaseFilters, CasePage
from mediasi.errors import FieldErrors
from mediasi.i18n import Translatable, _
from mediasi.validation import validate
from mediasi.web.openapi_input import BOOLEAN_SCHEMA, UUID_SCHEMA, Query, text
from mediasi.web.paging import PAGE

FILTER_LABELS: dict[str, Translatable] = {
    "q": _("Cari"),
    "state": _("Status"),
    "desa": _("Desa"),
    "category": _("Kategori"),
    "workflow": _("Jenis"),
    "officer": _("Petugas"),
    "overdue": _("Hanya yang lewat tenggat"),
    "page": _("Halaman"),
    "after": _("Halaman"),
    "before": _("Halaman"),
}

_CHOICE = text(40, r"^[a-z_]*$")
_CURSOR = text(MAX_CURSOR, r"^[A-Za-z0-9_-]*$")

# The same filters as the API's query parameters, with CaseFilters' types and limits.
API_FILTERS = (
    Query(
        "state",
        _CHOICE,
        "Only cases in this state (a state name of their workflow).",
        example="assessed",
    ),
    Query("desa", UUID_SCHEMA, "Only cases of this desa (its id)."),
    Query("category", _CHOICE, "Only cases of this category.", example="batas_tanah"),
    Query("workflow", _CHOICE, "Only cases of this workflow.", example="sengketa"),
    Query("officer", UUID_SCHEMA, "Only cases assigned to this officer (their user id)."),
    Query("overdue", BOOLEAN_SCHEMA, "true: only open cases past their deadline."),
    Query("q", text(100), "Words to find in the reference, title, description or names."),
    PAGE,
    Query("after", _CURSOR, "The cursor of a `next` link: the page after that row."),
    Query("before", _CURSOR, "The cursor of a `prev` link: the page before that row."),
)


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


def page_links(filters: CaseFilters, page: CasePage) -> tuple[str | None, str | None]:
    """The query strings of the previous and the next page (None where there is none): the
    same filters, the page's number, and the cursor that lets the database seek to it."""
    kept = filters.model_dump(exclude={"page", "after", "before"}, exclude_defaults=True)
    base = [(name, _link_value(value)) for name, value in kept.items()]
    previous = None
    if page.has_prev:
        previous = [*base, ("page", str(page.page - 1))]
        if page.prev_before is not None:
            previous.append(("before", page.prev_before.encode()))
    following = None
    if page.next_after is not None:
        following = [*base, ("page", str(page.page + 1)), ("after", page.next_after.encode())]
    return (
        urlencode(previous) if previous is not None else None,
        urlencode(following) if following is not None else None,
    )


def _link_value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)
