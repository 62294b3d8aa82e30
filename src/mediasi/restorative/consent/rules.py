"""The victim's consent to restorative justice, as plain rules over plain data.

Who the victim is, the statement the victim signs (its exact text, frozen with its SHA-256
like an agreement's), what signing it in person asks, and whose consent is still missing.
Nothing here reads or writes a database.

Legal basis, as the statement cites it (to be reviewed by a legal officer):
- UU No. 20 Tahun 2025 (KUHAP) Pasal 80 ayat (2), read as quoted from the DPR text by several
  news sites: "berdasarkan laporan Korban dilakukan mekanisme Keadilan Restoratif pada tahap
  Penyelidikan berupa kesepakatan damai antara pelaku dan Korban". It names the victim's
  report and a peace agreement; that the victim must be willing is the officials' reading
  ("kalau korban itu tidak setuju, perkara jalan terus"), not words of the article.
- Pasal 81 ayat (2), known only as news reports paraphrase the DPR document of November
  2025: restorative justice is done without pressure, coercion, intimidation, deceit, threat
  of violence, violence, torture or degrading treatment of the suspect, the victim or their
  families. The enacted numbering is not confirmed.
- Withdrawal at any time is the issue's rule; no article was found for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar
from uuid import UUID

from mediasi.agreements.rules import same_name
from mediasi.i18n import Translatable, _

VICTIM = "victim"
COMPLAINANT = "complainant"
OFFENDER = "respondent"


class PartyLike(Protocol):
    @property
    def id(self) -> UUID: ...
    @property
    def role(self) -> str: ...
    @property
    def name(self) -> str: ...


P = TypeVar("P", bound=PartyLike)


@dataclass(frozen=True)
class CaseLine:
    """What the statement names of its case."""

    reference: str
    title: str


def victims_of(parties: Iterable[P]) -> list[P]:
    """The parties recorded as victims; where none is, the complainants: the report is the
    victim's (UU 20/2025 Pasal 80 ayat (2)), so a complainant of such a case is its victim."""
    listed = list(parties)
    victims = [p for p in listed if p.role == VICTIM]
    return victims or [p for p in listed if p.role == COMPLAINANT]


def offenders_of(parties: Iterable[P]) -> list[P]:
    return [p for p in parties if p.role == OFFENDER]


def consent_text(case: CaseLine, victim: str, offenders: Sequence[str]) -> str:
    """The statement the victim signs, word for word (always in Indonesian: it is the legal
    record, like the agreement's text). Only names and the case: no NIK, no address."""
    against = ", ".join(offenders) if offenders else "(terlapor belum dicatat)"
    return "\n".join(
        (
            "PERNYATAAN PERSETUJUAN KORBAN ATAS PENYELESAIAN KEADILAN RESTORATIF",
            "",
            f"Perkara: {case.reference} — {case.title}",
            f"Terlapor: {against}",
            "",
            f"Saya, {victim}, korban dalam perkara ini, menyatakan:",
            "1. Saya bersedia perkara ini diselesaikan dengan keadilan restoratif bersama "
            "terlapor, atas laporan saya sendiri (UU No. 20 Tahun 2025 Pasal 80 ayat (2)).",
            "2. Persetujuan ini saya berikan dengan sukarela, tanpa tekanan, paksaan, "
            "intimidasi, tipu daya, ancaman kekerasan, kekerasan, penyiksaan, atau perlakuan "
            "yang merendahkan martabat dari siapa pun (UU No. 20 Tahun 2025 Pasal 81 "
            "ayat (2)).",
            "3. Saya tahu bahwa saya dapat menarik persetujuan ini kapan saja sebelum perkara "
            "selesai, dan dengan itu jalur keadilan restoratif berakhir.",
        )
    )


def digest_of(text: str) -> str:
    """SHA-256 of the statement's UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def in_person_errors(
    voluntary: bool, uncoerced: bool, typed_name: str, name: str
) -> dict[str, Translatable]:
    """Signing on the officer's device: the victim confirms both parts of the statement (their
    own will; no pressure) and types their own name."""
    errors: dict[str, Translatable] = {}
    if not voluntary:
        errors["voluntary"] = _(
            "Centang bahwa korban telah membaca (atau dibacakan) pernyataan ini dan "
            "menyetujuinya atas kehendaknya sendiri."
        )
    if not uncoerced:
        errors["uncoerced"] = _(
            "Centang bahwa korban menyatakan tidak ada tekanan, paksaan, intimidasi, tipu daya, "
            "kekerasan atau perlakuan yang merendahkan martabat."
        )
    if not typed_name:
        errors["typed_name"] = _("Korban mengetik namanya sendiri.")
    elif not same_name(typed_name, name):
        errors["typed_name"] = _(
            "Nama yang diketik tidak sama dengan nama korban (%(name)s).", name=name
        )
    return errors


def unconsented(victims: Iterable[P], consented: Iterable[UUID]) -> list[P]:
    """The victims without a consent that stands (given, not withdrawn)."""
    given = set(consented)
    return [v for v in victims if v.id not in given]
