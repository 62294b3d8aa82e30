"""The canonical text of each document of the pack, from its stored content alone: the same
content always gives the same bytes, so its SHA-256 can be recomputed at ``/verify`` exactly as
an agreement's is (``agreements/canonical.py``). The PDF says the same things laid out as a
letter. Nothing here touches a database."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mediasi.agreements.canonical import clean
from mediasi.restorative.kinds import KLARIFIKASI, PEMULIHAN, PERMOHONAN, PERSETUJUAN

Content = Mapping[str, Any]

# What each document cites (read as quoted in the sources named in the README's section on
# the pack; Pasal 16 ayat (1) from a Polda spokesperson's statement, not the regulation's text).
UU_80 = "Pasal 80 Undang-Undang Nomor 20 Tahun 2025 tentang Kitab Undang-Undang Hukum Acara Pidana"
PERPOL = (
    "Peraturan Kepolisian Negara Republik Indonesia Nomor 8 Tahun 2021 tentang Penanganan "
    "Tindak Pidana Berdasarkan Keadilan Restoratif"
)
PERPOL_6 = f"Pasal 6 {PERPOL}"
PERPOL_16 = f"Pasal 16 ayat (1) {PERPOL}"


def identity(person: Mapping[str, Any]) -> list[str]:
    return [
        f"   Nama: {clean(person['name'])}",
        f"   NIK: {clean(person.get('nik')) or '-'}",
        f"   Alamat: {clean(person.get('address')) or '-'}",
    ]


def people(heading: str, group: Sequence[Mapping[str, Any]]) -> list[str]:
    out = ["", f"{heading}:"]
    for i, person in enumerate(group, start=1):
        out.append(f"{i}.")
        out += identity(person)
    return out


def names(group: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(clean(p["name"]) for p in group) or "-"


def _head(content: Content) -> list[str]:
    return [
        *content["kop"],
        "",
        content["title"],
        f"Nomor: {content['nomor']}",
        f"Nomor perkara: {content['reference']}",
    ]


def _foot(content: Content, signers: Sequence[tuple[str, str]]) -> list[str]:
    out = ["", f"{clean(content['place'])}, {content['dated_words']}"]
    out += [f"{role}: {clean(name)}" for role, name in signers]
    return out


def permohonan_text(content: Content) -> list[str]:
    return [
        *_head(content),
        "",
        f"Kepada Yth. {content['addressee']}",
        *people("Yang bertanda tangan di bawah ini, selaku korban", content["victims"]),
        *people("dan selaku terlapor", content["offenders"]),
        "",
        "dengan ini mengajukan permohonan agar perkara dugaan tindak pidana "
        f"{clean(content['offence'])} (nomor perkara {content['reference']}) diselesaikan "
        f"berdasarkan keadilan restoratif sebagaimana dimaksud dalam {UU_80} dan {PERPOL}.",
        "Para pihak telah bersepakat berdamai atas kehendak sendiri, tanpa tekanan, paksaan, "
        "intimidasi, tipu daya, ancaman kekerasan atau kekerasan dari pihak mana pun.",
        f"Permohonan diterima petugas pada klarifikasi tanggal {content['dated_words']}.",
        *_foot(
            content,
            [("Korban", p["name"]) for p in content["victims"]]
            + [("Terlapor", p["name"]) for p in content["offenders"]],
        ),
    ]


def klarifikasi_text(content: Content) -> list[str]:
    officer = content["officer"]
    out = [
        *_head(content),
        "",
        f"Pada hari {content['when_words']}, bertempat di {clean(content['place'])}, saya "
        f"{clean(officer['name'])}, {clean(officer['title'])}, berdasarkan {PERPOL_16} dan "
        f"{UU_80}, telah melakukan klarifikasi terhadap para pihak dalam perkara dugaan "
        f"tindak pidana {clean(content['offence'])}:",
        *people("Korban", content["victims"]),
        *people("Terlapor", content["offenders"]),
        "",
        "KETERANGAN KORBAN",
        clean(content["victim_account"]),
        "",
        "KETERANGAN TERLAPOR",
        clean(content["offender_account"]),
        "",
        "HASIL KLARIFIKASI",
        clean(content["record"]),
        "",
        "PEMERIKSAAN KELAYAKAN KEADILAN RESTORATIF",
    ]
    for i, item in enumerate(content["checklist"], start=1):
        out.append(f"{i}. {clean(item['label'])} [{item['source']}]: {item['answer']}")
    if content.get("note"):
        out += ["Catatan pemeriksaan:", clean(content["note"])]
    out += ["", "SURAT PERMOHONAN TERTULIS", clean(content["written_requests"])]
    signers = [("Korban", p["name"]) for p in content["victims"]]
    signers += [("Terlapor", p["name"]) for p in content["offenders"]]
    return out + _foot(content, [*signers, ("Yang melakukan klarifikasi", officer["name"])])


def pemulihan_text(content: Content) -> list[str]:
    agreement = content["agreement"]
    out = [
        *_head(content),
        *people("Yang bertanda tangan di bawah ini, selaku korban", content["victims"]),
        "",
        "dengan ini menyatakan dengan sesungguhnya bahwa hak saya sebagai korban dalam perkara "
        f"dugaan tindak pidana {clean(content['offence'])} telah dipulihkan oleh terlapor "
        f"{names(content['offenders'])} sebagaimana dimaksud dalam {PERPOL_6}, berdasarkan "
        f"kesepakatan perdamaian versi {agreement['number']} (kode verifikasi "
        f"{agreement['code']}), berupa:",
    ]
    for term in content["terms"]:
        out.append(f"Pasal {term['article']} — {term['kind']}: {clean(term['description'])}")
        if term.get("amount"):
            out.append(f"   Jumlah: {term['amount']}")
        out.append(f"   Kewajiban {clean(term['obligor'])}: {term['status']}")
    out += ["", "BENTUK PEMULIHAN", clean(content["restoration"])]
    out += [
        "",
        "Demikian surat pernyataan ini saya buat dengan sadar dan tanpa paksaan dari pihak mana "
        "pun, untuk dipergunakan sebagaimana mestinya.",
    ]
    signers = [("Korban", p["name"]) for p in content["victims"]]
    return out + _foot(content, [*signers, ("Mengetahui", content["officer"]["name"])])


def persetujuan_text(content: Content) -> list[str]:
    approver = content["approver"]
    out = [*_head(content), "", "Dasar:"]
    out += [f"{i}. {clean(line)}" for i, line in enumerate(content["basis"], start=1)]
    out += [
        "",
        f"Setelah meneliti dokumen tersebut, {clean(approver['title'])} MENYETUJUI penyelesaian "
        f"perkara nomor {content['reference']}, dugaan tindak pidana "
        f"{clean(content['offence'])}, antara korban {names(content['victims'])} dan terlapor "
        f"{names(content['offenders'])}, berdasarkan keadilan restoratif, untuk selanjutnya "
        "dilaporkan kepada penyidik untuk dicatat.",
    ]
    if content.get("decision_note"):
        out += ["Catatan:", clean(content["decision_note"])]
    return out + _foot(content, [(approver["title"], approver["name"])])


_TEXTS: dict[str, Callable[[Content], list[str]]] = {
    PERMOHONAN: permohonan_text,
    KLARIFIKASI: klarifikasi_text,
    PEMULIHAN: pemulihan_text,
    PERSETUJUAN: persetujuan_text,
}


def document_text(content: Content) -> str:
    """The text the document's digest covers."""
    return "\n".join(_TEXTS[content["kind"]](content)) + "\n"
