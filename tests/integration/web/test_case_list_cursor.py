"""Pages of the case list found by a cursor (the row a page follows or comes before) rather than
by OFFSET: following the links forward and back gives every case once, in the list's order,
through ties of due time, cases with none and finished ones; the page and the API agree; a
cursor a person could not have been given is refused by name; each seek is a range of the
ordered index, not a sort (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import update

from mediasi.cases import queries, search
from mediasi.cases.list_cursor import ListKey
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseFilters
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.conftest import kept
from tests.factories import World
from tests.integration.web.conftest import Cases, Web, section_with
from tests.integration.web.test_case_list_indexes import (
    listed_with_statements,
    plan_as_at_scale,
    plan_at_scale,
    reading_rows,
    row_statements,
)

# Pages of six: three pages (the last of five) cost 17 reported cases instead of 45.
PAGE_SIZE = 6
CASES = 2 * PAGE_SIZE + 5


@pytest.fixture(autouse=True)
def _short_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries, "PAGE_SIZE", PAGE_SIZE)


@pytest.fixture
def listed(runtime: Runtime, cases: Cases, world: World) -> list[str]:
    """The officer's cases, in the order the list must show them: due times shared by many
    (a tie broken by the reference), some with no due time, some finished; in both of the
    officer's desa, so that PostgreSQL merges its page from each (mediasi.cases.list_merge).
    Built once per backend (``tests.conftest.kept``)."""
    return kept(runtime, "cursor-listed", lambda: _listed(runtime, cases, world))


def _listed(runtime: Runtime, cases: Cases, world: World) -> list[str]:
    made = [
        cases.report(
            title=f"Perkara nomor {n:02d}", desa=(world.desa_a1, world.desa_a2)[n % 3 == 1]
        )
        for n in range(CASES)
    ]
    base = utcnow().replace(microsecond=0) + timedelta(days=1)
    with runtime.sessions.begin() as session:
        for n, case_id in enumerate(made):
            due = None if n % 7 == 3 else base + timedelta(hours=n % 4)
            session.execute(
                update(Case).where(Case.id == case_id).values(due_at=due, is_final=n % 5 == 0)
            )
    with runtime.sessions() as session:
        rows = [session.get(Case, case_id) for case_id in made]
    keyed = sorted(rows, key=lambda c: c.reference, reverse=True)  # type: ignore[union-attr]
    keyed.sort(key=lambda c: (c.is_final, c.due_at is None, c.due_at or base))  # type: ignore[union-attr]
    return [str(c.id) for c in keyed]  # type: ignore[union-attr]


def in_order(html: str) -> list[str]:
    results = section_with(html, 'id="results"')
    return list(dict.fromkeys(re.findall(r'href="/cases/([0-9a-f-]{36})"', results)))


def walked_from(web: Web, html: str) -> list[str]:
    """The cases of a page and of every page its 'next' links lead to, in order."""
    shown = in_order(html)
    url = link(html, "next")
    while url:
        page = web.get(url)
        shown += in_order(page.text)
        url = link(page.text, "next")
    return shown


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)"[^>]*rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_following_the_links_shows_every_case_once_in_order_both_ways(
    web: Web, listed: list[str]
) -> None:
    web.login_as("officer")
    pages: list[list[str]] = []
    url: str | None = "/cases"
    while url:
        page = web.get(url)
        assert page.status_code == 200, page.text[:300]
        pages.append(in_order(page.text))
        assert f"halaman {len(pages)}/3" in page.text
        if len(pages) > 1:
            assert "after=" in url  # a seek, not an offset
        url = link(page.text, "next")
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert [case for page in pages for case in page] == listed
    back = link(page.text, "prev")
    assert back is not None
    assert "before=" in back
    middle = web.get(back)
    assert in_order(middle.text) == pages[1]
    assert "halaman 2/3" in middle.text
    first = link(middle.text, "prev")
    assert first is not None
    assert "before=" not in first
    assert in_order(web.get(first).text) == pages[0]


def test_a_cursor_page_is_the_page_of_that_number(web: Web, listed: list[str]) -> None:
    web.login_as("officer")
    by_cursor = web.get(link(web.get("/cases").text, "next") or "")
    assert in_order(by_cursor.text) == in_order(web.get("/cases?page=2").text)


def test_the_links_keep_the_filters(web: Web, listed: list[str]) -> None:
    web.login_as("officer")
    page = web.get("/cases?q=perkara&workflow=sengketa")
    following = link(page.text, "next") or ""
    assert "q=perkara" in following
    assert "workflow=sengketa" in following
    assert "page=2" in following


def test_the_api_gives_the_same_pages_by_its_links(web: Web, listed: list[str]) -> None:
    web.login_as("officer")
    items: list[str] = []
    url: str | None = "/api/cases"
    answers: list[dict[str, Any]] = []
    while url:
        answer = web.get(url).json()
        answers.append(answer)
        items += [item["id"] for item in answer["items"]]
        url = answer["next"]
    assert items == listed
    assert answers[0]["prev"] is None
    assert [a["page"] for a in answers] == [1, 2, 3]
    back = web.get(answers[-1]["prev"]).json()
    assert [item["id"] for item in back["items"]] == listed[PAGE_SIZE : 2 * PAGE_SIZE]


def test_a_cursor_past_the_last_case_shows_the_last_page(
    web: Web, runtime: Runtime, listed: list[str]
) -> None:
    with runtime.sessions() as session:
        last = session.get(Case, UUID(listed[-1]))
        assert last is not None
        key = ListKey.of(last).encode()
    web.login_as("officer")
    page = web.get(f"/cases?page=3&after={key}")
    assert page.status_code == 200
    assert in_order(page.text) == listed[2 * PAGE_SIZE :]


@pytest.mark.parametrize(
    "cursor",
    [
        "bukan-kursor",
        "x" * 201,
        "WzAsbnVsbF0",  # [0,null]: not three parts
        "WzIsbnVsbCwiQSJd",  # [2,null,"A"]: not a yes or no
        "WzAsIjIwMjYtMTItMDFUMTA6MDAiLCJBIl0",  # a time without its zone
        "WzAsNSwiQSJd",  # a number for a time
    ],
)
def test_a_cursor_no_link_gave_is_named_and_the_page_found_by_its_number(
    web: Web, listed: list[str], cursor: str
) -> None:
    web.login_as("officer")
    for name in ("after", "before"):
        page = web.get(f"/cases?page=2&{name}={cursor}")
        assert page.status_code == 422, page.text[:300]
        assert "<strong>Halaman</strong>: Tautan halaman ini tidak berlaku" in page.text
        assert in_order(page.text) == listed[PAGE_SIZE : 2 * PAGE_SIZE]
        api = web.get(f"/api/cases?{name}={cursor}")
        assert api.status_code in (400, 422)
        assert api.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("cursor", ["%00", "%FF%FE", "a%00b"])
def test_a_cursor_of_bytes_no_text_holds_is_refused_in_words(web: Web, cursor: str) -> None:
    web.login_as("officer")
    for url in (f"/cases?after={cursor}", f"/api/cases?before={cursor}"):
        answer = web.get(url)
        assert answer.status_code == 400
        assert "tidak sah" in answer.text or "bukan teks UTF-8 yang sah" in answer.text


@pytest.mark.parametrize("direction", ["after", "before"])
@pytest.mark.parametrize("position", [3, 10])  # a case due at a shared time; one with none
def test_each_seek_is_a_range_of_the_ordered_index(
    runtime: Runtime, world: World, listed: list[str], direction: str, position: int
) -> None:
    with runtime.sessions() as session:
        key = ListKey.of(session.get(Case, UUID(listed[position])))  # type: ignore[arg-type]
    statements = row_statements(runtime, world, CaseFilters(**{direction: key}))
    assert statements
    raw = runtime.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if runtime.engine.dialect.name == "sqlite":
            plan_as_at_scale(cursor)
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_sort = off")
            cursor.execute("SET enable_incremental_sort = off")
        for statement, params in statements:
            if runtime.engine.dialect.name == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {statement}", params)
                plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
                sorted_ = "TEMP B-TREE" in plan
            else:
                cursor.execute(f"EXPLAIN {statement}", params)
                plan = "\n".join(str(row[0]) for row in cursor.fetchall())
                sorted_ = "Sort" in plan
            # The run of one due time may be looked up by that time and its few rows sorted;
            # every other run reads the ordered index from the cursor on.
            exact_time = "due_at=?" in plan or "(due_at = " in plan
            assert exact_time or ("list_order" in plan and not sorted_), plan
    finally:
        raw.rollback()
        raw.invalidate()


def test_past_the_count_cap_the_list_says_more_than_and_its_links_go_on(
    web: Web, listed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting stops at COUNT_CAP: the page says "more than", the API says the total is not
    exact, and the links still walk every case in order."""
    monkeypatch.setattr(queries, "COUNT_CAP", PAGE_SIZE + 3)
    web.login_as("officer")
    first = web.get("/cases")
    assert f"Lebih dari {PAGE_SIZE + 3} perkara · halaman 1" in first.text
    assert "halaman 1/" not in first.text
    assert walked_from(web, first.text) == listed
    answer = web.get("/api/cases").json()
    assert answer["total_exact"] is False
    assert answer["total"] == PAGE_SIZE + 3
    # A page number past what was counted is counted whole, once, and kept to the list.
    last = web.get("/cases?page=9")
    assert in_order(last.text) == listed[2 * PAGE_SIZE :]
    assert f"{CASES} perkara · halaman 3/3" in last.text


