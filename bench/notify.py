"""How many messages per second does the dispatcher send, against the local WhatsApp Cloud API
stand-in and against the log channel?

For each backend (a temporary SQLite file; a temporary PostgreSQL database, skipped with the
reason when no server answers) this script migrates the schema, queues ``--n`` messages through
the outbox (each to its own number, at noon WIB so no quiet hours apply), then times one
dispatcher sending them all: claim under a lease, send, record, batch after batch.

Run: ``.venv/bin/python -m bench.notify [--n 1000]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from tests.fakes import whatsapp

from bench.summary import record
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.notifications.channels.base import Channel
from mediasi.notifications.channels.log import LogChannel
from mediasi.notifications.channels.whatsapp import WhatsAppChannel
from mediasi.notifications.dispatcher import Dispatcher
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime

ROOT = Path(__file__).resolve().parent.parent

PG_ADMIN = os.environ.get("MEDIASI_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
NOON_WIB = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)


def _run(url: str, channel: str, n: int, api_url: str) -> float:
    settings = Settings(
        database_url=url,
        root_dir=ROOT,
        deadline_scanner=False,
        notify_channels=(channel,),
        whatsapp_api_url=api_url,
        whatsapp_token=whatsapp.TOKEN,
        whatsapp_phone_id=whatsapp.PHONE_ID,
        notify_batch=100,
    )
    runtime = Runtime.build(settings)
    try:
        migrate.upgrade(settings, runtime.engine)
        with runtime.sessions.begin() as session:
            outbox = Outbox(session, settings, clock=lambda: NOON_WIB)
            for i in range(n):
                person = Recipient(RecipientKind.TEST, f"r{i}", "Uji", phone=f"0812{i:08d}")
                outbox.enqueue("test", person, {"site": "bench"}, dedupe=f"{channel}:{i}")
        channels: dict[str, Channel] = {
            "whatsapp": WhatsAppChannel(settings),
            "log": LogChannel(),
        }
        dispatcher = Dispatcher(runtime.sessions, settings, channels, clock=lambda: NOON_WIB)
        start = time.perf_counter()
        report = dispatcher.run(max_batches=10_000)
        elapsed = time.perf_counter() - start
        assert report.sent == n, report.summary()
        return n / elapsed
    finally:
        runtime.close()


def _backends(tmp: Path) -> list[tuple[str, str | None, str]]:
    found: list[tuple[str, str | None, str]] = []
    for channel in ("whatsapp", "log"):
        found.append(("sqlite", f"sqlite:///{tmp / f'bench-{channel}.db'}", channel))
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            pass
    except psycopg.Error as exc:
        found.append(("postgresql", None, str(exc).splitlines()[0]))
        return found
    for channel in ("whatsapp", "log"):
        name = f"mediasi_bench_notify_{os.getpid()}_{channel}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        found.append(("postgresql", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", channel))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp, whatsapp.running() as stub:
        for backend, url, channel in _backends(Path(tmp)):
            if url is None:
                print(f"{backend:10s} skipped: {channel}")
                continue
            try:
                rate = _run(url, channel, args.n, stub.url)
                print(f"{backend:10s} {channel:8s} {args.n} messages: {rate:8.1f} messages/s")
                record(f"notifications through {channel}: messages/s", backend, rate, "/s")
            finally:
                if backend == "postgresql":
                    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                        conn.execute(
                            f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'
                        )


if __name__ == "__main__":
    main()
