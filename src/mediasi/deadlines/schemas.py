"""The form that pauses a state's deadline: the reason, said in words."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from mediasi.validation import Form, one_line


class PauseForm(Form):
    reason: Annotated[str, one_line(300)] = Field(min_length=3)
