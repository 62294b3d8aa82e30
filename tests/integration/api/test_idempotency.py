"""Idempotency-Key on the unsafe API calls: a retry answers the first answer and writes
nothing more, another request under the same key is refused, concurrent retries write once,
keys live 24 hours; on both backends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient
from sqlalchemy import func, select, update

from mediasi.api.idempotency_store import Earlier, claim, purge
from mediasi.api.models import IdempotentCall
from mediasi.cases.models import Case
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.test_tokens import report_json
from tests.integration.api.tokens import bearer, issue
from tests.integration.web.conftest import Web, app_of

PROBLEM = "application/problem+json"


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient[Any]]:
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


def cases(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def keyed(text: str, key: str) -> dict[str, str]:
    return {**bearer(text), "Idempotency-Key": key}


def test_a_retry_answers_the_first_answer_and_writes_nothing_more(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    text = issue(runtime, world, "officer")
    first = client.post("/api/cases", json=report_json(world), headers=keyed(text, "lapor-1"))
    assert first.status_code == 201, first.text[:300]
    assert "idempotent-replayed" not in first.headers
    again = client.post("/api/cases", json=report_json(world), headers=keyed(text, "lapor-1"))
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["content-type"] == first.headers["content-type"]
    assert cases(runtime) == 1

    other = client.post("/api/cases", json=report_json(world), headers=keyed(text, "lapor-2"))
    assert other.status_code == 201
    assert other.json()["id"] != first.json()["id"]
    # Keys are the caller's own: another caller's same key is another call.
    second = issue(runtime, world, "supervisor")
    theirs = client.post("/api/cases", json=report_json(world), headers=keyed(second, "lapor-1"))
    assert theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert cases(runtime) == 3


def test_the_same_key_for_another_request_is_a_422_and_writes_nothing(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    text = issue(runtime, world, "officer")
    assert (
        client.post("/api/cases", json=report_json(world), headers=keyed(text, "k")).status_code
        == 201
    )
    changed = {**report_json(world), "title": "Judul lain"}
    refused = client.post("/api/cases", json=changed, headers=keyed(text, "k"))
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert "sudah dipakai untuk permintaan lain" in refused.json()["detail"]
    assert cases(runtime) == 1


def test_a_cookie_call_is_keyed_to_its_user(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    web = Web(client).login_as("officer")
    headers = {"x-csrftoken": web.csrf, "Idempotency-Key": "formulir-7"}
    first = client.post("/api/cases", json=report_json(world), headers=headers)
    again = client.post("/api/cases", json=report_json(world), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["idempotent-replayed"] == "true"
    assert cases(runtime) == 1


@pytest.mark.parametrize("key", ["", "a" * 201, "dua kata", "kunci\u00e9", "a\tb"])
def test_a_malformed_key_is_refused_before_any_work(
    client: TestClient[Any], runtime: Runtime, world: World, key: str
) -> None:
    text = issue(runtime, world, "officer")
    headers = {**bearer(text), "Idempotency-Key": key.encode("utf-8")}
    response = client.post("/api/cases", json=report_json(world), headers=headers)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert response.headers["content-type"].startswith(PROBLEM)
    assert cases(runtime) == 0


def test_a_key_older_than_a_day_is_forgotten_and_purged(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    text = issue(runtime, world, "officer")
    client.post("/api/cases", json=report_json(world), headers=keyed(text, "lama"))
    with runtime.sessions.begin() as session:
        session.execute(
            update(IdempotentCall).values(created_at=utcnow() - timedelta(hours=24, seconds=1))
        )
    again = client.post("/api/cases", json=report_json(world), headers=keyed(text, "lama"))
    assert again.status_code == 201
    assert "idempotent-replayed" not in again.headers
    assert cases(runtime) == 2
    assert purge(runtime.sessions, utcnow()) == 0  # the fresh row stays
    assert purge(runtime.sessions, utcnow() + timedelta(hours=24)) == 1


def test_a_repeat_while_the_first_is_running_is_told_to_retry(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    """The first call has claimed the key and not answered yet (as another node would)."""
    text = issue(runtime, world, "officer")
    response = client.post("/api/cases", json=report_json(world), headers=keyed(text, "x"))
    assert response.status_code == 201
    with runtime.sessions.begin() as session:
        session.execute(update(IdempotentCall).values(status=None, body=None))
    busy = client.post("/api/cases", json=report_json(world), headers=keyed(text, "x"))
    assert busy.status_code == 409
    assert busy.headers["retry-after"] == "1"
    assert busy.headers["content-type"].startswith(PROBLEM)
    assert cases(runtime) == 1


def test_the_answer_is_committed_with_the_work(
    client: TestClient[Any], runtime: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that dies once the work is committed (nothing it does after the commit
    happens) still leaves the answer for the retry: it was written in the work's transaction.
    A refusal, which commits nothing, is kept after it is sent."""
    from mediasi.api import idempotency

    def dead(*_args: Any) -> None:
        raise AssertionError("the process died after the commit")

    text = issue(runtime, world, "officer")
    with monkeypatch.context() as patch:
        patch.setattr(idempotency, "answer", dead)
        patch.setattr(idempotency, "release", dead)
        first = client.post("/api/cases", json=report_json(world), headers=keyed(text, "mati"))
        assert first.status_code == 201, first.text[:300]
    again = client.post("/api/cases", json=report_json(world), headers=keyed(text, "mati"))
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert cases(runtime) == 1

    refused = client.post("/api/cases", json={"title": ""}, headers=keyed(text, "tolak"))
    assert refused.status_code == 422
    repeated = client.post("/api/cases", json={"title": ""}, headers=keyed(text, "tolak"))
    assert repeated.headers["idempotent-replayed"] == "true"
    assert repeated.json() == refused.json()


