"""Deadline durations ('2 working days', '7 days', '48 hours') and their arithmetic.

Working days skip Saturdays, Sundays and Indonesian public holidays (the generated table in
:mod:`mediasi.workflow.holiday_table`), counted in Indonesian local time (WIB) so that a day
boundary is the one the officer lives by.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from mediasi.workflow.holiday_table import FIRST_YEAR, LAST_YEAR, PUBLIC_HOLIDAYS

_log = logging.getLogger(__name__)
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
def _known(year: int) -> bool:
    """Whether the table holds ``year``; said once per year in the log when it does not."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return True
    _log.warning(
        "no public holidays known for %s (the table holds %s-%s): "
        "its working days are Monday to Friday; run python -m bench.holiday_table",
        year,
        FIRST_YEAR,
        LAST_YEAR,
    )
    return False


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an Indonesian public holiday (in a year the table does not
    hold, any Monday to Friday: a deadline a holiday late beats one that cannot be set)."""
    return day.weekday() < 5 and not (_known(day.year) and day in PUBLIC_HOLIDAYS)


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
