"""The dispatcher: takes due messages, sends them, records what happened.

Each message is taken by one dispatcher, whatever the number of app nodes: the claim is one
short transaction that locks the rows it takes (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so a
second dispatcher takes other rows; the write lock of ``BEGIN IMMEDIATE`` on SQLite) and marks
them *sending* with a lease. Sending happens outside any transaction; the result is recorded
in another. A dispatcher that dies between the two leaves its messages *sending*; when the
lease ends, another takes them again: at most one duplicate, never a loss (``claims`` counts
it, and the channel passes our message id to the provider where it de-duplicates).
"""

from __future__ import annotations

import logging
import os
import random
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.notifications.channels.base import Channel, Outgoing, SendFailed
from mediasi.notifications.models import FAILED, QUEUED, SENDING, SENT, Message
from mediasi.notifications.quiet import next_allowed
from mediasi.notifications.texts import KINDS

log = logging.getLogger("mediasi.notifications")

MAX_BACKOFF = timedelta(hours=6)
# How long a message over its recipient's hourly limit waits before it is looked at again.
RATE_WAIT = timedelta(minutes=10)


class Claim(NamedTuple):
    """One message this dispatcher took: what to send, through which channel, and the claim
    number that proves the row is still ours when the result is recorded."""

    outgoing: Outgoing
    channel: str
    claims: int


@dataclass
class DispatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0
    # Messages taken again after another dispatcher's lease ran out: each may be a duplicate.
    reclaimed: int = 0
    failures: list[tuple[UUID, str]] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed

    def add(self, other: DispatchReport) -> None:
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed
        self.deferred += other.deferred
        self.reclaimed += other.reclaimed
        self.failures.extend(other.failures)

    def summary(self) -> str:
        return (
            f"messages: {self.sent} sent, {self.retried} to retry, {self.failed} failed, "
            f"{self.deferred} deferred (quiet hours or rate limit), "
            f"{self.reclaimed} taken again after a lease"
        )


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


class Dispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        channels: Mapping[str, Channel],
        clock: Callable[[], datetime] = utcnow,
        name: str | None = None,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.channels = channels
        self.clock = clock
        self.name = name or _worker_name()

    def run(self, max_batches: int = 1000) -> DispatchReport:
        """Send everything due now, batch by batch, until nothing is left to take.

        A batch that was all deferred still moved those rows out of the due window, so the
        next batch reaches the messages behind them.
        """
        report = DispatchReport()
        for _ in range(max_batches):
            batch = self.run_once()
            report.add(batch)
            if not batch.handled and not batch.deferred:
                break
        if report.handled:
            log.info(report.summary())
        return report

    def run_once(self) -> DispatchReport:
        """Take one batch, send it, record it."""
        report = DispatchReport()
        for claim in self._claim(report):
            self._send(claim, report)
        return report

    # ---- claim -----------------------------------------------------------------------

    def _claim(self, report: DispatchReport) -> list[Claim]:
        now = self.clock()
        lease = timedelta(seconds=self.settings.notify_lease_seconds)
        taken: list[Claim] = []
        with self.sessions.begin() as session:
            rows = list(
                session.scalars(
                    select(Message)
                    .where(
                        or_(
                            and_(Message.status == QUEUED, Message.next_attempt_at <= now),
                            and_(Message.status == SENDING, Message.claimed_at <= now - lease),
                        )
                    )
                    .order_by(Message.next_attempt_at, Message.created_at)
                    .limit(self.settings.notify_batch)
                    .with_for_update(skip_locked=True)
                )
            )
            budget = self._budget(session, rows, now)
            for row in rows:
                # Queued in the afternoon, retried or reclaimed at night: it waits till morning.
                allowed = self._allowed(now, row.timezone) if _keeps_quiet(row) else now
                if allowed > now:
                    self._defer(row, allowed, report)
                    continue
                if row.address and budget.get(row.address, 1) <= 0:
                    self._defer(row, now + RATE_WAIT, report)
                    continue
                if row.address:
                    budget[row.address] = budget.get(row.address, 1) - 1
                if row.status == SENDING:
                    report.reclaimed += 1
                row.status = SENDING
                row.claimed_at = now
                row.claimed_by = self.name
                row.claims += 1
                taken.append(Claim(_outgoing(row), row.channel, row.claims))
        return taken

    def _allowed(self, now: datetime, zone: str) -> datetime:
        start, end = self.settings.notify_quiet_start, self.settings.notify_quiet_end
        return next_allowed(now, zone, start, end)

    @staticmethod
    def _defer(row: Message, until: datetime, report: DispatchReport) -> None:
        row.status = QUEUED
        row.next_attempt_at = until
        report.deferred += 1

    def _budget(self, session: Session, rows: list[Message], now: datetime) -> dict[str, int]:
        """Messages each address may still get this hour (the per-recipient rate limit)."""
        addresses = {row.address for row in rows if row.address}
        if not addresses:
            return {}
        # What another dispatcher is sending right now counts too.
        counts = session.execute(
            select(Message.address, func.count())
            .where(
                Message.address.in_(addresses),
                or_(Message.sent_at >= now - timedelta(hours=1), Message.status == SENDING),
            )
            .group_by(Message.address)
        ).all()
        limit = self.settings.notify_per_hour
        budget = {address: limit for address in addresses}
        for address, count in counts:
            budget[address] = limit - count
        return budget

    # ---- send and record ---------------------------------------------------------------

    def _send(self, claim: Claim, report: DispatchReport) -> None:
        outgoing = claim.outgoing
        channel = self.channels.get(claim.channel)
        try:
            if channel is None:
                raise SendFailed(f"channel {claim.channel!r} is not enabled", permanent=True)
            sent = channel.send(outgoing)
        except SendFailed as exc:
            self._failed(claim, exc, report)
            return
        except Exception as exc:
            # An adapter bug must not stop the batch: the message is retried like a timeout.
            log.exception("channel %s crashed on message %s", claim.channel, outgoing.id)
            self._failed(claim, SendFailed(f"internal error: {exc}", permanent=False), report)
            return
        now = self.clock()
        with self.sessions.begin() as session:
            session.execute(
                update(Message)
                .where(*self._still_ours(claim))
                .values(
                    status=SENT,
                    sent_at=now,
                    provider_id=sent.provider_id,
                    attempts=Message.attempts + 1,
                    reason=None,
                    updated_at=now,
                )
            )
        report.sent += 1

    def _still_ours(self, claim: Claim) -> tuple[Any, ...]:
        """Our claim, not a later one: a slow send whose lease ran out must not overwrite the
        result of the dispatcher that took the message again."""
        return (
            Message.id == claim.outgoing.id,
            Message.status == SENDING,
            Message.claimed_by == self.name,
            Message.claims == claim.claims,
        )

    def _failed(self, claim: Claim, exc: SendFailed, report: DispatchReport) -> None:
        now = self.clock()
        with self.sessions.begin() as session:
            row = session.scalars(select(Message).where(*self._still_ours(claim))).first()
            if row is None:
                return
            row.attempts += 1
            if exc.permanent or row.attempts >= self.settings.notify_max_attempts:
                row.status = FAILED
                row.failed_at = now
                row.reason = (
                    exc.reason
                    if exc.permanent
                    else (f"{exc.reason} (gave up after {row.attempts} attempts)")
                )
                report.failed += 1
                report.failures.append((claim.outgoing.id, row.reason))
                log.warning("message %s failed: %s", claim.outgoing.id, row.reason)
                return
            row.status = QUEUED
            row.reason = exc.reason
            retry_at = now + self._backoff(row.attempts, exc.retry_after)
            row.next_attempt_at = (
                self._allowed(retry_at, row.timezone) if _keeps_quiet(row) else retry_at
            )
            report.retried += 1

    def _backoff(self, attempts: int, retry_after: float | None) -> timedelta:
        """Exponential with full jitter; a provider's Retry-After is a floor."""
        base = self.settings.notify_backoff_seconds * (2 ** (attempts - 1))
        delay = min(timedelta(seconds=random.uniform(base / 2, base)), MAX_BACKOFF)  # noqa: S311
        if retry_after is not None:
            delay = max(delay, timedelta(seconds=retry_after))
        return delay


def _keeps_quiet(row: Message) -> bool:
    kind = KINDS.get(row.kind)
    return kind is None or kind.quiet


def _outgoing(row: Message) -> Outgoing:
    return Outgoing(
        id=row.id,
        kind=row.kind,
        address=row.address or "",
        subject=row.subject,
        text=row.text,
        params=dict(row.params),
        language=row.language,
    )
