"""The form that records how a mediation session went."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from mediasi.cases.schemas import Form
from mediasi.validation import multi_line


class SessionRecord(Form):
    outcome: Literal["agreed", "partial", "failed", "postponed"]
    held_at: datetime
    attendees: multi_line(2000) = Field(min_length=2)  # type: ignore[valid-type]
    minutes: multi_line(8000) = Field(min_length=2)  # type: ignore[valid-type]
