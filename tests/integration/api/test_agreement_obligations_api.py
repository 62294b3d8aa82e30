"""The obligations of an agreement over the API: listed with their status and due date, paged
like ``/api/cases``, and marked kept or broken once the agreement holds, as on the page; the
agreement's PDF and the scan of a paper signature as files. On both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import update

from mediasi.agreements.models import Obligation
from mediasi.cases import kinds
from mediasi.runtime import Runtime
from tests.conftest import sqlite_only
from tests.factories import World
from tests.integration.agreements.conftest import Agreements, in_days, today
from tests.integration.agreements.test_web import pdf_text, squeeze
from tests.integration.api.agreement_calls import Caller, agreement_url, problem, watching
from tests.integration.web.conftest import Cases, Db, app_of

NIK = "3507010101010001"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def agreements(runtime: Runtime, world: World) -> Agreements:
    return Agreements(runtime, world, Cases(runtime, world))


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


def mark_url(case_id: UUID, obligation_id: UUID) -> str:
    return agreement_url(case_id, f"/obligations/{obligation_id}")


# ---- the list --------------------------------------------------------------------------------


def test_the_obligations_are_listed_and_paged_like_the_case_list(
    officer: Caller, agreements: Agreements
) -> None:
    case_id = agreements.mediated()
    url = agreement_url(case_id, "/obligations")
    empty = officer.get(url).json()
    assert (empty["items"], empty["total"], empty["pages"]) == ([], 0, 1)
    respondent = agreements.party(case_id, "respondent")
    terms = [
        {
            "obligor": f"party:{respondent.id}",
            "kind": "other",
            "description": f"Kewajiban nomor {n}",
            "due_date": in_days(n),
        }
        for n in range(1, 26)
    ]
    agreements.draft(case_id, obligations=terms)
    first = officer.get(url).json()
    assert (first["total"], first["page"], first["pages"]) == (25, 1, 2)
    assert [o["article"] for o in first["items"]] == list(range(1, 21))
    assert first["prev"] is None
    assert first["next"] == f"{url}?page=2"
    assert first["items"][0]["status"] == "open"
    assert first["items"][0]["due_date"] == in_days(1)
    second = officer.get(first["next"]).json()
    assert [o["description"] for o in second["items"]] == [
        f"Kewajiban nomor {n}" for n in range(21, 26)
    ]
    assert second["prev"] == f"{url}?page=1"
    assert second["next"] is None
    beyond = officer.get(f"{url}?page=3").json()  # past the last page: the last, as /api/cases
    assert beyond == second
    for query, field in (("page=0", "page"), ("page=dua", "page"), ("urut=1", "urut")):
        assert field in problem(officer.get(f"{url}?{query}"), 422)["errors"]


def test_the_list_is_scoped_like_the_case(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id, _ = agreements.frozen()
    url = agreement_url(case_id, "/obligations")
    tokoh = Caller(client, runtime, world, "tokoh").get(url).json()
    assert tokoh["total"] == 2
    outsider = Caller(client, runtime, world, "supervisor_b").get(url)
    assert problem(outsider, 404)["detail"] == "Perkara tidak ditemukan."


# ---- marking ---------------------------------------------------------------------------------


def test_obligations_are_marked_once_the_agreement_holds(
    officer: Caller, agreements: Agreements, db: Db, runtime: Runtime
) -> None:
    case_id, _ = agreements.frozen()
    first, second = agreements.obligations(case_id)
    early = officer.post(
        mark_url(case_id, first.id), {"version": agreements.version(case_id), "status": "kept"}
    )
    assert "setelah kesepakatan dicatat" in problem(early, 409)["detail"]

    agreements.sign_all(case_id)
    agreements.cases.fire(case_id, "agree", summary="Damai; ganti rugi diangsur.")
    listed = officer.get(agreement_url(case_id)).json()
    assert listed["in_force"] is True
    url = mark_url(case_id, first.id)
    watch = watching(runtime)
    for body, field in (
        ({"status": "broken"}, "note"),
        ({"status": "broken", "note": "   "}, "note"),
        ({"status": "lost"}, "status"),
        ({}, "status"),
        ({"status": "kept", "note": "x" * 2001}, "note"),
    ):
        response = officer.post(url, {"version": listed["case_version"], **body})
        assert field in problem(response, 422)["errors"], body
    assert watch.written() == []

    kept = officer.ok(url, {"version": listed["case_version"], "status": "kept"})
    [mark, other] = kept["obligations"]
    assert (mark["status"], mark["marked_at"] is not None) == ("kept", True)
    assert other["status"] == "open"
    assert db.events(case_id)[-1].trigger == kinds.OBLIGATION_KEPT
    again = officer.post(url, {"version": kept["case_version"], "status": "broken", "note": "x"})
    assert "sudah ditandai" in problem(again, 409)["detail"]

    note = "Angsuran kedua tidak dibayar."
    broken = officer.ok(
        mark_url(case_id, second.id),
        {"version": kept["case_version"], "status": "broken", "note": note},
    )
    assert (broken["obligations"][1]["status"], broken["obligations"][1]["note"]) == (
        "broken",
        note,
    )
    event = db.events(case_id)[-1]
    assert event.trigger == kinds.OBLIGATION_BROKEN
    assert event.payload["note"] == note
    assert agreements.verified(case_id) == []
    assert db.case(case_id).state == "agreed"


def test_an_obligation_of_another_case_is_not_found_here(
    officer: Caller, agreements: Agreements, runtime: Runtime
) -> None:
    mine = agreements.agreed()
    other, _ = agreements.frozen()
    foreign = agreements.obligations(other)[0]
    watch = watching(runtime)
    response = officer.post(
        mark_url(mine, foreign.id), {"version": agreements.version(mine), "status": "kept"}
    )
    assert problem(response, 404)["detail"] == "Kewajiban tidak ditemukan."
    assert watch.written() == []


def test_an_open_obligation_past_its_due_date_is_overdue(
    officer: Caller, agreements: Agreements, runtime: Runtime
) -> None:
    case_id = agreements.agreed()
    first = agreements.obligations(case_id)[0]
    with runtime.sessions.begin() as session:
        session.execute(
            update(Obligation)
            .where(Obligation.id == first.id)
            .values(due_date=today() - timedelta(days=1))
        )
    items = officer.get(agreement_url(case_id, "/obligations")).json()["items"]
    assert [(o["status"], o["overdue"]) for o in items] == [("open", True), ("open", False)]


# ---- the files ------------------------------------------------------------------------------


@sqlite_only  # WeasyPrint is slow; what differs by backend is covered by the JSON tests
def test_the_pdf_as_the_officer_and_as_the_tokoh(
    client: TestClient[Any], officer: Caller, agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id = agreements.mediated()
    missing = officer.get(agreement_url(case_id, "/pdf"))
    assert problem(missing, 404)["detail"] == "Belum ada kesepakatan."
    agreements.draft(case_id)
    version = agreements.freeze(case_id)
    response = officer.get(agreement_url(case_id, "/pdf"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = squeeze(pdf_text(response.content))
    assert version.digest in text
    assert NIK in text
    tokoh = Caller(client, runtime, world, "tokoh")
    copy = tokoh.get(f"/api/agreements/{agreements.agreement_id(case_id)}/pdf")
    assert copy.status_code == 200
    assert copy.headers["content-type"] == "application/pdf"
    assert NIK not in squeeze(pdf_text(copy.content))
    outsider = Caller(client, runtime, world, "officer_b").get(agreement_url(case_id, "/pdf"))
    problem(outsider, 404)
