"""Administration: users, the area tree and the tokoh registry. Only an admin calls this."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.accounts.passwords import hash_password
from mediasi.accounts.roles import AREA_LEVEL_ORDER, AreaLevel, Role
from mediasi.accounts.schemas import AreaCreate, ContactInput, TokohCreate, UserCreate
from mediasi.accounts.sessions import SessionEnder
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import FieldErrors, Forbidden, NotFound
from mediasi.i18n import _

Row = TypeVar("Row")

ADMINS_ONLY = _("Hanya admin yang boleh mengelola ini.")


class AdminService:
    def __init__(
        self,
        session: Session,
        actor: Actor | None,
        end_sessions: SessionEnder,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        """``actor`` None is the command line, run by whoever holds the server.
        ``end_sessions`` ends a user's web sessions wherever they are kept: a request trusts
        its session for who the user is, so any change to that must end them."""
        if actor is not None and actor.role != Role.ADMIN:
            raise Forbidden(ADMINS_ONLY)
        self.session = session
        self.end_sessions = end_sessions
        self.clock = clock

    # ---- reads ---------------------------------------------------------------------------

    def users(self) -> list[tuple[User, Area | None]]:
        query = select(User, Area).outerjoin(Area, Area.id == User.area_id).order_by(User.username)
        return [(user, area) for user, area in self.session.execute(query).tuples()]

    def areas(self) -> list[Area]:
        return list(self.session.scalars(select(Area).order_by(Area.path)))

    def tokoh(self) -> list[tuple[Tokoh, Area]]:
        query = (
            select(Tokoh, Area).join(Area, Area.id == Tokoh.desa_id).order_by(Area.name, Tokoh.name)
        )
        return [(t, a) for t, a in self.session.execute(query).tuples()]

    def held_desa(self, user_id: UUID | None = None) -> dict[UUID, list[UUID]]:
        """The desa each officer holds (only ``user_id``'s, when given)."""
        query = select(OfficerDesa.user_id, OfficerDesa.desa_id)
        if user_id is not None:
            query = query.where(OfficerDesa.user_id == user_id)
        held: dict[UUID, list[UUID]] = {}
        for holder, desa_id in self.session.execute(query):
            held.setdefault(holder, []).append(desa_id)
        return held

    # ---- users ---------------------------------------------------------------------------

    @unit_of_work
    def create_user(self, data: UserCreate) -> User:
        if self.session.scalars(select(User).where(User.username == data.username)).first():
            raise FieldErrors({"username": _("Nama pengguna sudah dipakai.")})
        area = self.session.get(Area, data.area_id)
        if area is None:
            raise FieldErrors({"area_id": _("Wilayah tidak dikenal.")})
        desa = [self.session.get(Area, desa_id) for desa_id in data.desa_ids]
        if data.role == Role.OFFICER.value:
            if not desa:
                raise FieldErrors({"desa_ids": _("Petugas harus memegang sedikitnya satu desa.")})
            if any(
                d is None or d.level != AreaLevel.DESA or not d.path.startswith(area.path)
                for d in desa
            ):
                raise FieldErrors({"desa_ids": _("Desa harus berada di bawah wilayah petugas.")})
        elif desa:
            raise FieldErrors({"desa_ids": _("Hanya petugas yang memegang desa.")})
        typed = data.model_dump(include={"username", "full_name", "role", "rank", "phone", "email"})
        user = self._added(
            User(
                **typed,
                area_id=area.id,
                password_hash=hash_password(data.password),
                password_changed_at=self.clock(),
            )
        )
        for d in desa:
            assert d is not None
            self.session.add(OfficerDesa(user_id=user.id, desa_id=d.id))
        self.session.flush()
        return user

    def _added(self, row: Row) -> Row:
        """A new row, written so that its id and defaults are there to read."""
        self.session.add(row)
        self.session.flush()
        return row

    def _user(self, user_id: UUID) -> User:
        user = self.session.get(User, user_id)
        if user is None:
            raise NotFound(_("Pengguna tidak ditemukan."))
        return user

    @unit_of_work
    def reset_password(self, user_id: UUID, password: str) -> User:
        """A new password; every session of the user ends."""
        user = self._user(user_id)
        user.password_hash = hash_password(password)
        user.password_changed_at = self.clock()
        self.session.flush()
        self.end_sessions(self.session, user.id)
        return user

    @unit_of_work
    def set_user_contact(self, user_id: UUID, data: ContactInput) -> User:
        """The phone and email the user's digests and escalation messages go to."""
        user = self._user(user_id)
        user.phone, user.email = data.phone, data.email
        self.session.flush()
        return user

    @unit_of_work
    def set_active(self, user_id: UUID, active: bool) -> User:
        user = self._user(user_id)
        user.is_active = active
        self.session.flush()
        if not active:
            self.end_sessions(self.session, user.id)
        return user

    # ---- areas ---------------------------------------------------------------------------

    @unit_of_work
    def create_area(self, data: AreaCreate) -> Area:
        if self.session.scalars(select(Area).where(Area.code == data.code)).first():
            raise FieldErrors({"code": _("Kode wilayah sudah dipakai.")})
        parent = self.session.get(Area, data.parent_id) if data.parent_id else None
        level = AREA_LEVEL_ORDER.index(AreaLevel(data.level))
        if level == 0 and parent is not None:
            raise FieldErrors({"parent_id": _("Polda tidak berada di bawah wilayah lain.")})
        if level > 0:
            if parent is None:
                raise FieldErrors({"parent_id": _("Pilih wilayah induk.")})
            if AREA_LEVEL_ORDER.index(AreaLevel(parent.level)) != level - 1:
                raise FieldErrors(
                    {
                        "parent_id": _(
                            "Induk harus satu tingkat di atasnya (Polda > Polres > Polsek > desa)."
                        )
                    }
                )
        return self._added(
            Area(
                **data.model_dump(include={"code", "name", "level"}),
                parent_id=parent.id if parent else None,
                path=f"{parent.path if parent else '/'}{data.code}/",
            )
        )

    # ---- tokoh ---------------------------------------------------------------------------

    @unit_of_work
    def create_tokoh(self, data: TokohCreate) -> Tokoh:
        desa = self.session.get(Area, data.desa_id)
        if desa is None or desa.level != AreaLevel.DESA:
            raise FieldErrors({"desa_id": _("Desa tidak dikenal.")})
        if data.user_id is not None:
            login = self.session.get(User, data.user_id)
            if login is None or login.role != Role.TOKOH:
                raise FieldErrors({"user_id": _("Akun harus berperan tokoh.")})
            if self.session.scalars(select(Tokoh).where(Tokoh.user_id == login.id)).first():
                raise FieldErrors({"user_id": _("Akun ini sudah terhubung ke tokoh lain.")})
        return self._added(Tokoh(**data.model_dump()))

    def _tokoh(self, tokoh_id: UUID) -> Tokoh:
        tokoh = self.session.get(Tokoh, tokoh_id)
        if tokoh is None:
            raise NotFound(_("Tokoh tidak ditemukan."))
        return tokoh

    @unit_of_work
    def set_tokoh_contact(self, tokoh_id: UUID, data: ContactInput) -> Tokoh:
        """The phone and email the tokoh's messages (invitations, reminders) go to."""
        tokoh = self._tokoh(tokoh_id)
        tokoh.phone, tokoh.email = data.phone, data.email
        self.session.flush()
        return tokoh

    @unit_of_work
    def set_tokoh_active(self, tokoh_id: UUID, active: bool) -> Tokoh:
        tokoh = self._tokoh(tokoh_id)
        tokoh.is_active = active
        self.session.flush()
        return tokoh
