"""What the local provider stand-ins share: requests recorded, faults injected (a status and
body, or seconds of silence), a JSON reply (with Retry-After on a 429), and a server run in a
thread for the length of a test."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

RETRY_AFTER = "120"

Fault = tuple[int, dict[str, Any]] | float


class FakeProvider:
    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.requests: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.server = _QuietServer(("127.0.0.1", 0), handler)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def fault(self, handler: BaseHTTPRequestHandler) -> bool:
        """Play the next fault, if any; whether it answered the request."""
        if not self.faults:
            return False
        fault = self.faults.pop(0)
        if isinstance(fault, float):
            time.sleep(fault)
            return False
        reply(handler, *fault)
        return True


class QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        reply(self, status, payload)


def reply(handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
    data = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("content-type", "application/json")
    if status == 429:
        handler.send_header("retry-after", RETRY_AFTER)
    handler.send_header("content-length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class _QuietServer(ThreadingHTTPServer):
    """A client that hung up mid-reply (a dispatcher killed by a test) is no error of the fake;
    the default handler would print a traceback into whichever test's output comes next."""

    def handle_error(self, request: object, client_address: object) -> None:
        return


@contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[None]:
    # Polled every 20 ms, not 500: shutdown() waits for the next poll, once per test.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
