"""The in-app dispatcher: a background task of the app, like the deadline scanner.

Several app processes may each run one; the claim guarantees each message is taken by one.
Sending runs in a worker thread so the event loop keeps serving requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from litestar import Litestar
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("mediasi.notifications")


async def _loop(work: Callable[[], object], interval: float) -> None:
    while True:
        try:
            await anyio.to_thread.run_sync(work)
        except SQLAlchemyError as exc:
            log.error("message dispatch failed, retrying in %ss: %s", interval, exc)
        except Exception:
            # The dispatcher must outlive any one bad round; the next one may succeed.
            log.exception("message dispatch crashed, retrying in %ss", interval)
        await asyncio.sleep(interval)


@asynccontextmanager
async def notification_worker(app: Litestar) -> AsyncIterator[None]:
    """Lifespan hook: produce what time brings (reminders, digests) and send what is due."""
    runtime = app.state.runtime
    if not runtime.settings.notify_dispatcher:
        yield
        return
    task = asyncio.create_task(
        _loop(runtime.notify_round, runtime.settings.notify_interval_seconds)
    )
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
