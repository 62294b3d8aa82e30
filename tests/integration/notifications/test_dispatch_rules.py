"""The dispatcher's rules at the moment it takes a message, on both backends: quiet hours are
checked again then, the hourly limit counts what another dispatcher is still sending, a batch
held back entirely does not stop the round, and a send that outlived its lease cannot
overwrite the result of the dispatcher that took the message after it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from mediasi.config import Settings
from mediasi.notifications.channels.base import ANY, Channel, ChannelStatus, Outgoing, Sent
from mediasi.notifications.channels.log import LogChannel
from mediasi.notifications.dispatcher import Dispatcher, DispatchReport
from mediasi.notifications.models import QUEUED, SENDING, SENT, Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime

NOON_WIB = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)
NIGHT_WIB = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # 22:00 in Jakarta
MORNING_WIB = datetime(2026, 12, 2, 23, 0, tzinfo=UTC)  # 06:00 on the 3rd in Jakarta


class Gate:
    """A channel whose send waits for the test's signal: a slow provider, in a test's hands."""

    name = "log"
    reaches = ANY

    def __init__(self, provider_id: str) -> None:
        self.provider_id = provider_id
        self.started = threading.Event()
        self.release = threading.Event()
        self.on_send: list[Callable[[], None]] = []

    def send(self, message: Outgoing) -> Sent:
        self.started.set()
        for hook in self.on_send:
            hook()
        assert self.release.wait(10), "the test never released the send"
        return Sent(provider_id=self.provider_id)

    def status(self) -> ChannelStatus:
        return ChannelStatus(self.name, "any")


def _settings(runtime: Runtime, **update: object) -> Settings:
    return runtime.settings.model_copy(update={"notify_channels": ("log",), **update})


def _queue(runtime: Runtime, settings: Settings, phone: str, key: str, at: datetime) -> Message:
    person = Recipient(RecipientKind.PARTY, key, "Slamet Wibowo", phone=phone)
    with runtime.sessions.begin() as session:
        return Outbox(session, settings, clock=lambda: at).enqueue(
            "report_received", person, {"reference": "SKT-2026-0001"}, dedupe=f"test:{key}"
        )


def _row(runtime: Runtime, message: Message) -> Message:
    with runtime.sessions() as session:
        row = session.get(Message, message.id)
        assert row is not None
        return row


def _dispatcher(
    runtime: Runtime, settings: Settings, at: datetime, name: str, channel: Channel | None = None
) -> Dispatcher:
    channels = {"log": channel or LogChannel()}
    return Dispatcher(runtime.sessions, settings, channels, clock=lambda: at, name=name)


def test_a_message_due_in_the_afternoon_and_taken_at_night_waits_till_morning(
    runtime: Runtime,
) -> None:
    settings = _settings(runtime)
    message = _queue(runtime, settings, "081234567890", "p1", NOON_WIB)

    night = _dispatcher(runtime, settings, NIGHT_WIB, "night").run()

    assert (night.sent, night.deferred) == (0, 1)
    row = _row(runtime, message)
    assert row.status == QUEUED
    assert row.next_attempt_at.replace(tzinfo=UTC) == MORNING_WIB
    assert _dispatcher(runtime, settings, MORNING_WIB, "morning").run().sent == 1
    assert _row(runtime, message).status == SENT


def test_an_admins_test_message_is_not_held_back_at_night(runtime: Runtime) -> None:
    settings = _settings(runtime)
    admin = Recipient(RecipientKind.TEST, "admin", "admin", phone="081234567890")
    with runtime.sessions.begin() as session:
        trial = Outbox(session, settings, clock=lambda: NIGHT_WIB).enqueue(
            "test", admin, {"site": "Polsek Uji"}, dedupe="trial:1"
        )
    assert _dispatcher(runtime, settings, NIGHT_WIB, "night").run().sent == 1
    assert _row(runtime, trial).status == SENT


def test_the_hourly_limit_counts_a_message_another_dispatcher_is_sending(
    runtime: Runtime,
) -> None:
    settings = _settings(runtime, notify_per_hour=1)
    in_flight = _queue(runtime, settings, "081234567890", "p1", NOON_WIB)
    waiting = _queue(runtime, settings, "081234567890", "p2", NOON_WIB)
    with runtime.sessions.begin() as session:
        row = session.get(Message, in_flight.id)
        assert row is not None
        row.status, row.claimed_at, row.claimed_by, row.claims = SENDING, NOON_WIB, "other", 1

    report = _dispatcher(runtime, settings, NOON_WIB, "this").run()

    assert (report.sent, report.deferred) == (0, 1)
    assert _row(runtime, waiting).status == QUEUED
    assert _row(runtime, waiting).next_attempt_at.replace(tzinfo=UTC) > NOON_WIB


def test_a_batch_held_back_entirely_does_not_stop_the_round(runtime: Runtime) -> None:
    settings = _settings(runtime, notify_per_hour=1, notify_batch=2)
    busy = "081234567890"
    done = _queue(runtime, settings, busy, "sent-before", NOON_WIB - timedelta(minutes=3))
    with runtime.sessions.begin() as session:
        row = session.get(Message, done.id)
        assert row is not None
        row.status, row.sent_at = SENT, NOON_WIB - timedelta(minutes=2)
    _queue(runtime, settings, busy, "busy-1", NOON_WIB - timedelta(minutes=2))
    _queue(runtime, settings, busy, "busy-2", NOON_WIB - timedelta(minutes=1))
    other = _queue(runtime, settings, "081298765432", "other", NOON_WIB)

    report = _dispatcher(runtime, settings, NOON_WIB, "this").run()

    assert (report.sent, report.deferred) == (1, 2)
    assert _row(runtime, other).status == SENT


def test_a_send_that_outlived_its_lease_does_not_overwrite_the_later_claim(
    runtime: Runtime,
) -> None:
    settings = _settings(runtime, notify_lease_seconds=60)
    message = _queue(runtime, settings, "081234567890", "p1", NOON_WIB)
    slow, fresh = Gate("first-attempt"), Gate("second-attempt")
    first = _dispatcher(runtime, settings, NOON_WIB, "first", slow)
    second = _dispatcher(runtime, settings, NOON_WIB + timedelta(minutes=5), "second", fresh)
    reports: dict[str, DispatchReport] = {}

    def take_it_again() -> None:
        # While the first send hangs, its lease runs out and the second dispatcher takes over.
        thread = threading.Thread(target=lambda: reports.update(second=second.run_once()))
        thread.start()
        assert fresh.started.wait(10)
        threads.append(thread)

    threads: list[threading.Thread] = []
    slow.on_send.append(take_it_again)
    slow.release.set()
    assert first.run_once().sent == 1  # the provider took it; the row is no longer ours
    fresh.release.set()
    threads[0].join(10)

    assert reports["second"].reclaimed == 1
    row = _row(runtime, message)
    assert (row.status, row.provider_id, row.claimed_by) == (SENT, "second-attempt", "second")
    assert (row.claims, row.attempts) == (2, 1)