@pytest.mark.parametrize("common", [5, 1_000], ids=["tested-in-order", "from-the-indexes"])
def test_a_search_counts_to_its_own_cap_and_walks_every_match(
    web: Web, listed: list[str], monkeypatch: pytest.MonkeyPatch, common: int
) -> None:
    """A text search stops counting at SEARCH_COUNT_CAP, below the list's own cap; whether
    PostgreSQL gathers the matches from its indexes or tests each case in list order (past
    COMMON matches), the links walk every match in the list's order."""
    monkeypatch.setattr(queries, "SEARCH_COUNT_CAP", PAGE_SIZE + 3)
    monkeypatch.setattr(search, "COMMON", common)
    web.login_as("officer")
    assert f"{CASES} perkara · halaman 1/3" in web.get("/cases").text
    first = web.get("/cases?q=NOMOR")
    assert f"Lebih dari {PAGE_SIZE + 3} perkara · halaman 1" in first.text
    assert walked_from(web, first.text) == listed
    assert web.get("/api/cases?q=nomor").json()["total_exact"] is False
    one = web.get("/api/cases?q=nomor+07").json()
    assert [item["title"] for item in one["items"]] == ["Perkara nomor 07"]
    assert (one["total"], one["total_exact"]) == (1, True)


@pytest.mark.parametrize("surely", [1, 10**9], ids=["expected-often", "expected-rarely"])
def test_a_word_postgres_expects_often_is_walked_in_order_without_counting_it_first(
    runtime: Runtime,
    web: Web,
    listed: list[str],
    monkeypatch: pytest.MonkeyPatch,
    statements: list[str],
    surely: int,
) -> None:
    """A word PostgreSQL's statistics expect in SURELY_COMMON cases or more is taken as common
    without first counting its matches across the indexes (15 ms for "sawah" at 1,000,000
    cases); one expected less often is counted. Either way the links walk every match in
    order. SQLite has no estimate to ask for, and never asks."""
    monkeypatch.setattr(search, "COMMON", 5)
    monkeypatch.setattr(search, "SURELY_COMMON", surely)
    web.login_as("officer")
    statements.clear()
    first = web.get("/cases?q=nomor")
    seen = [" ".join(s.split()) for s in statements]
    asked = [s for s in seen if s.startswith("EXPLAIN")]
    counted_across = [s for s in seen if s.startswith("SELECT count(*)") and "UNION ALL" in s]
    if runtime.engine.dialect.name == "postgresql":
        assert len(asked) == 1, seen
        assert len(counted_across) == (0 if surely == 1 else 1), seen
    else:
        assert asked == [], seen
    assert walked_from(web, first.text) == listed


