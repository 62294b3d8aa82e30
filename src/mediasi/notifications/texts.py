"""Every kind of message, its words (in the catalogs, Indonesian first) and its parameters.

The words hold no NIK, address or case description: parties get the reference, the date, the
time and the place only. A message leaves the system through a provider, over a phone anyone
near it may read, so it carries only what its purpose needs: UU No. 27/2022 (PDP) Pasal 16
ayat (2) huruf a and b (collected limited and specific, processed for its purpose); the basis
for sending at all is the unit's public task, Pasal 20 ayat (2) huruf e.

An SMS must fit one 160-character GSM-7 segment, so a text for a phone is shortened in its
free-text parameter (a name, a place) when it would not, and a long link gives way to the
site's host name.
The parameters' order is also the order of the WhatsApp template's body variables.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from mediasi.i18n import Message, _

SMS_LIMIT = 160
# A name or place cut shorter than this says too little; the link gives way first.
KEEP_OF_FREE_TEXT = 12
# The GSM 03.38 basic character set and its extension table (each extension costs two).
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = "^{}\\[~]|€"


@dataclass(frozen=True)
class Kind:
    name: str
    text: Message
    subject: Message
    params: tuple[str, ...]
    # The parameter shortened first when an SMS would not fit (free text a person typed).
    shorten: str | None = None
    # Held back in the recipient's quiet hours; only an admin's own test message is not.
    quiet: bool = True


def _k(
    name: str,
    text: Message,
    subject: Message,
    *params: str,
    shorten: str | None = None,
    quiet: bool = True,
) -> Kind:
    return Kind(name, text, subject, params, shorten, quiet)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        _k(
            "tokoh_invited",
            _(
                "mediasi: Yth. %(name)s, Anda diundang sebagai %(role)s "
                "dalam musyawarah perkara %(reference)s. %(link)s"
            ),
            _("Undangan musyawarah perkara %(reference)s"),
            "name",
            "role",
            "reference",
            "link",
            shorten="name",
        ),
        _k(
            "signature_requested",
            _("mediasi: Kesepakatan perkara %(reference)s menunggu tanda tangan Anda: %(link)s"),
            _("Kesepakatan perkara %(reference)s menunggu tanda tangan Anda"),
            "reference",
            "link",
        ),
        _k(
            "session_scheduled",
            _(
                "mediasi: Musyawarah perkara %(reference)s dijadwalkan "
                "%(date)s pukul %(time)s di %(place)s."
            ),
            _("Jadwal musyawarah perkara %(reference)s"),
            "reference",
            "date",
            "time",
            "place",
            shorten="place",
        ),
        _k(
            "forum_activity_scheduled",
            _(
                "mediasi: %(forum)s mengundang Anda ke kegiatan %(kind)s pada "
                "%(date)s pukul %(time)s di %(place)s."
            ),
            _("Undangan kegiatan %(forum)s"),
            "forum",
            "kind",
            "date",
            "time",
            "place",
            shorten="place",
        ),
        _k(
            "session_moved",
            _(
                "mediasi: Musyawarah perkara %(reference)s DIPINDAH "
                "ke %(date)s pukul %(time)s di %(place)s."
            ),
            _("Jadwal musyawarah perkara %(reference)s dipindah"),
            "reference",
            "date",
            "time",
            "place",
            shorten="place",
        ),
        _k(
            "session_reminder",
            _(
                "mediasi: Pengingat: besok %(date)s pukul %(time)s "
                "musyawarah perkara %(reference)s di %(place)s."
            ),
            _("Pengingat musyawarah perkara %(reference)s besok"),
            "date",
            "time",
            "reference",
            "place",
            shorten="place",
        ),
        _k(
            "obligation_due",
            _("mediasi: Kewajiban dalam kesepakatan perkara %(reference)s jatuh tempo %(date)s."),
            _("Kewajiban perkara %(reference)s jatuh tempo %(date)s"),
            "reference",
            "date",
        ),
        _k(
            "obligation_overdue",
            _(
                "mediasi: Kewajiban dalam kesepakatan perkara %(reference)s "
                "sudah lewat jatuh tempo (%(date)s)."
            ),
            _("Kewajiban perkara %(reference)s lewat jatuh tempo"),
            "reference",
            "date",
        ),
        _k(
            "report_received",
            _(
                "mediasi: Laporan Anda diterima dengan nomor %(reference)s. "
                "Sebutkan nomor ini bila menanyakan perkembangannya."
            ),
            _("Laporan %(reference)s diterima"),
            "reference",
        ),
        _k(
            "report_received_tracked",
            _(
                "mediasi: Laporan %(reference)s diterima. Lacak: %(link)s kode %(code)s "
                "+ 4 angka akhir HP"
            ),
            _("Laporan %(reference)s diterima: kode lacak %(code)s"),
            "reference",
            "code",
            "link",
        ),
        _k(
            "state_changed",
            _("mediasi: Perkara %(reference)s kini: %(state)s."),
            _("Perkembangan perkara %(reference)s"),
            "reference",
            "state",
            shorten="state",
        ),
        _k(
            "escalation_waiting",
            _("mediasi: Eskalasi perkara %(reference)s menunggu tinjauan Anda. %(link)s"),
            _("Eskalasi perkara %(reference)s menunggu tinjauan"),
            "reference",
            "link",
        ),
        _k(
            "escalation_returned",
            _(
                "mediasi: Eskalasi perkara %(reference)s dikembalikan "
                "pengawas dengan arahan. %(link)s"
            ),
            _("Eskalasi perkara %(reference)s dikembalikan dengan arahan"),
            "reference",
            "link",
        ),
        _k(
            "handover_received",
            _(
                "mediasi: Desa %(desa)s kini dipegang Anda, dengan %(count)s perkara berjalan. "
                "%(link)s"
            ),
            _("Serah terima desa %(desa)s"),
            "desa",
            "count",
            "link",
        ),
        _k(
            "handover_given",
            _(
                "mediasi: Desa %(desa)s dan %(count)s perkara berjalannya diserahkan "
                "kepada %(name)s."
            ),
            _("Serah terima desa %(desa)s"),
            "desa",
            "count",
            "name",
            shorten="name",
        ),
        _k(
            "follow_up_due",
            _(
                "mediasi: Tindak lanjut hari ini (jam %(time)s), perkara %(reference)s: "
                "%(note)s %(link)s"
            ),
            _("Tindak lanjut hari ini: perkara %(reference)s"),
            "reference",
            "time",
            "note",
            "link",
            shorten="note",
        ),
        _k(
            "officer_digest",
            _(
                "mediasi %(date)s: %(due)s perkara jatuh tempo hari ini, %(overdue)s "
                "lewat tenggat, %(sessions)s sesi hari ini. %(link)s"
            ),
            _("Ringkasan pagi %(date)s"),
            "date",
            "due",
            "overdue",
            "sessions",
            "link",
        ),
        _k(
            "supervisor_digest",
            _(
                "mediasi %(date)s, %(area)s: %(waiting)s eskalasi menunggu, %(overdue)s "
                "perkara lewat tenggat, %(sessions)s sesi hari ini. %(link)s"
            ),
            _("Ringkasan pagi %(area)s, %(date)s"),
            "date",
            "area",
            "waiting",
            "overdue",
            "sessions",
            "link",
            shorten="area",
        ),
        _k(
            "report_tracking",
            _("mediasi: Laporan diterima. Lacak: %(link)s kode %(code)s + 4 angka akhir HP"),
            _("Laporan Anda diterima: kode lacak %(code)s"),
            "code",
            "link",
        ),
        _k(
            "test",
            _("mediasi: Pesan uji dari %(site)s. Bila Anda menerimanya, saluran ini bekerja."),
            _("Pesan uji mediasi"),
            "site",
            quiet=False,
        ),
    )
}


def gsm7_length(text: str) -> int | None:
    """Septets ``text`` needs in GSM-7, or None if it has a character GSM-7 lacks."""
    total = 0
    for char in text:
        if char in GSM7_BASIC:
            total += 1
        elif char in GSM7_EXTENSION:
            total += 2
        else:
            return None
    return total


def gsm7_safe(text: str) -> str:
    """Characters GSM-7 lacks become their plain letters (ā → a, “ → "), or '?' as a last
    resort, so one odd character in a name does not turn an SMS into three UCS-2 parts."""
    out = []
    for char in text:
        if char in GSM7_BASIC or char in GSM7_EXTENSION:
            out.append(char)
            continue
        plain = unicodedata.normalize("NFKD", char)
        plain = "".join(c for c in plain if c in GSM7_BASIC)
        out.append(_PUNCTUATION.get(char, plain or "?"))
    return "".join(out)


_PUNCTUATION = {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}


def fits_sms(text: str) -> bool:
    length = gsm7_length(text)
    return length is not None and length <= SMS_LIMIT


def _fill(template: Message, params: dict[str, Any], lang: str) -> str:
    return Message(template.msgid, params=tuple(sorted(params.items()))).get(lang)


def render(kind: Kind, params: dict[str, Any], lang: str, *, sms: bool) -> tuple[str, str]:
    """(subject, text) of ``kind`` in ``lang``; for a phone, shortened to one GSM-7 segment."""
    values = {name: str(params.get(name, "")) for name in kind.params}
    if sms:
        values = {name: gsm7_safe(value) for name, value in values.items()}
    subject = _fill(kind.subject, values, lang)
    text = _fill(kind.text, values, lang)
    if not sms or fits_sms(text):
        return subject, text
    squeezed = _squeezed(kind, values, lang, keep=KEEP_OF_FREE_TEXT)
    if fits_sms(squeezed):
        return subject, squeezed
    if values.get("link"):
        # A cut link leads nowhere; the site's own address still does (the page that waits
        # for the person is the first they see after logging in), and phones make a link of
        # a bare host name.
        values = {**values, "link": _site(values["link"])}
    return subject, _squeezed(kind, values, lang, keep=0)


def _squeezed(kind: Kind, values: dict[str, str], lang: str, *, keep: int) -> str:
    """The text with its free-text parameter cut (to no fewer than ``keep`` characters)
    until it fits one SMS, or as short as that allows."""
    text = _fill(kind.text, values, lang)
    if kind.shorten is None:
        return text
    free = values[kind.shorten]
    while len(free) > keep and not fits_sms(text):
        free = free[:-1]
        text = _fill(kind.text, {**values, kind.shorten: free.rstrip() + "..."}, lang)
    return text


def _site(link: str) -> str:
    parts = urlsplit(link)
    return parts.netloc or link
