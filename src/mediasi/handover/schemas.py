"""The handover form: which desa, to whom, why; and which officer the page showed holding it."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from mediasi.validation import EmptyIsNone, Form, one_line


class HandoverForm(Form):
    desa_id: UUID
    to_officer_id: UUID
    reason: Annotated[str, one_line(500)] = Field(min_length=3)
    # The holder the page showed (empty: none). Another handover of the desa meanwhile makes
    # it wrong, and the form is refused rather than moving the desa twice.
    from_officer_id: Annotated[UUID | None, EmptyIsNone] = None
