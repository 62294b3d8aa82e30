"""Every list of the API is paged as the case list is: 20 a page, a page past the last one is
the last one, and the links to the neighbouring pages keep the list's filters."""

from __future__ import annotations

import pytest

from mediasi.errors import FieldErrors
from mediasi.validation import validate
from mediasi.web.paging import PAGE_SIZE, PageQuery, Span, page_of

ROWS = list(range(45))


def test_pages_of_twenty_and_past_the_last_the_last() -> None:
    first, fields = page_of(ROWS, 1, "/api/x")
    assert first == ROWS[:20]
    assert fields == {"total": 45, "page": 1, "pages": 3, "prev": None, "next": "/api/x?page=2"}
    last, fields = page_of(ROWS, 3, "/api/x")
    assert last == ROWS[40:]
    assert (fields["prev"], fields["next"]) == ("/api/x?page=2", None)
    assert page_of(ROWS, 9, "/api/x") == (last, fields)


def test_an_empty_list_is_one_empty_page() -> None:
    assert page_of([], 4, "/api/x") == (
        [],
        {"total": 0, "page": 1, "pages": 1, "prev": None, "next": None},
    )


def test_the_links_keep_the_filters() -> None:
    _rows, fields = page_of(ROWS, 2, "/api/x", {"status": "done"})
    assert fields["prev"] == "/api/x?status=done&page=1"
    assert fields["next"] == "/api/x?status=done&page=3"


def test_a_span_reads_its_page_from_an_offset() -> None:
    span = Span.of(total=41, wanted=50)
    assert (span.page, span.pages, span.offset, span.size) == (3, 3, 40, PAGE_SIZE)


@pytest.mark.parametrize("page", ["0", "-1", "dua", "10001", "9" * 30])
def test_a_wrong_page_is_refused_naming_it(page: str) -> None:
    with pytest.raises(FieldErrors) as refused:
        validate(PageQuery, {"page": page})
    assert set(refused.value.errors) == {"page"}
