"""Where an unsafe API call under an ``Idempotency-Key`` is claimed, answered and replayed.

The first call inserts its row (principal, key) in a transaction of its own and commits it
before doing any work, so that the table's unique constraint decides, across app nodes and on
either backend, which of two concurrent calls does the work: the other finds the row. Rows
live 24 hours; :func:`purge` removes older ones, and an older row found by a call is replaced.

A call whose work is committed writes its answer in that same transaction
(:func:`answer_in`), so a row still without an answer long after its claim
(:data:`ABANDONED`) belongs to a call that committed nothing: its process died first. A repeat
takes such a row over and does the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mediasi.api.models import IdempotentCall

LIFETIME = timedelta(hours=24)
# Far longer than any API call takes to answer.
ABANDONED = timedelta(minutes=10)


@dataclass(frozen=True)
class Earlier:
    """The row another call with the same key left: its fingerprint and, once answered, the
    answer (``status`` None while that call is still running)."""

    fingerprint: str
    status: int | None
    headers: dict[str, str]
    body: bytes


def _earlier(session: Session, principal: str, key: str) -> IdempotentCall | None:
    query = select(IdempotentCall).where(
        IdempotentCall.principal == principal, IdempotentCall.key == key
    )
    return session.scalars(query).first()


def _expiry(row: IdempotentCall) -> timedelta:
    return ABANDONED if row.status is None else LIFETIME


def claim(
    sessions: sessionmaker[Session], principal: str, key: str, fingerprint: str, now: datetime
) -> UUID | Earlier:
    """This call's row (it does the work), or what an earlier call with the key left."""
    for _attempt in range(2):
        with sessions() as session:
            found = _earlier(session, principal, key)
            if found is not None and found.created_at > now - _expiry(found):
                return Earlier(
                    found.fingerprint, found.status, dict(found.headers), found.body or b""
                )
            if found is not None:
                session.delete(found)
                session.flush()  # before the insert: the unit of work would insert first
            row = IdempotentCall(
                principal=principal, key=key, fingerprint=fingerprint, created_at=now, headers={}
            )
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()  # another call claimed it first: read what it left
                continue
            return row.id
    with sessions() as session:
        found = _earlier(session, principal, key)
        assert found is not None
        return Earlier(found.fingerprint, found.status, dict(found.headers), found.body or b"")


def answer(
    sessions: sessionmaker[Session],
    row_id: UUID,
    status: int,
    headers: dict[str, Any],
    body: bytes,
) -> None:
    """The answer of a call that committed no work (a refusal), in a transaction of its own."""
    with sessions.begin() as session:
        answer_in(session, row_id, status, headers, body)


def answer_in(
    session: Session, row_id: UUID, status: int, headers: dict[str, Any], body: bytes
) -> None:
    """The answer, in ``session``'s transaction: the one that commits the call's work."""
    session.execute(
        update(IdempotentCall)
        .where(IdempotentCall.id == row_id)
        .values(status=status, headers=headers, body=body)
    )


def release(sessions: sessionmaker[Session], row_id: UUID) -> None:
    """The call did no work that counts (a server error, a refusal before the handler): the
    key may be tried again."""
    with sessions.begin() as session:
        session.execute(delete(IdempotentCall).where(IdempotentCall.id == row_id))


def purge(sessions: sessionmaker[Session], now: datetime) -> int:
    """Remove the rows older than 24 hours; how many."""
    with sessions.begin() as session:
        result = session.execute(
            delete(IdempotentCall).where(IdempotentCall.created_at <= now - LIFETIME)
        )
        return int(getattr(result, "rowcount", 0) or 0)
