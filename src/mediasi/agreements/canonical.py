"""The canonical text of an agreement version, its SHA-256 digest and its verification code.

The canonical text is plain, deterministic text built only from what the version stores (its
content and its obligations): the same version always gives the same bytes, so the digest a
signatory signs can be recomputed at any time and compared. Nothing here touches a database.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from mediasi.agreements.wording import hari, rupiah_in_words, tanggal

TITLE = "KESEPAKATAN PERDAMAIAN"
ALL_PARTIES = "all"
CODE_LENGTH = 10
_CODE = re.compile(rf"^[A-Z2-7]{{{CODE_LENGTH}}}$")

PARTY_ROLE_WORDS = {
    "complainant": "Pelapor",
    "respondent": "Terlapor",
    "victim": "Korban",
    "witness": "Saksi",
}
TOKOH_ROLE_WORDS = {"mediator": "Mediator", "witness": "Saksi"}
# Which side of the agreement each party role stands on.
SIDES = (
    ("complainant", "PIHAK PERTAMA", "Pihak Pertama"),
    ("respondent", "PIHAK KEDUA", "Pihak Kedua"),
    ("victim", "KORBAN", "Korban"),
    ("witness", "SAKSI DARI PARA PIHAK", "Saksi"),
)
KIND_WORDS = {
    "payment": "Pembayaran",
    "return_goods": "Pengembalian barang",
    "apology": "Permintaan maaf secara terbuka",
    "cease": "Penghentian kegiatan",
    "other": "Kewajiban lain",
}
CLOSING = (
    "Dengan ditandatanganinya kesepakatan ini, para pihak menganggap perselisihan di antara "
    "mereka telah selesai secara musyawarah dan kekeluargaan. Apabila salah satu pihak tidak "
    "memenuhi kewajibannya, perkara ini dapat dibuka kembali untuk dimediasi atau dilanjutkan "
    "sesuai ketentuan hukum yang berlaku."
)
STATEMENT = (
    "Demikian kesepakatan ini dibuat dengan sadar, tanpa paksaan dari pihak mana pun, "
    "dibacakan dan dipahami oleh para pihak, lalu ditandatangani."
)


class TermLike(Protocol):
    """An obligation as the text needs it (a database row or a plain record)."""

    @property
    def position(self) -> int: ...
    @property
    def obligor(self) -> str: ...
    @property
    def obligor_name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def amount(self) -> int | None: ...
    @property
    def instalments(self) -> int | None: ...
    @property
    def due_date(self) -> date: ...


def clean(value: Any) -> str:
    """One spelling for one text: NFC, Unix line ends, no trailing spaces, no edge blanks."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def side_of(content: Mapping[str, Any], obligor: str) -> str:
    """'Pihak Kedua' for a respondent's key, 'Para pihak' for everyone."""
    if obligor == ALL_PARTIES:
        return "Para pihak"
    role = next((p["role"] for p in content.get("parties", []) if p["key"] == obligor), None)
    return next((word for r, _, word in SIDES if r == role), "Pihak")


def term_lines(content: Mapping[str, Any], term: TermLike) -> list[str]:
    """The lines of one article (Pasal) after its heading."""
    who = (
        "Para pihak"
        if term.obligor == ALL_PARTIES
        else f"{clean(term.obligor_name)} ({side_of(content, term.obligor)})"
    )
    lines = [f"{who} wajib: {clean(term.description)}"]
    if term.amount:
        amount = rupiah_in_words(term.amount)
        if term.instalments and term.instalments > 1:
            amount += f", dibayar dalam {term.instalments} kali angsuran"
        lines.append(f"Jumlah: {amount}.")
    lines.append(f"Paling lambat: {tanggal(term.due_date)}.")
    return lines


def opening(content: Mapping[str, Any]) -> str:
    dated = content.get("dated")
    when = "……, tanggal ……"
    if dated:
        day = date.fromisoformat(dated)
        when = f"{hari(day)}, tanggal {tanggal(day)}"
    place = clean(content.get("place")) or "……"
    return (
        f"Pada hari ini {when}, bertempat di {place}, {clean(content.get('desa'))}, "
        "kami yang bertanda tangan di bawah ini:"
    )


