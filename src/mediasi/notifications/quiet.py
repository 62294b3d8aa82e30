"""Quiet hours in the recipient's own time: WIB, WITA or WIT, whichever their area keeps
(:func:`mediasi.accounts.zones.area_timezone`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


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
