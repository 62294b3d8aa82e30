"""``GET /healthz``: 200 when the database answers and is migrated, 503 otherwise."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.response import Response
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from mediasi.config import Settings
from mediasi.db import migrate

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
            schema_ok = migrate.current(db_engine) == migrate.heads(settings)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0][:200]
            return Response({"status": "unavailable", "database": reason}, status_code=503)
        if not schema_ok:
            return Response(
                {"status": "unavailable", "database": "schema not migrated"}, status_code=503
            )
        return Response({"status": "ok", "database": "ok"}, status_code=200)
