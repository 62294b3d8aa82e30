"""WhatsApp through Meta's WhatsApp Business Platform Cloud API: one template message per send.

Outside the 24-hour customer-service window Meta only delivers approved *template* messages,
so every kind is sent as template ``mediasi_<kind>`` whose body variables are the kind's
parameters, in order (see :mod:`mediasi.notifications.texts`).

The shapes below are Meta's documented ones (developers.facebook.com, "Send message templates",
"WhatsApp error codes"): ``POST {api}/{phone-number-id}/messages`` with a bearer token; success
``{"messaging_product": "whatsapp", "contacts": [...], "messages": [{"id": "wamid..."}]}``;
failure ``{"error": {"message", "type", "code", "error_subcode", "error_data": {"details"},
"fbtrace_id"}}``. Meta advises deciding on ``code`` and ``details``, never on titles.
``biz_opaque_callback_data`` carries our message id and comes back in status webhooks.
"""

from __future__ import annotations

from typing import Any

import httpx

from mediasi.config import Settings
from mediasi.i18n import _
from mediasi.notifications.channels.base import (
    PHONE,
    ChannelStatus,
    Outgoing,
    SendFailed,
    Sent,
    secret,
    shown,
)
from mediasi.notifications.channels.http import retry_after, transient_errors

# Retrying cannot help: the number is not on WhatsApp (131026), a template's parameters or
# name are wrong (132000, 132001, 132005, 132007, 132012), a parameter is invalid (100), the
# token expired or lacks permission (0, 3, 10, 190), the account is restricted (368, 131031).
PERMANENT = frozenset(
    {0, 3, 10, 33, 100, 190, 368, 131008, 131009, 131021, 131026, 131031, 131045, 131051}
    | {132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069}
)
# Throughput and temporary errors: 4 and 80007 (call limits), 130429 (throughput), 131048
# (spam rate), 131056 (pair rate), 131000 (something went wrong), 131016 (service
# unavailable), 131049 (Meta chose not to deliver now), 1 and 2 (unknown, service).
TEMPORARY = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131049, 131056})


def _reason(error: dict[str, Any]) -> str:
    data = error.get("error_data")
    details: dict[str, Any] = data if isinstance(data, dict) else {}
    parts = [f"WhatsApp error {error.get('code')}", str(error.get("message") or "")]
    if details.get("details"):
        parts.append(str(details["details"]))
    return ": ".join(p for p in parts if p)


class WhatsAppChannel:
    name = "whatsapp"
    reaches = PHONE

    def __init__(self, settings: Settings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.client = client or httpx.Client(timeout=settings.notify_timeout_seconds)

    @property
    def url(self) -> str:
        base = self.settings.whatsapp_api_url.rstrip("/")
        return f"{base}/{self.settings.whatsapp_phone_id}/messages"

    def body(self, message: Outgoing) -> dict[str, Any]:
        """The documented template message request for ``message``."""
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.address.lstrip("+"),
            "type": "template",
            "biz_opaque_callback_data": str(message.id),
            "template": {
                "name": f"mediasi_{message.kind}",
                "language": {"code": self.settings.whatsapp_template_language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [
                            {"type": "text", "text": str(value)}
                            for value in message.params.values()
                        ],
                    }
                ],
            },
        }

    def send(self, message: Outgoing) -> Sent:
        headers = {"Authorization": f"Bearer {self.settings.whatsapp_token}"}
        with transient_errors("WhatsApp"):
            response = self.client.post(self.url, json=self.body(message), headers=headers)
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if response.is_success and isinstance(payload, dict):
            messages = payload.get("messages")
            if isinstance(messages, list) and messages and isinstance(messages[0], dict):
                return Sent(provider_id=str(messages[0].get("id") or "") or None)
        error = payload.get("error") if isinstance(payload, dict) else None
        if not isinstance(error, dict):
            permanent = 400 <= response.status_code < 500 and response.status_code != 429
            raise SendFailed(
                f"WhatsApp answered HTTP {response.status_code}",
                permanent=permanent,
                retry_after=retry_after(response),
            )
        code = error.get("code")
        if code in TEMPORARY or response.status_code >= 500 or response.status_code == 429:
            permanent = False
        else:
            permanent = code in PERMANENT or 400 <= response.status_code < 500
        raise SendFailed(_reason(error), permanent=permanent, retry_after=retry_after(response))

    def status(self) -> ChannelStatus:
        s = self.settings
        return ChannelStatus(
            self.name,
            _("telepon (WhatsApp)"),
            {
                "api_url": s.whatsapp_api_url,
                "phone_id": shown(s.whatsapp_phone_id),
                "token": secret(s.whatsapp_token),
                "app_secret": secret(s.whatsapp_app_secret),
                "verify_token": secret(s.whatsapp_verify_token),
                "template_language": s.whatsapp_template_language,
            },
        )
