"""The export form: which desa (optional), which period, which format."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from mediasi.reports.period import Period
from mediasi.validation import EmptyIsNone


class ExportRequest(Period):
    desa: Annotated[UUID | None, EmptyIsNone] = None
    format: Literal["csv", "json"] = "csv"
