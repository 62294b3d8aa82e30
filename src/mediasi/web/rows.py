"""Numbered rows of a posted form (``party_<n>_<field>``, ``ob_<n>_<field>``).

Every row posted is kept, in order and numbered again from 0, so that a form shown again has
the rows the person had, blank ones included: without JavaScript "+ add a row" is a round trip
that shows the same form with one more row. Blank rows are left out of what is validated, and
the errors of the rows validated are numbered back to the rows shown. A form holds at most
``limit`` rows: more are refused, and only one more is kept to be shown with the refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from mediasi.errors import FieldErrors
from mediasi.i18n import Translatable
from mediasi.validation import validate
from mediasi.web.forms import first

ModelT = TypeVar("ModelT", bound=BaseModel)

# The submit button that asks for one more row names the rows it adds to (add_row=parties).
ADD_ROW = "add_row"
# A row number longer than this is not one of the form's rows (and is never read as a number).
MAX_INDEX_DIGITS = 4


@dataclass(frozen=True)
class Rows:
    """How one form numbers its rows, which fields make a row filled in, and the most it holds."""

    name: str  # the list the schema validates ("parties") and the button's value
    prefix: str  # "party_"
    keys: tuple[str, ...]
    filled_by: tuple[str, ...]
    limit: int
    too_many: Translatable

    def index_of(self, key: str) -> tuple[int, str] | None:
        """``(n, field)`` for a key ``<prefix><n>_<field>`` of this form, else None."""
        if not key.startswith(self.prefix):
            return None
        number, _, field = key.removeprefix(self.prefix).partition("_")
        if not (number.isascii() and number.isdecimal() and len(number) <= MAX_INDEX_DIGITS):
            return None
        return (int(number), field) if field in self.keys else None

    def split(self, form: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The form's other fields and its rows in order (at most ``limit`` + 1)."""
        fields: dict[str, Any] = {}
        rows: dict[int, dict[str, Any]] = {}
        for key, value in form.items():
            found = self.index_of(key)
            if found is None:
                fields[key] = value
            else:
                rows.setdefault(found[0], {})[found[1]] = value
        return fields, [rows[n] for n in sorted(rows)][: self.limit + 1]

    def filled(self, row: Mapping[str, Any]) -> bool:
        return any(str(row.get(key) or "").strip() for key in self.filled_by)

    def validated(self, model: type[ModelT], values: Mapping[str, Any]) -> ModelT:
        """``model`` from ``values`` with the filled rows only; errors name the rows shown."""
        rows = list(values.get(self.name) or [])
        if len(rows) > self.limit:
            raise FieldErrors({self.name: self.too_many})
        kept = [n for n, row in enumerate(rows) if self.filled(row)]
        try:
            return validate(model, {**values, self.name: [rows[n] for n in kept]})
        except FieldErrors as exc:
            raise FieldErrors(self._renumbered(exc.errors, kept)) from None

    def _renumbered(
        self, errors: Mapping[str, Translatable], kept: list[int]
    ) -> dict[str, Translatable]:
        out: dict[str, Translatable] = {}
        for key, message in errors.items():
            name, _, rest = key.partition(".")
            number, dot, field = rest.partition(".")
            if name == self.name and number.isdecimal() and int(number) < len(kept):
                key = f"{name}.{kept[int(number)]}{dot}{field}"
            out[key] = message
        return out

    def asks_for_a_row(self, form: Mapping[str, Any]) -> bool:
        """The form was posted by its "+ add a row" button (without JavaScript)."""
        return bool(first(form.get(ADD_ROW)) == self.name)

    def with_a_new_row(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with one more empty row, unless the form holds ``limit`` already."""
        rows = list(values.get(self.name) or [])
        return {**values, self.name: [*rows, {}] if len(rows) < self.limit else rows}
