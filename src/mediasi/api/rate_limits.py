"""Requests per minute on the JSON API, per token and per client address: past the limit a
call is refused with 429 and ``Retry-After`` (the seconds to the next minute), before any
work. Fixed one-minute windows: a burst at a window's edge may reach twice the limit, which
is enough to keep one integration from starving the others.

The address is counted before authentication (:class:`AddressLimit`, on the app), so that a
call refused for its token (401) counts too: a client guessing tokens meets the 429 like
any other. The token is known only once authenticated (:class:`TokenLimit`, on the API
router). The API router marks its routes with ``opt={RATE_LIMITED: True}``.

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
# The API router's ``opt`` key: its routes are counted per address before authentication.
RATE_LIMITED = "api_rate_limited"


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
    return TooManyRequests(
        n_(
            "Terlalu banyak permintaan ke API. Coba lagi dalam %(n)s detik.",
            "Terlalu banyak permintaan ke API. Coba lagi dalam %(n)s detik.",
            wait,
        ),
        retry_after=wait,
    )


def _window_and_wait() -> tuple[int, int]:
    """The current window, and the seconds a refused call waits for the next one."""
    now = time.time()
    window = int(now // WINDOW)
    return window, max(1, math.ceil((window + 1) * WINDOW - now))


async def _hit(counter: Counter, key: str, window: int) -> int:
    """One call counted; Redis off the event loop."""
    if isinstance(counter, ProcessCounter):
        return counter.hit(key, window)
    return await anyio.to_thread.run_sync(counter.hit, key, window)


def _limited(scope: Scope) -> bool:
    handler = scope.get("route_handler")
    return bool(handler is not None and handler.opt.get(RATE_LIMITED))


class AddressLimit(ASGIMiddleware):
    """On the app, after the client address is known and before authentication: every call
    to an API route counts against its address, one with a wrong token too."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if _limited(scope):
            state = scope["app"].state
            settings: Settings = state.settings
            client = scope.get("client")
            window, wait = _window_and_wait()
            key = f"address:{client[0] if client else 'unknown'}"
            if await _hit(state.api_rate, key, window) > settings.api_rate_per_address:
                raise _refusal(wait)
        await next_app(scope, receive, send)


class TokenLimit(ASGIMiddleware):
    """On the API router, first: a token's calls, once the token is known. Holds nothing
    (the routers are copied): the counter and the limit come from the app's state."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        token_id = getattr(scope.get("auth"), "token_id", None)
        if token_id is not None:
            state = scope["app"].state
            settings: Settings = state.settings
            window, wait = _window_and_wait()
            count = await _hit(state.api_rate, f"token:{token_id}", window)
            if count > settings.api_rate_per_token:
                raise _refusal(wait)
        await next_app(scope, receive, send)
