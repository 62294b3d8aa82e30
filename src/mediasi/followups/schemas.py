"""The follow-up form: a day, an hour if it matters, and what to do in a few words."""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from mediasi.db.base import utcnow
from mediasi.i18n import _
from mediasi.reports.period import Day
from mediasi.validation import BlankIsNone, Form, one_line
from mediasi.web.openapi_input import with_example
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.fields import FieldProblem

_HOUR = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def time_as_typed(value: object) -> object:
    """An hour as a time input sends it (09:30), nothing else: pydantic alone would take a
    number of seconds and answer in English."""
    if isinstance(value, str) and _HOUR.fullmatch(value.strip()):
        return value.strip()
    if value is None or isinstance(value, time):
        return value
    raise FieldProblem(_("Jam tidak sah; tulis seperti 09:30."))


def _example() -> dict[str, str]:
    """A week from today (WIB): a day the service takes (today to a year on) whenever the
    document is made, where a fixed date would fall out of that window."""
    day = utcnow().astimezone(LOCAL_TZ).date() + timedelta(days=7)
    return {"due_on": day.isoformat(), "due_time": "09:30", "note": "Telepon teradu"}


class FollowUpForm(Form):
    model_config = with_example(_example)

    due_on: Day
    due_time: Annotated[time | None, BeforeValidator(time_as_typed), BlankIsNone] = None
    note: Annotated[str, one_line(200)] = Field(min_length=3)


class CloseForm(Form):
    """Which button closed it: done, or removed (set by mistake, or no longer needed)."""

    model_config = with_example({"outcome": "done"})

    outcome: Literal["done", "removed"]
