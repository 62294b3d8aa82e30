"""Quiet hours in the recipient's own time: WIB, WITA or WIT, whichever their area keeps."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

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


def is_quiet(local: time, start: int, end: int) -> bool:
    """Whether ``local`` falls in the quiet hours [start, end), which may span midnight."""
    hour = local.hour
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def next_allowed(moment: datetime, zone: str, start: int, end: int) -> datetime:
    """``moment`` itself if outside the quiet hours, else the end of them (in UTC as given)."""
    tz = ZoneInfo(zone)
    local = moment.astimezone(tz)
    if not is_quiet(local.timetz(), start, end):
        return moment
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)
    return morning.astimezone(moment.tzinfo)
