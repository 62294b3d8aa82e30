"""``Idempotency-Key`` on every unsafe call of the JSON API.

A call sent again with the same key and the same request (method, path, query and body)
answers what the first one answered, with ``Idempotent-Replayed: true``, and does nothing
again; the same key with a different request is refused (422). While the first call is still
being answered, a repeat is told so (409 with ``Retry-After``) instead of waiting: a client
on a weak link retries anyway. A server error or a rate-limit refusal is not kept, so the key
can be tried again. Keys are per caller (a token, or a logged-in user) and live 24 hours.

A call whose work is committed keeps its answer in the same transaction (through
:data:`mediasi.web.transactions.BEFORE_COMMIT`): no crash can leave the work done and the
answer lost. A refusal, which commits nothing, is kept after it is sent. A key whose call
died before either stays claimed for ten minutes (repeats get 409), then a repeat does the
work (``idempotency_store.ABANDONED``).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from uuid import UUID

import anyio.to_thread
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import (
    ASGIApp,
    HTTPResponseStartEvent,
    Message,
    Receive,
    ReceiveMessage,
    Scope,
    Send,
)
from litestar.types.empty import Empty
from litestar.utils.scope.state import ScopeState
from sqlalchemy.orm import Session, sessionmaker

from mediasi.api.idempotency_store import Earlier, answer, answer_in, claim, release
from mediasi.db.base import utcnow
from mediasi.errors import Conflict, FieldErrors, Unprocessable
from mediasi.i18n import _
from mediasi.web.transactions import BEFORE_COMMIT, IDEMPOTENCY_HEADER, SAFE_METHODS

SHAPE = re.compile(rb"^[\x21-\x7e]{1,200}$")
# The answer's headers a replay repeats (the rest, the request id among them, are its own).
KEPT_HEADERS = frozenset({"content-type", "location", "content-disposition"})
NOT_KEPT = frozenset({429}) | frozenset(range(500, 600))

BAD_KEY = _("Idempotency-Key berisi 1 sampai 200 huruf, angka, atau tanda baca.")
OTHER_REQUEST = _(
    "Idempotency-Key ini sudah dipakai untuk permintaan lain; pakai kunci baru untuk "
    "permintaan yang berbeda."
)
STILL_RUNNING = _(
    "Permintaan pertama dengan Idempotency-Key ini masih diproses; coba lagi sebentar lagi."
)


class KeyReused(Unprocessable, title="Idempotency-Key reused"): ...


class StillRunning(Conflict, title="Request in progress"):
    headers = {"Retry-After": "1"}  # noqa: RUF012


def principal_of(scope: Scope) -> str | None:
    """Whose keys these are: the token's, else the logged-in user's (none for a public call)."""
    token_id = getattr(scope.get("auth"), "token_id", None)
    if token_id is not None:
        return f"token:{token_id}"
    user_id = getattr(scope.get("user"), "id", None)
    return f"user:{user_id}" if user_id is not None else None


def fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope.get("method", ""), scope["path"], scope.get("query_string", b"")):
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    digest.update(body)
    return digest.hexdigest()


async def _whole_body(receive: Receive) -> tuple[bytes, list[ReceiveMessage]]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), [message]
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), []


def _replaying(body: bytes, extra: list[ReceiveMessage], receive: Receive) -> Receive:
    pending: list[ReceiveMessage] = [
        {"type": "http.request", "body": body, "more_body": False},
        *extra,
    ]

    async def replayed() -> ReceiveMessage:
        return pending.pop(0) if pending else await receive()

    return replayed


def _uncompressed(scope: Scope) -> None:
    """The answer is kept as sent: asked for without compression (a replay may go to a client
    that accepts another encoding)."""
    scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
    ScopeState.from_scope(scope).headers = Empty


async def _replay(earlier: Earlier, send: Send) -> None:
    headers = [(k.encode(), v.encode()) for k, v in earlier.headers.items()]
    headers += [(b"idempotent-replayed", b"true"), (b"content-length", b"%d" % len(earlier.body))]
    await send({"type": "http.response.start", "status": earlier.status or 200, "headers": headers})
    await send({"type": "http.response.body", "body": earlier.body, "more_body": False})


class IdempotencyMiddleware(ASGIMiddleware):
    """Holds nothing itself (Litestar copies the routers it sits on): the database sessions
    come from the app's state."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        raw = next((v for k, v in scope["headers"] if k == IDEMPOTENCY_HEADER), None)
        principal = principal_of(scope)
        if scope.get("method") in SAFE_METHODS or raw is None or principal is None:
            await next_app(scope, receive, send)
            return
        if not SHAPE.match(raw):
            raise FieldErrors({"Idempotency-Key": BAD_KEY})
        sessions: sessionmaker[Session] = scope["app"].state.sessions
        body, extra = await _whole_body(receive)
        sent = fingerprint(scope, body)
        now = utcnow()
        claimed = await anyio.to_thread.run_sync(
            claim, sessions, principal, raw.decode("ascii"), sent, now
        )
        if isinstance(claimed, Earlier):
            if claimed.fingerprint != sent:
                raise KeyReused(OTHER_REQUEST)
            if claimed.status is None:
                raise StillRunning(STILL_RUNNING)
            await _replay(claimed, send)
            return

        _uncompressed(scope)
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        def with_the_work(session: Session, start: HTTPResponseStartEvent, whole: bytes) -> None:
            if start["status"] not in NOT_KEPT:
                answer_in(session, claimed, start["status"], _kept_headers(start), whole)
                started["kept"] = True

        scope.setdefault("state", {})[BEFORE_COMMIT] = with_the_work

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started["status"] = message["status"]
                started["headers"] = _kept_headers(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    started["done"] = True
            await send(message)

        try:
            await next_app(scope, _replaying(body, extra, receive), keep)
        finally:
            if not started.get("kept"):  # else it was committed with the work
                await _after_the_answer(sessions, claimed, started, b"".join(chunks))


async def _after_the_answer(
    sessions: sessionmaker[Session], claimed: UUID, started: dict[str, Any], body: bytes
) -> None:
    """Keeps an answer that committed no work (a refusal), or frees the key of a call that
    gave no answer worth keeping."""
    status = started.get("status")
    if isinstance(status, int) and started.get("done") and status not in NOT_KEPT:
        await anyio.to_thread.run_sync(answer, sessions, claimed, status, started["headers"], body)
    else:
        await anyio.to_thread.run_sync(release, sessions, claimed)


def _kept_headers(start: HTTPResponseStartEvent) -> dict[str, str]:
    return {
        k.decode("latin-1").lower(): v.decode("latin-1")
        for k, v in start.get("headers", [])
        if k.decode("latin-1").lower() in KEPT_HEADERS
    }
