"""The invitation a forum member gets by SMS fits one segment: the place gives way first."""

from __future__ import annotations

from mediasi.notifications.texts import KINDS, fits_sms, render


def test_an_invitation_with_a_long_place_fits_one_sms() -> None:
    params = {
        "forum": "FKPM Desa Ngadilangkung",
        "kind": "Penyuluhan/sosialisasi",
        "date": "Jum, 11 Des 2026",
        "time": "19.30 WIB",
        "place": "Balai Kemitraan Polri dan Masyarakat, Jalan Raya Kepanjen nomor 17 RT 03 RW 02",
    }
    _subject, text = render(KINDS["forum_activity_scheduled"], params, "id", sms=True)
    assert fits_sms(text)
    assert text.startswith("mediasi: FKPM Desa Ngadilangkung mengundang Anda ke kegiatan")
    assert "19.30 WIB di Balai" in text
    _subject, whole = render(KINDS["forum_activity_scheduled"], params, "id", sms=False)
    assert whole.endswith("RT 03 RW 02.")
