"""A reporting period: whole local days, both ends included, at most a year.

Shared by every figure and export over a span of days, so each refuses the same wrong dates
in the same words, and none reaches a date the database or ``datetime`` cannot hold. A period
is chosen as a month, a quarter, a year or from one day to another (:class:`PeriodChoice`);
its days begin at midnight in Asia/Jakarta unless a figure asks for an area's own zone."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, field_validator, model_validator

from mediasi.i18n import _
from mediasi.validation import BlankIsNone, Form, short_word, validate
from mediasi.web.openapi_input import DATE_SCHEMA, Query, text
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.fields import FieldProblem

MAX_DAYS = 366
# Cases are recorded from this application's time on; the bounds keep every day's midnight,
# and the day after the last, within what Python's datetime and both databases hold.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_as_typed(value: object) -> object:
    """A day as a date input sends it (2026-12-31), nothing else: pydantic alone would take a
    number for a timestamp and answer in English."""
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        return value.strip()
    if isinstance(value, date):
        return value
    raise FieldProblem(_("Tanggal tidak sah; tulis seperti 2026-12-31."))


Day = Annotated[date, BeforeValidator(day_as_typed)]


def _out_of_range() -> FieldProblem:
    return FieldProblem(
        _(
            "Tanggal harus antara %(earliest)s dan %(latest)s.",
            earliest=EARLIEST.isoformat(),
            latest=LATEST.isoformat(),
        )
    )


def check_span(start: date, end: date) -> None:
    """Refuse days out of range, an end before the start, a span over a year."""
    if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
        raise _out_of_range()
    if end < start:
        raise FieldProblem(_("Tanggal akhir sebelum tanggal awal."))
    if (end - start).days > MAX_DAYS:
        raise FieldProblem(_("Paling lama satu tahun."))


class Period(Form):
    start: Day
    end: Day

    @model_validator(mode="after")
    def _span(self) -> Period:
        check_span(self.start, self.end)
        return self

    @property
    def begins(self) -> datetime:
        """The first moment of the period (midnight WIB of ``start``), in UTC."""
        return self.span(LOCAL_TZ)[0]

    @property
    def ends(self) -> datetime:
        """The first moment after the period (midnight WIB after ``end``), in UTC."""
        return self.span(LOCAL_TZ)[1]

    def span(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """[first moment, first moment after) of the period's days in ``zone``, in UTC: an area
        in WITA or WIT counts its own midnights."""
        return midnight(self.start, zone), midnight(self.end + timedelta(days=1), zone)


def midnight(day: date, zone: tzinfo) -> datetime:
    """The first moment of ``day`` in ``zone``, in UTC."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def month_of(now: datetime) -> tuple[date, date]:
    """The first and last day of the month ``now`` falls in, in Asia/Jakarta."""
    first = now.astimezone(LOCAL_TZ).date().replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def period_of(params: Mapping[str, Any], now: datetime) -> Period:
    """The period a query string asks for; a date left out or blank is the current month's."""
    first, last = month_of(now)
    given = {name: value for name, value in params.items() if value not in ("", None)}
    return validate(Period, {"start": first.isoformat(), "end": last.isoformat(), **given})


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


_VALUES = {
    PeriodKind.MONTH: (re.compile(r"(\d{4})-(\d{2})"), "2026-11"),
    PeriodKind.QUARTER: (re.compile(r"(\d{4})-Q([1-4])"), "2026-Q4"),
    PeriodKind.YEAR: (re.compile(r"(\d{4})()"), "2026"),
}


