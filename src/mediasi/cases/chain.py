"""The hash chain: each event's SHA-256 covers its own columns and the previous event's hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """One text for one value, whatever the database did to key order or spacing."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(
    *,
    case_id: UUID,
    seq: int,
    actor_id: UUID | None,
    actor_name: str,
    actor_role: str,
    trigger: str,
    from_state: str | None,
    to_state: str,
    payload: dict[str, Any],
    created_at: datetime,
    prev_hash: str,
) -> str:
    body = {
        "case_id": str(case_id),
        "seq": seq,
        "actor_id": str(actor_id) if actor_id else None,
        "actor_name": actor_name,
        "actor_role": actor_role,
        "trigger": trigger,
        "from_state": from_state,
        "to_state": to_state,
        "payload": payload,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
