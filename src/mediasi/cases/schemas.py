"""What a person may send to create or change a case, with the limits a form enforces."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BeforeValidator, Field

from mediasi.i18n import _
from mediasi.validation import BlankIsNone, Form, OptionalPhone, many_lines, one_line
from mediasi.web.openapi_input import with_example
from mediasi.workflow.fields import FieldProblem

PartyRole = Literal["complainant", "respondent", "victim", "witness"]
TokohRole = Literal["mediator", "witness"]
# How the report reached the officer: in person, by phone or message, or found on a visit.
Door = Literal["walk_in", "phone", "patrol"]
MAX_PARTIES_AT_REPORT = 20

NIK_PATTERN = r"^\d{16}$"
NIK_LENGTH = 16


def party_name(value: object) -> object:
    """A party is known by name: a row with a NIK or a phone but no name is said so."""
    if isinstance(value, str) and not value.strip():
        raise FieldProblem(_("Nama pihak wajib diisi."))
    return value


def nik_number(value: object) -> object:
    """The 16 digits of a KTP; blank means none, anything else is said plainly."""
    if not isinstance(value, str) or not value.strip():
        return None if isinstance(value, str) else value
    nik = value.strip()
    if not (nik.isascii() and nik.isdecimal() and len(nik) == NIK_LENGTH):
        raise FieldProblem(
            _(
                "NIK harus %(length)s angka, tanpa huruf atau spasi (terisi %(count)s karakter).",
                length=NIK_LENGTH,
                count=len(nik),
            )
        )
    return nik


def not_null(schema: dict[str, Any]) -> None:
    """A field's JSON schema without its null: the field may be left out, not cleared."""
    branches = schema.pop("anyOf", [])
    kept = [branch for branch in branches if branch.get("type") != "null"]
    schema.update(kept[0] if len(kept) == 1 else {"anyOf": kept} if kept else {})
    schema.pop("default", None)


def chosen(value: object) -> object:
    """A select left at its "— pilih —" option says so (not "unknown choice")."""
    if value == "":
        raise FieldProblem(_("Pilih salah satu."))
    return value


class PartyInput(Form):
    role: PartyRole
    name: Annotated[str, one_line(120), BeforeValidator(party_name)] = Field(min_length=2)
    nik: Annotated[str | None, BeforeValidator(nik_number)] = Field(
        default=None, pattern=NIK_PATTERN
    )
    phone: OptionalPhone = None
    address: Annotated[Annotated[str, one_line(300)] | None, BlankIsNone] = None


class PartyPatch(Form):
    """A party's fields as the API changes them: only those sent change (the API shows NIK
    and phone masked, so a client could not send them back as they are). The party as it
    then stands is checked as a whole, as :class:`PartyInput`."""

    # Left out, they stay; sent as null, the party as a whole is refused (it needs both).
    role: PartyRole | None = Field(default=None, json_schema_extra=not_null)
    name: Annotated[str, one_line(120), BeforeValidator(party_name)] | None = Field(
        default=None, min_length=2, json_schema_extra=not_null
    )
    nik: Annotated[str | None, BeforeValidator(nik_number)] = Field(
        default=None, pattern=NIK_PATTERN
    )
    phone: OptionalPhone = None
    address: Annotated[Annotated[str, one_line(300)] | None, BlankIsNone] = None


class CaseCreate(Form):
    model_config = with_example(
        {
            "category": "batas_tanah",
            "title": "Sengketa patok batas sawah",
            "description": "Patok batas dipindah saat musim tanam.",
            "desa_id": "6f1c2d3e-0000-4000-8000-0000000000aa",
            "reporter_name": "Darto Santoso",
            "parties": [
                {"role": "complainant", "name": "Darto Santoso"},
                {"role": "respondent", "name": "Slamet Wibowo"},
            ],
        }
    )

    workflow: Literal["sengketa", "pengaduan"] | str = Field(default="sengketa", max_length=40)
    category: str = Field(max_length=40)
    title: Annotated[str, one_line(200)] = Field(min_length=5)
    description: Annotated[str, many_lines(8000)] = ""
    desa_id: Annotated[UUID, BeforeValidator(chosen)]
    reporter_name: Annotated[str, one_line(120)] = Field(min_length=2)
    reporter_phone: OptionalPhone = None
    parties: list[PartyInput] = Field(default_factory=list, max_length=MAX_PARTIES_AT_REPORT)
    door: Door = "walk_in"


def not_cleared(value: object) -> object:
    """A case field left out keeps its value; sent as null it is refused, not taken as
    "keep" nor as "clear" (an empty description is "")."""
    if value is None:
        raise FieldProblem(_("Harus berupa teks."))
    return value


Kept = BeforeValidator(not_cleared)


class CaseEdit(Form):
    """A case's own fields as the officer corrects them (the case page's "Ubah data perkara",
    the API's PATCH): only those sent change; the category is one of the case's workflow."""

    title: Annotated[Annotated[str, one_line(200)] | None, Kept] = Field(
        default=None, min_length=5, json_schema_extra=not_null
    )
    description: Annotated[Annotated[str, many_lines(8000)] | None, Kept] = Field(
        default=None, json_schema_extra=not_null
    )
    category: Annotated[str | None, Kept] = Field(
        default=None, max_length=40, json_schema_extra=not_null
    )


class TokohInvite(Form):
    tokoh_id: UUID
    role: TokohRole = "mediator"
