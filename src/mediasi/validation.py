"""Validate input with pydantic and report each wrong field in words a person can act on."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationError,
)

from mediasi.errors import FieldErrors
from mediasi.text import Text
from mediasi.workflow.fields import FieldProblem, clean_text

ModelT = TypeVar("ModelT", bound=BaseModel)


def one_line(max_length: int) -> AfterValidator:
    """For ``Annotated[str, one_line(n)]``: stripped, no control characters, at most n."""
    return AfterValidator(lambda v: clean_text(v, multiline=False, max_length=max_length))


def many_lines(max_length: int) -> AfterValidator:
    """For ``Annotated[str, many_lines(n)]``: like one_line, but newlines and tabs are kept."""
    return AfterValidator(lambda v: clean_text(v, multiline=True, max_length=max_length))


PHONE_PATTERN = r"^\+?[0-9]{8,15}$"


def normalise_phone(value: object) -> object:
    """Spaces and dashes people type in phone numbers are dropped; blank means none."""
    if not isinstance(value, str):
        return value
    digits = value.replace(" ", "").replace("-", "")
    return digits or None


# A phone number as people type it: spaces and dashes dropped, blank is none.
OptionalPhone = Annotated[
    Annotated[str, StringConstraints(pattern=PHONE_PATTERN)] | None,
    BeforeValidator(normalise_phone),
]


class Form(BaseModel):
    """What a person sends: unknown fields are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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


def validate(model: type[ModelT], data: Any) -> ModelT:
    """Build ``model`` from ``data`` or raise :class:`FieldErrors`, one message per field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors: dict[str, Text] = {}
        for err in exc.errors():
            name = _field_name(tuple(err["loc"]))
            if name in errors:
                continue
            ctx_error = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_error, FieldProblem):
                errors[name] = ctx_error.message
                continue
            id_, en = _MESSAGES.get(err["type"], (str(err["msg"]), str(err["msg"])))
            errors[name] = Text(id=id_, en=en)
        raise FieldErrors(errors) from None
