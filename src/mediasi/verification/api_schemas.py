"""The public check of a printed document as JSON: what the ``/verify`` page says of an
agreement's version or of a restorative justice document, and its verdict in the reader's
language. No personal data, as on the page."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from mediasi.agreements.canonical import format_code
from mediasi.agreements.verification import Verification
from mediasi.i18n import Message, _
from mediasi.restorative.verification import DocumentVerification

Verdict = Literal["altered", "superseded", "fully_signed", "awaiting_signatures", "valid"]

# The page's own words (templates/verification/verify.html), by verdict.
_AGREEMENT: dict[str, tuple[Message, Message]] = {
    "altered": (
        _("Dokumen telah diubah"),
        _(
            "Naskah yang tersimpan tidak cocok lagi dengan sidik SHA-256 saat dibekukan. "
            "Dokumen ini tidak sah."
        ),
    ),
    "superseded": (
        _("Versi ini sudah diganti"),
        _(
            "Naskah ini diubah setelah dibekukan; tanda tangannya batal. Mintalah versi "
            "terbaru kepada petugas."
        ),
    ),
    "fully_signed": (
        _("Dokumen asli dan lengkap ditandatangani"),
        _(
            "Naskah tidak berubah sejak dibekukan, dan semua penanda tangan wajib telah "
            "menandatanganinya."
        ),
    ),
    "awaiting_signatures": (
        _("Dokumen asli, tetapi belum lengkap ditandatangani"),
        _(
            "Naskah tidak berubah sejak dibekukan, tetapi belum semua penanda tangan wajib "
            "menandatanganinya."
        ),
    ),
}
_DOCUMENT: dict[str, tuple[Message, Message]] = {
    "altered": (
        _("Dokumen telah diubah"),
        _(
            "Isi yang tersimpan tidak cocok lagi dengan sidik SHA-256 saat dokumen diterbitkan. "
            "Dokumen ini tidak sah."
        ),
    ),
    "superseded": (
        _("Dokumen ini sudah diganti"),
        _(
            "Langkah perkara ini dicatat ulang dan dokumen yang lebih baru telah diterbitkan. "
            "Mintalah yang terbaru kepada petugas."
        ),
    ),
    "valid": (
        _("Dokumen asli"),
        _("Isi dokumen tidak berubah sejak diterbitkan dan masih berlaku untuk perkara ini."),
    ),
}


class VerificationOut(BaseModel):
    """What the verification page says of the document with this code."""

    kind: Literal["agreement", "document"]
    verdict: Verdict
    valid: bool = Field(
        description="An agreement: unchanged, current and signed by everyone it names; a "
        "document: unchanged and still the case's current one of its kind."
    )
    headline: str = Field(description="The verdict in the reader's language.")
    explanation: str
    code: str = Field(examples=["ABCDE-FGH23"])
    reference: str = Field(examples=["SGK/KEPANJEN/2026/0007"])
    desa: str
    polsek: str
    digest: str | None = Field(description="Compare it with the SHA-256 printed on the paper.")
    unchanged: bool
    current: bool
    number: int | None = Field(description="An agreement: the version of its text.")
    frozen_at: datetime | None
    signed: int | None = Field(description="An agreement: signatures given on this version.")
    required: int | None = Field(description="An agreement: signatures it needs.")
    title: str | None = Field(description="A document: what it is.")
    nomor: str | None = Field(description="A document: its number.")
    issued_at: datetime | None

    @classmethod
    def of(cls, result: Verification | DocumentVerification, lang: str) -> VerificationOut:
        own: dict[str, Any]
        if isinstance(result, DocumentVerification):
            verdict = _verdict(result, "valid")
            words = _DOCUMENT[verdict]
            own = {
                "kind": "document",
                "valid": result.valid,
                "title": result.title,
                "nomor": result.nomor,
                "issued_at": result.issued_at,
                **dict.fromkeys(("number", "frozen_at", "signed", "required")),
            }
        else:
            signed: Verdict = "fully_signed" if result.fully_signed else "awaiting_signatures"
            verdict = _verdict(result, signed)
            words = _AGREEMENT[verdict]
            own = {
                "kind": "agreement",
                "valid": result.fully_signed,
                "number": result.number,
                "frozen_at": result.frozen_at,
                "signed": result.signed,
                "required": result.required,
                **dict.fromkeys(("title", "nomor", "issued_at")),
            }
        return cls(
            verdict=verdict,
            headline=words[0].get(lang),
            explanation=words[1].get(lang),
            code=format_code(result.code),
            reference=result.reference,
            desa=result.desa,
            polsek=result.polsek,
            digest=result.digest,
            unchanged=result.unchanged,
            current=result.current,
            **own,
        )


def _verdict(result: Verification | DocumentVerification, sound: Verdict) -> Verdict:
    """Altered first, then superseded; ``sound`` when neither."""
    if not result.unchanged:
        return "altered"
    return sound if result.current else "superseded"
