"""The export form: which desa (optional), which period, which format."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import field_validator, model_validator

from mediasi.text import Text
from mediasi.validation import Form
from mediasi.workflow.fields import FieldProblem

MAX_EXPORT_DAYS = 366


class ExportRequest(Form):
    desa: UUID | None = None
    start: date
    end: date
    format: Literal["csv", "json"] = "csv"

    @field_validator("desa", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _period(self) -> ExportRequest:
        if self.end < self.start:
            raise FieldProblem(
                Text(
                    id="Tanggal akhir sebelum tanggal awal.", en="The period ends before it starts."
                )
            )
        if (self.end - self.start).days > MAX_EXPORT_DAYS:
            raise FieldProblem(
                Text(id="Paling lama satu tahun.", en="A period of at most one year.")
            )
        return self
