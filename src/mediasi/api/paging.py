"""A case's short lists over the API (parties, tokoh, follow-ups; the desa's tokoh registry) in
pages of the same shape as ``/api/cases``: ``items``, ``total``, ``page``, ``pages``, ``prev``
and ``next`` (links to the neighbouring pages, null where there is none).

These lists are a few dozen rows at most, read whole and cut here; ``/api/cases`` seeks with
a cursor instead (see :mod:`mediasi.cases.list_cursor`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

from pydantic import BaseModel, Field

from mediasi.validation import Form
from mediasi.web.openapi_input import Query, integer

T = TypeVar("T")
PAGE_SIZE = 50
MAX_PAGE = 10_000

PAGE = Query(
    "page",
    integer(1, MAX_PAGE),
    f"The page's number ({PAGE_SIZE} items a page); follow `next` and `prev` links.",
    example=1,
)


class PageQuery(Form):
    page: int = Field(default=1, ge=1, le=MAX_PAGE)


class ListPage(BaseModel):
    """The fields every page of a list has besides its ``items``."""

    total: int
    page: int
    pages: int
    prev: str | None = Field(default=None, examples=["/api/cases/…/parties?page=1"])
    next: str | None = Field(default=None, examples=["/api/cases/…/parties?page=3"])


def page_of(
    rows: Sequence[T], page: int, here: str, kept: Mapping[str, str] | None = None
) -> tuple[list[T], dict[str, Any]]:
    """The rows of page ``page`` and that page's fields; the links keep the ``kept`` query
    parameters (a list's filters) besides the page's number."""
    total = len(rows)
    pages = max(1, -(-total // PAGE_SIZE))
    start = (page - 1) * PAGE_SIZE

    def link(number: int) -> str:
        return f"{here}?{urlencode({**(kept or {}), 'page': number})}"

    fields = {
        "total": total,
        "page": page,
        "pages": pages,
        "prev": link(min(page - 1, pages)) if page > 1 else None,
        "next": link(page + 1) if page < pages else None,
    }
    return list(rows[start : start + PAGE_SIZE]), fields
