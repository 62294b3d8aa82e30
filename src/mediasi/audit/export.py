"""A trail of events as CSV or JSON, with the hashes, so an auditor can re-verify it offline."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from mediasi.cases.chain import canonical_json
from mediasi.cases.event_model import Event
from mediasi.csv_safety import safe_cell

COLUMNS = [
    "reference",
    "case_id",
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "actor_role",
    "trigger",
    "from_state",
    "to_state",
    "payload",
    "prev_hash",
    "hash",
]


def trail_rows(events: Iterable[tuple[str, Event]]) -> list[dict[str, Any]]:
    return [
        {
            "reference": reference,
            "case_id": str(e.case_id),
            "seq": e.seq,
            "created_at": e.created_at.isoformat(timespec="microseconds"),
            "actor_id": str(e.actor_id) if e.actor_id else None,
            "actor_name": e.actor_name,
            "actor_role": e.actor_role,
            "trigger": e.trigger,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "payload": e.payload,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for reference, e in events
    ]


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        cells = {**row, "payload": canonical_json(row["payload"])}
        writer.writerow(
            {k: safe_cell(str(v)) if isinstance(v, str) else v for k, v in cells.items()}
        )
    return out.getvalue()


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps({"events": rows}, ensure_ascii=False, indent=1)
