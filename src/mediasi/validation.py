"""Validate input with pydantic and report each wrong field in words a person can act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from mediasi.errors import FieldErrors
from mediasi.i18n import Message, Translatable, _
from mediasi.phones import NotAPhoneNumber, to_e164
from mediasi.workflow.fields import FieldProblem, clean_text

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_EMAIL = 254  # the longest address SMTP carries (RFC 5321), and the column's width
MAX_UNKNOWN_REPORTED = 5  # unknown fields named in one answer; the rest are refused unnamed


def one_line(max_length: int) -> AfterValidator:
    """For ``Annotated[str, one_line(n)]``: stripped, no control characters, at most n."""
    return AfterValidator(lambda v: clean_text(v, multiline=False, max_length=max_length))


def many_lines(max_length: int) -> AfterValidator:
    """For ``Annotated[str, many_lines(n)]``: like one_line, but newlines and tabs are kept."""
    return AfterValidator(lambda v: clean_text(v, multiline=True, max_length=max_length))


def phone_number(value: object) -> object:
    """A phone number as people type it, in E.164; blank means none; a number that could not
    be reached is refused here, beside its field, not found out when a message bounces."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    try:
        return to_e164(value)
    except NotAPhoneNumber:
        raise FieldProblem(
            _("Nomor telepon tidak dikenali; tulis seperti 0812-3456-7890.")
        ) from None


# Built on the first address checked: building it imports email_validator, 40 ms of each start.
_EMAIL = TypeAdapter(EmailStr, config=ConfigDict(defer_build=True))


def email_address(value: str) -> str:
    """An address pydantic's EmailStr accepts (its domain lower-cased); its English reason is
    replaced by the ``email_invalid`` type, which the catalog words for the person."""
    try:
        return _EMAIL.validate_python(value)
    except ValidationError:
        raise PydanticCustomError("email_invalid", "not an email address") from None


def blank_is_none(value: object) -> object:
    """A form field left blank (or only spaces) means 'not given'."""
    return None if isinstance(value, str) and not value.strip() else value


def empty_is_none(value: object) -> object:
    """A choice left at its empty option means 'any' (a space is still a wrong choice)."""
    return None if value == "" else value


BlankIsNone = BeforeValidator(blank_is_none)


def short_word(max_length: int, pattern: str | None = None) -> BeforeValidator:
    """For ``Annotated[str | None, short_word(n), BlankIsNone]``: a query-string word of at
    most ``n`` characters (matching ``pattern``), refused beside its own name; pydantic's
    constraints on an optional value would name the union's member instead."""
    shape = re.compile(pattern) if pattern else None

    def check(value: object) -> object:
        if not isinstance(value, str):
            return value
        if len(value) > max_length:
            raise FieldProblem(_("Terlalu panjang."))
        if shape is not None and not shape.fullmatch(value):
            raise FieldProblem(_("Formatnya tidak sesuai."))
        return value

    return BeforeValidator(check)


EmptyIsNone = BeforeValidator(empty_is_none)

# A phone number as people type it, stored in E.164 (see mediasi.phones); blank is none.
OptionalPhone = Annotated[str | None, BeforeValidator(phone_number)]
# An email address, checked where it is typed (not when a message bounces); blank is none.
OptionalEmail = Annotated[
    Annotated[str, StringConstraints(max_length=MAX_EMAIL), AfterValidator(email_address)] | None,
    BlankIsNone,
]


class Form(BaseModel):
    """What a person sends: unknown fields are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


_MESSAGES: dict[str, Message] = {
    "missing": _("Wajib diisi."),
    "extra_forbidden": _("Isian ini tidak dikenal."),
    "string_type": _("Harus berupa teks."),
    "string_too_short": _("Terlalu pendek."),
    "too_short": _("Terlalu pendek."),
    "string_too_long": _("Terlalu panjang."),
    "string_pattern_mismatch": _("Formatnya tidak sesuai."),
    "literal_error": _("Pilihan tidak dikenal."),
    "enum": _("Pilihan tidak dikenal."),
    "uuid_parsing": _("Pilihan tidak dikenal."),
    "uuid_type": _("Pilihan tidak dikenal."),
    "int_parsing": _("Harus berupa bilangan bulat."),
    "int_type": _("Harus berupa bilangan bulat."),
    "greater_than_equal": _("Nilainya terlalu kecil."),
    "less_than_equal": _("Nilainya terlalu besar."),
    "date_from_datetime_parsing": _("Tanggal tidak sah."),
    "date_parsing": _("Tanggal tidak sah."),
    "datetime_parsing": _("Tanggal dan jam tidak sah."),
    "datetime_from_date_parsing": _("Tanggal dan jam tidak sah."),
    "bool_parsing": _("Harus ya atau tidak."),
    "too_long": _("Terlalu banyak isian."),
    "model_type": _("Bentuk data tidak sesuai."),
    "dict_type": _("Bentuk data tidak sesuai."),
    "list_type": _("Harus berupa daftar."),
    "email_invalid": _("Alamat email tidak dikenali; tulis seperti nama@contoh.id."),
}


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)[:80] or "__root__"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and line breaks aside
BAD_CHARACTERS = _("Mengandung karakter yang tidak sah.")
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
        errors: dict[str, Translatable] = {}
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
            errors[name] = _MESSAGES.get(err["type"]) or _("%(message)s", message=fallback)
        raise FieldErrors(errors) from None
