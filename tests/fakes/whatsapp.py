"""A local stand-in for the WhatsApp Cloud API: the documented request and reply shapes,
the bearer token checked, each request recorded, faults injected on demand."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from uuid import uuid4

from tests.fakes.http import FakeProvider, QuietHandler, serving

TOKEN = "test-token-never-shown"
PHONE_ID = "106540352242922"


def error_body(code: int, message: str, details: str) -> dict[str, Any]:
    return {
        "error": {
            "message": f"(#{code}) {message}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam",
        }
    }


UNDELIVERABLE = (400, error_body(131026, "Message undeliverable", "Unable to deliver message"))
NO_TEMPLATE = (404, error_body(132001, "Template name does not exist in the translation", "x"))
RATE_LIMIT = (429, error_body(130429, "Rate limit hit", "Too many messages"))
SERVER_ERROR = (500, {"error": {"message": "internal", "code": 131000, "type": "OAuthException"}})


class FakeWhatsApp(FakeProvider):
    def __init__(self) -> None:
        super().__init__(self._handler())
        self.delay = 0.0  # seconds every reply waits (a slow provider; a dispatcher mid-batch)

    @property
    def url(self) -> str:
        return f"{self.base}/v21.0"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                if self.path != f"/v21.0/{PHONE_ID}/messages":
                    return self._reply(404, error_body(100, "Invalid parameter", self.path))
                if self.headers.get("authorization") != f"Bearer {TOKEN}":
                    return self._reply(401, error_body(190, "Access token has expired", ""))
                body = json.loads(raw)
                assert body["messaging_product"] == "whatsapp"
                assert body["type"] == "template"
                fake.requests.append(body)
                if fake.delay:
                    time.sleep(fake.delay)
                if fake.fault(self):
                    return None
                wamid = f"wamid.{uuid4().hex}"
                return self._reply(
                    200,
                    {
                        "messaging_product": "whatsapp",
                        "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                        "messages": [{"id": wamid, "message_status": "accepted"}],
                    },
                )

        return Handler


@contextmanager
def running() -> Iterator[FakeWhatsApp]:
    fake = FakeWhatsApp()
    with serving(fake.server):
        yield fake
