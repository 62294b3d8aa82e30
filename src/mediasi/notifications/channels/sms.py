"""SMS through a generic HTTP gateway: Indonesian units use different providers, so the URL,
method, encoding, parameter names and what success looks like are all settings.

A reply is a success when its status is 2xx and, if ``sms_success_pattern`` is set, its body
matches it (many gateways answer 200 with an error inside). 5xx, 429, timeouts and connection
errors are retried; any other refusal is permanent. ``sms_static_params`` usually holds the API
key, so it never appears in a reason, a log line or the status page.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import parse_qsl

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
from mediasi.phones import national

BODY_IN_REASON = 300


class _NoQuery(logging.Filter):
    """httpx logs each request's URL; a GET gateway's query holds the API key and the number."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                arg.copy_with(query=None) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True


_NO_QUERY = _NoQuery()


def _at_path(payload: object, path: str) -> str | None:
    """The value at dotted ``path`` in a JSON reply (``data.id``, ``messages.0.id``)."""
    for key in path.split("."):
        if isinstance(payload, dict):
            payload = payload.get(key)
        elif isinstance(payload, list) and key.isdigit() and int(key) < len(payload):
            payload = payload[int(key)]
        else:
            return None
    if payload is None or isinstance(payload, dict | list):
        return None
    return str(payload) or None


class SmsChannel:
    name = "sms"
    reaches = PHONE

    def __init__(self, settings: Settings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.client = client or httpx.Client(timeout=settings.notify_timeout_seconds)
        logging.getLogger("httpx").addFilter(_NO_QUERY)  # the same filter is added once only
        self.success = (
            re.compile(settings.sms_success_pattern) if settings.sms_success_pattern else None
        )

    def number(self, address: str) -> str:
        """``address`` (E.164) as the gateway wants it."""
        match self.settings.sms_number_format:
            case "e164":
                return address
            case "national":
                return national(address).lstrip("+")
            case _:
                return address.lstrip("+")

    def params(self, message: Outgoing) -> dict[str, str]:
        """The request's parameters: the static ones, then the number, text and our id."""
        s = self.settings
        params = dict(parse_qsl(s.sms_static_params, keep_blank_values=True))
        params[s.sms_to_param] = self.number(message.address)
        params[s.sms_text_param] = message.text
        if s.sms_id_param:
            params[s.sms_id_param] = str(message.id)
        return params

    def _request(self, params: dict[str, str]) -> httpx.Response:
        s = self.settings
        url = s.sms_url or ""
        if s.sms_method == "GET":
            return self.client.get(url, params=params)
        if s.sms_encoding == "json":
            return self.client.post(url, json=params)
        return self.client.post(url, data=params)

    def send(self, message: Outgoing) -> Sent:
        with transient_errors("SMS gateway"):
            response = self._request(self.params(message))
        body = response.text
        reason = f"SMS gateway answered HTTP {response.status_code}: {body[:BODY_IN_REASON]}"
        if response.status_code >= 500 or response.status_code == 429:
            raise SendFailed(reason, permanent=False, retry_after=retry_after(response))
        if not response.is_success or (self.success and not self.success.search(body)):
            raise SendFailed(reason, permanent=True)
        return Sent(provider_id=self._provider_id(response))

    def _provider_id(self, response: httpx.Response) -> str | None:
        if not self.settings.sms_id_path:
            return None
        try:
            payload: Any = response.json()
        except ValueError:
            return None
        return _at_path(payload, self.settings.sms_id_path)

    def status(self) -> ChannelStatus:
        s = self.settings
        return ChannelStatus(
            self.name,
            _("telepon (SMS)"),
            {
                "url": shown(s.sms_url),
                "method": s.sms_method,
                "encoding": s.sms_encoding,
                "to_param": s.sms_to_param,
                "text_param": s.sms_text_param,
                "static_params": secret(s.sms_static_params),
                "id_param": shown(s.sms_id_param),
                "success_pattern": shown(s.sms_success_pattern),
                "id_path": shown(s.sms_id_path),
                "number_format": s.sms_number_format,
            },
        )
