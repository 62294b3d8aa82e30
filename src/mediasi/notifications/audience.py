"""Who is concerned by a case, as recipients: its tokoh and parties, its reporter, its officer,
and the supervisors over its desa. Only names and addresses leave here, never a NIK."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.models import Area, Tokoh, User, path_begins
from mediasi.accounts.roles import Role
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.notifications.recipients import Recipient, RecipientKind

_HERE, _ABOVE = aliased(Area), aliased(Area)
# Built once, and one statement where a walk up the tree took one or two per level: the
# supervisors of the area and of its ancestors (the areas whose ``path`` begins its path),
# the deepest first.
_SUPERVISORS_ABOVE = (
    select(User, func.length(_ABOVE.path).label("depth"))
    .join(_ABOVE, _ABOVE.id == User.area_id)
    .join(_HERE, _HERE.id == bindparam("area_id"))
    .where(
        User.role == Role.SUPERVISOR,
        User.is_active.is_(True),
        path_begins(_HERE.path, _ABOVE.path),
    )
    .order_by(func.length(_ABOVE.path).desc(), User.created_at)
)


def tokoh_of(session: Session, case: Case) -> list[Recipient]:
    rows = session.scalars(
        select(Tokoh)
        .join(CaseTokoh, CaseTokoh.tokoh_id == Tokoh.id)
        .where(CaseTokoh.case_id == case.id)
        .order_by(CaseTokoh.created_at)
    )
    return [tokoh(t, case.desa_id) for t in rows]


def tokoh(row: Tokoh, desa_id: UUID) -> Recipient:
    return Recipient(RecipientKind.TOKOH, str(row.id), row.name, row.phone, row.email, desa_id)


def parties_of(session: Session, case: Case) -> list[Recipient]:
    rows = session.scalars(select(Party).where(Party.case_id == case.id).order_by(Party.created_at))
    return [
        Recipient(RecipientKind.PARTY, str(p.id), p.name, p.phone, None, case.desa_id) for p in rows
    ]


def case_people(session: Session, case: Case) -> list[Recipient]:
    """The tokoh of the case and its parties: who comes to a session."""
    return tokoh_of(session, case) + parties_of(session, case)


def reporter_of(case: Case) -> Recipient | None:
    if not case.reporter_phone:
        return None
    return Recipient(
        RecipientKind.REPORTER,
        str(case.id),
        case.reporter_name,
        case.reporter_phone,
        area_id=case.desa_id,
    )


def user(row: User, area_id: UUID | None) -> Recipient:
    return Recipient(
        RecipientKind.USER,
        str(row.id),
        row.full_name,
        row.phone,
        row.email,
        area_id,
        language=row.language or "id",
    )


def officer_of(session: Session, case: Case) -> Recipient | None:
    if case.assigned_officer_id is None:
        return None
    row = session.scalars(_USER, {"user_id": case.assigned_officer_id}).one_or_none()
    return user(row, case.desa_id) if row is not None and row.is_active else None


# Built once: every step tells the case's officer (``Session.get`` built its query each time).
_USER = select(User).where(User.id == bindparam("user_id", type_=User.__table__.c.id.type))


def supervisors_over(session: Session, desa_id: UUID) -> list[Recipient]:
    """The nearest supervisors above the desa (its Polsek's, else its Polres's …): the ones
    whose desk the case lands on, not every supervisor up to the Polda."""
    rows = session.execute(_SUPERVISORS_ABOVE, {"area_id": desa_id}).all()
    nearest = rows[0].depth if rows else None
    return [user(row.User, desa_id) for row in rows if row.depth == nearest]
