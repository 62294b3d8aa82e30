"""A router built by the app factory for the one app it makes, registered there as it is."""

from __future__ import annotations

from typing import Any

from litestar import Router


class AppRouter(Router):
    """Litestar registers a deep copy of a router it is given, so that one router can serve
    several apps. :func:`mediasi.app.create_app` builds its routers afresh for each app, so
    the copy (every handler again, with its parsed signature, models and examples) bought
    nothing and was a quarter of building the app: each worker paid it at start-up."""

    def __deepcopy__(self, memo: dict[int, Any]) -> AppRouter:
        return self
