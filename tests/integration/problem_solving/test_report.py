"""The Problem Solving report of a case (SQLite and PostgreSQL): the PDF read back names the
officer, the desa, the parties (NIK masked), the tokoh, each step with its date in Indonesian
on the area's clock, the sessions and the outcome; a case just reported still gives one; who
may have it; hostile case ids are refused with a 4xx."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.accounts.models import User
from mediasi.cases import kinds
from mediasi.cases.event_model import Event
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.agreements.test_web import pdf_text
from tests.integration.restorative.test_documents import POLICE_PAPERS, browser, flat
from tests.integration.web.conftest import Cases, Web
from tests.journey import NIK, PHONE, REPORTER_PHONE, full_journey

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
JAKARTA = ZoneInfo("Asia/Jakarta")


def in_words(moment: datetime) -> str:
    """Senin, 5 Januari 2026 pukul 09.00 WIB."""
    local = moment.astimezone(JAKARTA)
    return (
        f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year} "
        f"pukul {local:%H.%M} WIB"
    )


def report_of(web: Web, case_id: UUID) -> str:
    response = web.get(f"/cases/{case_id}/problem-solving.pdf")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="problem-solving-' in response.headers["content-disposition"]
    return flat(pdf_text(response.content))


def events_of(runtime: Runtime, case_id: UUID) -> list[Event]:
    with runtime.sessions() as session:
        return list(
            session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.seq))
        )


def test_a_walked_case_reads_back_with_every_step_dated(
    app: Litestar, runtime: Runtime, world: World
) -> None:
    case_id = full_journey(runtime, world, "Utang panen jagung laporan problem solving")
    with browser(app, "officer") as officer:
        page = officer.case_page(case_id).text
        assert f"/cases/{case_id}/problem-solving.pdf" in page
        text = report_of(officer, case_id)
    for words in (
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "RESOR MALANG",
        "SEKTOR KEPANJEN",
        "LAPORAN HASIL PROBLEM SOLVING",
        "Peraturan Kepolisian Negara Republik Indonesia Nomor 1 Tahun 2021",
        "Officer",  # the assigned officer's full name (tests/factories.py)
        "Bhabinkamtibmas Ngadilangkung",
        "Utang panen jagung laporan problem solving",
        "Utang piutang",  # the category after the edit, in words
        "Darto Santoso",
        "Slamet Wibowo",
        "3507********9876",
        "KH. Abdul Rohman",
        "Mediator",
        "Balai Desa",
        "Terlapor berhalangan; musyawarah diulang.",
        "Para pihak berdamai; ganti rugi dibayar.",
        "Kesepakatan perdamaian versi",
        "telah dipenuhi",
        "Penanganan selesai dengan status: Selesai damai",
        "Mengetahui",
        "Kapolsek Kepanjen",
        "Yang melaporkan",
    ):
        assert words in text, words
    for secret in (NIK, PHONE, REPORTER_PHONE):
        assert secret not in text
    # Each step, with its date and clock in words; the clerical rows are left out.
    for label in (
        "Laporan dicatat",
        "Nilai laporan",
        "Tokoh diundang",
        "Hasil sesi mediasi dicatat",
        "Kesepakatan ditandatangani",
        "Nyatakan selesai damai",
    ):
        assert label in text, label
    # In the order they were taken, the report itself first.
    order = [text.index(label) for label in ("Laporan dicatat", "Nilai laporan", "Nyatakan")]
    assert order == sorted(order)
    assert "Waktu laporan : Senin, 5 Januari 2026 pukul 09.00 WIB" in text
    assert "Draf kesepakatan disimpan" not in text
    assert "Kesepakatan dibaca" not in text
    clerical = {kinds.AGREEMENT_DRAFTED, kinds.AGREEMENT_VIEWED, kinds.CASE_EDITED}
    for event in events_of(runtime, case_id):
        if event.trigger not in clerical:
            assert in_words(event.created_at) in text, event.trigger
    assert in_words(datetime(2026, 1, 5, 9, 0, tzinfo=JAKARTA)) == (
        "Senin, 5 Januari 2026 pukul 09.00 WIB"
    )
    assert "Senin, 5 Januari 2026 pukul 09.00 WIB" in text


def test_a_case_with_no_steps_yet_still_reads(
    app: Litestar, runtime: Runtime, world: World, cases: Cases
) -> None:
    case_id = cases.report(title="Anjing tetangga menggigit ayam")
    with runtime.sessions.begin() as session:
        officer = session.get(User, world.actor("officer").id)
        assert officer is not None
        officer.rank = "Bripka"
    with browser(app, "supervisor") as supervisor:
        text = report_of(supervisor, case_id)
    for words in (
        "Anjing tetangga menggigit ayam",
        "Bripka",
        "Laporan dicatat",
        "Belum ada tokoh yang dilibatkan.",
        "Belum ada sesi musyawarah yang dijadwalkan.",
        "Belum ada naskah kesepakatan perdamaian.",
        "Penanganan masih berjalan; status saat ini: Dilaporkan",
        "3507********0001",
    ):
        assert words in text, words
    assert "3507010101010001" not in text
    assert "081234567890" not in text


def test_who_may_have_the_report(app: Litestar, world: World, cases: Cases) -> None:
    case_id = cases.report()
    cases.invite(case_id)  # the 'tokoh' login, as mediator
    url = f"/cases/{case_id}/problem-solving.pdf"
    for username, status in POLICE_PAPERS:
        with browser(app, username) as reader:
            response = reader.get(url)
            assert response.status_code == status, username
            if status != 200:
                assert "Sengketa batas sawah" not in response.text
            if username == "tokoh":
                assert url not in reader.case_page(case_id).text
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        response = anonymous.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    "case_id",
    [
        "bukan-uuid",
        "9" * 5000,
        "%00",
        "a%00b",
        "%FF%FE",
        "00000000-0000-0000-0000-000000000000",
        "5e0e7a8c-1111-4222-8333-944445555666",
    ],
    ids=["text", "huge", "nul", "inner-nul", "bad-utf8", "nil", "unknown"],
)
def test_hostile_case_ids_are_refused_with_a_4xx(app: Litestar, world: World, case_id: str) -> None:
    with browser(app, "officer") as officer:
        response = officer.get(f"/cases/{case_id}/problem-solving.pdf")
    assert 400 <= response.status_code < 500, (case_id[:20], response.status_code)
    assert response.headers["content-type"] != "application/pdf"
