"""One page of a list, numbered as the case list numbers its pages (``/kasus``, ``/api/cases``):
20 items a page, and a page past the last one is the last one (a stale link still shows
something). Every list of the API answers ``items``, ``total``, ``page``, ``pages`` and links
to the previous and the next page (null where there is none) that keep the list's filters.

The case list seeks with a cursor, because it runs to a Polres's million cases; every other
list is counted exactly and read with an offset (:class:`Span`), or read whole and cut here
(:func:`page_of`) when it is a case's few dozen rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from pydantic import BaseModel, Field

from mediasi.validation import Form
from mediasi.web.openapi_input import Query, integer

T = TypeVar("T")
PAGE_SIZE = 20
MAX_PAGE = 10_000

PAGE = Query(
    "page",
    integer(1, MAX_PAGE),
    f"The page's number ({PAGE_SIZE} items a page; past the last page: the last); "
    "follow the `next` and `prev` links.",
    example=1,
)


class PageQuery(Form):
    """A list's query string: the page's number, nothing else (a list with filters adds its
    own fields to it)."""

    page: int = Field(default=1, ge=1, le=MAX_PAGE)


@dataclass(frozen=True)
class Span:
    """Which rows one page holds, once the list is counted."""

    page: int
    pages: int
    total: int

    @classmethod
    def of(cls, total: int, wanted: int) -> Span:
        pages = max(1, -(-total // PAGE_SIZE))
        return cls(min(wanted, pages), pages, total)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    @property
    def size(self) -> int:
        return PAGE_SIZE


class PageOut(BaseModel):
    """What every page of a list says besides its ``items``."""

    total: int = Field(examples=[23])
    page: int = Field(examples=[1])
    pages: int = Field(examples=[2])
    prev: str | None = Field(default=None, examples=[None])
    next: str | None = Field(default=None, examples=["/api/supervision/queue?page=2"])


def page_fields(here: str, span: Span, kept: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``total``, ``page``, ``pages`` and the neighbouring pages' links, for a ``PageOut``;
    the links keep the ``kept`` query parameters (the list's filters)."""

    def link(number: int) -> str:
        return f"{here}?{urlencode({**(kept or {}), 'page': number})}"

    return {
        "total": span.total,
        "page": span.page,
        "pages": span.pages,
        "prev": link(span.page - 1) if span.page > 1 else None,
        "next": link(span.page + 1) if span.page < span.pages else None,
    }


def page_of(
    rows: Sequence[T], wanted: int, here: str, kept: Mapping[str, str] | None = None
) -> tuple[list[T], dict[str, Any]]:
    """The rows of page ``wanted`` of a list read whole, and that page's fields."""
    span = Span.of(len(rows), wanted)
    return list(rows[span.offset : span.offset + span.size]), page_fields(here, span, kept)
