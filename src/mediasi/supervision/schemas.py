"""The export form: which desa (optional), which period, which format."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import model_validator

from mediasi.i18n import _
from mediasi.validation import EmptyIsNone, Form
from mediasi.workflow.fields import FieldProblem

MAX_EXPORT_DAYS = 366


class ExportRequest(Form):
    desa: Annotated[UUID | None, EmptyIsNone] = None
    start: date
    end: date
    format: Literal["csv", "json"] = "csv"

    @model_validator(mode="after")
    def _period(self) -> ExportRequest:
        if self.end < self.start:
            raise FieldProblem(_("Tanggal akhir sebelum tanggal awal."))
        if (self.end - self.start).days > MAX_EXPORT_DAYS:
            raise FieldProblem(_("Paling lama satu tahun."))
        return self
