"""What the agreement API accepts: the page's own forms (the same models, the same limits),
each with the versions its page carries in hidden fields: ``version``, the case version the
caller saw, and ``agreement_version``, the number of the text they read."""

from __future__ import annotations

from pydantic import Field

from mediasi.agreements.schemas import (
    AgreementDraft,
    Decline,
    InPersonSignature,
    ObligationMark,
    PaperSignature,
)
from mediasi.errors import MAX_VERSION
from mediasi.validation import Form
from mediasi.web.openapi_input import with_example

CASE_VERSION = "The case version the caller last read (a stale one is refused with 409)."
TEXT_VERSION = "The number of the agreement version the caller read (`number` in the answer)."


class CaseVersion(Form):
    version: int = Field(ge=1, le=MAX_VERSION, description=CASE_VERSION)


class Versions(CaseVersion):
    agreement_version: int = Field(ge=1, le=MAX_VERSION, description=TEXT_VERSION)


class DraftIn(AgreementDraft, CaseVersion):
    """The draft: place, chronology, restitution and the obligations (at most 30). Saving it
    makes a new version; saving a frozen text again voids every signature given on it."""

    model_config = with_example(
        {
            "version": 7,
            "place": "Balai Desa Ngadilangkung",
            "chronology": "Patok batas sawah dipindah terlapor saat musim tanam.",
            "restitution": "Patok dikembalikan ke tempat semula.",
            "obligations": [
                {
                    "obligor": "party:6f1c2d3e-0000-4000-8000-000000000001",
                    "kind": "payment",
                    "description": "Membayar ganti rugi tanaman padi kepada pelapor",
                    "amount": 1500000,
                    "instalments": 3,
                    "due_date": "2026-12-31",
                }
            ],
        }
    )


class FreezeIn(Versions):
    """Freeze the current draft for signing: its text, SHA-256 and code are fixed."""

    model_config = with_example({"version": 8, "agreement_version": 1})


class InPersonIn(InPersonSignature, Versions):
    """A party without an account signs on the officer's device: they consent and type their
    own name as the text names them."""

    model_config = with_example(
        {
            "version": 9,
            "agreement_version": 1,
            "consent": True,
            "typed_name": "Darto Santoso",
        }
    )


class PaperIn(PaperSignature, Versions):
    """The photo or scan of the paper a party signed (JPEG, PNG or PDF, at most 5 MB, in the
    part ``scan``), with the officer's word that it is that paper (``confirm``)."""

    model_config = with_example({"version": 9, "agreement_version": 1, "confirm": True})


class SignIn(Versions):
    """A tokoh signs the text they read, from their own account."""

    model_config = with_example({"version": 9, "agreement_version": 1})


class DeclineIn(Decline, Versions):
    """A tokoh declines to sign, saying why (at least 5 letters)."""

    model_config = with_example(
        {"version": 9, "agreement_version": 1, "reason": "Isi naskah belum adil."}
    )


class MarkIn(ObligationMark, CaseVersion):
    """An obligation kept, or broken with what happened (``note``), once the agreement holds."""

    model_config = with_example(
        {"version": 12, "status": "broken", "note": "Angsuran kedua tidak dibayar."}
    )
