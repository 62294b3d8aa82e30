"""Who is concerned by a case, as recipients: its tokoh and parties, its reporter, its officer,
and the supervisors over its desa. Only names and addresses leave here, never a NIK."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area, Tokoh, User
from mediasi.accounts.roles import Role
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.notifications.recipients import Recipient, RecipientKind


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
    row = session.get(User, case.assigned_officer_id)
    return user(row, case.desa_id) if row is not None and row.is_active else None


def supervisors_over(session: Session, desa_id: UUID) -> list[Recipient]:
    """The nearest supervisors above the desa (its Polsek's, else its Polres's …): the ones
    whose desk the case lands on, not every supervisor up to the Polda."""
    area_id: UUID | None = desa_id
    for _ in range(10):
        if area_id is None:
            break
        rows = session.scalars(
            select(User).where(
                User.area_id == area_id, User.role == Role.SUPERVISOR, User.is_active.is_(True)
            )
        ).all()
        if rows:
            return [user(row, desa_id) for row in rows]
        area_id = session.scalars(select(Area.parent_id).where(Area.id == area_id)).first()
    return []
