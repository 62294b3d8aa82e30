"""Quiet hours across midnight and zones; texts that fit one SMS whatever a name holds."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from mediasi.notifications.quiet import is_quiet, next_allowed
from mediasi.notifications.texts import KINDS, fits_sms, gsm7_length, gsm7_safe, render


@pytest.mark.parametrize(
    ("hour", "quiet"), [(20, False), (21, True), (23, True), (0, True), (5, True), (6, False)]
)
def test_quiet_hours_span_midnight(hour: int, quiet: bool) -> None:
    assert is_quiet(time(hour, 30), 21, 6) is quiet


def test_a_message_in_quiet_hours_waits_till_the_morning_of_the_recipients_zone() -> None:
    late = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # 22:00 WIB, 23:00 WITA, 00:00 WIT
    assert next_allowed(late, "Asia/Jakarta", 21, 6) == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    assert next_allowed(late, "Asia/Makassar", 21, 6) == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)
    assert next_allowed(late, "Asia/Jayapura", 21, 6) == datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
    noon = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # 12:00 WIB
    assert next_allowed(noon, "Asia/Jakarta", 21, 6) == noon


def test_characters_gsm7_lacks_become_plain_letters() -> None:
    assert gsm7_safe("Ṣāliḥ “Ustadz” – Ma’ruf") == 'Salih "Ustadz" - Ma\'ruf'
    assert gsm7_length("{x}") == 5  # braces are extension characters: two septets each
    assert gsm7_length("日本") is None


def test_a_long_place_is_shortened_so_the_sms_fits_one_segment() -> None:
    params = {
        "reference": "SGK/KEPANJEN/2026/00123",
        "date": "Sen, 7 Des 2026",
        "time": "09.00 WIB",
        "place": "Balai Desa Ngadilangkung, ruang pertemuan lantai dua " * 4,
    }
    _subject, text = render(KINDS["session_scheduled"], params, "id", sms=True)
    assert fits_sms(text)
    for part in ("SGK/KEPANJEN/2026/00123", "09.00 WIB", "Balai Desa"):
        assert part in text
    _subject, whole = render(KINDS["session_scheduled"], params, "id", sms=False)
    assert whole.count("Balai Desa") == 4  # email is not cut


LONG_HOST = "mediasi-bhabinkamtibmas.polres-malang-kab.jatim.polri.go.id"


@pytest.mark.parametrize("name", [k.name for k in KINDS.values() if "link" in k.params])
def test_a_link_too_long_for_an_sms_becomes_the_sites_address_never_a_cut_link(
    name: str,
) -> None:
    kind = KINDS[name]
    link = f"https://{LONG_HOST}/agreements/3f2b8c1e-0d4a-4c55-9e61-5b7a0c2d9e18"
    params = {
        "name": "KH. Ustadz Abdul Rohman bin Haji Sulaiman",
        "role": "penengah",
        "reference": "SGK/KEPANJEN/2026/00123",
        "date": "Sen, 7 Des 2026",
        "area": "Polsek Kepanjen Kabupaten Malang",
        "code": "LPR-7K3M-Q9XD-4F2A",
        **{count: "12" for count in ("due", "overdue", "sessions", "waiting")},
        "link": link,
    }
    _subject, text = render(kind, params, "id", sms=True)
    assert fits_sms(text), text
    assert LONG_HOST in text
    assert "/agreements/3f2b" not in text  # never half a path
    _subject, whole = render(kind, params, "id", sms=False)
    assert link in whole  # WhatsApp and email keep the page's own link


def test_a_link_that_fits_stays_whole_in_an_sms() -> None:
    link = "https://mediasi.polsek.id/agreements/3f2b8c1e-0d4a-4c55-9e61-5b7a0c2d9e18"
    params = {"reference": "SGK/2026/00123", "link": link}
    _subject, text = render(KINDS["signature_requested"], params, "id", sms=True)
    assert link in text
    assert fits_sms(text)
