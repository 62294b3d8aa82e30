"""The hash chain: one hash per event, covering every column and the previous hash."""

from __future__ import annotations

import hashlib
import inspect
import itertools
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import pytest

from mediasi.audit.services import chain_problems
from mediasi.cases.chain import GENESIS, canonical_json, event_hash

CASE = UUID("7b0f7a52-2a4b-4c41-9a53-0f0b5a0e2d11")
ACTOR = UUID("0c7e2a4e-8d0f-4c3b-b6b5-2f3c6a9e1b22")
WHEN = datetime(2026, 11, 23, 2, 15, 30, 123456, tzinfo=UTC)

BASE: dict[str, Any] = {
    "case_id": CASE,
    "seq": 2,
    "actor_id": ACTOR,
    "actor_name": "Bripka Sutrisno",
    "actor_role": "officer",
    "trigger": "assess",
    "from_state": "reported",
    "to_state": "assessed",
    "payload": {"assessment": "Layak dimediasi", "risk_level": "sedang"},
    "created_at": WHEN,
    "prev_hash": "a" * 64,
}

# One different value for each keyword the hash covers.
CHANGED: dict[str, list[Any]] = {
    "case_id": [UUID("7b0f7a52-2a4b-4c41-9a53-0f0b5a0e2d12")],
    "seq": [3, 1],
    "actor_id": [UUID("0c7e2a4e-8d0f-4c3b-b6b5-2f3c6a9e1b23"), None],
    "actor_name": ["Bripka Sutrisn0", "bripka sutrisno"],
    "actor_role": ["supervisor", "system"],
    "trigger": ["escalate"],
    "from_state": ["assessed", None],
    "to_state": ["escalated"],
    "payload": [
        {"assessment": "Layak dimediasi", "risk_level": "tinggi"},
        {"assessment": "Layak dimediasi"},
        {"assessment": "Layak dimediasi", "risk_level": "sedang", "extra": None},
        {},
    ],
    "created_at": [
        WHEN + timedelta(microseconds=1),
        WHEN + timedelta(seconds=1),
        WHEN.replace(tzinfo=timezone(timedelta(hours=7))),
    ],
    "prev_hash": ["b" * 64, GENESIS],
}


def test_every_keyword_of_event_hash_is_exercised() -> None:
    assert set(inspect.signature(event_hash).parameters) == set(BASE) == set(CHANGED)


def test_the_hash_is_a_sha256_hex_digest_and_stable() -> None:
    first = event_hash(**BASE)
    assert len(first) == 64
    assert int(first, 16) >= 0
    assert event_hash(**BASE) == first
    assert event_hash(**dict(reversed(list(BASE.items())))) == first


def test_the_hash_is_the_sha256_of_the_documented_canonical_json() -> None:
    """Pinned so a change of the recipe (which would break every stored chain) is noticed."""
    body = (
        '{"actor_id":"0c7e2a4e-8d0f-4c3b-b6b5-2f3c6a9e1b22","actor_name":"Bripka Sutrisno",'
        '"actor_role":"officer","case_id":"7b0f7a52-2a4b-4c41-9a53-0f0b5a0e2d11",'
        '"created_at":"2026-11-23T02:15:30.123456+00:00","from_state":"reported",'
        '"payload":{"assessment":"Layak dimediasi","risk_level":"sedang"},'
        '"prev_hash":"' + "a" * 64 + '","seq":2,"to_state":"assessed","trigger":"assess"}'
    )
    assert event_hash(**BASE) == hashlib.sha256(body.encode()).hexdigest()


@pytest.mark.parametrize(
    ("keyword", "value"),
    [
        pytest.param(k, v, id=f"{k}-{i}")
        for k, values in CHANGED.items()
        for i, v in enumerate(values)
    ],
)
def test_changing_any_single_field_changes_the_hash(keyword: str, value: Any) -> None:
    assert value != BASE[keyword], "each change must be a real change (for times: another instant)"
    assert event_hash(**{**BASE, keyword: value}) != event_hash(**BASE)


def test_payload_key_order_does_not_matter() -> None:
    reordered = {"risk_level": "sedang", "assessment": "Layak dimediasi"}
    assert list(reordered) != list(BASE["payload"])
    assert event_hash(**{**BASE, "payload": reordered}) == event_hash(**BASE)


def test_nested_payload_key_order_does_not_matter() -> None:
    a = {"party": {"name": "Siti", "role": "complainant"}, "party_id": "p1"}
    b = {"party_id": "p1", "party": {"role": "complainant", "name": "Siti"}}
    assert event_hash(**{**BASE, "payload": a}) == event_hash(**{**BASE, "payload": b})


