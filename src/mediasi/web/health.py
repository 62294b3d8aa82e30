"""``GET /healthz``: 200 when the database answers and is migrated, 503 otherwise.

A load balancer probes every few seconds. Each probe checks that the database answers
(``SELECT 1``); whether its schema is at the code's heads is read again only a minute after it
was last found so, or when the heads change (a deploy that adds a migration is seen at once). A
schema found behind is never remembered, so a migration run meanwhile shows at the next probe.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.response import Response
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from mediasi.config import Settings
from mediasi.db import migrate

# How long a schema found at the heads is taken as still there.
SCHEMA_RECHECK_SECONDS = 60.0


class SchemaChecks:
    """When each engine's schema was last found at which heads; thread-safe (probes run in
    worker threads). Held weakly: an engine disposed of takes its entry with it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._found: weakref.WeakKeyDictionary[Engine, tuple[frozenset[str], float]] = (
            weakref.WeakKeyDictionary()
        )

    def at_heads(self, engine: Engine, heads: set[str]) -> bool:
        wanted = frozenset(heads)
        with self._lock:
            found = self._found.get(engine)
        fresh = found is not None and self._clock() - found[1] < SCHEMA_RECHECK_SECONDS
        if fresh and found is not None and found[0] == wanted:
            return True
        ok = migrate.current(engine) == heads
        with self._lock:
            if ok:
                self._found[engine] = (wanted, self._clock())
            else:
                self._found.pop(engine, None)
        return ok


SCHEMA_CHECKS = SchemaChecks()

_UNAVAILABLE = ResponseSpec(
    data_container=dict[str, str],
    description="The database does not answer, or its schema is behind the code.",
)


class HealthController(Controller):
    path = "/healthz"

    @get(
        sync_to_thread=True,
        cache=False,
        exclude_from_auth=True,
        security=[],  # public: a load balancer's probe carries no login
        responses={503: _UNAVAILABLE},
    )
    def health(
        self, db_engine: NamedDependency[Engine], settings: NamedDependency[Settings]
    ) -> Response[dict[str, Any]]:
        try:
            with db_engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            schema_ok = SCHEMA_CHECKS.at_heads(db_engine, migrate.heads(settings))
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
            return Response({"status": "unavailable", "database": reason}, status_code=503)
        if not schema_ok:
            return Response(
                {"status": "unavailable", "database": "schema not migrated"}, status_code=503
            )
        return Response({"status": "ok", "database": "ok"}, status_code=200)
