"""A reporting period: whole days in Asia/Jakarta, both ends included, at most a year.

Shared by every figure and export over a span of days, so each refuses the same wrong dates
in the same words, and none reaches a date the database or ``datetime`` cannot hold."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator

from mediasi.i18n import _
from mediasi.validation import Form, validate
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


class Period(Form):
    start: Day
    end: Day

    @model_validator(mode="after")
    def _span(self) -> Period:
        if not (EARLIEST <= self.start <= LATEST and EARLIEST <= self.end <= LATEST):
            raise FieldProblem(
                _(
                    "Tanggal harus antara %(earliest)s dan %(latest)s.",
                    earliest=EARLIEST.isoformat(),
                    latest=LATEST.isoformat(),
                )
            )
        if self.end < self.start:
            raise FieldProblem(_("Tanggal akhir sebelum tanggal awal."))
        if (self.end - self.start).days > MAX_DAYS:
            raise FieldProblem(_("Paling lama satu tahun."))
        return self

    @property
    def begins(self) -> datetime:
        """The first moment of the period (midnight WIB of ``start``), in UTC."""
        return datetime.combine(self.start, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)

    @property
    def ends(self) -> datetime:
        """The first moment after the period (midnight WIB after ``end``), in UTC."""
        following = self.end + timedelta(days=1)
        return datetime.combine(following, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


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
