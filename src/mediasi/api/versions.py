"""The case version an API change carries (in its body, or a DELETE's query) and answers:
the optimistic check of the pages' hidden ``version`` input, a stale one being a 409 with
nothing written."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from mediasi.errors import MAX_VERSION
from mediasi.validation import Form
from mediasi.web.openapi_input import Query, integer, with_example

CaseVersion = Annotated[
    int, Field(ge=1, le=MAX_VERSION, description="The case version the client saw.")
]
# The case's version after a change: send it with the next one.
NewVersion = Annotated[int, Field(examples=[6])]

VERSION = Query(
    "version",
    integer(1, MAX_VERSION),
    "The case version the client saw; a stale one is refused (409) and nothing is written.",
    required=True,
    example=5,
)


class VersionIn(Form):
    """The case version alone: a DELETE's query, a resume's body."""

    model_config = with_example({"version": 5})

    version: CaseVersion


class VersionOut(BaseModel):
    version: NewVersion
