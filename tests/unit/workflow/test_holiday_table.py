"""The generated holiday table (``python -m bench.holiday_table``) against the ``holidays``
package it was taken from, and what working days are in a year it does not hold."""

from __future__ import annotations

import logging
from datetime import date

import holidays
import pytest

from mediasi.workflow.durations import is_working_day
from mediasi.workflow.holiday_table import FIRST_YEAR, LAST_YEAR, PUBLIC_HOLIDAYS

#: How many years ahead the table must reach; past that, regenerate it with more years.
AHEAD = 5


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_each_year_holds_the_packages_public_holidays(year: int) -> None:
    package = set(holidays.country_holidays("ID", years=year))
    assert {day for day in PUBLIC_HOLIDAYS if day.year == year} == package


def test_the_table_reaches_years_ahead_of_today() -> None:
    assert date.today().year + AHEAD <= LAST_YEAR, "run python -m bench.holiday_table --last …"


def test_cuti_bersama_is_a_working_day() -> None:
    # Thursday 24 December 2026 is a joint leave day (cuti bersama), not a public holiday.
    joint_leave = date(2026, 12, 24)
    assert joint_leave in holidays.country_holidays("ID", years=2026, categories=("government",))
    assert is_working_day(joint_leave)
    assert not is_working_day(date(2026, 12, 25))


def test_a_year_beyond_the_table_counts_weekdays_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    new_year = date(LAST_YEAR + 1, 1, 1)
    weekday = new_year if new_year.weekday() < 5 else date(LAST_YEAR + 1, 1, 3)
    with caplog.at_level(logging.WARNING, logger="mediasi.workflow.durations"):
        assert is_working_day(weekday)
    assert f"no public holidays known for {LAST_YEAR + 1}" in caplog.text
