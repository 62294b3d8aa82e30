"""The public check of a printed document as JSON: what the ``/verify`` page says of an
agreement's version or of a restorative justice document, and its verdict in the reader's
language. No personal data, as on the page."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

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
        if isinstance(result, DocumentVerification):
            return cls._document(result, lang)
        if not result.unchanged:
            verdict = "altered"
        elif not result.current:
            verdict = "superseded"
        else:
            verdict = "fully_signed" if result.fully_signed else "awaiting_signatures"
        headline, explanation = _AGREEMENT[verdict]
        return cls(
            kind="agreement",
            verdict=verdict,
            valid=result.fully_signed,
            headline=headline.get(lang),
            explanation=explanation.get(lang),
            code=format_code(result.code),
            reference=result.reference,
            desa=result.desa,
            polsek=result.polsek,
            digest=result.digest,
            unchanged=result.unchanged,
            current=result.current,
            number=result.number,
            frozen_at=result.frozen_at,
            signed=result.signed,
            required=result.required,
            title=None,
            nomor=None,
            issued_at=None,
        )

    @classmethod
    def _document(cls, result: DocumentVerification, lang: str) -> VerificationOut:
        if not result.unchanged:
            verdict = "altered"
        elif not result.current:
            verdict = "superseded"
        else:
            verdict = "valid"
        headline, explanation = _DOCUMENT[verdict]
        return cls(
            kind="document",
            verdict=verdict,
            valid=result.valid,
            headline=headline.get(lang),
            explanation=explanation.get(lang),
            code=format_code(result.code),
            reference=result.reference,
            desa=result.desa,
            polsek=result.polsek,
            digest=result.digest,
            unchanged=result.unchanged,
            current=result.current,
            number=None,
            frozen_at=None,
            signed=None,
            required=None,
            title=result.title,
            nomor=result.nomor,
            issued_at=result.issued_at,
        )