def test_the_same_instant_in_another_timezone_gives_the_same_hash() -> None:
    jakarta = WHEN.astimezone(timezone(timedelta(hours=7), "WIB"))
    makassar = WHEN.astimezone(timezone(timedelta(hours=8), "WITA"))
    assert jakarta.hour != WHEN.hour
    assert event_hash(**{**BASE, "created_at": jakarta}) == event_hash(**BASE)
    assert event_hash(**{**BASE, "created_at": makassar}) == event_hash(**BASE)


def test_indonesian_text_is_hashed_as_written() -> None:
    payload = {"catatan": "Musyawarah di rumah Pak RT — sepakat ✓"}
    assert canonical_json(payload) == '{"catatan":"Musyawarah di rumah Pak RT — sepakat ✓"}'
    dashed = {"catatan": "Musyawarah di rumah Pak RT - sepakat ✓"}
    assert event_hash(**{**BASE, "payload": payload}) != event_hash(**{**BASE, "payload": dashed})


def test_canonical_json_ignores_key_order_and_spacing() -> None:
    assert canonical_json({"b": 1, "a": [1, {"d": 2, "c": 3}]}) == '{"a":[1,{"c":3,"d":2}],"b":1}'


# ---- a chain of stored events: editing any of them is detected ------------------------------


@dataclass(frozen=True)
class Stored:
    """An event row as the database returns it."""

    case_id: UUID
    seq: int
    actor_id: UUID | None
    actor_name: str
    actor_role: str
    trigger: str
    from_state: str | None
    to_state: str
    payload: dict[str, Any]
    created_at: datetime
    prev_hash: str
    hash: str


def build_chain() -> list[Stored]:
    steps = [
        ("case.reported", None, "reported", {"case": {"title": "Batas tanah"}}),
        ("party.added", "reported", "reported", {"party_id": "p1", "party": {"name": "Siti"}}),
        ("assess", "reported", "assessed", {"assessment": "Layak", "risk_level": "sedang"}),
        ("escalate", "assessed", "escalated", {"reason": "Ancaman", "target": "unit_ppa"}),
    ]
    events: list[Stored] = []
    prev = GENESIS
    for seq, (trigger, src, dest, payload) in enumerate(steps, start=1):
        fields: dict[str, Any] = {
            "case_id": CASE,
            "seq": seq,
            "actor_id": ACTOR,
            "actor_name": "Bripka Sutrisno",
            "actor_role": "officer",
            "trigger": trigger,
            "from_state": src,
            "to_state": dest,
            "payload": payload,
            "created_at": WHEN + timedelta(minutes=seq),
            "prev_hash": prev,
        }
        digest = event_hash(**fields)
        events.append(Stored(**fields, hash=digest))
        prev = digest
    return events


def test_an_untouched_chain_verifies() -> None:
    events = build_chain()
    assert chain_problems(events, expected_count=len(events)) == []
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))


EDITS: dict[str, Any] = {
    "actor_id": None,
    "actor_name": "Orang lain",
    "actor_role": "supervisor",
    "trigger": "withdraw",
    "from_state": "mediated",
    "to_state": "withdrawn",
    "payload": {"edited": True},
    "created_at": WHEN - timedelta(days=1),
}


@pytest.mark.parametrize("position", [0, 1, 2, 3])
@pytest.mark.parametrize("column", sorted(EDITS))
def test_editing_any_column_of_any_stored_event_is_detected(position: int, column: str) -> None:
    events = build_chain()
    events[position] = replace(events[position], **{column: EDITS[column]})
    problems = chain_problems(events, expected_count=len(events))
    assert f"event {position + 1}: content was changed after it was written" in problems


@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_editing_a_payload_value_in_place_is_detected(position: int) -> None:
    events = build_chain()
    payload = json.loads(json.dumps(events[position].payload))
    first_key = next(iter(payload))
    payload[first_key] = "diubah"
    events[position] = replace(events[position], payload=payload)
    assert chain_problems(events) == [
        f"event {position + 1}: content was changed after it was written"
    ]


def test_rehashing_an_edited_event_breaks_the_link_to_the_next() -> None:
    events = build_chain()
    edited = replace(events[1], payload={"party_id": "p1", "party": {"name": "Budi"}})
    fields = {k: v for k, v in edited.__dict__.items() if k != "hash"}
    events[1] = replace(edited, hash=event_hash(**fields))
    assert chain_problems(events) == ["event 3: does not link to the event before it"]


def test_a_deleted_event_is_detected() -> None:
    events = build_chain()
    del events[1]
    problems = chain_problems(events, expected_count=4)
    assert "event 2: sequence number is 3" in problems
    assert "event 3: does not link to the event before it" in problems
    assert "3 events for a case at version 4" in problems


def test_swapped_events_are_detected() -> None:
    events = build_chain()
    events[1], events[2] = events[2], events[1]
    assert chain_problems(events)


def test_a_forged_hash_is_detected() -> None:
    events = build_chain()
    events[-1] = replace(events[-1], hash="f" * 64)
    assert chain_problems(events) == ["event 4: content was changed after it was written"]
