"""The API step loop the in-process benchmarks measure: escalate (the demo officer) and
return_escalation (the demo supervisor) on a new case, through one app, as a worker has one.

One test client carries both users, their cookies kept apart and swapped in per step: a second
client would build and start a second app (and two clients on one app hang at start-up).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import httpx
from litestar.testing import TestClient

from bench.demo import FIELDS, log_in, quiet_runtime
from bench.sql_counts import new_case
from mediasi.app import create_app


def stepper(url: str) -> tuple[Callable[[], int], Callable[[], None]]:
    """A function that fires the case's next step (returning the HTTP status), and one that
    closes the client and the runtime."""
    logging.disable(logging.INFO)
    runtime = quiet_runtime(url)
    client = TestClient(create_app(runtime=runtime)).__enter__()
    users: dict[str, tuple[httpx.Cookies, str]] = {}
    for trigger, username in (("return_escalation", "pengawas"), ("escalate", "petugas")):
        client.cookies = httpx.Cookies()
        token = log_in(client, username)
        users[trigger] = (httpx.Cookies(client.cookies), token)
    case = new_case(client, users["escalate"][1])
    state = {"trigger": "escalate", "version": case["version"]}

    def step() -> int:
        trigger = state["trigger"]
        cookies, token = users[trigger]
        client.cookies = cookies
        sent = client.post(
            f"/api/cases/{case['id']}/transitions/{trigger}",
            content=json.dumps({"version": state["version"], "fields": FIELDS[trigger]}),
            headers={"content-type": "application/json", "x-csrftoken": token},
        )
        users[trigger] = (httpx.Cookies(client.cookies), token)
        if sent.status_code == 200:
            state["version"] = sent.json()["version"]
            state["trigger"] = "return_escalation" if trigger == "escalate" else "escalate"
        return sent.status_code

    def close() -> None:
        client.__exit__(None, None, None)
        runtime.close()

    return step, close
