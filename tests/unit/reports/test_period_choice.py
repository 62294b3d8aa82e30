"""A period chosen as a month, a quarter, a year or a range: its days, the period before it,
and the refusals, without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from mediasi.errors import FieldErrors
from mediasi.reports.period import Period, PeriodChoice, PeriodKind, value_of
from mediasi.validation import validate

TODAY = date(2026, 3, 5)


def chosen(**params: str) -> tuple[Period, Period | None]:
    choice = validate(PeriodChoice, params)
    period = choice.chosen(TODAY)
    return period, choice.previous(period)


def days(period: Period | None) -> tuple[date, date] | None:
    return (period.start, period.end) if period else None


@pytest.mark.parametrize(
    ("params", "now", "before"),
    [
        ({}, (date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 2, 1), date(2026, 2, 28))),
        (
            {"period": "month", "value": "2024-02"},
            (date(2024, 2, 1), date(2024, 2, 29)),
            (date(2024, 1, 1), date(2024, 1, 31)),
        ),
        (
            {"period": "month", "value": "2026-01"},
            (date(2026, 1, 1), date(2026, 1, 31)),
            (date(2025, 12, 1), date(2025, 12, 31)),
        ),
        (
            {"period": "quarter"},
            (date(2026, 1, 1), date(2026, 3, 31)),
            (date(2025, 10, 1), date(2025, 12, 31)),
        ),
        (
            {"period": "quarter", "value": "2026-Q4"},
            (date(2026, 10, 1), date(2026, 12, 31)),
            (date(2026, 7, 1), date(2026, 9, 30)),
        ),
        (
            {"period": "year", "value": "2026"},
            (date(2026, 1, 1), date(2026, 12, 31)),
            (date(2025, 1, 1), date(2025, 12, 31)),
        ),
        (
            {"period": "range", "start": "2026-01-10", "end": "2026-01-19"},
            (date(2026, 1, 10), date(2026, 1, 19)),
            (date(2025, 12, 31), date(2026, 1, 9)),
        ),
        ({"period": "year", "value": "2000"}, (date(2000, 1, 1), date(2000, 12, 31)), None),
    ],
)
def test_a_choice_names_its_days_and_those_before(
    params: dict[str, str], now: tuple[date, date], before: tuple[date, date] | None
) -> None:
    period, previous = chosen(**params)
    assert days(period) == now
    assert days(previous) == before


def test_blank_is_this_month() -> None:
    period, _ = chosen(period="", value="", start="", end="")
    assert days(period) == (date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "week"}, "period"),
        ({"value": "2026-13"}, "value"),
        ({"value": "2026-00"}, "value"),
        ({"period": "quarter", "value": "2026-Q0"}, "value"),
        ({"period": "year", "value": "2100"}, "value"),
        ({"value": "99999999"}, "value"),
        ({"period": "range", "start": "2026-01-01"}, "__root__"),
        ({"period": "range", "start": "2026-02-01", "end": "2026-01-01"}, "__root__"),
    ],
)
def test_a_wrong_choice_is_refused_beside_its_name(params: dict[str, str], field: str) -> None:
    with pytest.raises(FieldErrors) as refused:
        validate(PeriodChoice, params)
    assert field in refused.value.errors


def test_a_period_counts_the_midnights_of_the_zone_asked_for() -> None:
    period = Period(start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert period.span(ZoneInfo("Asia/Makassar")) == (
        datetime(2026, 8, 31, 16, tzinfo=UTC),
        datetime(2026, 9, 30, 16, tzinfo=UTC),
    )
    assert period.begins == datetime(2026, 8, 31, 17, tzinfo=UTC)


def test_each_kind_writes_its_value_as_it_is_typed() -> None:
    day = date(2026, 11, 5)
    assert value_of(PeriodKind.MONTH, day) == "2026-11"
    assert value_of(PeriodKind.QUARTER, day) == "2026-Q4"
    assert value_of(PeriodKind.YEAR, day) == "2026"
