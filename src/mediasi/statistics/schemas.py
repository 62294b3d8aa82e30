"""What ``/statistik`` and its JSON twin take: a period, an area code, a workflow and a
category, each refused beside its name when wrong."""

from __future__ import annotations

from typing import Annotated

from mediasi.reports.period import PERIOD_CHOICE_QUERY, PeriodChoice
from mediasi.validation import BlankIsNone, short_word
from mediasi.web.openapi_input import Query, text

Code = Annotated[str | None, short_word(40), BlankIsNone]
Identifier = Annotated[str | None, short_word(40, r"[a-z][a-z0-9_]*"), BlankIsNone]
_IDENTIFIER = text(40, r"^[a-z][a-z0-9_]*$")


class StatisticsQuery(PeriodChoice):
    """A period (see :class:`PeriodChoice`), the ``area`` to drill down to (its code; none:
    the reader's whole area) and the ``workflow`` and ``category`` to narrow to."""

    area: Code = None
    workflow: Identifier = None
    category: Identifier = None


# The same, as the API's query parameters.
STATISTICS_QUERY = (
    *PERIOD_CHOICE_QUERY,
    Query("area", text(40), "The code of an area in the caller's reach; default: all of it."),
    Query("workflow", _IDENTIFIER, "Only cases of this workflow.", example="sengketa"),
    Query("category", _IDENTIFIER, "Only cases of this category.", example="batas_tanah"),
)
