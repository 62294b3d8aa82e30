"""Deadline durations: what a workflow may write, and the due times they give in Indonesia."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import holidays
import pytest

from mediasi.workflow.durations import (
    LOCAL_TZ,
    Duration,
    DurationUnit,
    add_working_days,
    is_working_day,
    parse_duration,
)

HOLIDAYS_2026 = holidays.country_holidays("ID", years=2026)


def _plain_weekday(day: date) -> bool:
    return day.weekday() < 5 and day not in HOLIDAYS_2026


def _tuesday_holiday() -> date:
    """A Tuesday holiday with plain working days on the Monday before and the rest of the week."""
    for day in sorted(HOLIDAYS_2026):
        week = [day + timedelta(days=d) for d in (-1, 1, 2, 3)]
        if day.weekday() == 1 and all(_plain_weekday(d) for d in week):
            return day
    raise AssertionError("no Tuesday holiday with a plain week around it in 2026")


HOLIDAY = _tuesday_holiday()


def wib(day: date, hour: int = 9, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


# ---- parse_duration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit", "normal"),
    [
        ("1 hour", 1, DurationUnit.HOURS, "1 hour"),
        ("48 hours", 48, DurationUnit.HOURS, "48 hours"),
        ("1 day", 1, DurationUnit.DAYS, "1 day"),
        ("7 days", 7, DurationUnit.DAYS, "7 days"),
        ("1 working day", 1, DurationUnit.WORKING_DAYS, "1 working day"),
        ("2 working days", 2, DurationUnit.WORKING_DAYS, "2 working days"),
        ("  3 days  ", 3, DurationUnit.DAYS, "3 days"),
        ("365 days", 365, DurationUnit.DAYS, "365 days"),
        ("365 working days", 365, DurationUnit.WORKING_DAYS, "365 working days"),
        ("8760 hours", 8760, DurationUnit.HOURS, "8760 hours"),
    ],
)
def test_parse_duration_accepts(text: str, amount: int, unit: DurationUnit, normal: str) -> None:
    duration = parse_duration(text)
    assert duration == Duration(amount, unit)
    assert str(duration) == normal
    assert parse_duration(str(duration)) == duration


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("two days", "is not a duration; write e.g. '2 working days', '7 days' or '48 hours'"),
        ("0 days", "a deadline must be at least 1"),
        ("0 working days", "a deadline must be at least 1"),
        ("5 weeks", "is not a duration"),
        ("1 month", "is not a duration"),
        ("400 days", "a deadline longer than a year is not a deadline"),
        ("366 working days", "a deadline longer than a year is not a deadline"),
        ("8761 hours", "a deadline longer than a year is not a deadline"),
        ("", "is not a duration"),
        ("days", "is not a duration"),
        ("3", "is not a duration"),
        ("3days", "is not a duration"),
        ("-1 days", "is not a duration"),
        ("1.5 days", "is not a duration"),
        ("12345 hours", "is not a duration"),
    ],
)
def test_parse_duration_rejects_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)) as info:
        parse_duration(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [2, None, 1.5, ["2 days"]])
def test_parse_duration_rejects_what_is_not_text(value: Any) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(value)


# ---- working days ----------------------------------------------------------------------------


def test_the_chosen_holiday_really_is_one() -> None:
    assert HOLIDAY in HOLIDAYS_2026
    assert HOLIDAY.weekday() == 1
    assert not is_working_day(HOLIDAY)
    assert is_working_day(HOLIDAY - timedelta(days=1))


def test_is_working_day_knows_weekends() -> None:
    friday = date(2026, 11, 27)
    assert friday.weekday() == 4
    assert is_working_day(friday)
    assert not is_working_day(friday + timedelta(days=1))
    assert not is_working_day(friday + timedelta(days=2))
    assert is_working_day(friday + timedelta(days=3))


def test_independence_day_is_not_a_working_day() -> None:
    assert date(2026, 8, 17).weekday() == 0
    assert not is_working_day(date(2026, 8, 17))


def test_one_working_day_from_monday_is_tuesday_same_time() -> None:
    monday = wib(date(2026, 11, 23), 14, 5)
    assert add_working_days(monday, 1) == wib(date(2026, 11, 24), 14, 5)


def test_working_days_skip_the_weekend_from_friday() -> None:
    friday = wib(date(2026, 11, 27))
    assert add_working_days(friday, 1) == wib(date(2026, 11, 30))
    assert add_working_days(friday, 5) == wib(date(2026, 12, 4))


@pytest.mark.parametrize("offset", [1, 2], ids=["saturday", "sunday"])
def test_a_weekend_start_counts_from_monday(offset: int) -> None:
    start = wib(date(2026, 11, 27) + timedelta(days=offset))
    assert add_working_days(start, 1) == wib(date(2026, 11, 30))
    assert add_working_days(start, 2) == wib(date(2026, 12, 1))


def test_a_holiday_is_skipped() -> None:
    day_before = wib(HOLIDAY - timedelta(days=1))
    assert add_working_days(day_before, 1) == wib(HOLIDAY + timedelta(days=1))


def test_counting_across_a_holiday() -> None:
    monday = wib(HOLIDAY - timedelta(days=1))
    # Tuesday is the holiday: Wednesday, Thursday, Friday are the three working days.
    assert add_working_days(monday, 3) == wib(HOLIDAY + timedelta(days=3))
    assert (HOLIDAY + timedelta(days=3)).weekday() == 4


def test_a_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert add_working_days(wib(HOLIDAY), 1) == wib(HOLIDAY + timedelta(days=1))


def test_a_holiday_after_a_weekend() -> None:
    # Monday 17 August 2026 is Independence Day: from Friday the next working day is Tuesday.
    assert add_working_days(wib(date(2026, 8, 14)), 1) == wib(date(2026, 8, 18))


def test_the_next_year_uses_the_next_years_holidays() -> None:
    # 31 December 2026 is a Thursday; 1 January 2027 a public holiday, then the weekend.
    assert add_working_days(wib(date(2026, 12, 31)), 1) == wib(date(2027, 1, 4))


def test_the_day_boundary_is_jakartas() -> None:
    # Friday 20:00 UTC is already Saturday 03:00 in Jakarta: one working day is Monday 03:00 WIB.
    start = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    due = add_working_days(start, 1)
    assert due == wib(date(2026, 11, 30), 3, 0)
    assert due.tzinfo is UTC


# ---- Duration.after --------------------------------------------------------------------------


def test_hours_are_counted_on_the_clock_through_weekends() -> None:
    friday = wib(date(2026, 11, 27))
    assert parse_duration("48 hours").after(friday) == wib(date(2026, 11, 29))
    assert parse_duration("1 hour").after(friday) == wib(date(2026, 11, 27), 10, 30)


def test_days_are_calendar_days_through_holidays() -> None:
    start = wib(HOLIDAY - timedelta(days=1))
    assert parse_duration("7 days").after(start) == start + timedelta(days=7)
    assert parse_duration("1 day").after(start) == wib(HOLIDAY)


def test_working_days_after_skip_weekends_and_holidays() -> None:
    assert parse_duration("2 working days").after(wib(date(2026, 8, 14))) == wib(date(2026, 8, 19))
    assert parse_duration("1 working day").after(wib(HOLIDAY - timedelta(days=1))) == wib(
        HOLIDAY + timedelta(days=1)
    )


def test_after_keeps_the_timezone_of_the_start() -> None:
    start = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    for text in ("3 hours", "2 days", "2 working days"):
        assert parse_duration(text).after(start).tzinfo is UTC
