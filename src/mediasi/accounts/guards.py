"""Role guards for controllers and routes: who may open a page is checked before its handler.

Scope (which cases, which area) is the services' job; these only say which roles may ask.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from mediasi.accounts.auth import actor_of
from mediasi.accounts.roles import Role
from mediasi.errors import Forbidden
from mediasi.i18n import Translatable, _

NOT_YOURS = _("Anda tidak berwenang membuka halaman ini.")


def requires(*roles: Role, refusal: Translatable = NOT_YOURS) -> Guard:
    """A guard letting only ``roles`` through; anyone else gets 403 with ``refusal``."""
    allowed = frozenset(roles)

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if connection.scope.get("method") == "OPTIONS":
            return  # A preflight carries no login; it only learns the allowed methods.
        if actor_of(connection).role not in allowed:
            raise Forbidden(refusal)

    guard.__name__ = "requires_" + "_or_".join(sorted(allowed))
    return guard


# Officers and supervisors work cases; tokoh and admins do not.
CASE_WORKERS = requires(Role.OFFICER, Role.SUPERVISOR)
SUPERVISORS = requires(Role.SUPERVISOR)
ADMINS = requires(Role.ADMIN)
TOKOH = requires(Role.TOKOH)
