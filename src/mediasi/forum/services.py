"""Forums and their roster: forming a forum on an area node, and the people who serve in it.

The roster keeps its history: a member who leaves keeps their row with the day they left and
why; a change of position ends the row of the old position and starts one of the new, so who
held which seat on any past day can be read back. Ketua, wakil ketua and sekretaris are held
by one person at a time, and nobody serves twice at once."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import literal, select

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User, path_begins
from mediasi.accounts.roles import Role
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound
from mediasi.forum import kinds, ledger
from mediasi.forum.access import areas_in_reach, visible_forums
from mediasi.forum.lookups import ForumStore
from mediasi.forum.models import Forum, ForumEvent, ForumMember
from mediasi.forum.schemas import EndService, ForumForm, MemberForm, MovePosition
from mediasi.i18n import _

_NOT_MEMBER = _("Anggota tidak ditemukan di forum ini.")
HISTORY_SHOWN = 100


class ForumService(ForumStore):
    # ---- reads -----------------------------------------------------------------------------

    def forums(self, actor: Actor) -> list[tuple[Forum, Area]]:
        """The forums in reach with their area, by area then name."""
        rows = self.session.execute(
            select(Forum, Area)
            .join(Area, Area.id == Forum.area_id)
            .where(visible_forums(actor))
            .order_by(Area.path, Forum.name)
        )
        return [(forum, area) for forum, area in rows]

    def area_of(self, forum: Forum) -> Area:
        area = self.session.get(Area, forum.area_id)
        assert area is not None
        return area

    def roster(self, forum: Forum) -> list[ForumMember]:
        """Every row of service, those still serving first (by seat), then by start."""
        rows = self.session.scalars(select(ForumMember).where(ForumMember.forum_id == forum.id))
        seats = list(kinds.POSITIONS)
        return sorted(
            rows,
            key=lambda m: (m.ended_on is not None, seats.index(m.position), m.started_on, m.name),
        )

    def history(self, forum: Forum) -> list[tuple[ForumEvent, str]]:
        """The forum's chained events, the newest first, each with who made it by their full
        name (the event keeps the login name, as the case log does)."""
        rows = self.session.execute(
            select(ForumEvent, User.full_name)
            .outerjoin(User, User.id == ForumEvent.actor_id)
            .where(ForumEvent.forum_id == forum.id)
            .order_by(ForumEvent.seq.desc())
            .limit(HISTORY_SHOWN)
        )
        return [(event, name or event.actor_name) for event, name in rows]

    def tokoh_choices(self, forum: Forum) -> list[Tokoh]:
        """Active tokoh of the registry in the forum's area (its desa, or the desa under it)."""
        area = self.area_of(forum)
        under = select(Area.id).where(path_begins(Area.path, literal(area.path)))
        return list(
            self.session.scalars(
                select(Tokoh)
                .where(Tokoh.desa_id.in_(under), Tokoh.is_active.is_(True))
                .order_by(Tokoh.name)
            )
        )

    def officer_choices(self, forum: Forum) -> list[User]:
        """Active officers and supervisors of the area: who holds a desa under it, or whose
        node is the area, above it or under it."""
        area = self.area_of(forum)
        under = select(Area.id).where(path_begins(Area.path, literal(area.path)))
        holders = select(OfficerDesa.user_id).where(OfficerDesa.desa_id.in_(under))
        above = select(Area.id).where(path_begins(literal(area.path), Area.path))
        return list(
            self.session.scalars(
                select(User)
                .where(
                    User.is_active.is_(True),
                    User.role.in_((Role.OFFICER, Role.SUPERVISOR)),
                    User.id.in_(holders) | User.area_id.in_(under) | User.area_id.in_(above),
                )
                .order_by(User.full_name)
            )
        )

    # ---- the forum -------------------------------------------------------------------------

    @unit_of_work
    def create(self, actor: Actor, data: ForumForm) -> Forum:
        """A forum on a node in the actor's reach."""
        area = self.session.scalars(
            select(Area).where(Area.id == data.area_id, areas_in_reach(actor))
        ).one_or_none()
        if area is None:
            raise FieldErrors({"area_id": _("Wilayah ini bukan wilayah tugas Anda.")})
        _check_kawasan(data)
        forum = Forum(id=uuid4(), **data.model_dump())
        self.session.add(forum)
        self.chain(forum, actor, ledger.FORUM_CREATED, (None, kinds.ACTIVE), _forum_payload(forum))
        return forum

    @unit_of_work
    def edit(
        self, actor: Actor, forum_id: UUID, data: ForumForm, version: int | None = None
    ) -> Forum:
        """Its name, model, meeting place or formation day; the area stays (a forum of
        another area is another forum)."""
        forum = self.forum(actor, forum_id, version)
        if data.area_id != forum.area_id:
            raise FieldErrors({"area_id": _("Wilayah forum tidak dapat dipindah.")})
        _check_kawasan(data)
        values = data.model_dump(exclude={"area_id"})
        changes = {
            name: [_plain(getattr(forum, name)), _plain(value)]
            for name, value in values.items()
            if getattr(forum, name) != value
        }
        if changes:
            for name, value in values.items():
                setattr(forum, name, value)
            self.chain(forum, actor, ledger.FORUM_EDITED, (kinds.ACTIVE, kinds.ACTIVE), changes)
        return forum

    # ---- the roster ------------------------------------------------------------------------

    @unit_of_work
    def add_member(
        self, actor: Actor, forum_id: UUID, data: MemberForm, version: int | None = None
    ) -> ForumMember:
        forum = self.forum(actor, forum_id, version)
        name, tokoh_id, user_id = self._person(forum, data)
        member = ForumMember(
            id=uuid4(),
            forum_id=forum.id,
            person_kind=data.person_kind,
            tokoh_id=tokoh_id,
            user_id=user_id,
            name=name,
            phone=data.phone if data.person_kind == kinds.OTHER else None,
            email=data.email if data.person_kind == kinds.OTHER else None,
            element=data.element,
            position=data.position,
            started_on=data.started_on,
        )
        self._seat_free(forum, member, "position")
        self._not_serving(forum, member)
        self.session.add(member)
        self.chain(
            forum, actor, ledger.MEMBER_JOINED, (None, kinds.SERVING), _member_payload(member)
        )
        return member

    @unit_of_work
    def end_member(
        self,
        actor: Actor,
        forum_id: UUID,
        member_id: UUID,
        data: EndService,
        version: int | None = None,
    ) -> ForumMember:
        forum = self.forum(actor, forum_id, version)
        member = self._serving(forum, member_id)
        _not_before(member, data.ended_on, "ended_on")
        member.ended_on = data.ended_on
        member.end_reason = data.reason
        payload = {"member_id": str(member.id), "name": member.name, "ended_on": str(data.ended_on)}
        if data.reason:
            payload["reason"] = data.reason
        self.chain(forum, actor, ledger.MEMBER_LEFT, (kinds.SERVING, kinds.ENDED), payload)
        return member

    @unit_of_work
    def move_member(
        self,
        actor: Actor,
        forum_id: UUID,
        member_id: UUID,
        data: MovePosition,
        version: int | None = None,
    ) -> ForumMember:
        """The old seat ends the day before ``moved_on``; the new one starts that day."""
        forum = self.forum(actor, forum_id, version)
        old = self._serving(forum, member_id)
        if data.position == old.position:
            raise FieldErrors({"position": _("Anggota ini sudah memegang jabatan itu.")})
        _not_before(old, data.moved_on, "moved_on")
        new = ForumMember(
            id=uuid4(),
            **{
                name: getattr(old, name)
                for name in ("forum_id", "person_kind", "tokoh_id", "user_id", "name")
            },
            phone=old.phone,
            email=old.email,
            element=old.element,
            position=data.position,
            started_on=data.moved_on,
        )
        self._seat_free(forum, new, "position")
        old.ended_on = data.moved_on
        old.end_reason = _("Pindah jabatan").msgid
        self.session.add(new)
        payload = {
            "member_id": str(old.id),
            "new_member_id": str(new.id),
            "name": old.name,
            "from": old.position,
            "to": new.position,
            "on": str(data.moved_on),
        }
        self.chain(forum, actor, ledger.MEMBER_MOVED, (kinds.SERVING, kinds.SERVING), payload)
        return new

    # ---- checks ----------------------------------------------------------------------------

    def _person(self, forum: Forum, data: MemberForm) -> tuple[str, UUID | None, UUID | None]:
        """(name, tokoh, user) of the person named, who must belong to the forum's area."""
        if data.person_kind == kinds.TOKOH:
            tokoh = next((t for t in self.tokoh_choices(forum) if t.id == data.tokoh_id), None)
            if tokoh is None:
                raise FieldErrors({"tokoh_id": _("Pilih tokoh dari daftar wilayah forum ini.")})
            return tokoh.name, tokoh.id, None
        if data.person_kind == kinds.OFFICER:
            user = next((u for u in self.officer_choices(forum) if u.id == data.user_id), None)
            if user is None:
                raise FieldErrors({"user_id": _("Pilih petugas wilayah forum ini.")})
            return user.full_name, None, user.id
        if not data.name or len(data.name) < 2:
            raise FieldErrors({"name": _("Tulis nama anggota.")})
        return data.name, None, None

    def _current(self, forum: Forum) -> list[ForumMember]:
        return list(
            self.session.scalars(
                select(ForumMember).where(
                    ForumMember.forum_id == forum.id, ForumMember.ended_on.is_(None)
                )
            )
        )

    def _seat_free(self, forum: Forum, member: ForumMember, field: str) -> None:
        if member.position not in kinds.SINGLE_SEATS:
            return
        holder = next(
            (
                m
                for m in self._current(forum)
                if m.position == member.position and _person_key(m) != _person_key(member)
            ),
            None,
        )
        if holder is not None:
            raise FieldErrors(
                {
                    field: _(
                        "Jabatan ini masih dipegang %(name)s; akhiri dulu masa jabatannya.",
                        name=holder.name,
                    )
                }
            )

    def _not_serving(self, forum: Forum, member: ForumMember) -> None:
        key = _person_key(member)
        if any(_person_key(m) == key for m in self._current(forum)):
            raise FieldErrors(
                {"person_kind": _("%(name)s sudah menjadi anggota forum ini.", name=member.name)}
            )

    def _serving(self, forum: Forum, member_id: UUID) -> ForumMember:
        member = self.session.get(ForumMember, member_id)
        if member is None or member.forum_id != forum.id:
            raise NotFound(_NOT_MEMBER)
        if member.ended_on is not None:
            raise Conflict(_("Masa jabatan anggota ini sudah berakhir."))
        return member


