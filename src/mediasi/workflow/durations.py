"""Deadline durations ('2 working days', '7 days', '48 hours') and their arithmetic.

Working days skip Saturdays, Sundays and Indonesian public holidays (the ``holidays`` package),
counted in Indonesian local time (WIB) so that a day boundary is the one the officer lives by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from holidays import HolidayBase

LOCAL_TZ = ZoneInfo("Asia/Jakarta")
MAX_AMOUNT = 365

_PATTERN = re.compile(r"^\s*(\d{1,4})\s+(working days?|days?|hours?)\s*$")


class DurationUnit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: DurationUnit

    def __str__(self) -> str:
        word = {"hours": "hour", "days": "day", "working_days": "working day"}[self.unit]
        return f"{self.amount} {word}{'s' if self.amount != 1 else ''}"

    def after(self, start: datetime) -> datetime:
        """The due time when this duration starts at ``start`` (aware)."""
        if self.unit is DurationUnit.HOURS:
            return start + timedelta(hours=self.amount)
        if self.unit is DurationUnit.DAYS:
            return start + timedelta(days=self.amount)
        return add_working_days(start, self.amount)


def parse_duration(text: str) -> Duration:
    """Parse a duration; ValueError says what is wrong in words the workflow author reads."""
    match = _PATTERN.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(
            f"{text!r} is not a duration; write e.g. '2 working days', '7 days' or '48 hours'"
        )
    amount = int(match.group(1))
    word = match.group(2)
    unit = (
        DurationUnit.WORKING_DAYS
        if word.startswith("working")
        else DurationUnit.DAYS
        if word.startswith("day")
        else DurationUnit.HOURS
    )
    if amount < 1:
        raise ValueError(f"{text!r}: a deadline must be at least 1")
    limit = MAX_AMOUNT * 24 if unit is DurationUnit.HOURS else MAX_AMOUNT
    if amount > limit:
        raise ValueError(f"{text!r}: a deadline longer than a year is not a deadline")
    return Duration(amount, unit)


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> HolidayBase:
    import holidays  # here: 3.5 MB a server needs only once a working-day deadline is counted

    return holidays.country_holidays("ID", years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an Indonesian public holiday."""
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_working_days(start: datetime, amount: int) -> datetime:
    """The same local time of day, ``amount`` working days later (start on a holiday counts from
    the next working day). The result is in the timezone of ``start``."""
    local = start.astimezone(LOCAL_TZ)
    day = local.date()
    remaining = amount
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    due = datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=LOCAL_TZ)
    return due.astimezone(start.tzinfo)
