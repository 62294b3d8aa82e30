"""The in-app periodic scan: a background task of the app, switched off by a setting.

Several app processes may each run one; the scanner itself guarantees each expiry is
handled once. The scan runs in a worker thread so the event loop keeps serving requests.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from mediasi.deadlines.services import DeadlineScanner
from mediasi.periodic import running_every
from mediasi.runtime import Runtime

log = logging.getLogger("mediasi.deadlines")


@asynccontextmanager
async def deadline_worker(app: Litestar) -> AsyncIterator[None]:
    """Lifespan hook: start the periodic scan if the settings want it, stop it at shutdown."""
    runtime: Runtime = app.state.runtime
    if not runtime.settings.deadline_scanner:
        yield
        return
    scanner = DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks)
    async with running_every(
        scanner.run, runtime.settings.deadline_scan_seconds, log, "deadline scan"
    ):
        yield
