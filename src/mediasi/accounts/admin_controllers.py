"""Admin pages: users, areas and the tokoh registry. An admin reads no case by default."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from sqlalchemy.orm import Session

from mediasi.accounts.admin import AdminService
from mediasi.accounts.auth import actor_of
from mediasi.accounts.schemas import AreaCreate, PasswordInput, TokohCreate, UserCreate
from mediasi.errors import FieldErrors
from mediasi.i18n import _
from mediasi.validation import validate
from mediasi.web.forms import flat
from mediasi.web.render import go, render

Form = URLEncodedBody[dict[str, Any]]


def _form(data: dict[str, Any], *lists: str) -> dict[str, Any]:
    """The form's fields (the CSRF token dropped); multi-selects stay lists."""
    values = {k: v for k, v in flat(data).items() if k != "_csrf_token"}
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


class AdminController(Controller):
    path = "/admin"

    def _page(
        self, request: Request[Any, Any, Any], admin: AdminService, status: int = 200, **extra: Any
    ) -> Any:
        context: dict[str, Any] = {
            "users": admin.users(),
            "areas": admin.areas(),
            "tokoh": admin.tokoh(),
            "held": admin.held_desa(),
            "errors": {},
            "values": {},
            "form": None,
            "notice": None,
        }
        context.update(extra)
        return render(request, "admin/index.html", status=status, **context)

    @get("/", sync_to_thread=True, name="admin:index")
    def index(self, request: Request[Any, Any, Any], db_session: NamedDependency[Session]) -> Any:
        return self._page(request, AdminService(db_session, actor_of(request)))

    @post("/users", sync_to_thread=True, name="admin:create_user")
    def create_user(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[Session], data: Form
    ) -> Any:
        admin = AdminService(db_session, actor_of(request))
        values = _form(data, "desa_ids")
        try:
            admin.create_user(validate(UserCreate, values))
        except FieldErrors as exc:
            values.pop("password", None)
            # One message for the multi-select, not one per chosen item ('desa_ids.0' …).
            errors = {name.split(".")[0]: message for name, message in exc.errors.items()}
            return self._page(request, admin, 422, errors=errors, values=values, form="user")
        return go(request, "/admin#users")

    @post("/users/{user_id:uuid}/password", sync_to_thread=True, name="admin:reset_password")
    def reset_password(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        user_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        admin = AdminService(db_session, actor_of(request))
        try:
            password = validate(PasswordInput, _form(data)).password
        except FieldErrors as exc:
            return self._page(request, admin, 422, errors=exc.errors, form=f"password-{user_id}")
        user = admin.reset_password(user_id, password)
        return self._page(request, admin, notice=("password", user.username))

    @post("/users/{user_id:uuid}/active", sync_to_thread=True, name="admin:set_active")
    def set_active(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        user_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        admin = AdminService(db_session, actor_of(request))
        admin.set_active(user_id, _switch(data))
        return go(request, "/admin#users")

    @post("/areas", sync_to_thread=True, name="admin:create_area")
    def create_area(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[Session], data: Form
    ) -> Any:
        admin = AdminService(db_session, actor_of(request))
        values = _form(data)
        try:
            admin.create_area(validate(AreaCreate, values))
        except FieldErrors as exc:
            return self._page(request, admin, 422, errors=exc.errors, values=values, form="area")
        return go(request, "/admin#areas")

    @post("/tokoh", sync_to_thread=True, name="admin:create_tokoh")
    def create_tokoh(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[Session], data: Form
    ) -> Any:
        admin = AdminService(db_session, actor_of(request))
        values = _form(data)
        try:
            admin.create_tokoh(validate(TokohCreate, values))
        except FieldErrors as exc:
            return self._page(request, admin, 422, errors=exc.errors, values=values, form="tokoh")
        return go(request, "/admin#tokoh")

    @post("/tokoh/{tokoh_id:uuid}/active", sync_to_thread=True, name="admin:tokoh_active")
    def tokoh_active(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        tokoh_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        admin = AdminService(db_session, actor_of(request))
        admin.set_tokoh_active(tokoh_id, _switch(data))
        return go(request, "/admin#tokoh")
