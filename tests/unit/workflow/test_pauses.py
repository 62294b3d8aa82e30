"""A paused deadline: the time a pause takes from it, counted in working days where the
deadline is, and the due time moved by that; and the ``pausable`` key of a workflow file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import holidays
import pytest

from mediasi.workflow.durations import LOCAL_TZ, add_working_days, parse_duration
from mediasi.workflow.loader import load_workflow_file
from mediasi.workflow.pauses import (
    add_working_time,
    paused_time,
    resumed_due,
    working_time_between,
)
from tests.unit.workflow.test_loader import VALID, line_of, problems_of, the_problem, write

ID_HOLIDAYS = holidays.country_holidays("ID", years=(2025, 2026, 2027))
WORKING = parse_duration("2 working days")
CALENDAR = parse_duration("7 days")


def _working(day: date) -> bool:
    return day.weekday() < 5 and day not in ID_HOLIDAYS


def _wib(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ)


def _ordinary_monday() -> date:
    """A Monday whose whole week and the next Monday and Tuesday are working days."""
    day = date(2026, 1, 5)
    while not (
        day.weekday() == 0 and all(_working(day + timedelta(days=n)) for n in (0, 1, 2, 3, 4, 7, 8))
    ):
        day += timedelta(days=1)
    return day


def _weekday_holiday() -> date:
    """A public holiday on a Tuesday to Thursday, with working days either side of it."""
    for day in sorted(ID_HOLIDAYS):
        around = (day - timedelta(days=1), day + timedelta(days=1))
        if 1 <= day.weekday() <= 3 and all(_working(d) for d in around):
            return day
    raise AssertionError("the holidays package knows no such holiday")


MONDAY = _ordinary_monday()


def test_a_pause_of_two_working_days_moves_the_due_time_two_working_days() -> None:
    paused, resumed = _wib(MONDAY, 10), _wib(MONDAY + timedelta(days=2), 10)
    due = _wib(MONDAY + timedelta(days=3), 10)  # Thursday
    assert paused_time(WORKING, paused, resumed) == timedelta(days=2)
    # Thursday + 2 working days: Friday, then Monday (the weekend does not count).
    assert resumed_due(WORKING, due, paused, resumed) == _wib(MONDAY + timedelta(days=7), 10)


def test_a_pause_over_the_weekend_takes_only_the_friday_and_monday_hours() -> None:
    friday, next_monday = MONDAY + timedelta(days=4), MONDAY + timedelta(days=7)
    paused, resumed = _wib(friday, 16), _wib(next_monday, 8)
    assert working_time_between(paused, resumed) == timedelta(hours=8 + 8)
    due = _wib(next_monday, 9)
    assert resumed_due(WORKING, due, paused, resumed) == _wib(next_monday + timedelta(days=1), 1)


def test_a_pause_wholly_in_a_weekend_moves_nothing() -> None:
    saturday = MONDAY + timedelta(days=5)
    paused, resumed = _wib(saturday, 9), _wib(saturday + timedelta(days=1), 20)
    due = _wib(MONDAY + timedelta(days=8), 10)
    assert paused_time(WORKING, paused, resumed) == timedelta()
    assert resumed_due(WORKING, due, paused, resumed) == due


def test_a_public_holiday_inside_a_pause_is_not_counted() -> None:
    holiday = _weekday_holiday()
    paused = _wib(holiday - timedelta(days=1), 12)
    resumed = _wib(holiday + timedelta(days=1), 12)
    # Half of the day before and half of the day after; none of the holiday.
    assert working_time_between(paused, resumed) == timedelta(hours=24)


def test_a_moved_due_time_skips_a_public_holiday() -> None:
    holiday = _weekday_holiday()
    due = _wib(holiday - timedelta(days=1), 15)
    moved = add_working_time(due, timedelta(hours=10))
    # 9 hours left of the day before, the holiday skipped, 1 hour into the day after.
    assert moved == _wib(holiday + timedelta(days=1), 1)


def test_a_calendar_deadline_moves_by_the_whole_pause() -> None:
    saturday = MONDAY + timedelta(days=5)
    paused, resumed = _wib(saturday, 9), _wib(saturday + timedelta(days=2), 11)
    due = _wib(MONDAY + timedelta(days=9), 10)
    assert paused_time(CALENDAR, paused, resumed) == timedelta(days=2, hours=2)
    assert resumed_due(CALENDAR, due, paused, resumed) == due + timedelta(days=2, hours=2)


def test_a_resume_at_or_before_the_pause_moves_nothing() -> None:
    at = _wib(MONDAY, 10)
    assert resumed_due(WORKING, at, at, at) == at
    assert paused_time(WORKING, at, at - timedelta(hours=1)) == timedelta()


@pytest.mark.parametrize("days", [1, 2, 5, 10])
def test_whole_working_days_of_pause_agree_with_the_deadline_arithmetic(days: int) -> None:
    """Adding n×24 hours of working time to a time on a working day gives the same due time
    as a deadline of n working days from it, across a whole year of starting days."""
    start = date(2026, 1, 1)
    for offset in range(0, 365, 3):
        day = start + timedelta(days=offset)
        if not _working(day):
            continue
        moment = _wib(day, 14, 30)
        assert add_working_time(moment, timedelta(days=days)) == add_working_days(moment, days)


def test_the_moved_due_time_keeps_the_zone_it_was_given_in() -> None:
    due = _wib(MONDAY, 10).astimezone(UTC)
    moved = add_working_time(due, timedelta(hours=1))
    assert moved.tzinfo == due.tzinfo
    assert moved == due + timedelta(hours=1)


# ---- the workflow file ------------------------------------------------------------------------


PAUSABLE = VALID.replace(
    "    deadline: 2 working days\n", "    deadline: 2 working days\n    pausable: {max: 30 days}\n"
)


def test_a_state_declares_its_longest_pause(tmp_path: Path) -> None:
    spec = load_workflow_file(write(tmp_path, PAUSABLE))
    pause = spec.states["open"].pausable
    assert pause is not None
    assert str(pause.max) == "30 days"
    assert spec.states["review"].pausable is None


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("pausable: {max: 30 days}", "pausable: true", "needs its longest pause"),
        ("pausable: {max: 30 days}", "pausable: {max: 2 weeks}", "is not a duration"),
        ("pausable: {max: 30 days}", "pausable: {}", "missing required key 'max'"),
        ("pausable: {max: 30 days}", "pausable: {max: 30 days, why: x}", "unknown key 'why'"),
    ],
)
def test_a_malformed_pause_is_refused_at_its_line(
    tmp_path: Path, old: str, new: str, fragment: str
) -> None:
    text = PAUSABLE.replace(old, new)
    problem = the_problem(problems_of(write(tmp_path, text)), fragment)
    assert problem.line == line_of(text, new.split(":")[0] + ":")


def test_a_pause_needs_a_deadline(tmp_path: Path) -> None:
    text = VALID.replace(
        "    label: Selesai\n    final: true\n",
        "    label: Selesai\n    final: true\n    pausable: {max: 5 days}\n",
    )
    problem = the_problem(problems_of(write(tmp_path, text)), "'pausable' needs a 'deadline'")
    assert problem.line == line_of(text, "  done:")
