"""What every HTTP provider's adapter does alike: a network failure is worth retrying, and a
provider's ``Retry-After`` says how long to wait."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from mediasi.notifications.channels.base import SendFailed


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds, if the provider sent a usable one."""
    raw = response.headers.get("retry-after")
    try:
        return max(0.0, float(raw)) if raw is not None and len(raw) < 12 else None
    except ValueError:
        return None


@contextmanager
def transient_errors(provider: str) -> Iterator[None]:
    """A timeout or a connection error becomes a retried :class:`SendFailed`; only the error's
    type is said, since its text may carry the URL (and a key in its query)."""
    try:
        yield
    except httpx.TimeoutException:
        raise SendFailed(f"{provider} did not answer in time", permanent=False) from None
    except httpx.HTTPError as exc:
        raise SendFailed(f"{provider} unreachable: {type(exc).__name__}", permanent=False) from None
