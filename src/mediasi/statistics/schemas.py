"""What ``/statistik`` and its JSON twin take: a period, an area code, a workflow and a
category, each refused beside its name when wrong."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mediasi.reports.period import PeriodChoice
from mediasi.validation import BlankIsNone, one_line

Code = Annotated[str | None, BlankIsNone, Field(max_length=40), one_line(40)]
Identifier = Annotated[str | None, BlankIsNone, Field(max_length=40, pattern=r"^[a-z][a-z0-9_]*$")]


class StatisticsQuery(PeriodChoice):
    """A period (see :class:`PeriodChoice`), the ``area`` to drill down to (its code; none:
    the reader's whole area) and the ``workflow`` and ``category`` to narrow to."""

    area: Code = None
    workflow: Identifier = None
    category: Identifier = None