def officers_page(
    runtime: Runtime, world: World, filters: CaseFilters
) -> tuple[list[str], list[tuple[str, Any]]]:
    """The officer's page (its cases' ids) and the statements that read its rows."""
    page, seen = listed_with_statements(runtime, world, filters, who="officer")
    return [str(row.case.id) for row in page.rows], reading_rows(seen)


def test_the_officers_page_is_merged_from_one_ordered_range_per_desa(
    runtime: Runtime, world: World, listed: list[str]
) -> None:
    """On PostgreSQL the officer's page reads each of their desa in list order and merges
    them (the order index holds every desa's cases; walking it for one officer's read 66,000
    rows at 1,000,000 cases); SQLite reads them in one statement. The walks above check
    that both give the same pages."""
    page, [(rows, _)] = officers_page(runtime, world, CaseFilters())
    assert page == listed[:PAGE_SIZE]
    arms = rows.upper().count("UNION ALL") + 1 if "UNION ALL" in rows.upper() else 0
    assert arms == (2 if runtime.engine.dialect.name == "postgresql" else 0), rows


def test_a_deep_page_by_its_number_merges_each_desas_keys_without_a_sort(
    runtime: Runtime, world: World, listed: list[str]
) -> None:
    """A page typed by its number, past the start: both backends give that page's cases. On
    PostgreSQL each desa's arm reads only the list's key from its ordered index, and the arms
    are merged in that order, unsorted; whole rows sorted after the merge spilled to disk at
    1,000,000 cases (page 499: 64 ms, now 6)."""
    page, [(rows, params)] = officers_page(runtime, world, CaseFilters(page=3))
    assert page == listed[2 * PAGE_SIZE :]
    if runtime.engine.dialect.name != "postgresql":
        return
    unsorted = ("seqscan", "sort", "incremental_sort")
    plan = plan_at_scale(runtime, rows, params, postgres_off=unsorted, verbose=True)
    assert "Sort" not in plan.replace("Sort Key", ""), plan
    assert plan.count("ix_cases_desa_list_order") == 2, plan
    # The arms (cases_1, cases_2) read the key alone; the page's whole rows come by reference.
    assert "cases_1.title" not in plan, plan
    assert "cases_2.title" not in plan, plan
