"""The API's periodic chore: idempotency keys older than 24 hours are removed, hourly."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar

from mediasi.api.idempotency_store import purge
from mediasi.db.base import utcnow
from mediasi.periodic import running_every

log = logging.getLogger("mediasi.api")
EVERY_SECONDS = 3600


@asynccontextmanager
async def idempotency_purger(app: Litestar) -> AsyncIterator[None]:
    """Lifespan hook; every node runs it (a DELETE of old rows is safe to run twice)."""
    sessions = app.state.runtime.sessions
    async with running_every(
        lambda: purge(sessions, utcnow()), EVERY_SECONDS, log, "idempotency key purge"
    ):
        yield
