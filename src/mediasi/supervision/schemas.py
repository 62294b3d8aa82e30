"""The export form: which desa (optional), which period, which format."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from mediasi.reports.period import Period
from mediasi.validation import EmptyIsNone


class AreaTrailQuery(Period):
    """The area's trail over whole WIB days, ``start`` to ``end`` (at most a year), optionally
    of one ``desa``."""

    desa: Annotated[UUID | None, EmptyIsNone] = None


class ExportRequest(AreaTrailQuery):
    format: Literal["csv", "json"] = "csv"