def test_a_claim_left_without_an_answer_is_taken_over_after_ten_minutes(
    client: TestClient[Any], runtime: Runtime, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim with no answer belongs to a call that committed nothing (its answer would have
    been committed with its work): after ten minutes a retry does the work, once."""
    from mediasi.api import idempotency
    from mediasi.cases.services import CaseService

    def crashed(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("the process died before the commit")

    text = issue(runtime, world, "officer")
    with monkeypatch.context() as patch:
        patch.setattr(CaseService, "report", crashed)
        patch.setattr(idempotency, "release", lambda *_args: None)
        died = client.post("/api/cases", json=report_json(world), headers=keyed(text, "putus"))
        assert died.status_code == 500
    busy = client.post("/api/cases", json=report_json(world), headers=keyed(text, "putus"))
    assert busy.status_code == 409
    with runtime.sessions.begin() as session:
        session.execute(
            update(IdempotentCall).values(created_at=utcnow() - timedelta(minutes=10, seconds=1))
        )
    taken = client.post("/api/cases", json=report_json(world), headers=keyed(text, "putus"))
    assert taken.status_code == 201, taken.text[:300]
    assert "idempotent-replayed" not in taken.headers
    again = client.post("/api/cases", json=report_json(world), headers=keyed(text, "putus"))
    assert again.headers["idempotent-replayed"] == "true"
    assert cases(runtime) == 1


def test_concurrent_claims_of_one_key_let_exactly_one_do_the_work(
    runtime: Runtime, world: World
) -> None:
    barrier = threading.Barrier(4, timeout=30)
    results: list[Any] = []

    def take() -> None:
        barrier.wait()
        results.append(claim(runtime.sessions, "user:x", "sama", "f" * 64, utcnow()))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    earlier = [r for r in results if isinstance(r, Earlier)]
    assert len(results) == 4
    assert len(earlier) == 3
    assert all(e.status is None for e in earlier)


def test_concurrent_retries_over_http_write_once(runtime: Runtime, world: World) -> None:
    text = issue(runtime, world, "officer")
    barrier = threading.Barrier(3, timeout=30)
    answers: list[httpx.Response] = []

    def send(own: TestClient[Any]) -> None:
        barrier.wait()
        answers.append(
            own.post("/api/cases", json=report_json(world), headers=keyed(text, "sekali"))
        )

    with ExitStack() as stack:
        # Each client started here, one after the other (an app's start-up is not concurrent).
        clients = [
            stack.enter_context(TestClient(app_of(runtime), raise_server_exceptions=False))
            for _ in range(3)
        ]
        threads = [threading.Thread(target=send, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    statuses = sorted(a.status_code for a in answers)
    assert len(statuses) == 3, statuses
    assert set(statuses) <= {201, 409}, statuses
    done = [a for a in answers if a.status_code == 201 and not a.headers.get("idempotent-replayed")]
    assert len(done) == 1, statuses
    assert cases(runtime) == 1
