"""The arithmetic of a paused deadline: how much of the deadline's time a pause took, and the
due time moved by it.

A deadline in working days counts only working days (Monday to Friday, not an Indonesian public
holiday, in WIB: see :mod:`mediasi.workflow.durations`), so a pause takes from it only the
working time it covered: a pause over a weekend moves the due time by nothing. A deadline in
days or hours runs on the clock, so a pause moves it by the whole time it lasted.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from mediasi.workflow.durations import LOCAL_TZ, Duration, DurationUnit, is_working_day

_DAY = timedelta(days=1)


def _next_midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.date() + _DAY, time(), tzinfo=LOCAL_TZ)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """The part of [start, end) that falls on working days, in local (WIB) days."""
    cursor, end = start.astimezone(LOCAL_TZ), end.astimezone(LOCAL_TZ)
    total = timedelta()
    while cursor < end:
        boundary = min(_next_midnight(cursor), end)
        if is_working_day(cursor.date()):
            total += boundary - cursor
        cursor = boundary
    return total


def add_working_time(start: datetime, amount: timedelta) -> datetime:
    """``start`` moved forward by ``amount`` of working-day time (non-working days skipped).
    The result is in the timezone of ``start``."""
    cursor, remaining = start.astimezone(LOCAL_TZ), amount
    while True:
        if is_working_day(cursor.date()):
            room = _next_midnight(cursor) - cursor
            if remaining < room:
                return (cursor + remaining).astimezone(start.tzinfo)
            remaining -= room
        cursor = _next_midnight(cursor)


def paused_time(deadline: Duration, paused_at: datetime, resumed_at: datetime) -> timedelta:
    """How much of ``deadline``'s count a pause from ``paused_at`` to ``resumed_at`` took."""
    if resumed_at <= paused_at:
        return timedelta()
    if deadline.unit is DurationUnit.WORKING_DAYS:
        return working_time_between(paused_at, resumed_at)
    return resumed_at - paused_at


def resumed_due(
    deadline: Duration, due_at: datetime, paused_at: datetime, resumed_at: datetime
) -> datetime:
    """The due time after a pause: moved by the time the pause took from the deadline."""
    taken = paused_time(deadline, paused_at, resumed_at)
    if deadline.unit is DurationUnit.WORKING_DAYS:
        return add_working_time(due_at, taken)
    return due_at + taken
