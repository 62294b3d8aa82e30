"""A background task of the app that runs a piece of work every so often and outlives any one
failed run: the deadline scanner and the message dispatcher both run this way."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from sqlalchemy.exc import SQLAlchemyError


async def _every(
    work: Callable[[], object], interval: float, log: logging.Logger, what: str
) -> None:
    while True:
        try:
            # In a worker thread, so the event loop keeps serving requests.
            await anyio.to_thread.run_sync(work)
        except SQLAlchemyError as exc:
            log.error("%s failed, retrying in %ss: %s", what, interval, exc)
        except Exception:
            # The next run may succeed; one bad run must not end them all.
            log.exception("%s crashed, retrying in %ss", what, interval)
        await asyncio.sleep(interval)


@asynccontextmanager
async def running_every(
    work: Callable[[], object], interval: float, log: logging.Logger, what: str
) -> AsyncIterator[None]:
    """Run ``work`` every ``interval`` seconds while the block runs; stop it at the end."""
    task = asyncio.create_task(_every(work, interval, log, what))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
