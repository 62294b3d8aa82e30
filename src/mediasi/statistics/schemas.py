"""What ``/statistik`` and its JSON twin take: a period, an area code, a workflow and a
category, each refused beside its name when wrong."""

from __future__ import annotations

from typing import Annotated

from mediasi.reports.period import PeriodChoice
from mediasi.validation import BlankIsNone, short_word

Code = Annotated[str | None, short_word(40), BlankIsNone]
Identifier = Annotated[str | None, short_word(40, r"[a-z][a-z0-9_]*"), BlankIsNone]


class StatisticsQuery(PeriodChoice):
    """A period (see :class:`PeriodChoice`), the ``area`` to drill down to (its code; none:
    the reader's whole area) and the ``workflow`` and ``category`` to narrow to."""

    area: Code = None
    workflow: Identifier = None
    category: Identifier = None
