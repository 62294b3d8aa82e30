"""The agreement over the API, the officer's side: reading it, drafting, freezing, and what a
wrong, hostile or stale request gets; on both backends, with tokens as an integration uses
them (and once with the session cookie)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient

from mediasi.agreements.models import AgreementVersion, Obligation
from mediasi.cases import kinds
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.agreements.conftest import Agreements, in_days
from tests.integration.api.agreement_calls import (
    Caller,
    agreement_url,
    problem,
    watching,
)
from tests.integration.web.conftest import Cases, Db, Web, app_of

NIK = "3507010101010001"  # the complainant's


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


def draft_body(agreements: Agreements, case_id: UUID, **overrides: Any) -> dict[str, Any]:
    respondent = agreements.party(case_id, "respondent")
    body: dict[str, Any] = {
        "version": agreements.version(case_id),
        "place": "Balai Desa Ngadilangkung",
        "chronology": "Patok batas sawah dipindah terlapor saat musim tanam.",
        "restitution": None,
        "obligations": [
            {
                "obligor": f"party:{respondent.id}",
                "kind": "payment",
                "description": "Membayar ganti rugi tanaman padi kepada pelapor",
                "amount": 1500000,
                "instalments": 3,
                "due_date": in_days(30),
            },
            {
                "obligor": f"party:{respondent.id}",
                "kind": "apology",
                "description": "Meminta maaf di hadapan warga RT 02",
                "due_date": in_days(7),
            },
        ],
    }
    body.update(overrides)
    return body


def triggers(db: Db, case_id: UUID) -> list[str]:
    return [event.trigger for event in db.events(case_id)]


# ---- reading --------------------------------------------------------------------------------


def test_a_case_without_a_draft_says_so_and_who_may_draft(
    officer: Caller, agreements: Agreements
) -> None:
    case_id = agreements.mediated()
    response = officer.get(agreement_url(case_id))
    assert response.status_code == 200, response.text[:500]
    body = response.json()
    assert body["agreement_id"] is None
    assert body["number"] is None
    assert body["text"] == ""
    assert body["signatories"] == []
    assert body["obligations"] == []
    assert body["may_draft"] is True
    assert body["may_write"] is True
    assert body["case_version"] == agreements.version(case_id)


def test_reading_a_frozen_agreement_as_the_officer_the_tokoh_and_an_outsider(
    client: TestClient[Any], officer: Caller, agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id, version = agreements.frozen()
    body = officer.get(agreement_url(case_id)).json()
    assert body["agreement_id"] == str(agreements.agreement_id(case_id))
    assert (body["number"], body["status"]) == (1, "frozen")
    assert body["digest"] == version.digest
    assert body["code"] == f"{version.code[:5]}-{version.code[5:]}"  # type: ignore[index]
    assert body["verify_url"].endswith(f"/verify/{body['code']}")
    assert body["intact"] is True
    assert body["fully_signed"] is False
    assert NIK in body["text"]  # the officer reads the whole text
    assert [(s["kind"], s["role"], s["decision"]) for s in body["signatories"]] == [
        ("party", "complainant", None),
        ("party", "respondent", None),
        ("tokoh", "mediator", None),
    ]
    assert [o["article"] for o in body["obligations"]] == [1, 2]
    assert body["obligations"][0]["amount"] == 1500000
    assert body["obligations"][0]["due_date"] == in_days(30)
    assert body["mine"] is None

    tokoh = Caller(client, runtime, world, "tokoh").get(agreement_url(case_id)).json()
    assert tokoh["digest"] == version.digest
    assert NIK not in tokoh["text"]  # withheld from a tokoh, as on the page
    assert "Darto Santoso" in tokoh["text"]
    assert tokoh["may_write"] is False
    assert tokoh["mine"] == f"tokoh:{world.tokoh_a1}"

    outside = Caller(client, runtime, world, "officer_b").get(agreement_url(case_id))
    assert problem(outside, 404)["detail"] == "Perkara tidak ditemukan."
    assert version.digest not in outside.text


# ---- drafting and freezing ------------------------------------------------------------------


def test_drafting_then_freezing_through_the_api_is_on_the_chain(
    officer: Caller, agreements: Agreements, db: Db
) -> None:
    case_id = agreements.mediated()
    drafted = officer.ok(agreement_url(case_id), draft_body(agreements, case_id))
    assert (drafted["number"], drafted["status"]) == (1, "draft")
    assert drafted["place"] == "Balai Desa Ngadilangkung"
    assert [o["kind"] for o in drafted["obligations"]] == ["payment", "apology"]
    assert drafted["case_version"] == db.case(case_id).version
    assert triggers(db, case_id)[-1] == kinds.AGREEMENT_DRAFTED
    # The same draft again changes nothing.
    again = officer.ok(agreement_url(case_id), draft_body(agreements, case_id))
    assert again["number"] == 1
    assert db.count(AgreementVersion) == 1

    frozen = officer.ok(
        agreement_url(case_id, "/freeze"),
        {"version": again["case_version"], "agreement_version": 1},
    )
    assert frozen["status"] == "frozen"
    assert len(frozen["digest"]) == 64
    assert len(frozen["signatories"]) == 3
    assert triggers(db, case_id)[-1] == kinds.AGREEMENT_FROZEN
    assert db.events(case_id)[-1].payload["digest"] == frozen["digest"]
    assert agreements.verified(case_id) == []
    twice = officer.post(
        agreement_url(case_id, "/freeze"),
        {"version": frozen["case_version"], "agreement_version": 1},
    )
    assert "sudah dibekukan" in problem(twice, 409)["detail"]


def test_freezing_a_text_that_changed_meanwhile_is_refused(
    officer: Caller, agreements: Agreements
) -> None:
    case_id = agreements.mediated()
    agreements.draft(case_id)
    agreements.draft(case_id, place="Rumah Kepala Desa")  # version 2, by someone else
    response = officer.post(
        agreement_url(case_id, "/freeze"),
        {"version": agreements.version(case_id), "agreement_version": 1},
    )
    assert "sudah diubah sejak halaman ini dibuka" in problem(response, 409)["detail"]
    assert agreements.current(case_id).status == "draft"


def test_a_stale_case_version_is_409_and_writes_nothing(
    officer: Caller, agreements: Agreements, runtime: Runtime
) -> None:
    case_id = agreements.mediated()
    body = draft_body(agreements, case_id, version=agreements.version(case_id) - 1)
    watch = watching(runtime)
    response = officer.post(agreement_url(case_id), body)
    assert "diubah orang lain" in problem(response, 409)["detail"]
    assert watch.written() == []


def test_a_tokoh_reads_but_may_not_draft_and_an_outsider_is_told_nothing(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id = agreements.mediated()
    body = draft_body(agreements, case_id)
    watch = watching(runtime)
    tokoh = Caller(client, runtime, world, "tokoh").post(agreement_url(case_id), body)
    assert "tidak berwenang" in problem(tokoh, 403)["detail"].lower()
    outsider = Caller(client, runtime, world, "officer_b").post(agreement_url(case_id), body)
    assert problem(outsider, 404)["detail"] == "Perkara tidak ditemukan."
    # Out of reach, even a wrong body is told the case does not exist.
    wrong = Caller(client, runtime, world, "supervisor_b").post(agreement_url(case_id), {})
    problem(wrong, 404)
    assert watch.written() == []


def test_a_token_without_the_agreements_scope_is_refused(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World
) -> None:
    case_id = agreements.mediated()
    cases_only = Caller(client, runtime, world, "officer", ("cases:write",))
    refused = cases_only.get(agreement_url(case_id))
    assert "agreements:read" in problem(refused, 403)["detail"]
    reader = Caller(client, runtime, world, "officer", ("agreements:read",))
    assert reader.get(agreement_url(case_id)).status_code == 200
    write = reader.post(agreement_url(case_id), draft_body(agreements, case_id))
    assert "agreements:write" in problem(write, 403)["detail"]


def test_the_session_cookie_works_with_the_csrf_header_only(
    client: TestClient[Any], agreements: Agreements
) -> None:
    case_id = agreements.mediated()
    web = Web(client).login_as("officer")
    body = draft_body(agreements, case_id)
    refused = client.post(agreement_url(case_id), json=body)
    assert refused.status_code == 403
    done = client.post(agreement_url(case_id), json=body, headers={"x-csrftoken": web.csrf})
    assert done.status_code == 200, done.text[:500]
    assert done.json()["status"] == "draft"


# ---- wrong and hostile input ----------------------------------------------------------------


def _obligation(agreements: Agreements, case_id: UUID, **fields: Any) -> list[dict[str, Any]]:
    [first, _] = draft_body(agreements, case_id)["obligations"]
    return [{**first, **fields}]


WRONG: dict[str, tuple[Any, str]] = {
    "missing place": ({"place": None}, "place"),
    "place too short": ({"place": "ab"}, "place"),
    "place of two lines": ({"place": "Balai\nDesa"}, "place"),
    "chronology oversized": ({"chronology": "x" * 4001}, "chronology"),
    "unknown field": ({"evil": 1}, "evil"),
    "version not a number": ({"version": "tiga"}, "version"),
    "version huge": ({"version": 2**70}, "version"),
    "version zero": ({"version": 0}, "version"),
    "too many obligations": ({"obligations": "31"}, "obligations"),
    "obligations not a list": ({"obligations": {"a": 1}}, "obligations"),
    "amount huge": ({"amount": 10**40}, "obligations.0.amount"),
    "amount negative": ({"amount": -5}, "obligations.0.amount"),
    "payment without amount": ({"amount": None}, "obligations.0.amount"),
    "instalments without amount": (
        {"kind": "apology", "amount": None, "instalments": 2},
        "obligations.0.instalments",
    ),
    "unknown kind": ({"kind": "curse"}, "obligations.0.kind"),
    "not a date": ({"due_date": "besok"}, "obligations.0.due_date"),
    "due in the past": ({"due_date": "2020-01-01"}, "obligations.0.due_date"),
    "due too far": ({"due_date": "2999-01-01"}, "obligations.0.due_date"),
    "obligor not of the case": (
        {"obligor": "party:00000000-0000-4000-8000-000000000000"},
        "obligations.0.obligor",
    ),
}
OBLIGATION_FIELDS = {"amount", "instalments", "kind", "due_date", "obligor"}


@pytest.mark.parametrize("name", list(WRONG))
def test_a_wrong_draft_is_422_naming_the_field_and_writes_nothing(
    officer: Caller, agreements: Agreements, runtime: Runtime, name: str
) -> None:
    case_id = agreements.mediated()
    change, field = WRONG[name]
    body = draft_body(agreements, case_id)
    if set(change) <= OBLIGATION_FIELDS:
        body["obligations"] = _obligation(agreements, case_id, **change)
    elif change.get("obligations") == "31":
        body["obligations"] = body["obligations"][:1] * 31
    else:
        body.update(change)
        body = {k: v for k, v in body.items() if v is not None or k == "restitution"}
    watch = watching(runtime)
    response = officer.post(agreement_url(case_id), body)
    errors = problem(response, 422)["errors"]
    assert field in errors, errors
    assert watch.written() == []


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b'{"place": "Balai\\u0000Desa"}', "application/json", 400),  # NUL
        (b'{"place": "Balai \xff\xfe"}', "application/json", 400),  # invalid UTF-8
        (b"[" * 40 + b"]" * 40, "application/json", 400),  # nested too deep
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 422),  # not an object
        (b"place=Balai", "application/x-www-form-urlencoded", 415),
        (b'{"chronology": "' + b"x" * (1024 * 1024) + b'"}', "application/json", 413),
    ],
    ids=["nul", "invalid-utf8", "deep", "malformed", "a-list", "a-form", "oversized"],
)
def test_hostile_bodies_get_a_4xx_problem_and_write_nothing(
    officer: Caller,
    agreements: Agreements,
    runtime: Runtime,
    content: bytes,
    content_type: str,
    status: int,
) -> None:
    case_id = agreements.mediated()
    watch = watching(runtime)
    response = officer.post(
        agreement_url(case_id), content=content, headers={"content-type": content_type}
    )
    problem(response, status)
    assert watch.written() == []


def test_hostile_paths_and_queries_get_a_4xx(officer: Caller, agreements: Agreements) -> None:
    case_id = agreements.mediated()
    body = {"version": 1, "agreement_version": 1, "consent": True, "typed_name": "X"}
    problem(officer.post(agreement_url(case_id, "/sign/party%00x"), body), 400)
    problem(officer.get(agreement_url(case_id, "/obligations?page=%FF")), 400)
    problem(officer.get(agreement_url(case_id, "/obligations?page=%00")), 400)
    huge = officer.get(agreement_url(case_id, "/obligations?page=99999999999999999999"))
    assert "page" in problem(huge, 422)["errors"]
    assert officer.get("/api/cases/not-a-uuid/agreement").status_code == 404


def test_text_is_kept_as_text(officer: Caller, agreements: Agreements, db: Db) -> None:
    case_id = agreements.mediated()
    hostile = "<script>alert(1)</script> ' OR 1=1; --"
    body = officer.ok(agreement_url(case_id), draft_body(agreements, case_id, chronology=hostile))
    assert body["chronology"] == hostile
    assert hostile in body["text"]
    assert db.count(Obligation) == 2
