"""Which workflow version each event of a case was written under, from its migrations."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from mediasi.cases.event_model import Event
from mediasi.cases.kinds import CASE_REPORTED, WORKFLOW_MIGRATED
from mediasi.cases.written_under import versions_written_under


def event(seq: int, trigger: str = "assess", **payload: Any) -> Event:
    return Event(case_id=uuid4(), seq=seq, trigger=trigger, payload=payload)


def migrated(seq: int, from_version: Any, to_version: int) -> Event:
    return event(seq, WORKFLOW_MIGRATED, from_version=from_version, to_version=to_version)


def test_without_a_migration_every_event_is_under_the_case_version() -> None:
    events = [event(1, CASE_REPORTED), event(2)]
    assert versions_written_under(events, 3) == {1: 3, 2: 3}


def test_each_migration_splits_the_history_between_the_version_it_left_and_the_next() -> None:
    events = [event(1, CASE_REPORTED), event(2), migrated(3, 1, 2), event(4), migrated(5, 2, 4)]
    assert versions_written_under(events, 4) == {1: 1, 2: 1, 3: 1, 4: 2, 5: 2}


def test_the_order_given_does_not_matter_and_a_subset_keeps_the_versions() -> None:
    events = [event(6), migrated(3, 1, 2), event(2)]
    assert versions_written_under(events, 2) == {2: 1, 3: 1, 6: 2}


def test_a_migration_naming_no_version_changes_nothing() -> None:
    events = [event(1), migrated(2, "satu", 2), migrated(3, True, 2), event(4)]
    assert versions_written_under(events, 2) == {1: 2, 2: 2, 3: 2, 4: 2}
