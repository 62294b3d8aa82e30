"""The token pages: a person's own tokens under their account, an admin's service tokens.

A new token's text is on the answer to the form that made it, once: it is stored only as a
digest, and the page says so. That answer is never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.db.base import utcnow
from mediasi.tokens.models import ApiToken
from mediasi.tokens.schemas import LIFETIMES, RevokeForm, ServiceTokenForm, TokenForm
from mediasi.tokens.scopes import FEATURES, features_for
from mediasi.tokens.services import Issued, TokenService
from mediasi.validation import validate
from mediasi.web.forms import Failure, form_fields, submit
from mediasi.web.render import go, render

Form = URLEncodedBody[dict[str, Any]]
Tokens = NamedDependency[TokenService]
NO_STORE = {"Cache-Control": "no-store"}


def provide_tokens(
    db_session: NamedDependency[Session], actor: NamedDependency[Actor]
) -> TokenService:
    return TokenService(db_session, actor)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """The form's fields; the scopes stay a list, however many boxes were ticked."""
    values = form_fields(data)
    raw = data.get("scopes", [])
    values["scopes"] = [s for s in (raw if isinstance(raw, list) else [raw]) if s]
    return values


def _page(
    request: Request[Any, Any, Any],
    tokens: TokenService,
    admin: bool,
    status: int = 200,
    **extra: Any,
) -> Response[Any]:
    context: dict[str, Any] = {
        "admin": admin,
        "tokens": tokens.every() if admin else tokens.own(),
        "users": tokens.users() if admin else [],
        # The admin page issues tokens for any user, an admin among them.
        "features": FEATURES if admin else features_for(tokens.actor_is_admin()),
        "lifetimes": LIFETIMES,
        "now": utcnow(),
        "issued": None,
        "errors": {},
        "values": {},
    }
    context.update(extra)
    response = render(request, "tokens/list.html", status=status, **context)
    response.headers.update(NO_STORE)
    return response


def _shown(
    request: Request[Any, Any, Any], tokens: TokenService, admin: bool
) -> Callable[[Issued], Response[Any]]:
    return lambda issued: _page(request, tokens, admin, issued=issued, status=201)


def _refused(
    request: Request[Any, Any, Any], tokens: TokenService, admin: bool
) -> Callable[[Failure], Response[Any]]:
    return lambda failure: _page(
        request,
        tokens,
        admin,
        errors=failure.errors or {"name": failure.error.messages[0]},
        values=failure.values,
        status=failure.status,
    )


def _create(
    request: Request[Any, Any, Any],
    tokens: TokenService,
    data: dict[str, Any],
    make: Callable[[dict[str, Any]], Issued],
    admin: bool,
) -> Response[Any]:
    """The form's one service call: the new token shown once, or the errors beside the fields."""
    values = _values(data)
    return submit(
        lambda: make(values),
        values=values,
        success=_shown(request, tokens, admin),
        failure=_refused(request, tokens, admin),
    )


class TokenController(Controller):
    """``/akun/token``: anyone logged in, over their own tokens."""

    path = "/akun/token"
    dependencies = {"tokens": Provide(provide_tokens, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="tokens:own")
    def own(self, request: Request[Any, Any, Any], tokens: Tokens) -> Response[Any]:
        return _page(request, tokens, admin=False)

    @post("/", sync_to_thread=True, name="tokens:create")
    def create(self, request: Request[Any, Any, Any], tokens: Tokens, data: Form) -> Any:
        def make(values: dict[str, Any]) -> Issued:
            return tokens.create_own(validate(TokenForm, values))

        return _create(request, tokens, data, make, admin=False)

    @post("/{token_id:uuid}/cabut", sync_to_thread=True, name="tokens:revoke")
    def revoke(
        self, request: Request[Any, Any, Any], tokens: Tokens, token_id: FromPath[UUID], data: Form
    ) -> Any:
        """Its owner, or an admin (sent back to the list of every token)."""
        back = "admin:tokens" if tokens.actor.role == Role.ADMIN else "tokens:own"

        def revoke() -> ApiToken:
            validate(RevokeForm, form_fields(data))
            return tokens.revoke(token_id)

        return submit(
            revoke,
            success=lambda _: go(request, request.app.route_reverse(back)),
            failure=_refused(request, tokens, admin=back == "admin:tokens"),
        )


class AdminTokenController(Controller):
    """``/admin/token``: every token, and service tokens made for a user."""

    path = "/admin/token"
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {"tokens": Provide(provide_tokens, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="admin:tokens")
    def every(self, request: Request[Any, Any, Any], tokens: Tokens) -> Response[Any]:
        return _page(request, tokens, admin=True)

    @post("/", sync_to_thread=True, name="admin:create_token")
    def create(self, request: Request[Any, Any, Any], tokens: Tokens, data: Form) -> Any:
        def make(values: dict[str, Any]) -> Issued:
            return tokens.create_service(validate(ServiceTokenForm, values))

        return _create(request, tokens, data, make, admin=True)
