"""Validate the form fields a transition declares: types, limits, choices, nothing unknown."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from mediasi.errors import FieldErrors
from mediasi.i18n import Translatable, _, joined
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.spec import NO, YES, FieldSpec, FieldType, TransitionSpec

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_UNKNOWN_REPORTED = 5
# The years a date and time may fall in (as the reports count them): any moment in them, at
# any offset, is a moment both databases store.
EARLIEST_MOMENT, LATEST_MOMENT = date(2000, 1, 1), date(2099, 12, 31)


def clean_text(value: Any, *, multiline: bool, max_length: int, min_length: int = 0) -> str:
    """Strip, refuse control characters, enforce the length; ValueError carries a bilingual text."""
    if not isinstance(value, str):
        raise FieldProblem(_("Harus berupa teks."))
    if _CONTROL.search(value):  # before stripping, which would drop some of them silently
        raise FieldProblem(_("Mengandung karakter yang tidak sah."))
    # Every line break a browser or a phone keyboard can send counts as a new line.
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    if not multiline and "\n" in text:
        raise FieldProblem(_("Tidak boleh lebih dari satu baris."))
    if _CONTROL.search(text):
        raise FieldProblem(_("Mengandung karakter yang tidak sah."))
    if len(text) > max_length:
        raise FieldProblem(
            _(
                "Terlalu panjang: %(length)s karakter, paling banyak %(max)s.",
                length=len(text),
                max=max_length,
            )
        )
    if len(text) < min_length:
        raise FieldProblem(
            _(
                "Terlalu pendek: %(length)s karakter, sedikitnya %(min)s.",
                length=len(text),
                min=min_length,
            )
        )
    return text


class FieldProblem(ValueError):
    def __init__(self, message: Translatable) -> None:
        super().__init__(message.get("id"))
        self.message = message


def _clean_one(field: FieldSpec, raw: Any) -> Any:
    if field.type in (FieldType.TEXT, FieldType.TEXTAREA):
        return clean_text(
            raw,
            multiline=field.type is FieldType.TEXTAREA,
            max_length=field.effective_max_length,
            min_length=field.min_length or 0,
        )
    if field.type is FieldType.CHOICE:
        allowed = [c.value for c in field.choices]
        if raw not in allowed:
            raise FieldProblem(
                _(
                    "Pilih salah satu: %(choices)s.",
                    choices=joined(c.label for c in field.choices),
                )
            )
        return raw
    if field.type is FieldType.INTEGER:
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise FieldProblem(_("Harus berupa bilangan bulat."))
        try:
            number = int(str(raw).strip()) if len(str(raw)) <= 18 else None
        except ValueError:
            number = None
        if number is None:
            raise FieldProblem(_("Harus berupa bilangan bulat."))
        if field.min is not None and number < field.min:
            raise FieldProblem(_("Paling kecil %(min)s.", min=field.min))
        if field.max is not None and number > field.max:
            raise FieldProblem(_("Paling besar %(max)s.", max=field.max))
        return number
    if field.type is FieldType.DATE:
        try:
            return (
                date.fromisoformat(str(raw).strip()).isoformat() if isinstance(raw, str) else _bad()
            )
        except ValueError:
            raise FieldProblem(_("Tanggal tidak sah (format TTTT-BB-HH).")) from None
    try:
        moment = datetime.fromisoformat(raw.strip()) if isinstance(raw, str) else _bad()
    except ValueError:
        raise FieldProblem(_("Tanggal dan jam tidak sah.")) from None
    if not EARLIEST_MOMENT.year <= moment.year <= LATEST_MOMENT.year:
        raise FieldProblem(
            _(
                "Tanggal harus antara %(earliest)s dan %(latest)s.",
                earliest=EARLIEST_MOMENT.isoformat(),
                latest=LATEST_MOMENT.isoformat(),
            )
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment.isoformat(timespec="minutes")


def _bad() -> Any:
    raise ValueError("wrong type")


def _checklist_answers(field: FieldSpec, payload: dict[str, Any]) -> Any:
    """A checklist's answers as one mapping: given whole (the API's ``{"key": "yes"}``) or as
    one form value per item (``field.key``, a radio group each), not both."""
    prefix = f"{field.name}."
    flat = {k[len(prefix) :]: v for k, v in payload.items() if k.startswith(prefix)}
    whole = payload.get(field.name)
    if flat and whole is not None:
        return [whole, flat]  # two sets of answers: refused as not one
    return flat or whole


def _clean_checklist(
    field: FieldSpec, raw: Any, errors: dict[str, Translatable]
) -> dict[str, str] | None:
    """Every item answered "yes" or "no", nothing else; each wrong item named by
    ``field.key``."""
    if not isinstance(raw, dict):
        errors[field.name] = _("Jawab setiap butir dengan ya atau tidak.")
        return None
    answers: dict[str, str] = {}
    known = {item.key for item in field.items}
    for key in sorted(str(k) for k in raw if k not in known)[:MAX_UNKNOWN_REPORTED]:
        errors[f"{field.name}.{key[:40]}"] = _(
            "Butir '%(key)s' tidak ada dalam daftar ini.", key=key[:40]
        )
    for item in field.items:
        answer = raw.get(item.key)
        if answer in (YES, NO):
            answers[item.key] = answer
        elif answer is None or (isinstance(answer, str) and not answer.strip()):
            errors[f"{field.name}.{item.key}"] = _("Wajib dijawab.")
        else:
            errors[f"{field.name}.{item.key}"] = _("Jawab ya atau tidak.")
    return answers


def clean_payload(transition: TransitionSpec, payload: dict[str, Any]) -> dict[str, Any]:
    """Return the declared fields, cleaned; raise :class:`FieldErrors` naming each wrong field."""
    errors: dict[str, Translatable] = {}
    declared = {f.name for f in transition.fields}
    lists = tuple(f"{f.name}." for f in transition.fields if f.type is FieldType.CHECKLIST)
    unknown = sorted(k for k in payload if k not in declared and not k.startswith(lists))
    for name in unknown[:MAX_UNKNOWN_REPORTED]:
        errors[str(name)[:40]] = _(
            "Isian '%(name)s' tidak dikenal untuk langkah ini.", name=str(name)[:40]
        )
    cleaned: dict[str, Any] = {}
    for field in transition.fields:
        raw = (
            _checklist_answers(field, payload)
            if field.type is FieldType.CHECKLIST
            else payload.get(field.name)
        )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.required:
                errors[field.name] = _("Wajib diisi.")
            continue
        if field.type is FieldType.CHECKLIST:
            answers = _clean_checklist(field, raw, errors)
            if answers is not None:
                cleaned[field.name] = answers
            continue
        try:
            cleaned[field.name] = _clean_one(field, raw)
        except FieldProblem as problem:
            errors[field.name] = problem.message
    if errors:
        raise FieldErrors(errors)
    return cleaned