def canonical_text(content: Mapping[str, Any], terms: Sequence[TermLike]) -> str:
    """The text that is signed: heading, parties with NIK, chronology, numbered obligations
    with due dates, restitution, witnesses and the officer who acknowledges it."""
    out: list[str] = [
        TITLE,
        f"Nomor perkara: {clean(content.get('reference'))}",
        f"Versi naskah: {content.get('number')}",
        "",
        opening(content),
    ]
    parties = content.get("parties", [])
    for role, heading, _ in SIDES:
        group = [p for p in parties if p["role"] == role]
        if not group:
            continue
        out += ["", f"{heading}:"]
        for i, p in enumerate(group, start=1):
            out += [
                f"{i}. Nama: {clean(p['name'])}",
                f"   NIK: {clean(p.get('nik')) or '-'}",
                f"   Alamat: {clean(p.get('address')) or '-'}",
                f"   Kedudukan: {PARTY_ROLE_WORDS.get(p['role'], p['role'])}",
            ]
    out += ["", "KRONOLOGI SINGKAT", clean(content.get("chronology"))]
    out += [
        "",
        "Para pihak sepakat menyelesaikan perselisihan ini secara musyawarah dan kekeluargaan "
        "dengan ketentuan sebagai berikut:",
    ]
    article = 0
    for term in sorted(terms, key=lambda t: t.position):
        article += 1
        out += ["", f"Pasal {article} — {KIND_WORDS.get(term.kind, term.kind)}"]
        out += term_lines(content, term)
    restitution = clean(content.get("restitution"))
    if restitution:
        article += 1
        out += ["", f"Pasal {article} — Restitusi bagi korban", restitution]
    article += 1
    out += ["", f"Pasal {article} — Penutup", CLOSING, "", STATEMENT]
    tokoh = content.get("tokoh", [])
    if tokoh:
        out += ["", "SAKSI-SAKSI (TOKOH MASYARAKAT):"]
        for i, t in enumerate(tokoh, start=1):
            title = f", {clean(t['title'])}" if t.get("title") else ""
            role = TOKOH_ROLE_WORDS.get(t["role"], t["role"])
            out.append(f"{i}. {clean(t['name'])}{title} — {role}")
    officer = content.get("officer") or {}
    out += [
        "",
        "MENGETAHUI:",
        f"{clean(officer.get('title')) or 'Bhabinkamtibmas'}: {clean(officer.get('name'))}",
    ]
    return "\n".join(out) + "\n"


WITHHELD = "(disamarkan)"


def redacted(content: Mapping[str, Any]) -> dict[str, Any]:
    """The content with the parties' NIK and address withheld, for readers who may see names
    and roles only (a tokoh). Never signed or hashed: the digest covers the full text."""
    parties = [
        {
            **p,
            "nik": WITHHELD if p.get("nik") else None,
            "address": WITHHELD if p.get("address") else None,
        }
        for p in content.get("parties", [])
    ]
    return {**content, "parties": parties}


def digest_of(text: str) -> str:
    """SHA-256 of the canonical text's UTF-8 bytes, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verification_code(agreement_id: UUID, digest: str) -> str:
    """Ten base32 characters from the agreement and the digest of the version."""
    raw = hashlib.sha256(f"{agreement_id}\n{digest}".encode()).digest()
    return base64.b32encode(raw).decode("ascii")[:CODE_LENGTH]


def format_code(code: str) -> str:
    """ABCDE-FGHIJ, easier to read aloud and type."""
    return f"{code[:5]}-{code[5:]}"


def normalise_code(raw: str) -> str | None:
    """What a person typed, as a stored code: case, dashes and spaces ignored, 0/1 read as O/I.
    None when it cannot be a code at all."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    code = re.sub(r"[\s\-.]", "", raw).upper().replace("0", "O").replace("1", "I")
    return code if _CODE.match(code) else None
