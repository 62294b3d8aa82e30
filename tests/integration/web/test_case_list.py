"""The case list: scope per role, every filter, search, pages, the HTMX results block and
filters a person (or a hand-edited URL) gets wrong."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from mediasi.cases.schemas import PartyInput
from mediasi.db.base import utcnow
from tests.factories import World
from tests.integration.web.conftest import Cases, Db, Web, case_links, section_with


@pytest.fixture
def spread(cases: Cases, world: World) -> dict[str, UUID]:
    """One case in each desa (two of the officer's, one of officer_b's) and a complaint."""
    return {
        "a1": cases.report(title="Sengketa batas sawah"),
        "a2": cases.report(
            desa=world.desa_a2, title="Utang panen jagung", category="utang_piutang"
        ),
        "b1": cases.report(by="officer_b", desa=world.desa_b1, title="Kambing hilang"),
        "complaint": cases.complaint(
            desa=world.desa_a2, parties=[PartyInput(role="complainant", name="Bu Sri Wahyuni")]
        ),
    }


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("officer", {"a1", "a2", "complaint"}),
        ("officer_b", {"b1"}),
        ("supervisor", {"a1", "a2", "complaint"}),
        ("supervisor_b", {"b1"}),
        ("polres_supervisor", {"a1", "a2", "b1", "complaint"}),
        ("tokoh", {"a1"}),
        ("admin", set()),
    ],
)
def test_each_role_lists_only_the_cases_in_its_reach(
    web: Web, cases: Cases, spread: dict[str, UUID], username: str, expected: set[str]
) -> None:
    cases.invite(spread["a1"])  # the tokoh user's KH. Abdul Rohman, to a1 only
    page = web.login_as(username).get("/cases")
    assert page.status_code == 200
    results = section_with(page.text, 'id="results"')
    assert case_links(results) == {str(spread[name]) for name in expected}
    assert f"{len(expected)} perkara" in results


def _filtered(web: Web, query: str) -> set[str]:
    page = web.get(f"/cases?{query}")
    assert page.status_code == 200, page.text[:500]
    return case_links(section_with(page.text, 'id="results"'))


def test_filters_by_state_desa_category_and_workflow(
    web: Web, cases: Cases, world: World, spread: dict[str, UUID]
) -> None:
    cases.fire(spread["a1"], "assess")
    web.login_as("officer")
    ids = {name: str(case_id) for name, case_id in spread.items()}
    assert _filtered(web, "state=assessed") == {ids["a1"]}
    assert _filtered(web, "state=reported") == {ids["a2"], ids["complaint"]}
    assert _filtered(web, f"desa={world.desa_a2}") == {ids["a2"], ids["complaint"]}
    assert _filtered(web, "category=utang_piutang") == {ids["a2"]}
    assert _filtered(web, "workflow=pengaduan") == {ids["complaint"]}
    assert _filtered(web, f"workflow=sengketa&desa={world.desa_a2}") == {ids["a2"]}
    # A desa outside the officer's reach filters to nothing rather than widening the scope.
    assert _filtered(web, f"desa={world.desa_b1}") == set()
    # Empty values are "no filter", as the form sends them.
    assert _filtered(web, "state=&desa=&category=&q=") == set(ids.values()) - {ids["b1"]}


def test_overdue_lists_only_open_cases_past_their_due_time(
    web: Web, cases: Cases, db: Db, spread: dict[str, UUID]
) -> None:
    db.set_due(spread["a2"], utcnow() - timedelta(hours=2))
    closed = cases.complaint()
    cases.fire(closed, "reject")
    db.set_due(closed, utcnow() - timedelta(days=3))  # a final case is never overdue
    web.login_as("officer")
    assert _filtered(web, "overdue=true") == {str(spread["a2"])}
    page = web.get("/cases?overdue=true").text
    assert "Lewat tenggat" in section_with(page, 'id="results"')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sAwAh", {"a1"}),  # title, any case
        ("slamet", {"a1", "a2"}),  # a party's name (world.report's respondent)
        ("WAHYUNI", {"complaint"}),
        ("100%", set()),  # LIKE wildcards are literal
    ],
)
def test_search_matches_title_and_party_names_case_insensitively(
    web: Web, spread: dict[str, UUID], query: str, expected: set[str]
) -> None:
    web.login_as("officer")
    assert _filtered(web, f"q={query.replace('%', '%25').replace(' ', '+')}") == {
        str(spread[name]) for name in expected
    }


def test_search_matches_the_reference(web: Web, db: Db, spread: dict[str, UUID]) -> None:
    reference = db.case(spread["a2"]).reference  # e.g. MED/KEPANJEN/2026/0002
    web.login_as("officer")
    assert _filtered(web, f"q={reference.lower()}") == {str(spread["a2"])}
    # From its start (the prefix index on PostgreSQL) or from a later part (the trigrams).
    prefix, polsek, year, number = reference.split("/")
    assert str(spread["a2"]) in _filtered(web, f"q={prefix}/{polsek}/".lower())
    assert _filtered(web, f"q={polsek}/{year}/{number}".lower()) == {str(spread["a2"])}
    assert _filtered(web, f"q={prefix}/{polsek}/{year}/{number}9".lower()) == set()


def test_twenty_cases_a_page(web: Web, cases: Cases) -> None:
    made = {str(cases.report(title=f"Perkara nomor {n:02d}")) for n in range(23)}
    web.login_as("officer")
    first = web.get("/cases").text
    second = web.get("/cases?page=2").text
    on_first = case_links(section_with(first, 'id="results"'))
    on_second = case_links(section_with(second, 'id="results"'))
    assert len(on_first) == 20
    assert len(on_second) == 3
    assert on_first | on_second == made
    assert "23 perkara · halaman 1/2" in first
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
    # A page past the end shows the last page rather than an empty list.
    assert case_links(section_with(web.get("/cases?page=9").text, 'id="results"')) == on_second


def test_an_htmx_request_gets_only_the_results_block(web: Web, spread: dict[str, UUID]) -> None:
    web.login_as("officer")
    response = web.get("/cases?workflow=pengaduan", htmx=True)
    assert response.status_code == 200
    body = response.text.strip()
    assert body.startswith('<section id="results">')
    assert body.endswith("</section>")
    assert "<html" not in body
    assert 'class="filters"' not in body
    assert case_links(body) == {str(spread["complaint"])}


@pytest.mark.parametrize(
    ("query", "label", "message"),
    [
        ("page=0", "Halaman", "Nilainya terlalu kecil."),
        ("page=abc", "Halaman", "Harus berupa bilangan bulat."),
        ("state=REPORTED", "Status", "Formatnya tidak sesuai."),
        ("state=reported%27%20OR%201%3D1", "Status", "Formatnya tidak sesuai."),
        ("q=" + "x" * 101, "Cari", "Terlalu panjang."),
        ("desa=bukan-uuid", "Desa", "Pilihan tidak dikenal."),
        ("officer=9999", "Petugas", "Pilihan tidak dikenal."),
        ("sort=title", "sort", "Isian ini tidak dikenal."),
    ],
)
def test_a_wrong_filter_is_named_and_left_out_and_the_list_stays(
    web: Web, spread: dict[str, UUID], query: str, label: str, message: str
) -> None:
    web.login_as("officer")
    everything = case_links(web.get("/cases").text)
    response = web.get(f"/cases?{query}")
    assert response.status_code == 422
    assert "Saringan ini diabaikan karena isinya tidak sah:" in response.text
    assert f"<li><strong>{label}</strong>: {message}</li>" in response.text
    assert 'class="filters"' in response.text  # the list itself, to filter again
    assert case_links(response.text) == everything


def test_the_filters_that_hold_stay_beside_a_wrong_one(web: Web, spread: dict[str, UUID]) -> None:
    web.login_as("officer")
    alone = case_links(web.get("/cases?workflow=pengaduan").text)
    response = web.get("/cases?workflow=pengaduan&desa=bukan-uuid")
    assert response.status_code == 422
    assert case_links(response.text) == alone == {str(spread["complaint"])}


def test_the_list_in_english(web: Web, spread: dict[str, UUID]) -> None:
    web.login_as("officer").get("/lang/en?next=/cases")
    page = web.get("/cases").text
    assert "<h1>Cases</h1>" in page
    assert "3 cases" in page
    assert "Land boundary" in page
