"""Messages queued through the outbox and sent by a real dispatcher to the local Cloud API
stand-in, on both backends: sent with the provider's id, retried after a 5xx, failed at once
with the provider's reason on a permanent refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from mediasi.notifications.channels.whatsapp import WhatsAppChannel
from mediasi.notifications.dispatcher import Dispatcher
from mediasi.notifications.models import FAILED, QUEUED, SENT, Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime
from tests.fakes import whatsapp
from tests.fakes.whatsapp import PHONE_ID, TOKEN, FakeWhatsApp

NOON_WIB = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # 12:00 in Jakarta: no quiet hours


@pytest.fixture
def fake() -> Iterator[FakeWhatsApp]:
    with whatsapp.running() as server:
        yield server


def _queue_and_dispatcher(runtime: Runtime, fake: FakeWhatsApp) -> tuple[Message, Dispatcher]:
    settings = runtime.settings.model_copy(
        update={
            "notify_channels": ("whatsapp",),
            "whatsapp_api_url": fake.url,
            "whatsapp_token": TOKEN,
            "whatsapp_phone_id": PHONE_ID,
            "notify_backoff_seconds": 60,
        }
    )
    person = Recipient(RecipientKind.PARTY, "p1", "Slamet Wibowo", phone="081234567890")
    with runtime.sessions.begin() as session:
        message = Outbox(session, settings, clock=lambda: NOON_WIB).enqueue(
            "test", person, {"site": "Polsek Uji"}, dedupe="test:p1"
        )
    channels = {"whatsapp": WhatsAppChannel(settings)}
    return message, Dispatcher(runtime.sessions, settings, channels, clock=lambda: NOON_WIB)


def _row(runtime: Runtime, message: Message) -> Message:
    with runtime.sessions() as session:
        row = session.get(Message, message.id)
        assert row is not None
        return row


def test_a_queued_message_is_sent_with_the_provider_id(
    runtime: Runtime, fake: FakeWhatsApp
) -> None:
    message, dispatcher = _queue_and_dispatcher(runtime, fake)
    assert dispatcher.run().sent == 1
    row = _row(runtime, message)
    assert row.status == SENT
    assert (row.provider_id or "").startswith("wamid.")
    assert fake.requests[0]["to"] == "6281234567890"


def test_a_server_error_is_retried_later_then_sent(runtime: Runtime, fake: FakeWhatsApp) -> None:
    message, dispatcher = _queue_and_dispatcher(runtime, fake)
    fake.faults.append(whatsapp.SERVER_ERROR)
    assert dispatcher.run().retried == 1
    row = _row(runtime, message)
    assert row.status == QUEUED
    assert "131000" in (row.reason or "")
    assert row.next_attempt_at > NOON_WIB
    later = row.next_attempt_at + timedelta(seconds=1)
    dispatcher.clock = lambda: later
    assert dispatcher.run().sent == 1
    assert _row(runtime, message).status == SENT


def test_an_undeliverable_number_fails_at_once_with_the_reason(
    runtime: Runtime, fake: FakeWhatsApp
) -> None:
    message, dispatcher = _queue_and_dispatcher(runtime, fake)
    fake.faults.append(whatsapp.UNDELIVERABLE)
    assert dispatcher.run().failed == 1
    row = _row(runtime, message)
    assert row.status == FAILED
    assert "131026" in (row.reason or "")
    assert row.attempts == 1
