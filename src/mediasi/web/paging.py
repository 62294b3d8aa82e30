"""One page of a JSON list, numbered as ``/api/cases`` numbers its pages: ``items``, ``total``,
``page``, ``pages``, and links to the previous and the next page (null where there is none).

For the short lists of the API (a case's sessions, a supervisor's review queue, the overdue
cases of an area), counted exactly and read with an offset; the case list itself seeks with a
cursor because it runs to a Polres's million cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar.openapi.spec import Example
from litestar.params import QueryParameter
from pydantic import BaseModel, Field

from mediasi.validation import Form

PAGE_SIZE = 20
MAX_PAGE = 10_000


class PageQuery(Form):
    """A list's query string: the page's number, nothing else."""

    page: int = Field(default=1, ge=1, le=MAX_PAGE)


# ``page`` as the OpenAPI document shows it. A handler declares it for the document and reads
# the whole query string with PageQuery, which names a wrong or unknown parameter (422).
PageNumber = Annotated[
    str | None,
    QueryParameter(
        required=False,
        description=f"The page's number, 1 to {MAX_PAGE} (past the last page: the last).",
        examples=[Example(value=2)],
        schema_extra={"oneOf": None, "type": "integer", "minimum": 1, "maximum": MAX_PAGE},
    ),
]


@dataclass(frozen=True)
class Span:
    """Which rows one page holds: a page past the last one is the last one, as on the case
    list (a stale link still shows something)."""

    page: int
    pages: int
    total: int
    size: int = PAGE_SIZE

    @classmethod
    def of(cls, total: int, wanted: int, size: int = PAGE_SIZE) -> Span:
        pages = max(1, -(-total // size))
        return cls(min(wanted, pages), pages, total, size)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


class PageOut(BaseModel):
    """What every page of a list says besides its items."""

    total: int = Field(examples=[23])
    page: int = Field(examples=[1])
    pages: int = Field(examples=[2])
    prev: str | None = Field(default=None, examples=[None])
    next: str | None = Field(default=None, examples=["/api/supervision/queue?page=2"])


def page_fields(here: str, span: Span) -> dict[str, Any]:
    """``total``, ``page``, ``pages`` and the neighbouring pages' links, for a ``PageOut``."""
    return {
        "total": span.total,
        "page": span.page,
        "pages": span.pages,
        "prev": f"{here}?page={span.page - 1}" if span.page > 1 else None,
        "next": f"{here}?page={span.page + 1}" if span.page < span.pages else None,
    }
