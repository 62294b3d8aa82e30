"""``/webhooks/whatsapp``: Meta's subscription check and its delivery-status callbacks.

Meta signs each callback with the app secret over the raw body; the signature is checked
before anything is parsed, and without a configured secret every callback is refused.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import anyio.to_thread
import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.orm import Session

from mediasi.config import Settings
from mediasi.errors import Forbidden
from mediasi.i18n import _
from mediasi.notifications.statuses import BadPayload, StatusService

PATH = "/webhooks/whatsapp"
SIGNATURE_HEADER = "X-Hub-Signature-256"
_REFUSED = _("Panggilan balik WhatsApp ditolak.")


def provide_status_service(db_session: NamedDependency[Session]) -> StatusService:
    return StatusService(db_session)


def signed(secret: str | None, body: bytes, header: str | None) -> bool:
    """Whether ``header`` is ``sha256=<hex HMAC of body>`` under ``secret`` (none: never)."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), header[7:].encode("latin-1"))


class WhatsAppWebhookController(Controller):
    path = PATH
    include_in_schema = False

    @get("/", sync_to_thread=False, name="webhooks:whatsapp-verify")
    def verify(self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]) -> Any:
        """Meta's one-time check that this URL is ours: echo the challenge for our token."""
        query = request.query_params
        token = settings.whatsapp_verify_token
        given = query.get("hub.verify_token") or ""
        if (
            query.get("hub.mode") != "subscribe"
            or not token
            or not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))
        ):
            raise Forbidden(_REFUSED)
        return Response(query.get("hub.challenge") or "", media_type="text/plain")

    @post(
        "/",
        name="webhooks:whatsapp",
        status_code=HTTP_200_OK,
        opt={"body": "json"},
        dependencies={"statuses": Provide(provide_status_service, sync_to_thread=False)},
    )
    async def callback(
        self,
        request: Request[Any, Any, Any],
        settings: NamedDependency[Settings],
        statuses: NamedDependency[StatusService],
    ) -> dict[str, int]:
        """Statuses of the messages we sent; 403 unless Meta signed the exact bytes."""
        body = await request.body()
        if not signed(settings.whatsapp_app_secret, body, request.headers.get(SIGNATURE_HEADER)):
            raise Forbidden(_REFUSED)
        try:
            payload = msgspec.json.decode(body)
        except (msgspec.DecodeError, RecursionError):
            raise BadPayload(_("Data JSON tidak sah.")) from None
        applied = await anyio.to_thread.run_sync(statuses.apply, payload)
        return {"updated": applied.updated, "unknown": applied.unknown}
