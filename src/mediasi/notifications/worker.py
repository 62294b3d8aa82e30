"""The in-app dispatcher: a background task of the app, like the deadline scanner.

Several app processes may each run one; the claim guarantees each message is taken by one.
Sending runs in a worker thread so the event loop keeps serving requests.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from mediasi.periodic import running_every

log = logging.getLogger("mediasi.notifications")


@asynccontextmanager
async def notification_worker(app: Litestar) -> AsyncIterator[None]:
    """Lifespan hook: produce what time brings (reminders, digests) and send what is due."""
    runtime = app.state.runtime
    if not runtime.settings.notify_dispatcher:
        yield
        return
    interval = runtime.settings.notify_interval_seconds
    async with running_every(runtime.notify_round, interval, log, "message dispatch"):
        yield
