"""Making, listing and revoking API tokens. A person manages their own; an admin also makes
service tokens for a user and revokes any token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import User
from mediasi.accounts.roles import Role
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import FieldErrors, Forbidden, NotFound
from mediasi.i18n import _
from mediasi.tokens.minting import mint
from mediasi.tokens.models import ApiToken
from mediasi.tokens.schemas import ServiceTokenForm, TokenForm
from mediasi.tokens.scopes import features_for

PERSONAL = "personal"
SERVICE = "service"
# Live tokens one account may hold: enough for a few integrations, not a way to fill a table.
MAX_LIVE = 20
NO_SUCH_TOKEN = _("Token tidak ditemukan.")


@dataclass(frozen=True)
class Issued:
    """A token just made: its row and its text, which is shown this once and never again."""

    token: ApiToken
    text: str


@dataclass(frozen=True)
class Listed:
    token: ApiToken
    owner: str  # the owner's username

    def live(self, now: datetime) -> bool:
        return self.token.revoked_at is None and self.token.expires_at > now


class TokenService:
    def __init__(
        self, session: Session, actor: Actor, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.session = session
        self.actor = actor
        self.clock = clock

    # ---- reads ---------------------------------------------------------------------------

    def own(self) -> list[Listed]:
        return self._listed(ApiToken.user_id == self.actor.id)

    def every(self) -> list[Listed]:
        """Every token of every user (admins only)."""
        self._admin()
        return self._listed()

    def users(self) -> list[User]:
        """The active accounts a service token can act as (admins only)."""
        self._admin()
        query = select(User).where(User.is_active.is_(True)).order_by(User.username)
        return list(self.session.scalars(query))

    def _listed(self, *where: object) -> list[Listed]:
        query = (
            select(ApiToken, User.username)
            .join(User, User.id == ApiToken.user_id)
            .where(*where)  # type: ignore[arg-type]
            .order_by(ApiToken.created_at.desc(), ApiToken.id)
        )
        return [Listed(token, owner) for token, owner in self.session.execute(query).tuples()]

    # ---- writes --------------------------------------------------------------------------

    @unit_of_work
    def create_own(self, form: TokenForm) -> Issued:
        assert self.actor.id is not None
        return self._issue(self.actor.id, PERSONAL, form, admin_owner=self.actor_is_admin())

    @unit_of_work
    def create_service(self, form: ServiceTokenForm) -> Issued:
        """A token that acts as ``form.user_id`` for a service (an app, a report job)."""
        self._admin()
        owner = self.session.get(User, form.user_id)
        if owner is None or not owner.is_active:
            raise FieldErrors({"user_id": _("Pilihan tidak dikenal.")})
        return self._issue(owner.id, SERVICE, form, admin_owner=owner.role == Role.ADMIN)

    @unit_of_work
    def revoke(self, token_id: UUID) -> ApiToken:
        """Ends a token at once; its owner or an admin may. Revoking twice changes nothing."""
        token = self.session.get(ApiToken, token_id)
        if token is None or not (token.user_id == self.actor.id or self.actor_is_admin()):
            raise NotFound(NO_SUCH_TOKEN)
        if token.revoked_at is None:
            token.revoked_at = self.clock()
        return token

    def _issue(self, owner_id: UUID, kind: str, form: TokenForm, *, admin_owner: bool) -> Issued:
        if any(s.split(":")[0] not in features_for(admin_owner) for s in form.scopes):
            # A token acts with its owner's role: this scope would only ever be refused.
            raise FieldErrors({"scopes": _("Cakupan administrasi hanya untuk token milik admin.")})
        now = self.clock()
        live = self.session.scalar(
            select(func.count())
            .select_from(ApiToken)
            .where(
                ApiToken.user_id == owner_id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > now,
            )
        )
        if (live or 0) >= MAX_LIVE:
            raise FieldErrors(
                {
                    "name": _(
                        "Akun ini sudah memegang %(n)s token aktif; cabut yang tidak dipakai.",
                        n=MAX_LIVE,
                    )
                }
            )
        minted = mint()
        token = ApiToken(
            user_id=owner_id,
            created_by_id=self.actor.id,
            kind=kind,
            name=form.name,
            prefix=minted.prefix,
            digest=minted.digest,
            scopes=" ".join(form.scopes),
            expires_at=now + timedelta(days=form.days),
        )
        self.session.add(token)
        self.session.flush()
        return Issued(token, minted.text)

    def actor_is_admin(self) -> bool:
        """Whether the person asking is an admin (an admin's own token may hold the admin scope)."""
        return self.actor.role == Role.ADMIN

    def _admin(self) -> None:
        if not self.actor_is_admin():
            raise Forbidden(_("Hanya admin yang boleh mengelola ini."))
