"""A benchmark's database as a deployment has it: migrated and loaded with the demo by the
``mediasi`` command itself; the app in-process on it, without background work; the demo's
users logged in through the login form; the audit chain checked afterwards."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from mediasi.config import Settings
from mediasi.runtime import Runtime

MEDIASI = str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "mediasi")
SECRET = "bench-" + "k" * 40
PASSWORD = "mediasi-demo"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
# The fields of the two steps the benchmarks loop over (escalate, return_escalation).
FIELDS = {
    "escalate": {"reason": "Buntu, pihak menolak hadir.", "target": "reskrim_polsek"},
    "return_escalation": {"instructions": "Coba mediasi sekali lagi."},
}


def demo_env(url: str, *, seeded: bool = False, **extra: str) -> dict[str, str]:
    """The environment of ``mediasi`` on ``url``, after ``db upgrade`` and ``demo`` ran in it
    (here, unless an earlier run ``seeded`` it)."""
    env = {**os.environ, "MEDIASI_DATABASE_URL": url, "MEDIASI_SECRET_KEY": SECRET, **extra}
    for command in () if seeded else (["db", "upgrade"], ["demo"]):
        subprocess.run([MEDIASI, *command], env=env, check=True, capture_output=True)
    return env


def quiet_runtime(url: str) -> Runtime:
    """The app's runtime on ``url`` with no deadline scanner and no dispatcher beside it, and
    the API's rate limits lifted."""
    return Runtime.build(
        Settings(
            database_url=url,
            secret_key=SECRET,
            deadline_scanner=False,
            notify_dispatcher=False,
            # One client on one address is the load measured, not one to slow down.
            api_rate_per_address=10**9,
            api_rate_per_token=10**9,
        )
    )


def log_in(client: TestClient[Any], username: str) -> str:
    """Log a demo user in through the form; the CSRF token the page gave."""
    page = client.get("/login")
    found = TOKEN.search(page.text)
    assert found is not None, page.status_code
    token = found.group(1)
    form = {"username": username, "password": PASSWORD, "_csrf_token": token}
    sent = client.post("/login", data=form, follow_redirects=False)
    assert sent.status_code == 303, sent.status_code
    return token


def audit_verify(env: dict[str, str]) -> str:
    """``mediasi audit verify``'s last line and its exit status."""
    verified = subprocess.run(
        [MEDIASI, "audit", "verify"], env=env, capture_output=True, text=True, check=False
    )
    said = (verified.stdout.strip().splitlines() or [verified.stderr.strip()])[-1]
    return f"{said} (exit {verified.returncode})"
