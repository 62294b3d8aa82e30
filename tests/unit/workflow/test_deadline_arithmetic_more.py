"""Due times the sengketa workflow gives, across weekends and Indonesian public holidays.

The holidays are looked up with the ``holidays`` package itself, so the tests keep meaning
something whichever years the package knows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest

from mediasi.config import Settings
from mediasi.workflow.durations import LOCAL_TZ, add_working_days
from mediasi.workflow.loader import load_workflows
from tests.factories import ROOT_DIR

YEARS = (2025, 2026, 2027)
ID_HOLIDAYS = holidays.country_holidays("ID", years=YEARS)
SENGKETA = load_workflows(Settings(root_dir=ROOT_DIR).workflows_dir).latest("sengketa")


def _working(day: date) -> bool:
    return day.weekday() < 5 and day not in ID_HOLIDAYS


def _wib(day: date, at: time = time(16, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL_TZ)


def _plain_friday() -> date:
    """A Friday whose Monday and Tuesday after are ordinary working days."""
    day = date(2026, 1, 2)
    while True:
        week = [day, day + timedelta(days=3), day + timedelta(days=4)]
        if day.weekday() == 4 and all(_working(d) for d in week):
            return day
        day += timedelta(days=1)


def _longest_break() -> tuple[date, date]:
    """The longest run of days off (weekend and holidays together) holding a weekday holiday:
    (the last working day before it, the first working day after it)."""
    best: tuple[int, date, date] | None = None
    day = date(YEARS[0], 1, 2)
    end = date(YEARS[-1], 12, 20)
    while day < end:
        if _working(day) and not _working(day + timedelta(days=1)):
            after = day + timedelta(days=1)
            while not _working(after):
                after += timedelta(days=1)
            off = [day + timedelta(days=n) for n in range(1, (after - day).days)]
            weekday_holidays = [d for d in off if d.weekday() < 5 and d in ID_HOLIDAYS]
            if weekday_holidays and (best is None or len(off) > best[0]):
                best = (len(off), day, after)
            day = after
        else:
            day += timedelta(days=1)
    assert best is not None, "no holiday on a weekday in the years the package knows"
    return best[1], best[2]


def test_a_report_on_friday_afternoon_is_due_on_tuesday_afternoon() -> None:
    friday = _plain_friday()
    reported = SENGKETA.states[SENGKETA.initial]
    assert str(reported.deadline) == "2 working days"
    due = reported.deadline.after(_wib(friday))
    assert due == _wib(friday + timedelta(days=4))
    assert due.astimezone(LOCAL_TZ).strftime("%A %H:%M") == "Tuesday 16:00"


def test_the_same_due_time_when_the_report_time_is_stored_in_utc() -> None:
    friday = _plain_friday()
    stored = _wib(friday).astimezone(UTC)
    assert stored.hour == 9
    due = SENGKETA.states["reported"].deadline.after(stored)
    assert due.tzinfo is UTC
    assert due == _wib(friday + timedelta(days=4))


def test_an_escalation_waits_across_the_longest_holiday_break() -> None:
    before, after = _longest_break()
    escalated = SENGKETA.states["escalated"].deadline
    assert str(escalated) == "3 working days"
    # One working day from the eve of the break is the first day back; three are two more.
    assert add_working_days(_wib(before), 1) == _wib(after)
    days_back = [d for d in (after + timedelta(days=n) for n in range(14)) if _working(d)]
    assert escalated.after(_wib(before)) == _wib(days_back[2])


@pytest.mark.parametrize("year", YEARS)
def test_every_weekday_holiday_is_skipped_from_the_day_before(year: int) -> None:
    found = [d for d in holidays.country_holidays("ID", years=year) if d.weekday() < 5]
    assert found, f"no weekday holiday in {year}"
    for holiday in found:
        eve = holiday - timedelta(days=1)
        due = add_working_days(_wib(eve, time(23, 30)), 1)
        assert due.date() > holiday, holiday
        assert _working(due.date()), holiday
        assert due.timetz().replace(tzinfo=None) == time(23, 30)


@pytest.mark.parametrize("amount", [1, 2, 3])
def test_working_days_over_a_whole_year_of_starts(amount: int) -> None:
    """For every start in 2026 the due day is a working day and exactly ``amount`` working
    days lie after the start day up to and including it, at the same local time."""
    day = date(2026, 1, 1)
    while day.year == 2026:
        due = add_working_days(_wib(day, time(7, 45)), amount).astimezone(LOCAL_TZ)
        assert due.time() == time(7, 45), day
        assert _working(due.date()), day
        between = [day + timedelta(days=n) for n in range(1, (due.date() - day).days + 1)]
        assert sum(_working(d) for d in between) == amount, day
        day += timedelta(days=1)
