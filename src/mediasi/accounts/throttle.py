"""Login throttling that cannot lock out a unit.

- Per account (as before): after ``login_max_attempts`` failures within the window the
  account's login is refused (429) until the window has passed, right password or not.
- Per address: failures against *different* accounts from one address (a password sprayed
  over a Polsek's accounts) slow every further login from that address — 1 s once
  ``login_address_accounts`` accounts have failed, doubling with each further account, at most
  ``login_max_delay_seconds`` — but never refuse it: officers behind the same NAT still get in
  with their own password.

The delay is awaited before the login handler runs (no worker thread is held while waiting).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

import anyio
import anyio.to_thread
from litestar import Request
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, sessionmaker

from mediasi.accounts.models import LoginAttempt
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.web.forms import client_address

log = logging.getLogger("mediasi.auth")


class _Runtime(Protocol):
    """What the login delay needs of :class:`mediasi.runtime.Runtime` (which it may not
    import: the runtime wires the features, and this is one of them)."""

    settings: Settings
    sessions: sessionmaker[Session]


# How the delay is awaited; tests put a recorder here.
pause: Callable[[float], Awaitable[None]] = anyio.sleep


def address_delay(settings: Settings, failed_accounts: int) -> float:
    """Seconds to wait before a login from an address whose failures within the window were
    against ``failed_accounts`` different accounts."""
    over = failed_accounts - settings.login_address_accounts
    if over < 0:
        return 0.0
    return float(min(2 ** min(over, 30), settings.login_max_delay_seconds))


def failed_accounts_from(session: Session, address: str, since: datetime) -> int:
    """How many different accounts failed to log in from ``address`` since ``since``."""
    return int(
        session.execute(
            select(func.count(distinct(LoginAttempt.username))).where(
                LoginAttempt.address == address[:64],
                LoginAttempt.succeeded.is_(False),
                LoginAttempt.attempted_at >= since,
            )
        ).scalar_one()
    )


async def slow_down_address(request: Request[Any, Any, Any]) -> None:
    """A ``before_request`` hook for the login form's POST: wait as long as the address earned."""
    runtime: _Runtime = request.app.state.runtime
    address = client_address(request)
    since = utcnow() - timedelta(seconds=runtime.settings.login_window_seconds)

    def count() -> int:
        with runtime.sessions() as session:
            return failed_accounts_from(session, address, since)

    delay = address_delay(runtime.settings, await anyio.to_thread.run_sync(count))
    if delay:
        log.warning("login slowed address=%s delay=%.0fs", address[:64], delay)
    await pause(delay)