def _days_of(kind: PeriodKind, value: str) -> tuple[date, date]:
    """The first and last day a month, quarter or year as typed names; a value that names
    none is refused with an example of the right form."""
    pattern, example = _VALUES[kind]
    found = pattern.fullmatch(value.strip())
    if found is None or (kind is PeriodKind.MONTH and not 1 <= int(found.group(2)) <= 12):
        raise FieldProblem(_("Periode tidak sah; tulis seperti %(example)s.", example=example))
    year = int(found.group(1))
    if not EARLIEST.year <= year <= LATEST.year:
        raise _out_of_range()
    if kind is PeriodKind.YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    first_month = int(found.group(2)) if kind is PeriodKind.MONTH else 3 * int(found.group(2)) - 2
    months = 1 if kind is PeriodKind.MONTH else 3
    first = date(year, first_month, 1)
    return first, months_after(first, months) - timedelta(days=1)


def months_after(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def value_of(kind: PeriodKind, day: date) -> str:
    """How a month, quarter or year containing ``day`` is typed (the inverse of the parser)."""
    if kind is PeriodKind.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if kind is PeriodKind.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


def _blank_is_month(value: object) -> object:
    return PeriodKind.MONTH if value == "" else value


class PeriodChoice(Form):
    """A period as a page asks for it: ``period`` (month, quarter, year or range) with its
    ``value`` (2026-11, 2026-Q4, 2026; default: the one today falls in), or ``start`` and
    ``end`` for a range."""

    period: Annotated[PeriodKind, BeforeValidator(_blank_is_month)] = PeriodKind.MONTH
    value: Annotated[str | None, short_word(7), BlankIsNone] = None
    start: Annotated[Day | None, BlankIsNone] = None
    end: Annotated[Day | None, BlankIsNone] = None

    @field_validator("value")
    @classmethod
    def _names_days(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("period")
        if value is not None and kind is not None and kind is not PeriodKind.RANGE:
            _days_of(kind, value)
        return value

    @model_validator(mode="after")
    def _complete(self) -> PeriodChoice:
        if self.period is PeriodKind.RANGE:
            if self.start is None or self.end is None:
                raise FieldProblem(_("Periode dari–sampai memerlukan tanggal awal dan akhir."))
            check_span(self.start, self.end)
        return self

    def chosen(self, today: date) -> Period:
        """The period this choice names, ``today`` giving the default month, quarter or year."""
        if self.period is PeriodKind.RANGE:
            assert self.start is not None  # both checked when the choice was validated
            assert self.end is not None
            return Period(start=self.start, end=self.end)
        value = self.value if self.value is not None else value_of(self.period, today)
        start, end = _days_of(self.period, value)
        return Period(start=start, end=end)

    def previous(self, period: Period) -> Period | None:
        """The period before ``period`` of the same kind (as many days, for a range), or None
        where it would begin before the earliest day a period may."""
        if self.period is PeriodKind.RANGE:
            days = (period.end - period.start).days + 1
            start, end = period.start - timedelta(days=days), period.start - timedelta(days=1)
        else:
            months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
            start = months_after(period.start, -months[self.period])
            end = period.start - timedelta(days=1)
        return Period(start=start, end=end) if start >= EARLIEST else None


# The period as the API's query parameters: the days, or a month, quarter or year by name.
_SPAN = "2000-01-01 to 2099-12-31, at most 366 days from start to end"
PERIOD_QUERY = (
    Query("start", DATE_SCHEMA, f"The first day (WIB; {_SPAN}); default: this month's first."),
    Query("end", DATE_SCHEMA, "The last day, included; default: this month's last."),
)
PERIOD_CHOICE_QUERY = (
    Query(
        "period",
        {"type": "string", "enum": [kind.value for kind in PeriodKind]},
        "month, quarter, year (named by `value`) or range (from `start` to `end`).",
        example="month",
    ),
    Query(
        "value",
        text(7, r"^\d{4}(-\d{2}|-Q[1-4])?$"),
        "The month (2026-11), quarter (2026-Q4) or year (2026); default: the current one.",
        example="2026-01",
    ),
    Query("start", DATE_SCHEMA, f"With period=range: the first day ({_SPAN})."),
    Query("end", DATE_SCHEMA, "With period=range: the last day, included."),
)
