"""Several dispatchers over one outbox, on both backends, against the local Cloud API stand-in:
each message is sent once in the normal case; a dispatcher killed mid-batch loses nothing and
leaves at most its batch in flight as duplicates, which the next dispatcher counts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.notifications.channels.whatsapp import WhatsAppChannel
from mediasi.notifications.dispatcher import Dispatcher, DispatchReport
from mediasi.notifications.models import SENDING, SENT, Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime
from tests.factories import cli_env
from tests.fakes import whatsapp
from tests.fakes.whatsapp import PHONE_ID, TOKEN, FakeWhatsApp
from tests.integration.test_cli import run

MESSAGES = 200
BATCH = 20


@pytest.fixture
def fake() -> Iterator[FakeWhatsApp]:
    with whatsapp.running() as server:
        yield server


def _settings(runtime: Runtime, fake: FakeWhatsApp) -> Settings:
    return runtime.settings.model_copy(
        update={
            "notify_channels": ("whatsapp",),
            "whatsapp_api_url": fake.url,
            "whatsapp_token": TOKEN,
            "whatsapp_phone_id": PHONE_ID,
            "notify_batch": BATCH,
            "notify_quiet_start": 0,  # no quiet hours: the test runs at any time of day
            "notify_quiet_end": 0,
        }
    )


def _queue(runtime: Runtime, settings: Settings) -> None:
    with runtime.sessions.begin() as session:
        outbox = Outbox(session, settings)
        for n in range(MESSAGES):
            person = Recipient(RecipientKind.PARTY, f"p{n}", f"Warga {n}", f"0812{n:08d}")
            outbox.enqueue("test", person, {"site": "Polsek Uji"}, dedupe=f"load:{n}")


def _received(fake: FakeWhatsApp) -> Counter[str]:
    return Counter(str(body["biz_opaque_callback_data"]) for body in fake.requests)


def _statuses(runtime: Runtime) -> dict[str, int]:
    with runtime.sessions() as session:
        rows = session.execute(select(Message.status, func.count()).group_by(Message.status))
        return {status: count for status, count in rows}


def test_two_dispatchers_at_once_send_each_message_exactly_once(
    runtime: Runtime, fake: FakeWhatsApp
) -> None:
    settings = _settings(runtime, fake)
    _queue(runtime, settings)
    channels = {"whatsapp": WhatsAppChannel(settings)}
    reports: dict[str, DispatchReport] = {}

    def work(name: str) -> None:
        reports[name] = Dispatcher(runtime.sessions, settings, channels, name=name).run()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("node-a", "node-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    received = _received(fake)
    assert len(received) == MESSAGES
    assert max(received.values()) == 1  # none twice
    assert _statuses(runtime) == {SENT: MESSAGES}
    assert reports["node-a"].sent + reports["node-b"].sent == MESSAGES
    assert reports["node-a"].sent > 0
    assert reports["node-b"].sent > 0  # both took part
    with runtime.sessions() as session:
        assert set(session.scalars(select(Message.claims))) == {1}


def test_a_dispatcher_killed_mid_batch_loses_nothing_and_its_duplicates_are_counted(
    runtime: Runtime, fake: FakeWhatsApp
) -> None:
    settings = _settings(runtime, fake)
    _queue(runtime, settings)
    fake.delay = 0.05
    env = {
        **os.environ,
        **cli_env(runtime.settings.database_url),
        "MEDIASI_NOTIFY_CHANNELS": "whatsapp",
        "MEDIASI_WHATSAPP_API_URL": fake.url,
        "MEDIASI_WHATSAPP_TOKEN": TOKEN,
        "MEDIASI_WHATSAPP_PHONE_ID": PHONE_ID,
        "MEDIASI_NOTIFY_BATCH": str(BATCH),
        "MEDIASI_NOTIFY_QUIET_START": "0",
        "MEDIASI_NOTIFY_QUIET_END": "0",
    }
    mediasi = os.path.join(os.path.dirname(sys.executable), "mediasi")
    process = subprocess.Popen([mediasi, "notify", "run"], env=env)
    deadline = time.monotonic() + 60
    while len(fake.requests) < 30 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    fake.delay = 0.0
    before = _received(fake)
    left_sending = _statuses(runtime).get(SENDING, 0)
    assert 0 < len(before) < MESSAGES  # killed in the middle
    assert left_sending > 0  # taken, and not recorded: the lease keeps them

    # Once the dead dispatcher's lease has run out, another takes its messages again.
    later = utcnow() + timedelta(seconds=settings.notify_lease_seconds + 1)
    channels = {"whatsapp": WhatsAppChannel(settings)}
    report = Dispatcher(runtime.sessions, settings, channels, clock=lambda: later).run()

    received = _received(fake)
    duplicates = sum(count - 1 for count in received.values())
    assert len(received) == MESSAGES  # nothing lost
    assert _statuses(runtime) == {SENT: MESSAGES}
    assert report.reclaimed == left_sending
    assert duplicates <= BATCH  # at most the batch that was in flight
    assert duplicates <= report.reclaimed
    print(
        f"\nkilled after {len(before)} sent; {left_sending} left sending; "
        f"{report.reclaimed} taken again; {duplicates} duplicates; 0 lost"
    )


def test_the_notify_commands_send_what_is_due_and_count_by_state(runtime: Runtime) -> None:
    person = Recipient(RecipientKind.PARTY, "p1", "Warga", "081234567890")
    with runtime.sessions.begin() as session:
        settings = runtime.settings.model_copy(
            update={"notify_quiet_start": 0, "notify_quiet_end": 0}
        )
        Outbox(session, settings).enqueue("test", person, {"site": "x"}, dedupe="cli")
        Outbox(session, settings).enqueue(
            "test", Recipient(RecipientKind.PARTY, "p2", "Tanpa nomor"), {}, dedupe="none"
        )
    # No quiet hours for the command either: the test runs at any time of day.
    quiet_off = {"MEDIASI_NOTIFY_QUIET_START": "0", "MEDIASI_NOTIFY_QUIET_END": "0"}
    sent = run(runtime.settings.database_url, "notify", "run", env=quiet_off)
    assert sent.exit_code == 0, sent.output
    assert "messages: 1 sent, 0 to retry, 0 failed" in sent.output
    status = run(runtime.settings.database_url, "notify", "status")
    assert "log\tsent\t1" in status.output
    assert "log\tsuppressed\t1" in status.output
    broken = run("postgresql://nobody@127.0.0.1:1/none", "notify", "run")
    assert broken.exit_code == 1
    assert broken.output.startswith("error: cannot use the database")
