"""Every write of the agreement API honours ``Idempotency-Key``: sent again over a weak link,
the first answer comes back (``Idempotent-Replayed: true``) and nothing is done twice; the
same key for another request is refused. One retry per write route, on both backends."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar.testing import TestClient

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.agreements.conftest import Agreements, in_days
from tests.integration.api.agreement_calls import (
    PNG,
    Caller,
    agreement_url,
    problem,
    signer_url,
    watching,
)
from tests.integration.web.conftest import Cases, Db, app_of


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def agreements(runtime: Runtime, world: World) -> Agreements:
    return Agreements(runtime, world, Cases(runtime, world))


def _versions(agreements: Agreements, case_id: UUID) -> dict[str, int]:
    return {
        "version": agreements.version(case_id),
        "agreement_version": agreements.current(case_id).number,
    }


def _key_of(agreements: Agreements, case_id: UUID, role: str) -> str:
    version = agreements.current(case_id)
    return str(next(s["key"] for s in version.content["signatories"] if s["role"] == role))


def _draft(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id = agreements.mediated()
    respondent = agreements.party(case_id, "respondent")
    body = {
        "version": agreements.version(case_id),
        "place": "Balai Desa Ngadilangkung",
        "chronology": "Patok batas sawah dipindah terlapor saat musim tanam.",
        "obligations": [
            {
                "obligor": f"party:{respondent.id}",
                "kind": "apology",
                "description": "Meminta maaf di hadapan warga",
                "due_date": in_days(7),
            }
        ],
    }
    return caller.post(agreement_url(case_id), body, key=key)


def _freeze(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id = agreements.mediated()
    agreements.draft(case_id)
    return caller.post(agreement_url(case_id, "/freeze"), _versions(agreements, case_id), key=key)


def _in_person(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id, _ = agreements.frozen()
    signatory = _key_of(agreements, case_id, "complainant")
    body = {**_versions(agreements, case_id), "consent": True, "typed_name": "Darto Santoso"}
    return caller.post(agreement_url(case_id, f"/sign/{signatory}"), body, key=key)


def _paper(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id, _ = agreements.frozen()
    signatory = _key_of(agreements, case_id, "respondent")
    form = {name: str(value) for name, value in _versions(agreements, case_id).items()}
    return caller.post(
        agreement_url(case_id, f"/sign/{signatory}/paper"),
        key=key,
        data={**form, "confirm": "on"},
        files={"scan": ("ttd.png", PNG, "image/png")},
    )


def _mark(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id = agreements.agreed()
    obligation = agreements.obligations(case_id)[0]
    body = {"version": agreements.version(case_id), "status": "kept"}
    return caller.post(agreement_url(case_id, f"/obligations/{obligation.id}"), body, key=key)


def _viewed(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id, _ = agreements.frozen()
    return caller.post(signer_url(agreements.agreement_id(case_id), "/viewed"), key=key)


def _sign(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id, _ = agreements.frozen()
    url = signer_url(agreements.agreement_id(case_id), "/sign")
    return caller.post(url, _versions(agreements, case_id), key=key)


def _decline(caller: Caller, agreements: Agreements, key: str) -> httpx.Response:
    case_id, _ = agreements.frozen()
    url = signer_url(agreements.agreement_id(case_id), "/decline")
    body = {**_versions(agreements, case_id), "reason": "Isi naskah belum adil."}
    return caller.post(url, body, key=key)


Write = Callable[[Caller, Agreements, str], httpx.Response]
WRITES: dict[str, tuple[str, Write]] = {
    "draft": ("officer", _draft),
    "freeze": ("officer", _freeze),
    "sign in person": ("officer", _in_person),
    "sign on paper": ("officer", _paper),
    "mark an obligation": ("officer", _mark),
    "tokoh viewed": ("tokoh", _viewed),
    "tokoh signs": ("tokoh", _sign),
    "tokoh declines": ("tokoh", _decline),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_a_retry_answers_the_first_answer_and_does_nothing_again(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World, name: str
) -> None:
    username, write = WRITES[name]
    caller = Caller(client, runtime, world, username)
    first = write(caller, agreements, "kunci-" + name.replace(" ", "-"))
    assert first.status_code == 200, first.text[:500]
    assert "idempotent-replayed" not in first.headers
    case_id = UUID(first.json()["case_id"])
    events = len(Db(runtime).events(case_id))

    request = first.request
    watch = watching(runtime)
    again = client.send(request)
    assert again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert watch.written() == []
    assert len(Db(runtime).events(case_id)) == events


def test_the_same_key_for_another_agreement_request_is_refused(
    client: TestClient[Any], agreements: Agreements, runtime: Runtime, world: World
) -> None:
    caller = Caller(client, runtime, world, "officer")
    assert _freeze(caller, agreements, "satu-kunci").status_code == 200
    case_id = agreements.mediated()
    agreements.draft(case_id)
    reused = caller.post(
        agreement_url(case_id, "/freeze"), _versions(agreements, case_id), key="satu-kunci"
    )
    assert "sudah dipakai" in problem(reused, 422)["detail"]
    assert agreements.current(case_id).status == "draft"
