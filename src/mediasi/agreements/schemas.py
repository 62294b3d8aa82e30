"""What an officer or a tokoh may send about an agreement, with the limits a form enforces."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from mediasi.i18n import _
from mediasi.validation import Form, many_lines, one_line
from mediasi.workflow.fields import FieldProblem

MAX_OBLIGATIONS = 30
MAX_AMOUNT = 10**12
ObligationKind = Literal["payment", "return_goods", "apology", "cease", "other"]
KINDS: tuple[str, ...] = ("payment", "return_goods", "apology", "cease", "other")


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class ObligationInput(Form):
    """One term: who (a party's key, or ``all``), what, how much, by when."""

    obligor: str = Field(min_length=1, max_length=60)
    kind: ObligationKind
    description: Annotated[str, many_lines(1000)] = Field(min_length=3)
    amount: int | None = Field(default=None, ge=1, le=MAX_AMOUNT, validate_default=True)
    instalments: int | None = Field(default=None, ge=1, le=120, validate_default=True)
    due_date: date

    @field_validator("amount", "instalments", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        value = _blank_is_none(value)
        if isinstance(value, str):
            # 1.500.000 or 1,500,000 or "Rp 1.500.000" as people write rupiah.
            digits = value.strip().removeprefix("Rp").removeprefix("rp").strip()
            digits = digits.replace(".", "").replace(",", "").replace(" ", "")
            if digits and not digits.isdigit():
                raise FieldProblem(_("Tulis dengan angka saja, mis. 1.500.000."))
            return digits if digits else None
        return value

    @field_validator("amount")
    @classmethod
    def _payment_has_amount(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None and info.data.get("kind") == "payment":
            raise FieldProblem(_("Pembayaran perlu jumlah rupiah."))
        return value

    @field_validator("instalments")
    @classmethod
    def _instalments_need_amount(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and info.data.get("amount") is None:
            raise FieldProblem(_("Angsuran hanya untuk kewajiban yang berupa jumlah uang."))
        return value


class AgreementDraft(Form):
    """The draft form: where it is made, what happened, the terms, the restitution."""

    place: Annotated[str, one_line(200)] = Field(min_length=3)
    chronology: Annotated[str, many_lines(4000)] = Field(min_length=10)
    restitution: Annotated[str, many_lines(2000)] | None = None
    obligations: list[ObligationInput] = Field(default_factory=list, max_length=MAX_OBLIGATIONS)

    @field_validator("restitution", mode="before")
    @classmethod
    def _blank_restitution(cls, value: object) -> object:
        return _blank_is_none(value)


class InPersonSignature(Form):
    """A party signs on the officer's device: they read it, consent, and type their name."""

    consent: bool = False
    typed_name: Annotated[str, one_line(200)] = ""


class PaperSignature(Form):
    """The officer uploads the photo or scan of the signed paper and vouches for it."""

    confirm: bool = False


class Decline(Form):
    reason: Annotated[str, many_lines(2000)] = ""


class ObligationMark(Form):
    status: Literal["kept", "broken"]
    note: Annotated[str, many_lines(2000)] | None = None

    @field_validator("note", mode="before")
    @classmethod
    def _blank_note(cls, value: object) -> object:
        return _blank_is_none(value)
