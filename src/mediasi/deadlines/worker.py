"""The in-app periodic scan: a background task of the app, switched off by a setting.

Several app processes may each run one; the scanner itself guarantees each expiry is
handled once. The scan runs in a worker thread so the event loop keeps serving requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from litestar import Litestar
from sqlalchemy.exc import SQLAlchemyError

from mediasi.deadlines.services import DeadlineScanner
from mediasi.runtime import Runtime

log = logging.getLogger("mediasi.deadlines")


async def _loop(runtime: Runtime, interval: float) -> None:
    scanner = DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks)
    while True:
        try:
            await anyio.to_thread.run_sync(scanner.run)
        except SQLAlchemyError as exc:
            log.error("deadline scan failed, retrying in %ss: %s", interval, exc)
        except Exception:
            # The periodic scan must outlive any one bad scan; the next one may succeed.
            log.exception("deadline scan crashed, retrying in %ss", interval)
        await asyncio.sleep(interval)


@asynccontextmanager
async def deadline_worker(app: Litestar) -> AsyncIterator[None]:
    """Lifespan hook: start the periodic scan if the settings want it, stop it at shutdown."""
    runtime: Runtime = app.state.runtime
    if not runtime.settings.deadline_scanner:
        yield
        return
    task = asyncio.create_task(_loop(runtime, runtime.settings.deadline_scan_seconds))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
