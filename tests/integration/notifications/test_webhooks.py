"""The WhatsApp webhook: Meta's subscription check, signed status callbacks, and refusals."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from mediasi.db.base import utcnow
from mediasi.notifications.models import SENT, Message
from mediasi.runtime import Runtime
from tests.integration.web.conftest import app_of

SECRET = "app-secret-for-tests"
TOKEN = "verify-token-for-tests"
WAMID = "wamid.HBgLNjI4MTIzNDU2Nzg5FQIAERgSQjE2"
URL = "/webhooks/whatsapp"
T0 = 1_764_650_000


@pytest.fixture
def client(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient[Litestar]]:
    monkeypatch.setattr(runtime.settings, "whatsapp_app_secret", SECRET)
    monkeypatch.setattr(runtime.settings, "whatsapp_verify_token", TOKEN)
    with TestClient(app_of(runtime), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def message(runtime: Runtime) -> Message:
    """A message the WhatsApp channel sent, with Meta's id kept."""
    with runtime.sessions() as session, session.begin():
        row = Message(
            kind="report_received",
            dedupe_key="webhook-test",
            recipient_kind="reporter",
            recipient_name="Budi Santoso",
            channel="whatsapp",
            address="+6281234567890",
            timezone="Asia/Jakarta",
            subject="Laporan diterima",
            text="Laporan Anda diterima.",
            params={},
            status=SENT,
            next_attempt_at=utcnow(),
            attempts=1,
            sent_at=utcnow() - timedelta(minutes=1),
            provider_id=WAMID,
        )
        session.add(row)
    return row


def current(runtime: Runtime, message: Message) -> Message:
    with runtime.sessions() as session:
        row = session.get(Message, message.id)
        assert row is not None
        session.expunge(row)
        return row


def snapshot(runtime: Runtime, message: Message) -> tuple[Any, ...]:
    row = current(runtime, message)
    return (row.status, row.delivered_at, row.read_at, row.failed_at, row.reason, row.updated_at)


def callback(*statuses: dict[str, Any]) -> bytes:
    value = {"messaging_product": "whatsapp", "metadata": {}, "statuses": list(statuses)}
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(body).encode()


def status(name: str, at: int, wamid: str = WAMID, **extra: Any) -> dict[str, Any]:
    return {"id": wamid, "status": name, "timestamp": str(at), "recipient_id": "1", **extra}


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(client: TestClient[Litestar], body: bytes, signature: str | None = "auto") -> Any:
    headers = {"content-type": "application/json"}
    if signature == "auto":
        headers["X-Hub-Signature-256"] = sign(body)
    elif signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return client.post(URL, content=body, headers=headers)


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def test_delivered_then_read_are_recorded(
    client: TestClient[Litestar], runtime: Runtime, message: Message
) -> None:
    assert post(client, callback(status("delivered", T0))).status_code == 200
    row = current(runtime, message)
    assert (row.status, row.delivered_at, row.read_at) == ("delivered", at(T0), None)

    response = post(client, callback(status("read", T0 + 60)))
    assert response.status_code == 200
    assert response.json() == {"updated": 1, "unknown": 0}
    row = current(runtime, message)
    assert (row.status, row.delivered_at, row.read_at) == ("read", at(T0), at(T0 + 60))


def test_read_first_implies_delivered_and_a_late_delivered_does_not_downgrade(
    client: TestClient[Litestar], runtime: Runtime, message: Message
) -> None:
    post(client, callback(status("read", T0 + 60)))
    post(client, callback(status("delivered", T0)))
    row = current(runtime, message)
    assert (row.status, row.delivered_at, row.read_at) == ("read", at(T0 + 60), at(T0 + 60))


def test_a_failed_callback_records_the_reason(
    client: TestClient[Litestar], runtime: Runtime, message: Message
) -> None:
    error = {
        "code": 131026,
        "title": "Message undeliverable",
        "message": "Message undeliverable",
        "error_data": {"details": "Receiver is not on WhatsApp"},
    }
    assert post(client, callback(status("failed", T0, errors=[error]))).status_code == 200
    row = current(runtime, message)
    assert row.status == "failed"
    assert row.failed_at == at(T0)
    assert row.reason is not None
    assert "131026" in row.reason
    assert "Message undeliverable" in row.reason
    assert "Receiver is not on WhatsApp" in row.reason


def test_an_unknown_id_is_counted_and_ignored(
    client: TestClient[Litestar], runtime: Runtime, message: Message
) -> None:
    before = snapshot(runtime, message)
    response = post(client, callback(status("read", T0, wamid="wamid.someone-else")))
    assert response.status_code == 200
    assert response.json() == {"updated": 0, "unknown": 1}
    assert snapshot(runtime, message) == before


@pytest.mark.parametrize(
    "signature",
    [None, "sha256=" + "0" * 64, "forged", "sha256=", "wrong-secret"],
    ids=["missing", "forged", "no-prefix", "empty", "wrong-secret"],
)
def test_an_unsigned_or_forged_callback_is_refused_and_changes_nothing(
    client: TestClient[Litestar], runtime: Runtime, message: Message, signature: str | None
) -> None:
    body = callback(status("read", T0))
    if signature == "wrong-secret":
        signature = sign(body, "another-secret")
    before = snapshot(runtime, message)
    assert post(client, body, signature).status_code == 403
    assert snapshot(runtime, message) == before


def test_without_an_app_secret_every_callback_is_refused(
    client: TestClient[Litestar],
    runtime: Runtime,
    message: Message,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = callback(status("read", T0))
    monkeypatch.setattr(runtime.settings, "whatsapp_app_secret", None)
    before = snapshot(runtime, message)
    assert post(client, body, sign(body, "")).status_code == 403
    assert post(client, body).status_code == 403
    assert snapshot(runtime, message) == before


def test_the_subscription_check_echoes_the_challenge_for_the_right_token(
    client: TestClient[Litestar],
) -> None:
    query = {"hub.mode": "subscribe", "hub.verify_token": TOKEN, "hub.challenge": "1158201444"}
    response = client.get(URL, params=query)
    assert response.status_code == 200
    assert response.text == "1158201444"
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    "query",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": TOKEN, "hub.challenge": "1"},
        {"hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": "x" * 5000, "hub.challenge": "1"},
    ],
    ids=["wrong-token", "wrong-mode", "nothing", "oversized"],
)
def test_the_subscription_check_refuses_anything_else(
    client: TestClient[Litestar], query: dict[str, str]
) -> None:
    assert client.get(URL, params=query).status_code == 403


def _deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


HOSTILE = {
    "invalid-utf8": b'{"entry": [], "x": "\xff\xfe"}',
    "nul-byte": b'{"entry": [], "x": "a\\u0000b"}',
    "raw-nul": b'{"entry": []}\x00',
    "deep-nesting": _deep(10_000),
    "huge-timestamp": callback(status("read", 10**400)),
    "huge-float-timestamp": callback({"id": WAMID, "status": "read", "timestamp": 1e308}),
    "one-megabyte": b'{"entry": [], "pad": "' + b"a" * (1024 * 1024) + b'"}',
    "not-json": b"entry=read",
    "json-array": b"[1, 2, 3]",
    "wrong-shape": b'{"entry": [{"changes": [{"value": {"statuses": [{"id": 5}]}}]}]}',
    "empty": b"",
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_signed_body_is_refused_without_a_server_error(
    client: TestClient[Litestar], runtime: Runtime, message: Message, body: bytes
) -> None:
    before = snapshot(runtime, message)
    response = post(client, body)
    assert 400 <= response.status_code < 500, response.text[:300]
    assert snapshot(runtime, message) == before
