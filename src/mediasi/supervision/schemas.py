"""The export form: which desa (optional), which period, which format."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from mediasi.reports.period import Period
from mediasi.validation import EmptyIsNone
from mediasi.web.openapi_input import DATE_SCHEMA, UUID_SCHEMA, Query


class AreaTrailQuery(Period):
    """The area's trail over whole WIB days, ``start`` to ``end`` (at most a year), optionally
    of one ``desa``."""

    desa: Annotated[UUID | None, EmptyIsNone] = None


# The same, as the API's query parameters.
AREA_TRAIL_QUERY = (
    Query(
        "start",
        DATE_SCHEMA,
        "The first day, WIB (at most a year before `end`).",
        required=True,
        example="2026-05-01",
    ),
    Query("end", DATE_SCHEMA, "The last day, WIB, included.", required=True, example="2026-05-31"),
    Query("desa", UUID_SCHEMA, "Only this desa of the area (its id)."),
)


class ExportRequest(AreaTrailQuery):
    format: Literal["csv", "json"] = "csv"
