"""Admin pages: users, areas and the tokoh registry. An admin reads no case by default."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody
from pydantic import BaseModel
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.admin import ADMINS_ONLY, AdminService
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.accounts.schemas import (
    AreaCreate,
    ContactInput,
    PasswordInput,
    TokohCreate,
    UserCreate,
)
from mediasi.accounts.sessions import SessionEnder
from mediasi.config import Settings
from mediasi.errors import FieldErrors
from mediasi.i18n import _
from mediasi.phones import national
from mediasi.validation import validate
from mediasi.web.forms import Failure, flat, form_fields, submit
from mediasi.web.render import go, render

Form = URLEncodedBody[dict[str, Any]]
Admin = NamedDependency[AdminService]
Schema = TypeVar("Schema", bound=BaseModel)


def provide_admin_service(
    db_session: NamedDependency[Session],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
) -> AdminService:
    return AdminService(db_session, actor, SessionEnder(settings))


def _form(data: dict[str, Any], *lists: str) -> dict[str, Any]:
    """The form's fields (the CSRF token dropped); multi-selects stay lists."""
    values = form_fields(data)
    for name in lists:
        raw = data.get(name, [])
        values[name] = [v for v in (raw if isinstance(raw, list) else [raw]) if v]
    return values


def _switch(data: dict[str, Any]) -> bool:
    """``active`` must say true or false; anything else is refused, not read as 'off'."""
    value = flat(data).get("active")
    if value not in ("true", "false"):
        raise FieldErrors({"active": _("Nilai harus true atau false.")})
    return bool(value == "true")


def _page(
    request: Request[Any, Any, Any], admin: AdminService, status: int = 200, **extra: Any
) -> Response[Any]:
    context: dict[str, Any] = {
        "users": admin.users(),
        "areas": admin.areas(),
        "tokoh": admin.tokoh(),
        "held": admin.held_desa(),
        "errors": {},
        "values": {},
        "form": None,
        "notice": None,
        "national": national,
    }
    context.update(extra)
    return render(request, "admin/index.html", status=status, **context)


def _back(request: Request[Any, Any, Any], section: str) -> Callable[[Any], Response[Any]]:
    """After a change: the admin page at the section that changed."""
    return lambda _: go(request, _section(request, section))


def _section(request: Request[Any, Any, Any], section: str) -> str:
    return f"{request.app.route_reverse('admin:index')}#{section}"


def _created(
    request: Request[Any, Any, Any],
    admin: AdminService,
    values: dict[str, Any],
    create: Callable[[Schema], Any],
    schema: type[Schema],
    section: str,
    form: str,
) -> Response[Any]:
    """A form that adds one row: back at its section, or its errors beside its fields."""
    return submit(
        lambda: create(validate(schema, values)),
        values=values,
        success=_back(request, section),
        failure=_refused(request, admin, form),
    )


def _contact(
    request: Request[Any, Any, Any],
    admin: AdminService,
    data: dict[str, Any],
    change: Callable[[ContactInput], Any],
    section: str,
    form: str,
) -> Response[Any]:
    """A contact form of one row: back at its section, or the row's form open with its errors."""
    values = _form(data)
    return submit(
        lambda: change(validate(ContactInput, values)),
        values=values,
        success=_back(request, section),
        failure=_refused(request, admin, form),
    )


def _refused(
    request: Request[Any, Any, Any], admin: AdminService, form: str, *, keep_values: bool = True
) -> Callable[[Failure], Response[Any]]:
    """The admin page again with the form's errors beside its fields (never the password)."""

    def failed(failure: Failure) -> Response[Any]:
        values = {k: v for k, v in failure.values.items() if k != "password"}
        # One message for a multi-select, not one per chosen item ('desa_ids.0' …).
        errors = {name.split(".")[0]: message for name, message in failure.errors.items()}
        return _page(
            request,
            admin,
            failure.status,
            errors=errors,
            values=values if keep_values else {},
            form=form,
        )

    return failed


class AdminController(Controller):
    path = "/admin"
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {"admin": Provide(provide_admin_service, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="admin:index")
    def index(self, request: Request[Any, Any, Any], admin: Admin) -> Any:
        return _page(request, admin)

    @post("/users", sync_to_thread=True, name="admin:create_user")
    def create_user(self, request: Request[Any, Any, Any], admin: Admin, data: Form) -> Any:
        values = _form(data, "desa_ids")
        return _created(request, admin, values, admin.create_user, UserCreate, "users", "user")

    @post("/users/{user_id:uuid}/password", sync_to_thread=True, name="admin:reset_password")
    def reset_password(
        self, request: Request[Any, Any, Any], admin: Admin, user_id: FromPath[UUID], data: Form
    ) -> Any:
        return submit(
            lambda: admin.reset_password(user_id, validate(PasswordInput, _form(data)).password),
            success=lambda user: _page(request, admin, notice=("password", user.username)),
            failure=_refused(request, admin, f"password-{user_id}", keep_values=False),
        )

    @post("/users/{user_id:uuid}/contact", sync_to_thread=True, name="admin:user_contact")
    def user_contact(
        self, request: Request[Any, Any, Any], admin: Admin, user_id: FromPath[UUID], data: Form
    ) -> Any:
        change = partial(admin.set_user_contact, user_id)
        return _contact(request, admin, data, change, "users", f"contact-{user_id}")

    @post("/users/{user_id:uuid}/active", sync_to_thread=True, name="admin:set_active")
    def set_active(
        self, request: Request[Any, Any, Any], admin: Admin, user_id: FromPath[UUID], data: Form
    ) -> Any:
        return _back(request, "users")(admin.set_active(user_id, _switch(data)))

    @post("/areas", sync_to_thread=True, name="admin:create_area")
    def create_area(self, request: Request[Any, Any, Any], admin: Admin, data: Form) -> Any:
        values = _form(data)
        return _created(request, admin, values, admin.create_area, AreaCreate, "areas", "area")

    @post("/tokoh", sync_to_thread=True, name="admin:create_tokoh")
    def create_tokoh(self, request: Request[Any, Any, Any], admin: Admin, data: Form) -> Any:
        values = _form(data)
        return _created(request, admin, values, admin.create_tokoh, TokohCreate, "tokoh", "tokoh")

    @post("/tokoh/{tokoh_id:uuid}/contact", sync_to_thread=True, name="admin:tokoh_contact")
    def tokoh_contact(
        self, request: Request[Any, Any, Any], admin: Admin, tokoh_id: FromPath[UUID], data: Form
    ) -> Any:
        change = partial(admin.set_tokoh_contact, tokoh_id)
        return _contact(request, admin, data, change, "tokoh", f"contact-{tokoh_id}")

    @post("/tokoh/{tokoh_id:uuid}/active", sync_to_thread=True, name="admin:tokoh_active")
    def tokoh_active(
        self, request: Request[Any, Any, Any], admin: Admin, tokoh_id: FromPath[UUID], data: Form
    ) -> Any:
        return _back(request, "tokoh")(admin.set_tokoh_active(tokoh_id, _switch(data)))
