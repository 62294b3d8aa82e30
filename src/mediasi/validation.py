"""Validate input with pydantic and report each wrong field in words a person can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError

from mediasi.errors import FieldErrors
from mediasi.text import Text
from mediasi.workflow.fields import FieldProblem, clean_text

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_UNKNOWN_REPORTED = 5  # unknown fields named in one answer; the rest are refused unnamed


def _single(max_length: int) -> Any:
    return AfterValidator(lambda v: clean_text(v, multiline=False, max_length=max_length))


def _multi(max_length: int) -> Any:
    return AfterValidator(lambda v: clean_text(v, multiline=True, max_length=max_length))


def single_line(max_length: int) -> Any:
    """A one-line text field: stripped, no control characters, at most ``max_length``."""
    return Annotated[str, _single(max_length)]


def multi_line(max_length: int) -> Any:
    return Annotated[str, _multi(max_length)]


_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("Wajib diisi.", "Required."),
    "extra_forbidden": ("Isian ini tidak dikenal.", "Unknown field."),
    "string_type": ("Harus berupa teks.", "Must be text."),
    "string_too_short": ("Terlalu pendek.", "Too short."),
    "string_too_long": ("Terlalu panjang.", "Too long."),
    "string_pattern_mismatch": ("Formatnya tidak sesuai.", "Wrong format."),
    "literal_error": ("Pilihan tidak dikenal.", "Unknown choice."),
    "enum": ("Pilihan tidak dikenal.", "Unknown choice."),
    "uuid_parsing": ("Pilihan tidak dikenal.", "Unknown choice."),
    "uuid_type": ("Pilihan tidak dikenal.", "Unknown choice."),
    "int_parsing": ("Harus berupa bilangan bulat.", "Must be a whole number."),
    "int_type": ("Harus berupa bilangan bulat.", "Must be a whole number."),
    "greater_than_equal": ("Nilainya terlalu kecil.", "Value too small."),
    "less_than_equal": ("Nilainya terlalu besar.", "Value too large."),
    "date_from_datetime_parsing": ("Tanggal tidak sah.", "Not a valid date."),
    "date_parsing": ("Tanggal tidak sah.", "Not a valid date."),
    "datetime_parsing": ("Tanggal dan jam tidak sah.", "Not a valid date and time."),
    "datetime_from_date_parsing": ("Tanggal dan jam tidak sah.", "Not a valid date and time."),
    "bool_parsing": ("Harus ya atau tidak.", "Must be yes or no."),
    "too_long": ("Terlalu banyak isian.", "Too many entries."),
    "model_type": ("Bentuk data tidak sesuai.", "Wrong shape of data."),
    "dict_type": ("Bentuk data tidak sesuai.", "Wrong shape of data."),
    "list_type": ("Harus berupa daftar.", "Must be a list."),
}


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)[:80] or "__root__"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks aside
BAD_CHARACTERS = Text(id="Mengandung karakter yang tidak sah.", en="Contains invalid characters.")
MAX_SCAN_DEPTH = 8


def _with_control(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where ``data`` holds a control character (in a value or a key), before any stripping."""
    if len(path) > MAX_SCAN_DEPTH:
        return
    if isinstance(data, str):
        if _CONTROL.search(data):
            yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and _CONTROL.search(key):
                yield (*path, "__key__")
            else:
                yield from _with_control(value, (*path, key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from _with_control(value, (*path, index))


def validate(model: type[ModelT], data: Any) -> ModelT:
    """Build ``model`` from ``data`` or raise :class:`FieldErrors`, one message per field.

    A control character anywhere (other than tab and line breaks) is refused beside its field
    before pydantic strips whitespace, which would otherwise drop some of them silently."""
    bad = {_field_name(path): BAD_CHARACTERS for path in _with_control(data)}
    if bad:
        raise FieldErrors(dict(list(bad.items())[:MAX_UNKNOWN_REPORTED]))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, Text] = {}
        unknown = 0
        for err in exc.errors():
            name = _field_name(tuple(err["loc"]))
            if name in errors:
                continue
            if err["type"] == "extra_forbidden":
                unknown += 1
                if unknown > MAX_UNKNOWN_REPORTED:
                    continue
            ctx_error = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_error, FieldProblem):
                errors[name] = ctx_error.message
                continue
            fallback = str(err["msg"])[:300] or "?"
            id_, en = _MESSAGES.get(err["type"], (fallback, fallback))
            errors[name] = Text(id=id_, en=en)
        raise FieldErrors(errors) from None
