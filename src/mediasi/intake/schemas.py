"""What the public report form sends."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BeforeValidator, Field

from mediasi.validation import BlankIsNone, Form, OptionalPhone, many_lines, one_line
from mediasi.web.openapi_input import with_example

# A checkbox: absent or sent empty is not ticked.
Tick = Annotated[bool, BeforeValidator(lambda value: False if value == "" else value)]


class ReportFields(Form):
    """What a report holds, whichever door it comes through (the page or the JSON API)."""

    model_config = with_example(
        {
            "desa_id": "6f1c2d3e-0000-4000-8000-0000000000aa",
            "topic": "sengketa:batas_tanah",
            "what": "Patok batas sawah kami dipindah tetangga.",
            "place": "Sawah RT 02 Ngadilangkung",
            "reporter_name": "Darto Santoso",
            "reporter_phone": "0812-3456-7890",
            "consent": True,
        }
    )

    desa_id: UUID
    # "<workflow>:<category>", one choice grouped by kind, so the form works without script.
    topic: Annotated[str, one_line(82)] = Field(min_length=3)
    what: Annotated[str, many_lines(4000)] = Field(min_length=10)
    occurred_on: Annotated[date | None, BlankIsNone] = None
    place: Annotated[str, one_line(200)] = Field(min_length=2)
    people: Annotated[Annotated[str, many_lines(1000)] | None, BlankIsNone] = None
    reporter_name: Annotated[Annotated[str, one_line(120)] | None, BlankIsNone] = None
    reporter_phone: OptionalPhone = None
    anonymous: Tick = False
    consent: Tick = False
    # "Yes, this is another report" after the duplicate question.
    another: Tick = False

    @property
    def workflow(self) -> str:
        return self.topic.partition(":")[0]

    @property
    def category(self) -> str:
        return self.topic.partition(":")[2]


class ReportForm(ReportFields):
    """The page's form: the report, and what tells a person from a robot (intake.abuse)."""

    # Not for people: left empty by them, filled by robots.
    website: Annotated[str, one_line(200)] = ""
    started: Annotated[str, one_line(200)] = ""
