"""The workflow version each of a case's events was written under.

A migration (``workflow.migrated``) moves an open case to a newer version of its workflow;
the events before it were written under the older one, and are read with its words (a step
the newer version renamed or dropped still has its label). No event stores its version: the
migration event names the version it moved the case from, so an event was written under the
version the first migration after it left, or, after the last migration, the case's version
now.
"""

from __future__ import annotations

from collections.abc import Iterable

from mediasi.cases.event_model import Event
from mediasi.cases.kinds import WORKFLOW_MIGRATED


def versions_written_under(events: Iterable[Event], current: int) -> dict[int, int]:
    """Each event's version by its sequence number; ``events`` must hold every migration of the
    case (a migration event itself counts under the version it left). A migration whose
    payload names no version (a tampered trail) changes nothing."""
    written: dict[int, int] = {}
    version = current
    for event in sorted(events, key=lambda e: e.seq, reverse=True):
        if event.trigger == WORKFLOW_MIGRATED:
            left = event.payload.get("from_version")
            version = left if isinstance(left, int) and not isinstance(left, bool) else version
        written[event.seq] = version
    return written
