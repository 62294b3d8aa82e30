"""A case's Problem Solving report and the monthly anev pack over the API, on both backends:
the same documents as the pages' downloads, for the same readers (a tokoh of the case and an
officer asking for the pack 403, another area 404), a token without the feature 403, and a
wrong month 422 naming ``month`` in the caller's language."""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook

from mediasi.runtime import Runtime
from mediasi.web.i18n import COOKIE as LANGUAGE
from tests.factories import World
from tests.integration.agreements.test_web import pdf_text
from tests.integration.anev.test_pack import flat, rows
from tests.integration.api.case_parts import Caller, is_problem
from tests.integration.api.tokens import bearer, issue
from tests.integration.restorative.test_documents import POLICE_PAPERS
from tests.integration.statistics.world import MONTH, Built, build
from tests.integration.web.conftest import Cases

PDF = "application/pdf"
PACK_PDF = "/api/statistics/monthly.pdf"
PACK_XLSX = "/api/statistics/monthly.xlsx"


@pytest.fixture
def september(runtime: Runtime, world: World) -> Built:
    """The statistics tests' hand-built September 2026 in Polsek A."""
    return build(runtime, world)


def ps_url(case_id: UUID) -> str:
    return f"/api/cases/{case_id}/problem-solving.pdf"


def test_the_problem_solving_report_reads_the_case(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    case_id = Cases(runtime, world).report(title="Anjing tetangga menggigit ayam")
    response = Caller(client, runtime, world, "officer").get(ps_url(case_id))
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == PDF
    assert 'filename="problem-solving-' in response.headers["content-disposition"]
    text = flat(pdf_text(response.content))
    for words in ("LAPORAN HASIL PROBLEM SOLVING", "Anjing tetangga menggigit ayam", "3507****"):
        assert words in text, words
    assert "3507010101010001" not in text


def test_who_may_have_the_problem_solving_report(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    cases = Cases(runtime, world)
    case_id = cases.report()
    cases.invite(case_id)  # the 'tokoh' login, as mediator
    for username, status in POLICE_PAPERS:
        response = Caller(client, runtime, world, username).get(ps_url(case_id))
        assert response.status_code == status, username
        if status != 200:
            assert "Sengketa batas sawah" not in is_problem(response, status)["detail"]
    statistics_only = bearer(issue(runtime, world, "officer", ("statistics:write",)))
    refused = client.get(ps_url(case_id), headers=statistics_only)
    assert "cases:read" in is_problem(refused, 403)["detail"]
    assert client.get(ps_url(case_id)).status_code == 401


def test_the_monthly_pack_is_the_pages_pack(
    client: TestClient[Any], runtime: Runtime, world: World, september: Built
) -> None:
    supervisor = Caller(client, runtime, world, "supervisor")
    response = supervisor.get(PACK_PDF, month=MONTH)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == PDF
    text = flat(pdf_text(response.content))
    for words in ("ANALISA DAN EVALUASI (ANEV)", "Bulan September 2026", "Wilayah : Kepanjen"):
        assert words in text, words
    assert "Perkara dibuka 10 1" in text
    workbook = supervisor.get(PACK_XLSX, month=MONTH)
    assert workbook.status_code == 200, workbook.text[:300]
    assert "attachment" in workbook.headers["content-disposition"]
    summary = {
        row[0]: row[1:] for row in rows(load_workbook(io.BytesIO(workbook.content))["Ringkasan"])
    }
    assert (summary["Perkara dibuka"], summary["Perkara ditutup"]) == ((10, 1), (7, 0))
    below = Caller(client, runtime, world, "polres_supervisor").get(
        PACK_XLSX, month=MONTH, area="KEPANJEN"
    )
    book = load_workbook(io.BytesIO(below.content))
    assert {row[0]: row[1] for row in rows(book["Ringkasan"])}["Perkara dibuka"] == 10


@pytest.mark.parametrize("url", [PACK_PDF, PACK_XLSX])
def test_the_pack_is_the_supervisors_within_their_reach(
    client: TestClient[Any], runtime: Runtime, world: World, url: str
) -> None:
    for who in ("officer", "tokoh", "admin"):
        refused = is_problem(Caller(client, runtime, world, who).get(url), 403)
        assert refused["detail"] == "Paket anev hanya untuk pengawas."
    outsider = Caller(client, runtime, world, "supervisor_b")
    assert "tidak ditemukan" in is_problem(outsider.get(url, area="KEPANJEN"), 404)["detail"]
    cases_only = bearer(issue(runtime, world, "supervisor", ("cases:write",)))
    assert "statistics:read" in is_problem(client.get(url, headers=cases_only), 403)["detail"]


@pytest.mark.parametrize(
    "month", ["2026-13", "september", "9" * 5000, "2026-09\x00", "1899-01", "2026-09%FF"]
)
def test_a_wrong_month_is_422_naming_it(
    client: TestClient[Any], runtime: Runtime, world: World, month: str
) -> None:
    supervisor = Caller(client, runtime, world, "supervisor")
    response = supervisor.get(PACK_PDF, month=month)
    assert 400 <= response.status_code < 500, response.text[:300]
    if response.status_code == 422:
        assert "month" in is_problem(response, 422)["errors"]


def test_a_wrong_month_is_said_in_the_callers_language(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    headers = bearer(issue(runtime, world, "supervisor"))
    indonesian = client.get(PACK_XLSX, params={"month": "2026-13"}, headers=headers)
    assert "tulis seperti 2026-11" in is_problem(indonesian, 422)["errors"]["month"]
    english = client.get(
        PACK_XLSX, params={"month": "2026-13"}, headers={**headers, "Cookie": f"{LANGUAGE}=en"}
    )
    assert (
        is_problem(english, 422)["errors"]["month"] == "Not a valid period; write it like 2026-11."
    )
