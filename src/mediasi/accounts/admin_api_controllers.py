"""``/api/admin``: the admin page (``/admin``) as JSON: users (listed, created, a new password,
their contact, on or off), the area tree (listed, a node added) and the tokoh registry
(listed, created, contact, on or off), through the page's service and its role guard: only
an admin (403 for anyone else, their tokens too). API tokens are made on the token pages
only, never here."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mediasi.accounts.admin import ADMINS_ONLY, AdminService
from mediasi.accounts.admin_api_schemas import (
    ActiveIn,
    AreaIn,
    AreaOut,
    AreaPageOut,
    ContactIn,
    PasswordIn,
    TokohIn,
    TokohOut,
    TokohPageOut,
    UserIn,
    UserOut,
    UserPageOut,
)
from mediasi.accounts.admin_controllers import provide_admin_service
from mediasi.accounts.guards import requires
from mediasi.accounts.models import User
from mediasi.accounts.roles import Role
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_of

Admin = NamedDependency[AdminService]
Id = FromPath[UUID]
AnyRequest = Request[Any, Any, Any]
LIST = {"sync_to_thread": True, **documented(422), **declared(query=[PAGE])}
CHANGE = {"sync_to_thread": True, "status_code": HTTP_200_OK, **documented(404, writes=True)}
CREATE = {"sync_to_thread": True, "status_code": HTTP_201_CREATED, **documented(writes=True)}


def _user(admin: AdminService, user: User) -> UserOut:
    """A user as every answer shows them, with the desa they hold."""
    return UserOut.of(user, admin.held_desa(user.id).get(user.id, []))


def _wanted(request: AnyRequest) -> int:
    return validate(PageQuery, dict(request.query_params)).page


class AdminApiController(Controller):
    path = "/api/admin"
    tags = ("admin",)
    opt = {"feature": "admin"}
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {"admin": Provide(provide_admin_service, sync_to_thread=False)}

    # ---- users -------------------------------------------------------------------------------

    @get("/users", name="api:admin_users", **LIST)
    def users(self, request: AnyRequest, admin: Admin) -> UserPageOut:
        """Every account by username, 20 a page, with the desa each officer holds."""
        here = request.app.route_reverse("api:admin_users")
        rows, fields = page_of(admin.users(), _wanted(request), here)
        held = admin.held_desa()
        return UserPageOut(items=[UserOut.of(u, held.get(u.id, [])) for u, _ in rows], **fields)

    @post("/users", name="api:admin_create_user", **CREATE, **declared(body=UserIn))
    def create_user(self, admin: Admin, data: JsonBody = None) -> UserOut:
        """A new account with its first password (never answered back)."""
        form = validate(UserIn, data)
        return UserOut.of(admin.create_user(form), form.desa_ids)

    @post(
        "/users/{user_id:uuid}/password",
        name="api:admin_password",
        **CHANGE,
        **declared(body=PasswordIn),
    )
    def reset_password(self, admin: Admin, user_id: Id, data: JsonBody = None) -> UserOut:
        """A new password the admin chose, as the page sets it: every session of the user
        ends; the answer is the user, without the password."""
        password = validate(PasswordIn, data).password
        return _user(admin, admin.reset_password(user_id, password))

    @post(
        "/users/{user_id:uuid}/contact",
        name="api:admin_user_contact",
        **CHANGE,
        **declared(body=ContactIn),
    )
    def user_contact(self, admin: Admin, user_id: Id, data: JsonBody = None) -> UserOut:
        """The phone and email the user's digests and escalation messages go to."""
        return _user(admin, admin.set_user_contact(user_id, validate(ContactIn, data)))

    @post(
        "/users/{user_id:uuid}/active",
        name="api:admin_user_active",
        **CHANGE,
        **declared(body=ActiveIn),
    )
    def user_active(self, admin: Admin, user_id: Id, data: JsonBody = None) -> UserOut:
        """Switch an account on or off; off ends its sessions and stops its tokens."""
        return _user(admin, admin.set_active(user_id, validate(ActiveIn, data).active))

    # ---- areas -------------------------------------------------------------------------------

    @get("/areas", name="api:admin_areas", **LIST)
    def areas(self, request: AnyRequest, admin: Admin) -> AreaPageOut:
        """The area tree, each node after its parent (by ``path``), 20 a page."""
        here = request.app.route_reverse("api:admin_areas")
        rows, fields = page_of(admin.areas(), _wanted(request), here)
        return AreaPageOut(items=[AreaOut.of(a) for a in rows], **fields)

    @post("/areas", name="api:admin_create_area", **CREATE, **declared(body=AreaIn))
    def create_area(self, admin: Admin, data: JsonBody = None) -> AreaOut:
        """A node of the tree, one level under its parent."""
        return AreaOut.of(admin.create_area(validate(AreaIn, data)))

    # ---- the tokoh registry ------------------------------------------------------------------

    @get("/tokoh", name="api:admin_tokoh", **LIST)
    def tokoh(self, request: AnyRequest, admin: Admin) -> TokohPageOut:
        """The registry by desa and name, 20 a page."""
        here = request.app.route_reverse("api:admin_tokoh")
        rows, fields = page_of(admin.tokoh(), _wanted(request), here)
        return TokohPageOut(items=[TokohOut.of(t) for t, _ in rows], **fields)

    @post("/tokoh", name="api:admin_create_tokoh", **CREATE, **declared(body=TokohIn))
    def create_tokoh(self, admin: Admin, data: JsonBody = None) -> TokohOut:
        """A tokoh of a desa, with a login of role tokoh or without."""
        return TokohOut.of(admin.create_tokoh(validate(TokohIn, data)))

    @post(
        "/tokoh/{tokoh_id:uuid}/contact",
        name="api:admin_tokoh_contact",
        **CHANGE,
        **declared(body=ContactIn),
    )
    def tokoh_contact(self, admin: Admin, tokoh_id: Id, data: JsonBody = None) -> TokohOut:
        """The phone and email the tokoh's invitations and reminders go to."""
        return TokohOut.of(admin.set_tokoh_contact(tokoh_id, validate(ContactIn, data)))

    @post(
        "/tokoh/{tokoh_id:uuid}/active",
        name="api:admin_tokoh_active",
        **CHANGE,
        **declared(body=ActiveIn),
    )
    def tokoh_active(self, admin: Admin, tokoh_id: Id, data: JsonBody = None) -> TokohOut:
        """Switch a tokoh on or off; off, they are no longer offered to invite."""
        return TokohOut.of(admin.set_tokoh_active(tokoh_id, validate(ActiveIn, data).active))
