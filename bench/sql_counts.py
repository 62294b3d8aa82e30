"""How many SQL statements and transactions one request runs, counted in-process through the
same app the server runs (the engine's own events), for a page view and each kind of step."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar.testing import TestClient
from sqlalchemy import event

from bench.demo import log_in, quiet_runtime
from mediasi.app import create_app


@dataclass(frozen=True)
class Counted:
    label: str
    statements: int
    transactions: int
    status: int

    def __str__(self) -> str:
        return (
            f"{self.label:34} {self.statements:3} statements in "
            f"{self.transactions} transactions (HTTP {self.status})"
        )


def counted_requests(url: str) -> Iterator[Counted]:
    logging.disable(logging.INFO)  # the app's and the test client's lines would drown these
    runtime = quiet_runtime(url)
    counts = {"statements": 0, "transactions": 0}

    def statement(*_: Any) -> None:
        counts["statements"] += 1

    def begin(*_: Any) -> None:
        counts["transactions"] += 1

    event.listen(runtime.engine, "before_cursor_execute", statement)
    event.listen(runtime.engine, "begin", begin)
    try:
        with (
            TestClient(create_app(runtime=runtime)) as officer,
            TestClient(create_app(runtime=runtime)) as supervisor,
        ):
            officer_token, supervisor_token = (
                log_in(officer, "petugas"),
                log_in(supervisor, "pengawas"),
            )
            case = new_case(officer, officer_token)

            def measured(label: str, send: Any) -> Counted:
                counts.update(statements=0, transactions=0)
                status = send().status_code
                return Counted(label, counts["statements"], counts["transactions"], status)

            api = f"/api/cases/{case['id']}/transitions"
            yield measured("page view GET /cases/{id}", lambda: officer.get(f"/cases/{case['id']}"))
            yield measured(
                "api escalate",
                lambda: officer.post(
                    f"{api}/escalate",
                    content=json.dumps(
                        {
                            "version": case["version"],
                            "fields": {"reason": "Buntu.", "target": "reskrim_polsek"},
                        }
                    ),
                    headers={"content-type": "application/json", "x-csrftoken": officer_token},
                ),
            )
            yield measured(
                "api return_escalation",
                lambda: supervisor.post(
                    f"{api}/return_escalation",
                    content=json.dumps(
                        {"version": case["version"] + 1, "fields": {"instructions": "Coba lagi."}}
                    ),
                    headers={"content-type": "application/json", "x-csrftoken": supervisor_token},
                ),
            )
            form = {
                "reason": "Buntu.",
                "target": "reskrim_polsek",
                "version": case["version"] + 2,
                "_csrf_token": officer_token,
            }
            yield measured(
                "form escalate (HTMX)",
                lambda: officer.post(
                    f"/cases/{case['id']}/steps/escalate",
                    content=urlencode(form),
                    headers={
                        "content-type": "application/x-www-form-urlencoded",
                        "hx-request": "true",
                    },
                ),
            )
    finally:
        runtime.close()


def new_case(client: TestClient[Any], token: str) -> dict[str, Any]:
    desa = client.get("/api/cases").json()
    desa_id = desa["items"][0]["desa_id"] if isinstance(desa, dict) else desa[0]["desa_id"]
    made = client.post(
        "/api/cases",
        content=json.dumps(
            {
                "workflow": "sengketa",
                "category": "batas_tanah",
                "title": "Sengketa batas untuk hitungan SQL",
                "desa_id": desa_id,
                "reporter_name": "Darto Santoso",
            }
        ),
        headers={"content-type": "application/json", "x-csrftoken": token},
    )
    assert made.status_code == 201, made.text[:300]
    return dict(made.json())
