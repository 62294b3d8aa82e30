"""A case's history in two views: read by people (the case page's timeline, the trail page)
in their language, with names, local times and masked numbers; exported for auditors exactly
as stored, with hashes that still verify offline."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import datetime
from uuid import UUID

import pytest
from sqlalchemy import update

from mediasi.accounts.models import Area
from mediasi.cases.kinds import DEADLINE_EXPIRED
from mediasi.deadlines.services import DeadlineScanner
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World
from tests.integration.supervision.conftest import OpenAs
from tests.integration.supervision.test_trail import offline_problems
from tests.integration.web.conftest import Db, section_with
from tests.journey import NIK, PHONE, REPORTER_PHONE, full_journey, raw_in

FULL_NUMBERS = (NIK, PHONE, "+62" + PHONE[1:], REPORTER_PHONE, "+62" + REPORTER_PHONE[1:])


def visible(part: str) -> str:
    """The text a reader sees of an HTML part: no tags or attributes, closed digests short."""
    part = re.sub(r'<code class="full">.*?</code>', "", part, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", part)))


def timeline_of(page: str) -> str:
    match = re.search(r'<section id="timeline">.*?</section>', page, re.S)
    assert match, "the case page has no timeline"
    return match.group(0)


def trail_of(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


@pytest.fixture
def journey(runtime: Runtime, world: World) -> UUID:
    return full_journey(runtime, world, "Sengketa batas sawah dan utang")


def test_the_timeline_of_a_full_journey_reads_in_indonesian(open_as: OpenAs, journey: UUID) -> None:
    page = open_as("officer").get(f"/cases/{journey}").text
    assert "Risiko: Sedang" in page  # the risk badge: the workflow's label, not 'sedang'
    part = timeline_of(page)
    text = visible(part)
    assert raw_in(text) == []
    for words in (
        "Laporan dicatat",
        "Masuk lewat Telepon atau pesan",
        "Pihak Darto Santoso (Pelapor)",
        "Nilai laporan · Dilaporkan → Dinilai",
        "Tingkat risiko Sedang",
        "Kategori Batas tanah → Utang piutang",
        "Dilimpahkan ke Unit Reskrim Polsek",
        "Kembalikan ke petugas · Dieskalasi (menunggu tinjauan) → Dinilai",
        "Tenggat terlewati Sistem",
        "Tindakan Ditandai lewat tenggat",
        "Nama KH. Abdul Rohman (Mediator)",
        "Hasil Gagal",
        "Jadwal sesi mediasi dipindah",
        "Tempat semula Rumah Kepala Desa",
        "Cara Di hadapan petugas",
        "Cara Dari akun sendiri",
        "Kewajiban dipenuhi",
        "Nyatakan selesai damai",
        # Reported at 09.00 WIB, on the desa's clock, in the Indonesian way.
        "Slamet Wibowo (Terlapor) ",
        "5 Jan 2026 09.00 WIB",
    ):
        assert words in text, words
    # The one digest the timeline shows (the frozen text's) is short; whole on demand.
    digests = re.findall(r'<code class="full">([0-9a-f]{64})</code>', part)
    assert len(digests) == 1
    assert f"<code>{digests[0][:16]}…</code>" in part


def test_the_trail_page_shows_labelled_fields_and_masked_numbers(
    open_as: OpenAs, db: Db, journey: UUID
) -> None:
    page = open_as("supervisor").get(f"/cases/{journey}/trail")
    assert page.status_code == 200
    part = trail_of(page.text)
    text = visible(part)
    assert raw_in(text) == []
    for number in FULL_NUMBERS:
        assert number not in page.text, number
    for words in (
        "#1 Laporan dicatat · Dilaporkan",
        "(Bhabinkamtibmas)",
        "Supervisor (Pengawas)",
        "Tenggat terlewati Sistem · 13 Jan 2026 18.00 WIB",
        "Judul Sengketa batas sawah dan utang",
        "Nama pelapor Darto Santoso",
        "Telepon pelapor 0857****2222",
        "Desa Ngadilangkung",
        "Petugas Officer",
        "Alur perkara Sengketa antarwarga v1",
        "NIK 3507********9876",
        "Telepon 0812****5432",
        "Peran Terlapor",
        "Alamat IP 127.0.0.1",
        # The deadline as the scanner wrote it ('12-01-2026 18:00 WIB'), read as a time.
        "Tenggat 12 Jan 2026 18.00 WIB",
        "Hash sebelumnya",
    ):
        assert words in text, words
    # Every event is there, its hashes shortened and whole on demand.
    events = db.events(journey)
    assert re.findall(r'<li id="event-(\d+)">', part) == [str(e.seq) for e in events]
    for event in events:
        assert f'<code class="full">{event.hash}</code>' in part
    # The exact files for auditors are one click away.
    assert f'href="/cases/{journey}/trail/export.csv"' in part
    assert f'href="/cases/{journey}/trail/export.json"' in part


def test_the_export_is_the_stored_trail_and_verifies_offline(
    open_as: OpenAs, db: Db, journey: UUID
) -> None:
    web = open_as("supervisor")
    events = db.events(journey)
    exported = json.loads(web.get(f"/cases/{journey}/trail/export.json").text)["events"]
    assert [
        (r["seq"], r["trigger"], r["payload"], r["prev_hash"], r["hash"]) for r in exported
    ] == [(e.seq, e.trigger, e.payload, e.prev_hash, e.hash) for e in events]
    assert offline_problems(exported) == []
    # Exact means with the full numbers the readable views mask.
    assert exported[1]["payload"]["party"]["nik"] == NIK
    rows = list(csv.DictReader(io.StringIO(web.get(f"/cases/{journey}/trail/export.csv").text)))
    assert [r["hash"] for r in rows] == [e.hash for e in events]
    assert offline_problems(rows) == []


def test_times_are_on_the_clock_of_the_case_area(
    open_as: OpenAs, runtime: Runtime, world: World, journey: UUID
) -> None:
    # Polsek A keeps central Indonesian time: 09.00 WIB is 10.00 WITA.
    with runtime.sessions.begin() as session:
        session.execute(
            update(Area).where(Area.id == world.polsek_a).values(timezone="Asia/Makassar")
        )
    web = open_as("supervisor")
    timeline = visible(timeline_of(web.get(f"/cases/{journey}").text))
    trail = visible(trail_of(web.get(f"/cases/{journey}/trail").text))
    for text in (timeline, trail):
        assert "5 Jan 2026 10.00 WITA" in text
        assert "WIB" not in text


def test_recent_activity_on_home_names_a_passed_deadline(
    open_as: OpenAs, runtime: Runtime, timed: TimedCases
) -> None:
    timed.report(datetime(2026, 1, 5, 9, tzinfo=LOCAL_TZ))  # due two working days later
    later = datetime(2026, 1, 9, 9, tzinfo=LOCAL_TZ)
    DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks, clock=lambda: later).run()
    activity = section_with(open_as("officer").get("/").text, "Aktivitas terbaru")
    assert "Tenggat terlewati" in activity
    assert DEADLINE_EXPIRED not in activity
    assert (
        "Sistem, 9 Jan 2026 09.00 WIB" in activity
    )  # the system by a word, the time with its zone


def test_the_history_reads_in_english_when_asked(open_as: OpenAs, journey: UUID) -> None:
    web = open_as("supervisor")
    web.client.cookies.set("lang", "en")
    text = visible(timeline_of(web.get(f"/cases/{journey}").text))
    for words in (
        "Deadline passed",
        "Action Flagged as overdue",
        "Risk level Medium",
        "Refer to Polsek criminal investigation",
        "Method In front of the officer",
        "Jan 5, 2026 9:00 AM WIB",
    ):
        assert words in text, words
    assert "Tenggat terlewati" not in text
