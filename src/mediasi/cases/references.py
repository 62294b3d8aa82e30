"""Human reference numbers, unique per Polsek and year: ``MED/KEPANJEN/2026/0042``."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mediasi.cases.models import ReferenceCounter


def next_number(session: Session, polsek_id: UUID, year: int) -> int:
    """The next number for this Polsek and year.

    The counter row's UPDATE takes a row lock, so concurrent reporters on PostgreSQL queue
    behind each other instead of both reading the same maximum.
    """
    bump = (
        update(ReferenceCounter)
        .where(ReferenceCounter.polsek_id == polsek_id, ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
        .execution_options(synchronize_session=False)
    )
    number = session.execute(bump).scalar_one_or_none()
    if number is not None:
        return int(number)
    try:
        with session.begin_nested():
            session.add(ReferenceCounter(polsek_id=polsek_id, year=year, last_number=1))
        return 1
    except IntegrityError:
        return int(session.execute(bump).scalar_one())


def format_reference(prefix: str, polsek_code: str, year: int, number: int) -> str:
    return f"{prefix}/{polsek_code}/{year}/{number:04d}"