def _person_key(member: ForumMember) -> str:
    if member.tokoh_id:
        return f"tokoh:{member.tokoh_id}"
    if member.user_id:
        return f"user:{member.user_id}"
    return f"name:{member.name.casefold()}"


def _not_before(member: ForumMember, day: date, field: str) -> None:
    if day < member.started_on:
        raise FieldErrors(
            {
                field: _(
                    "Tanggal ini sebelum anggota mulai menjabat (%(day)s).",
                    day=member.started_on.isoformat(),
                )
            }
        )


def _check_kawasan(data: ForumForm) -> None:
    if data.basis == kinds.KAWASAN and not data.kawasan:
        raise FieldErrors(
            {"kawasan": _("Sebutkan kawasannya (pasar, terminal, kawasan industri …).")}
        )
    if data.basis == kinds.WILAYAH:
        data.kawasan = None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _forum_payload(forum: Forum) -> dict[str, Any]:
    return {
        "name": forum.name,
        "area_id": str(forum.area_id),
        "basis": forum.basis,
        "kawasan": forum.kawasan,
        "meeting_place": forum.meeting_place,
        "formed_on": _plain(forum.formed_on),
    }


def _member_payload(member: ForumMember) -> dict[str, Any]:
    return {
        "member_id": str(member.id),
        "name": member.name,
        "person_kind": member.person_kind,
        "tokoh_id": str(member.tokoh_id) if member.tokoh_id else None,
        "user_id": str(member.user_id) if member.user_id else None,
        "element": member.element,
        "position": member.position,
        "started_on": member.started_on.isoformat(),
    }
