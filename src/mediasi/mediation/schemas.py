"""The forms of a mediation session: moving it before it is held, recording how it went."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from mediasi.validation import Form, many_lines, one_line


class SessionRecord(Form):
    outcome: Literal["agreed", "partial", "failed", "postponed"]
    held_at: datetime
    attendees: Annotated[str, many_lines(2000)] = Field(min_length=2)
    minutes: Annotated[str, many_lines(8000)] = Field(min_length=2)


class SessionMove(Form):
    session_at: datetime
    place: Annotated[str, one_line(200)] = Field(min_length=2)
