"""Form fields a transition declares: what is accepted, what is refused and with which words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mediasi.errors import FieldErrors
from mediasi.workflow.fields import MAX_UNKNOWN_REPORTED, clean_payload
from mediasi.workflow.spec import TransitionSpec

STEP = TransitionSpec.model_validate(
    {
        "trigger": "record",
        "label": "Catat",
        "source": "open",
        "dest": "done",
        "roles": ["officer"],
        "fields": [
            {"name": "title", "label": "Judul", "type": "text", "max_length": 20},
            {"name": "notes", "label": "Catatan", "type": "textarea", "max_length": 50},
            {
                "name": "level",
                "label": "Tingkat",
                "type": "choice",
                "choices": [
                    {"value": "rendah", "label": {"id": "Rendah", "en": "Low"}},
                    {"value": "tinggi", "label": {"id": "Tinggi", "en": "High"}},
                ],
            },
            {"name": "on_day", "label": "Tanggal", "type": "date"},
            {"name": "at", "label": "Waktu", "type": "datetime"},
            {"name": "count", "label": "Jumlah", "type": "integer", "min": 1, "max": 10},
            {"name": "remark", "label": "Keterangan", "required": False},
        ],
    }
)

GOOD: dict[str, Any] = {
    "title": "Batas tanah",
    "notes": "Baris satu\nBaris dua",
    "level": "tinggi",
    "on_day": "2026-12-01",
    "at": "2026-12-01T09:00",
    "count": 3,
}


def errors_for(**changes: Any) -> dict[str, tuple[str, str | None]]:
    """The field errors for GOOD with ``changes``; a value of ... removes the field."""
    payload = {**GOOD, **changes}
    payload = {k: v for k, v in payload.items() if v is not ...}
    with pytest.raises(FieldErrors) as info:
        clean_payload(STEP, payload)
    assert info.value.status_code == 422
    return {name: (text.get("id"), text.get("en")) for name, text in info.value.errors.items()}


def the_error(field: str, **changes: Any) -> tuple[str, str | None]:
    errors = errors_for(**changes)
    assert set(errors) == {field}, errors
    return errors[field]


def test_a_good_payload_is_cleaned() -> None:
    cleaned = clean_payload(STEP, {**GOOD, "title": "  Batas tanah  ", "count": " 7 "})
    assert cleaned == {
        "title": "Batas tanah",
        "notes": "Baris satu\nBaris dua",
        "level": "tinggi",
        "on_day": "2026-12-01",
        "at": "2026-12-01T09:00+07:00",
        "count": 7,
    }


def test_an_optional_field_may_be_left_out_or_blank() -> None:
    assert "remark" not in clean_payload(STEP, GOOD)
    assert "remark" not in clean_payload(STEP, {**GOOD, "remark": "   "})
    assert clean_payload(STEP, {**GOOD, "remark": "ok"})["remark"] == "ok"


@pytest.mark.parametrize("field", ["title", "notes", "level", "on_day", "at", "count"])
@pytest.mark.parametrize(
    "value", [..., None, "", "   \n  "], ids=["absent", "none", "empty", "blank"]
)
def test_a_required_field_must_be_filled(field: str, value: Any) -> None:
    assert the_error(field, **{field: value}) == ("Wajib diisi.", "Required.")


def test_every_wrong_field_is_named_at_once() -> None:
    errors = errors_for(title=..., level="sedang", count=99, extra="x")
    assert set(errors) == {"title", "level", "count", "extra"}


def test_text_over_max_length_is_refused_with_the_numbers() -> None:
    assert the_error("title", title="x" * 21) == (
        "Terlalu panjang: 21 karakter, paling banyak 20.",
        "Too long: 21 characters, at most 20.",
    )
    assert clean_payload(STEP, {**GOOD, "title": "x" * 20})["title"] == "x" * 20
    # Surrounding spaces do not count against the limit.
    assert clean_payload(STEP, {**GOOD, "title": "  " + "x" * 20 + "  "})["title"] == "x" * 20


def test_textarea_over_max_length_is_refused() -> None:
    assert the_error("notes", notes="x" * 51)[1] == "Too long: 51 characters, at most 50."


def test_default_limits_apply_without_max_length() -> None:
    step = TransitionSpec.model_validate(
        {
            "trigger": "t",
            "label": "T",
            "source": "a",
            "dest": "b",
            "roles": ["officer"],
            "fields": [
                {"name": "line", "label": "Baris"},
                {"name": "body", "label": "Isi", "type": "textarea"},
            ],
        }
    )
    assert clean_payload(step, {"line": "x" * 200, "body": "y" * 4000})
    with pytest.raises(FieldErrors) as info:
        clean_payload(step, {"line": "x" * 201, "body": "y" * 4001})
    assert info.value.errors["line"].get("en") == "Too long: 201 characters, at most 200."
    assert info.value.errors["body"].get("en") == "Too long: 4001 characters, at most 4000."


@pytest.mark.parametrize("value", ["satu\ndua", "satu\r\ndua"], ids=["lf", "crlf"])
def test_a_single_line_field_refuses_several_lines(value: str) -> None:
    assert the_error("title", title=value) == (
        "Tidak boleh lebih dari satu baris.",
        "Must be a single line.",
    )


def test_a_single_line_field_refuses_a_lone_carriage_return() -> None:
    message = the_error("title", title="satu\rdua")
    assert message in {
        ("Tidak boleh lebih dari satu baris.", "Must be a single line."),
        ("Mengandung karakter yang tidak sah.", "Contains invalid characters."),
    }


def test_a_textarea_keeps_lines_with_unix_line_ends() -> None:
    assert clean_payload(STEP, {**GOOD, "notes": "satu\r\ndua"})["notes"] == "satu\ndua"


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x0b", "\x0c"])
@pytest.mark.parametrize("field", ["title", "notes"])
def test_control_characters_are_refused(field: str, char: str) -> None:
    assert the_error(field, **{field: f"ab{char}cd"}) == (
        "Mengandung karakter yang tidak sah.",
        "Contains invalid characters.",
    )


def test_an_unknown_field_is_refused_by_name() -> None:
    assert the_error("is_admin", is_admin="yes") == (
        "Isian 'is_admin' tidak dikenal untuk langkah ini.",
        "Field 'is_admin' is not part of this step.",
    )


def test_many_unknown_fields_are_reported_only_up_to_a_limit() -> None:
    extra = {f"x{i:02d}": "1" for i in range(50)}
    errors = errors_for(**extra)
    assert len(errors) == MAX_UNKNOWN_REPORTED
    assert set(errors) <= set(extra)


def test_an_unknown_field_name_is_cut_short() -> None:
    errors = errors_for(**{"y" * 500: "1"})
    [name] = errors
    assert name == "y" * 40


@pytest.mark.parametrize("value", ["sedang", "Tinggi", "rendah ", 1, True])
def test_a_choice_outside_the_list_is_refused_with_the_choices(value: Any) -> None:
    assert the_error("level", level=value) == (
        "Pilih salah satu: Rendah, Tinggi.",
        "Choose one of: Low, High.",
    )


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "01/12/2026", "besok", "2026-12"])
def test_a_bad_date_is_refused(value: str) -> None:
    assert the_error("on_day", on_day=value) == (
        "Tanggal tidak sah (format TTTT-BB-HH).",
        "Not a valid date (YYYY-MM-DD).",
    )


@pytest.mark.parametrize(
    "value", ["2026-12-01T25:00", "2026-12-32T09:00", "besok jam 9", "09:00", "1/12/2026 09:00"]
)
def test_a_bad_datetime_is_refused(value: str) -> None:
    assert the_error("at", at=value) == ("Tanggal dan jam tidak sah.", "Not a valid date and time.")


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00", "1999-12-31T23:59", "2100-01-01"]
)
def test_a_datetime_outside_the_years_counted_is_refused(value: str) -> None:
    """Beyond them a moment at some offset is no moment a database stores (it was a 500)."""
    assert the_error("at", at=value) == (
        "Tanggal harus antara 2000-01-01 dan 2099-12-31.",
        "The date must be between 2000-01-01 and 2099-12-31.",
    )


def test_a_naive_datetime_is_read_as_jakarta_time() -> None:
    cleaned = clean_payload(STEP, {**GOOD, "at": "2026-12-01T09:00"})["at"]
    assert cleaned == "2026-12-01T09:00+07:00"
    assert datetime.fromisoformat(cleaned) == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_an_aware_datetime_keeps_its_instant() -> None:
    cleaned = clean_payload(STEP, {**GOOD, "at": "2026-12-01T09:00+00:00"})["at"]
    assert datetime.fromisoformat(cleaned) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_date_is_normalised() -> None:
    assert clean_payload(STEP, {**GOOD, "on_day": " 2026-12-01 "})["on_day"] == "2026-12-01"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, ("Paling kecil 1.", "At least 1.")),
        (11, ("Paling besar 10.", "At most 10.")),
        ("-5", ("Paling kecil 1.", "At least 1.")),
    ],
)
def test_an_integer_outside_its_bounds_is_refused(value: Any, expected: tuple[str, str]) -> None:
    assert the_error("count", count=value) == expected


@pytest.mark.parametrize("value", [1, 10, "1", " 10 "])
def test_an_integer_at_its_bounds_is_accepted(value: Any) -> None:
    assert clean_payload(STEP, {**GOOD, "count": value})["count"] == int(str(value))


@pytest.mark.parametrize("value", ["tiga", "2.5", 2.5, "1e3", "9" * 40, True, False])
def test_a_non_integer_is_refused(value: Any) -> None:
    assert the_error("count", count=value) == (
        "Harus berupa bilangan bulat.",
        "Must be a whole number.",
    )


NON_STRINGS = [["a"], {"a": 1}, True, 12]


@pytest.mark.parametrize("value", NON_STRINGS, ids=["list", "dict", "bool", "int"])
@pytest.mark.parametrize("field", ["title", "notes"])
def test_text_fields_refuse_values_that_are_not_text(field: str, value: Any) -> None:
    assert the_error(field, **{field: value}) == ("Harus berupa teks.", "Must be text.")


@pytest.mark.parametrize("value", [["2026-12-01"], {"d": 1}, True, 20261201])
def test_date_fields_refuse_values_that_are_not_text(value: Any) -> None:
    assert the_error("on_day", on_day=value)[1] == "Not a valid date (YYYY-MM-DD)."


@pytest.mark.parametrize("value", [["2026-12-01T09:00"], {"d": 1}, True, 1764554400])
def test_datetime_fields_refuse_values_that_are_not_text(value: Any) -> None:
    assert the_error("at", at=value)[1] == "Not a valid date and time."


@pytest.mark.parametrize("value", [["tinggi"], {"tinggi": 1}], ids=["list", "dict"])
def test_choice_fields_refuse_containers(value: Any) -> None:
    assert the_error("level", level=value)[1] == "Choose one of: Low, High."


@pytest.mark.parametrize("value", [[3], {"n": 3}], ids=["list", "dict"])
def test_integer_fields_refuse_containers(value: Any) -> None:
    assert the_error("count", count=value)[1] == "Must be a whole number."


def test_the_error_message_reads_in_both_languages() -> None:
    with pytest.raises(FieldErrors) as info:
        clean_payload(STEP, {**GOOD, "title": "x" * 21})
    assert info.value.text("id") == "Terlalu panjang: 21 karakter, paling banyak 20."
    assert info.value.text("en") == "Too long: 21 characters, at most 20."


def _with_reason(**reason: Any) -> TransitionSpec:
    field = {"name": "reason", "label": "Alasan", "type": "textarea", **reason}
    return TransitionSpec.model_validate(
        {
            "trigger": "withdraw",
            "label": "Tarik",
            "source": "open",
            "dest": "done",
            "roles": ["officer"],
            "fields": [field],
        }
    )


def test_a_text_with_min_length_refuses_a_shorter_one_after_stripping() -> None:
    step = _with_reason(min_length=10)
    with pytest.raises(FieldErrors) as info:
        clean_payload(step, {"reason": "   pendek    "})
    assert info.value.errors["reason"].get("id") == ("Terlalu pendek: 6 karakter, sedikitnya 10.")
    assert clean_payload(step, {"reason": " cukup panjang "}) == {"reason": "cukup panjang"}


@pytest.mark.parametrize(
    ("reason", "says"),
    [
        (
            {"type": "choice", "min_length": 3, "choices": [{"value": "a", "label": "A"}]},
            "only goes",
        ),
        ({"type": "integer", "min_length": 3}, "only goes"),
        ({"min_length": 30, "max_length": 20}, "more than"),
    ],
)
def test_min_length_is_for_text_and_within_max_length(reason: dict[str, Any], says: str) -> None:
    with pytest.raises(ValueError, match=says):
        _with_reason(**reason)
