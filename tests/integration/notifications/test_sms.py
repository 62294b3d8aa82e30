"""Messages queued through the outbox and sent by a real dispatcher to a local SMS gateway
stand-in, on both backends: sent with the gateway's id in each request shape, transient faults
retried, refusals failed with the gateway's reason, the rate limit deferring, the key unseen."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mediasi.config import Settings
from mediasi.notifications.channels.sms import SmsChannel
from mediasi.notifications.dispatcher import Dispatcher
from mediasi.notifications.models import FAILED, QUEUED, SENT, Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime
from tests.fakes import sms
from tests.fakes.sms import API_KEY, FakeSms

NOON_WIB = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # 12:00 in Jakarta: no quiet hours


@pytest.fixture
def fake() -> Iterator[FakeSms]:
    with sms.running() as server:
        yield server


def _setup(
    runtime: Runtime, fake: FakeSms, count: int = 1, **update: Any
) -> tuple[list[Message], Dispatcher, SmsChannel]:
    settings = runtime.settings.model_copy(
        update={
            "notify_channels": ("sms",),
            "sms_url": fake.url,
            "sms_static_params": f"apikey={API_KEY}&sender=POLSEK",
            "sms_id_param": "ref",
            "sms_success_pattern": '"status": ?"OK"',
            "sms_id_path": "data.id",
            "notify_backoff_seconds": 60,
            "notify_timeout_seconds": 0.5,
            **update,
        }
    )
    person = Recipient(RecipientKind.PARTY, "p1", "Slamet Wibowo", phone="081234567890")
    messages = []
    with runtime.sessions.begin() as session:
        outbox = Outbox(session, settings, clock=lambda: NOON_WIB)
        for n in range(count):
            messages.append(
                outbox.enqueue("test", person, {"site": "Polsek Uji"}, dedupe=f"test:p1:{n}")
            )
    channel = SmsChannel(settings)
    dispatcher = Dispatcher(runtime.sessions, settings, {"sms": channel}, clock=lambda: NOON_WIB)
    return messages, dispatcher, channel


def _row(runtime: Runtime, message: Message) -> Message:
    with runtime.sessions() as session:
        row = session.get(Message, message.id)
        assert row is not None
        return row


@pytest.mark.parametrize(
    ("method", "encoding", "how"),
    [("POST", "form", "POST form"), ("GET", "form", "GET"), ("POST", "json", "POST json")],
)
def test_a_message_is_sent_with_the_gateway_id(
    runtime: Runtime, fake: FakeSms, method: str, encoding: str, how: str
) -> None:
    [message], dispatcher, _ = _setup(runtime, fake, sms_method=method, sms_encoding=encoding)
    assert dispatcher.run().sent == 1
    row = _row(runtime, message)
    assert row.status == SENT
    assert (row.provider_id or "").startswith("sms-")
    [request] = fake.requests
    assert request["how"] == how
    assert request["to"] == "6281234567890"
    assert request["sender"] == "POLSEK"
    assert request["ref"] == str(message.id)
    assert request["text"] == row.text


def test_the_national_number_format(runtime: Runtime, fake: FakeSms) -> None:
    _, dispatcher, _ = _setup(runtime, fake, sms_number_format="national")
    assert dispatcher.run().sent == 1
    assert fake.requests[0]["to"] == "081234567890"


@pytest.mark.parametrize(
    ("fault", "reason", "retry_after"),
    [
        (sms.SERVER_ERROR, "HTTP 500", None),
        (sms.RATE_LIMIT, "HTTP 429", 120),
        (2.0, "did not answer in time", None),
    ],
)
def test_a_transient_fault_is_retried_then_sent(
    runtime: Runtime, fake: FakeSms, fault: Any, reason: str, retry_after: int | None
) -> None:
    [message], dispatcher, _ = _setup(runtime, fake)
    fake.faults.append(fault)
    assert dispatcher.run().retried == 1
    row = _row(runtime, message)
    assert (row.status, row.attempts) == (QUEUED, 1)
    assert reason in (row.reason or "")
    assert row.next_attempt_at > NOON_WIB
    if retry_after:
        assert row.next_attempt_at >= NOON_WIB + timedelta(seconds=retry_after)
    later = row.next_attempt_at + timedelta(seconds=1)
    dispatcher.clock = lambda: later
    assert dispatcher.run().sent == 1
    assert _row(runtime, message).status == SENT


def test_an_unreachable_gateway_is_retried(runtime: Runtime, fake: FakeSms) -> None:
    fake.server.server_close()
    [message], dispatcher, _ = _setup(runtime, fake)
    assert dispatcher.run().retried == 1
    row = _row(runtime, message)
    assert (row.status, row.attempts) == (QUEUED, 1)
    assert "unreachable" in (row.reason or "")


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (sms.INVALID_NUMBER, "HTTP 400"),
        (sms.ERROR_IN_OK, "HTTP 200"),
    ],
)
def test_a_refusal_fails_at_once_with_the_gateway_reason(
    runtime: Runtime, fake: FakeSms, fault: Any, reason: str
) -> None:
    [message], dispatcher, _ = _setup(runtime, fake)
    fake.faults.append(fault)
    assert dispatcher.run().failed == 1
    row = _row(runtime, message)
    assert (row.status, row.attempts) == (FAILED, 1)
    assert reason in (row.reason or "")
    assert fault[1]["message"] in (row.reason or "")


def test_a_long_gateway_body_is_cut_in_the_reason(runtime: Runtime, fake: FakeSms) -> None:
    [message], dispatcher, _ = _setup(runtime, fake)
    fake.faults.append((400, {"status": "ERROR", "message": "x" * 2000}))
    assert dispatcher.run().failed == 1
    reason = _row(runtime, message).reason or ""
    assert "HTTP 400" in reason
    assert 300 < len(reason) < 400


def test_attempts_exhausted_fail(runtime: Runtime, fake: FakeSms) -> None:
    [message], dispatcher, _ = _setup(runtime, fake, notify_max_attempts=2)
    fake.faults.extend([sms.SERVER_ERROR, sms.SERVER_ERROR])
    assert dispatcher.run().retried == 1
    later = _row(runtime, message).next_attempt_at + timedelta(seconds=1)
    dispatcher.clock = lambda: later
    assert dispatcher.run().failed == 1
    row = _row(runtime, message)
    assert row.status == FAILED
    assert "gave up after 2 attempts" in (row.reason or "")


def test_the_rate_limit_defers_the_third_message(runtime: Runtime, fake: FakeSms) -> None:
    messages, dispatcher, _ = _setup(runtime, fake, count=3, notify_per_hour=2)
    report = dispatcher.run_once()
    assert (report.sent, report.deferred) == (2, 1)
    rows = [_row(runtime, m) for m in messages]
    assert sorted(r.status for r in rows) == [QUEUED, SENT, SENT]
    waiting = next(r for r in rows if r.status == QUEUED)
    assert waiting.next_attempt_at > NOON_WIB
    assert len(fake.requests) == 2


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_api_key_is_never_logged_nor_shown(
    runtime: Runtime, fake: FakeSms, caplog: pytest.LogCaptureFixture, method: str
) -> None:
    caplog.set_level(logging.DEBUG)
    [message], dispatcher, channel = _setup(runtime, fake, sms_method=method)
    fake.faults.extend([sms.SERVER_ERROR, sms.INVALID_NUMBER])
    dispatcher.run()
    later = _row(runtime, message).next_attempt_at + timedelta(seconds=1)
    dispatcher.clock = lambda: later
    dispatcher.run()
    assert _row(runtime, message).status == FAILED
    assert any(API_KEY in str(r) for r in fake.requests)
    assert "HTTP Request" in caplog.text  # httpx did log each request, without the key
    assert API_KEY not in caplog.text
    assert API_KEY not in (_row(runtime, message).reason or "")
    status = channel.status()
    assert str(status.settings["static_params"]) == "diisi"
    assert API_KEY not in repr(status)


def test_a_success_pattern_that_is_not_a_regex_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="not a regular expression"):
        Settings(sms_success_pattern="(unclosed")
