"""Logging in: password check, throttling per account, every attempt recorded."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from mediasi.accounts.models import LoginAttempt, User
from mediasi.accounts.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.errors import TooManyRequests, Unauthorized
from mediasi.i18n import _, n_

log = logging.getLogger("mediasi.auth")

_BAD_LOGIN = _("Nama pengguna atau kata sandi salah.")


class AccountService:
    def __init__(
        self, session: Session, settings: Settings, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.session = session
        self.settings = settings
        self.clock = clock

    def _recent_failures(
        self, column: InstrumentedAttribute[str], value: str, since: datetime
    ) -> int:
        return int(
            self.session.execute(
                select(func.count())
                .select_from(LoginAttempt)
                .where(
                    column == value,
                    LoginAttempt.succeeded.is_(False),
                    LoginAttempt.attempted_at >= since,
                )
            ).scalar_one()
        )

    def authenticate(self, username: str, password: str, address: str) -> User:
        """The user, or Unauthorized; TooManyRequests once the account has failed too often
        within the window (the attempt is still recorded, the password is not checked).

        An address that failed against many accounts is slowed before this is called
        (:mod:`mediasi.accounts.throttle`), never refused."""
        username = username.strip().lower()[:60]
        address = address[:64]
        now = self.clock()
        since = now - timedelta(seconds=self.settings.login_window_seconds)
        limit = self.settings.login_max_attempts
        if self._recent_failures(LoginAttempt.username, username, since) >= limit:
            self._failed(username, address, now)
            log.warning("login throttled user=%s address=%s", username, address)
            minutes = self.settings.login_window_seconds // 60
            raise TooManyRequests(
                n_(
                    "Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.",
                    "Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.",
                    minutes,
                ),
                retry_after=self.settings.login_window_seconds,
            )
        user = self.session.scalars(select(User).where(User.username == username)).one_or_none()
        ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
        if not (user and ok and user.is_active):
            self._failed(username, address, now)
            log.info("login failed user=%s address=%s", username, address)
            raise Unauthorized(_BAD_LOGIN)
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        self._attempt(username, address, succeeded=True, now=now)
        log.info("login ok user=%s address=%s", username, address)
        return user

    def _failed(self, username: str, address: str, now: datetime) -> None:
        """A failed attempt is kept although the login fails: it is what the limits count."""
        self._attempt(username, address, succeeded=False, now=now)
        self.session.commit()

    def _attempt(self, username: str, address: str, *, succeeded: bool, now: datetime) -> None:
        self.session.add(
            LoginAttempt(username=username, address=address, succeeded=succeeded, attempted_at=now)
        )
        self.session.flush()

    def get_active(self, user_id: UUID) -> User | None:
        user = self.session.get(User, user_id)
        return user if user and user.is_active else None
