"""The server's access log holds no NIK or phone number: an officer's case-list search by NIK
reaches the list, and the log line ``mediasi serve --access-log`` writes
for it shows the path with the search text hidden (both backends)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mediasi.runtime import Runtime
from tests.factories import PASSWORD, World
from tests.integration.web.conftest import Cases

NIK = "3507123405060001"
PHONE = "081234567890"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(runtime: Runtime, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "MEDIASI_DATABASE_URL": runtime.settings.database_url,
        "MEDIASI_SECRET_KEY": "access-log-" + "k" * 40,
        "MEDIASI_DEADLINE_SCANNER": "false",
        "MEDIASI_NOTIFY_DISPATCHER": "false",
    }
    mediasi = str(Path(sys.executable).parent / "mediasi")
    command = [mediasi, "serve", "--port", str(port), "--workers", "1", "--access-log"]
    server = subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")


def test_a_search_by_nik_leaves_no_nik_in_the_access_log(
    runtime: Runtime, world: World, cases: Cases, tmp_path: Path
) -> None:
    cases.add_party(cases.report(), name="Sutrisno", nik=NIK, phone=PHONE)
    log = tmp_path / "serve.log"
    server, base = _serve(runtime, log)
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            token = TOKEN.search(client.get("/login").text)
            assert token is not None
            form = {"username": "officer", "password": PASSWORD, "_csrf_token": token.group(1)}
            assert client.post("/login", data=form).status_code in (200, 303)
            found = client.get("/cases", params={"q": NIK})
            by_phone = client.get("/cases", params={"q": PHONE, "page": "1"})
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert found.status_code == 200
    assert f'value="{NIK}"' in found.text  # the list got the search, and shows it back
    assert by_phone.status_code == 200
    written = log.read_text(errors="replace")
    assert "GET /cases?q=***" in written, written[-2000:]
    assert "GET /cases?q=***&page=1" in written, written[-2000:]
    assert NIK not in written
    assert PHONE not in written
    assert NIK[:8] not in written
