"""The time zone an area keeps: WIB, WITA or WIT, set on the area or inherited from above.

Messages keep quiet hours in it, and a case's history shows its times in it.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.models import Area, path_begins

_HERE, _ABOVE = aliased(Area), aliased(Area)
# Built once: the ancestors are the areas whose ``path`` begins this area's path; the deepest
# with a zone wins.
_NEAREST_ZONE = (
    select(_ABOVE.timezone)
    .join(_HERE, _HERE.id == bindparam("area_id"))
    .where(
        _ABOVE.timezone.is_not(None),
        path_begins(_HERE.path, _ABOVE.path),
    )
    .order_by(func.length(_ABOVE.path).desc())
    .limit(1)
)


def area_timezone(session: Session, area_id: UUID | None, default: str) -> str:
    """The nearest time zone set on the area or one of its parents; else the deployment's."""
    if area_id is None:
        return default
    zone = session.scalar(_NEAREST_ZONE, {"area_id": area_id})
    return str(zone) if zone else default
