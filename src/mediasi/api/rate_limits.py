"""Requests per minute on the JSON API, per token and per client address: past the limit a
call is refused with 429 and ``Retry-After`` (the seconds to the next minute), before any
work. Fixed one-minute windows: a burst at a window's edge may reach twice the limit, which
is enough to keep one integration from starving the others.

The counts live in Redis when it is configured (one count across every app node, INCR and
EXPIRE), else in the app process (each node counts its own calls).
"""

from __future__ import annotations

import math
import threading
import time
from typing import Protocol

import anyio.to_thread
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from mediasi.config import Settings
from mediasi.errors import TooManyRequests
from mediasi.i18n import n_

WINDOW = 60
REDIS_PREFIX = "mediasi_api_rate"


class Counter(Protocol):
    def hit(self, key: str, window: int) -> int:
        """Count one call for ``key`` in ``window``; the count so far, this one included."""


class ProcessCounter:
    """The counts of this process; old windows are dropped as new ones begin."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._window = -1
        self._counts: dict[str, int] = {}

    def hit(self, key: str, window: int) -> int:
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]


class RedisCounter:
    """One count for every app node."""

    def __init__(self, url: str) -> None:
        import redis  # here, not at the top: 22 MB a node without Redis never needs

        self._client = redis.Redis.from_url(url)

    def hit(self, key: str, window: int) -> int:
        name = f"{REDIS_PREFIX}:{window}:{key}"
        pipe = self._client.pipeline()
        pipe.incr(name)
        pipe.expire(name, 2 * WINDOW)
        count, _ = pipe.execute()
        return int(count)


def counter_for(settings: Settings) -> Counter:
    return RedisCounter(settings.redis_url) if settings.redis_url else ProcessCounter()


def _refusal(wait: int) -> TooManyRequests:
    refusal = TooManyRequests(
        n_(
            "Terlalu banyak permintaan ke API. Coba lagi dalam %(n)s detik.",
            "Terlalu banyak permintaan ke API. Coba lagi dalam %(n)s detik.",
            wait,
        )
    )
    refusal.headers = {"Retry-After": str(wait)}
    return refusal


class RateLimitMiddleware(ASGIMiddleware):
    """On the API router, first. Holds nothing (the routers are copied): the counter and the
    limits come from the app's state."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        state = scope["app"].state
        settings: Settings = state.settings
        counter: Counter = state.api_rate
        now = time.time()
        window = int(now // WINDOW)
        client = scope.get("client")
        checks = [(f"address:{client[0] if client else 'unknown'}", settings.api_rate_per_address)]
        token_id = getattr(scope.get("auth"), "token_id", None)
        if token_id is not None:
            checks.append((f"token:{token_id}", settings.api_rate_per_token))

        def count() -> bool:
            return all(counter.hit(key, window) <= limit for key, limit in checks)

        within = (
            count()
            if isinstance(counter, ProcessCounter)
            else (await anyio.to_thread.run_sync(count))
        )
        if not within:
            raise _refusal(max(1, math.ceil((window + 1) * WINDOW - now)))
        await next_app(scope, receive, send)
