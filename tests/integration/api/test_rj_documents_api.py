"""The document pack of a restorative justice case over the API, on both backends: listed in
the case file's order, each ready once its step is recorded with its PDF and verification
code; a document whose step is not recorded, or an unknown kind, is 404; a tokoh of the case
is refused (403), another desa finds nothing (404); a dispute has no pack."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from mediasi.restorative.kinds import PACK
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import Caller, is_problem
from tests.integration.restorative.walk import CLARIFY, checked, consent, fire
from tests.integration.web.conftest import Cases


@pytest.fixture
def clarified(runtime: Runtime, world: World) -> UUID:
    case_id = checked(runtime, world)
    consent(runtime, world, case_id)
    fire(runtime, world, case_id, "clarify", **CLARIFY)
    return case_id


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


def url(case_id: UUID, rest: str = "") -> str:
    return f"/api/cases/{case_id}/rj{rest}"


def test_the_pack_lists_each_document_ready_once_its_step_is_recorded(
    clarified: UUID, officer: Caller
) -> None:
    listed = officer.get(url(clarified)).json()
    assert [d["kind"] for d in listed["items"]] == list(PACK)
    assert (listed["total"], listed["pages"], listed["next"]) == (len(PACK), 1, None)
    ready = {d["kind"]: d for d in listed["items"] if d["ready"]}
    assert set(ready) == {"permohonan", "klarifikasi"}
    for kind in ("permohonan", "klarifikasi"):
        assert ready[kind]["url"] == url(clarified, f"/{kind}")
        assert ready[kind]["code"]
        assert ready[kind]["issued_at"]
        pdf = officer.get(ready[kind]["url"])
        assert pdf.status_code == 200
        assert pdf.headers["content-type"].startswith("application/pdf")
        assert pdf.content.startswith(b"%PDF")
    waiting = [d for d in listed["items"] if not d["ready"]]
    assert all(d["url"] is None and d["code"] == "" for d in waiting)


def test_a_document_not_yet_issued_or_unknown_is_not_found(
    clarified: UUID, officer: Caller
) -> None:
    assert "belum dicatat" in is_problem(officer.get(url(clarified, "/pemulihan")), 404)["detail"]
    assert is_problem(officer.get(url(clarified, "/rahasia")), 404)


def test_a_tokoh_is_refused_and_another_desa_finds_nothing(
    client: TestClient[Any], runtime: Runtime, world: World, clarified: UUID
) -> None:
    Cases(runtime, world).invite(clarified)
    tokoh = Caller(client, runtime, world, "tokoh")
    assert "Hanya petugas dan pengawas" in is_problem(tokoh.get(url(clarified)), 403)["detail"]
    assert is_problem(tokoh.get(url(clarified, "/klarifikasi")), 403)
    outsider = Caller(client, runtime, world, "officer_b")
    assert is_problem(outsider.get(url(clarified)), 404)["detail"] == "Perkara tidak ditemukan."
    assert is_problem(outsider.get(url(clarified, "/klarifikasi")), 404)
    supervisor = Caller(client, runtime, world, "supervisor")
    assert supervisor.get(url(clarified, "/klarifikasi")).status_code == 200


def test_a_dispute_has_no_pack_and_a_wrong_page_is_named(
    runtime: Runtime, world: World, clarified: UUID, officer: Caller
) -> None:
    dispute = Cases(runtime, world).report()
    empty = officer.get(url(dispute)).json()
    assert (empty["items"], empty["total"]) == ([], 0)
    assert "page" in is_problem(officer.get(url(clarified), page="0"), 422)["errors"]
