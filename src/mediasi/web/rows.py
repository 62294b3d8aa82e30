"""Numbered rows of a posted form (``party_<n>_<field>``, ``ob_<n>_<field>``).

Every row posted is kept, in order and numbered again from 0: without JavaScript "+ add a row"
is a round trip that shows the same form with every row the person had (blank ones too) and
one more. What is saved leaves the blank rows out, and a refusal shows the rows saved, so that
the errors (numbered by the rows validated) stand beside their rows. A form holds at most
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

ModelT = TypeVar("ModelT", bound=BaseModel)

# A row number longer than this is not one of the form's rows (and is never read as a number).
MAX_INDEX_DIGITS = 4


@dataclass(frozen=True)
class Rows:
    """How one form numbers its rows, which fields make a row filled in, and the most it holds."""

    name: str  # the list the schema validates ("parties"), in the add button's name too
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

    @property
    def add_field(self) -> str:
        """The name of the submit button that asks for one more row (its value is its label)."""
        return f"add_{self.name}"

    def split(self, form: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The form's other fields and its rows in order (at most ``limit`` + 1)."""
        fields: dict[str, Any] = {}
        rows: dict[int, dict[str, Any]] = {}
        for key, value in form.items():
            if key == self.add_field:
                continue
            found = self.index_of(key)
            if found is None:
                fields[key] = value
            else:
                rows.setdefault(found[0], {})[found[1]] = value
        return fields, [rows[n] for n in sorted(rows)][: self.limit + 1]

    def filled(self, row: Mapping[str, Any]) -> bool:
        return any(str(row.get(key) or "").strip() for key in self.filled_by)

    def filled_only(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with the blank rows left out: what is saved, and shown with a refusal (the
        errors of the validation and of the service number these rows)."""
        rows = values.get(self.name) or []
        return {**values, self.name: [row for row in rows if self.filled(row)]}

    def validated(self, model: type[ModelT], values: Mapping[str, Any]) -> ModelT:
        """``model`` from ``values``; more rows than the form holds are refused in words."""
        if len(values.get(self.name) or []) > self.limit:
            raise FieldErrors({self.name: self.too_many})
        return validate(model, values)

    def asks_for_a_row(self, form: Mapping[str, Any]) -> bool:
        """The form was posted by its "+ add a row" button (without JavaScript)."""
        return self.add_field in form

    def with_a_new_row(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """``values`` with one more empty row, unless the form holds ``limit`` already."""
        rows = list(values.get(self.name) or [])
        return {**values, self.name: [*rows, {}] if len(rows) < self.limit else rows}
