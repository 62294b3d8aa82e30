"""How one event reads, without a database: the labels, the area clock, what each view shows,
and a tampered payload still shown rather than failing the page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from mediasi.cases.event_model import Event
from mediasi.cases.history import Entry, Lookups, entry
from mediasi.workflow.loader import load_workflows

ROOT = Path(__file__).resolve().parents[3]
SENGKETA = load_workflows(ROOT / "workflows").get("sengketa", 1)
WITA = ZoneInfo("Asia/Makassar")


def read(trigger: str, payload: dict[str, Any], *, full: bool = False, **columns: Any) -> Entry:
    event = Event(
        case_id=uuid4(),
        seq=2,
        actor_id=None,
        actor_name="petugas",
        actor_role=columns.pop("actor_role", "officer"),
        trigger=trigger,
        from_state=columns.pop("from_state", "reported"),
        to_state=columns.pop("to_state", "reported"),
        payload=payload,
        created_at=datetime(2026, 3, 2, 1, 30, tzinfo=UTC),
        prev_hash="0" * 64,
        hash="f" * 64,
    )
    look = Lookups(SENGKETA, WITA, {}, {}, {SENGKETA.version: SENGKETA}.__getitem__, {})
    return entry(event, look, full=full)


def lines(item: Entry, lang: str = "id") -> list[tuple[str, str]]:
    def show(value: Any) -> str:
        return value if isinstance(value, str) else value.get(lang)

    return [(show(d.label), d.digest or show(d.value)) for d in item.details]


def test_a_transition_reads_with_the_workflows_labels_on_the_areas_clock() -> None:
    item = read(
        "assess",
        {"assessment": "Bisa dimusyawarahkan.", "risk_level": "tinggi"},
        to_state="assessed",
    )
    assert item.label.get("id") == "Nilai laporan"
    assert [s.get("id") for s in item.states or () if s] == ["Dilaporkan", "Dinilai"]
    assert item.at.get("id") == "2 Mar 2026 09.30 WITA"
    assert lines(item) == [
        ("Hasil penilaian", "Bisa dimusyawarahkan."),
        ("Tingkat risiko", "Tinggi"),
    ]
    assert lines(item, "en") == [("Assessment", "Bisa dimusyawarahkan."), ("Risk level", "High")]


def test_the_scanners_deadline_reads_as_a_time_and_the_system_as_itself() -> None:
    item = read(
        "deadline.expired",
        {"due_at": "01-12-2026 16:00 WIB", "action": "flag"},
        actor_role="system",
    )
    assert (item.label.get("id"), item.actor.get("id")) == ("Tenggat terlewati", "Sistem")
    assert lines(item) == [
        ("Tenggat", "1 Des 2026 17.00 WITA"),
        ("Tindakan", "Ditandai lewat tenggat"),
    ]


def test_the_timeline_shows_less_than_the_trail_and_never_a_full_number() -> None:
    party = {
        "role": "respondent",
        "name": "Slamet",
        "nik": "3507010101010001",
        "phone": "+6281234567890",
    }
    payload = {"party_id": str(uuid4()), "party": party}
    assert lines(read("party.added", payload)) == [("Pihak", "Slamet (Terlapor)")]
    assert lines(read("party.added", payload, full=True)) == [
        ("Nama", "Slamet"),
        ("Peran", "Terlapor"),
        ("NIK", "3507********0001"),
        ("Telepon", "0812****7890"),
    ]
    signed = {
        "digest": "a" * 64,
        "name": "Slamet",
        "role": "respondent",
        "method": "paper",
        "ip": "10.0.0.7",
    }
    assert lines(read("agreement.signed", signed)) == [
        ("Nama", "Slamet (Terlapor)"),
        ("Cara", "Di atas kertas, pindaian diunggah"),
    ]
    trail = read("agreement.signed", signed, full=True)
    assert ("Sidik naskah (SHA-256)", "a" * 64) in lines(trail)
    assert trail.details[0].digest == "a" * 64  # shown shortened, whole on demand
    assert ("Alamat IP", "10.0.0.7") in lines(trail)


def test_an_edit_reads_old_to_new_with_a_longer_text_under_the_old_one() -> None:
    changes = {
        "title": ["Sengketa batas sawah", "Sengketa patok sawah"],
        "category": ["batas_tanah", "utang_piutang"],
        "description": ["Patok dipindah.\nSaat panen.", ""],
    }
    item = read("case.edited", {"changes": changes})
    assert item.label.get("id") == "Data perkara diubah"
    assert lines(item) == [
        ("Judul", "Sengketa batas sawah → Sengketa patok sawah"),
        ("Kategori", "Batas tanah → Utang piutang"),
        ("Uraian", "Patok dipindah.\nSaat panen.\n→ —"),
    ]
    assert lines(item, "en")[1] == ("Category", "Land boundary → Unpaid debt")


def test_a_tampered_payload_is_shown_not_fatal() -> None:
    forged = {
        "changes": {"title": "not a pair", "desa_id": ["bukan-uuid", None]},
        "extra": {"a": 1},
    }
    item = read("case.edited", forged, full=True)
    assert lines(item) == [("Desa", "bukan-uuid → —"), ("extra", '{"a": 1}')]
