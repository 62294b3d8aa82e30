"""A local stand-in for a typical Indonesian HTTP SMS gateway: ``to``, ``text`` and ``apikey``
as a POST form, a JSON body or a GET query; ``{"status": "OK", "data": {"id": ...}}`` on
success; each request recorded, faults injected on demand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from uuid import uuid4

from tests.fakes.http import FakeProvider, QuietHandler, serving

API_KEY = "sms-api-key-never-shown"

SERVER_ERROR = (500, {"status": "ERROR", "message": "internal error"})
INVALID_NUMBER = (400, {"status": "ERROR", "message": "invalid number"})
ERROR_IN_OK = (200, {"status": "ERROR", "message": "insufficient balance"})
RATE_LIMIT = (429, {"status": "ERROR", "message": "too many requests"})


class FakeSms(FakeProvider):
    def __init__(self) -> None:
        super().__init__(self._handler())

    @property
    def url(self) -> str:
        return f"{self.base}/api/send"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                self._handle("GET", dict(parse_qsl(urlsplit(self.path).query)))

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                if self.headers.get("content-type", "").startswith("application/json"):
                    self._handle("POST json", json.loads(raw))
                else:
                    self._handle("POST form", dict(parse_qsl(raw.decode())))

            def _handle(self, how: str, params: dict[str, Any]) -> None:
                if urlsplit(self.path).path != "/api/send":
                    return self._reply(404, {"status": "ERROR", "message": "not found"})
                if params.get("apikey") != API_KEY:
                    return self._reply(401, {"status": "ERROR", "message": "invalid apikey"})
                fake.requests.append({"how": how, **params})
                if fake.fault(self):
                    return None
                return self._reply(200, {"status": "OK", "data": {"id": f"sms-{uuid4().hex}"}})

        return Handler


@contextmanager
def running() -> Iterator[FakeSms]:
    fake = FakeSms()
    with serving(fake.server):
        yield fake
