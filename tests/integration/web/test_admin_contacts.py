"""The admin sets where a user's or a tokoh's messages go: a phone (kept in E.164, shown masked)
and an email; a blank field clears it, a bad value is refused beside its field with nothing
written, and no one but the admin may change either. A number set here is the one the morning
digest goes to."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select

from mediasi.accounts.models import Tokoh, User
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import TimedCases, World
from tests.integration.notifications.test_schedule import AT, of_kind, run_at
from tests.integration.web.conftest import Web, field_error

NOT_A_PHONE = "Nomor telepon tidak dikenali; tulis seperti 0812-3456-7890."
NOT_AN_EMAIL = "Alamat email tidak dikenali; tulis seperti nama@contoh.id."
TOO_LONG = "Terlalu panjang."
BAD_CHARACTERS = "Mengandung karakter yang tidak sah."
MISSING = "Wajib diisi."


def _target(world: World, what: str) -> tuple[type[Any], UUID, str]:
    """The row a contact form changes: its model, its id and its form's URL."""
    if what == "user":
        user_id = world.actor("officer").id
        return User, user_id, f"/admin/users/{user_id}/contact"
    return Tokoh, world.tokoh_a1_other, f"/admin/tokoh/{world.tokoh_a1_other}/contact"


def _contact(runtime: Runtime, model: type[Any], row_id: UUID) -> tuple[str | None, str | None]:
    with runtime.sessions() as session:
        row = session.get(model, row_id)
        assert row is not None
        return row.phone, row.email


def _all_contacts(runtime: Runtime) -> list[tuple[Any, ...]]:
    """Every user's and tokoh's phone, email and last change, to prove nothing was written."""
    with runtime.sessions() as session:
        users = session.execute(select(User.id, User.phone, User.email, User.updated_at))
        tokoh = session.execute(select(Tokoh.id, Tokoh.phone, Tokoh.email, Tokoh.updated_at))
        return sorted(tuple(map(str, row)) for row in [*users, *tokoh])


def _row(html: str, what: str, world: World) -> str:
    """The admin page's row of the officer (users table) or of Pak Suwarno (tokoh list)."""
    if what == "user":
        found = re.search(r'<tr id="user-officer".*?</tr>', html, re.S)
    else:
        found = re.search(r"<li[^>]*><strong>Pak Suwarno</strong>.*?</li>", html, re.S)
    assert found, f"no row for the {what}"
    return found.group(0)


def _contact_cell(row: str) -> str:
    """What the row shows of the contact (not the edit form's inputs)."""
    found = re.search(r'class="contact">(.*?)</(?:td|small)>', row, re.S)
    assert found
    return found.group(1)


@pytest.mark.parametrize("what", ["user", "tokoh"])
def test_the_admin_sets_a_phone_and_an_email_and_the_page_shows_them(
    web: Web, runtime: Runtime, world: World, what: str
) -> None:
    model, row_id, url = _target(world, what)
    web.login_as("admin")
    response = web.post(url, {"phone": "0812-3456-7890", "email": " Budi.Santoso@Polri.GO.ID "})
    assert response.status_code == 303, response.text[:300]
    section = "users" if what == "user" else "tokoh"
    assert response.headers["location"] == f"/admin#{section}"

    assert _contact(runtime, model, row_id) == ("+6281234567890", "Budi.Santoso@polri.go.id")
    row = _row(web.get("/admin").text, what, world)
    shown = _contact_cell(row)
    assert "0812****7890" in shown
    assert "081234567890" not in shown
    assert "Budi.Santoso@polri.go.id" in shown
    # The row's form offers the number as people write it, to edit.
    assert 'value="081234567890"' in row
    assert 'value="Budi.Santoso@polri.go.id"' in row


@pytest.mark.parametrize("what", ["user", "tokoh"])
def test_blank_fields_clear_the_phone_and_the_email(
    web: Web, runtime: Runtime, world: World, what: str
) -> None:
    model, row_id, url = _target(world, what)
    web.login_as("admin")
    assert web.post(url, {"phone": "081234567890", "email": "budi@contoh.id"}).status_code == 303
    assert web.post(url, {"phone": "", "email": "   "}).status_code == 303
    assert _contact(runtime, model, row_id) == (None, None)
    shown = _contact_cell(_row(web.get("/admin").text, what, world))
    assert "—" in shown
    assert "budi@contoh.id" not in shown


BAD = [
    ("phone", "0812", NOT_A_PHONE),
    ("phone", "<b>0812</b>", NOT_A_PHONE),
    ("phone", "0812-ABCD-7890", NOT_A_PHONE),
    ("phone", "0" * 60, NOT_A_PHONE),
    ("phone", "0812\x003456\x007890", BAD_CHARACTERS),
    ("email", "budi@", NOT_AN_EMAIL),
    ("email", "budi contoh.id", NOT_AN_EMAIL),
    ("email", "<script>@x", NOT_AN_EMAIL),
    ("email", "b" * 250 + "@contoh.id", TOO_LONG),
    ("email", "budi\x00@contoh.id", BAD_CHARACTERS),
]


@pytest.mark.parametrize("what", ["user", "tokoh"])
@pytest.mark.parametrize(
    ("field", "value", "message"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)]
)
def test_a_bad_value_is_refused_beside_its_field_and_nothing_is_written(
    web: Web,
    runtime: Runtime,
    world: World,
    what: str,
    field: str,
    value: str,
    message: str,
) -> None:
    _, _, url = _target(world, what)
    web.login_as("admin")
    before = _all_contacts(runtime)
    good = {"phone": "0812-3456-7890", "email": "budi@contoh.id"}
    response = web.post(url, {**good, field: value})

    assert response.status_code == 422
    assert _all_contacts(runtime) == before
    row = _row(response.text, what, world)
    assert "<details open>" in row  # the row's contact form is open again …
    assert field_error(row, field) == message  # … with the reason beside the field
    other = "email" if field == "phone" else "phone"
    assert f'value="{good[other]}"' in row  # and what was typed in the other field kept
    assert response.text.count('<small class="error" id="err-') == 1
    assert "<script>@x" not in response.text


@pytest.mark.parametrize("what", ["user", "tokoh"])
def test_a_form_without_its_fields_or_with_others_is_refused(
    web: Web, runtime: Runtime, world: World, what: str
) -> None:
    """A body without the fields is refused, not read as 'clear both'."""
    _, _, url = _target(world, what)
    web.login_as("admin")
    assert web.post(url, {"phone": "081234567890", "email": "budi@contoh.id"}).status_code == 303
    before = _all_contacts(runtime)
    missing = web.post(url, {})
    assert missing.status_code == 422
    assert field_error(_row(missing.text, what, world), "phone") == MISSING
    extra = web.post(url, {"phone": "", "email": "", "is_active": "false"})
    assert extra.status_code == 422
    assert "tidak dikenal" in extra.text
    assert _all_contacts(runtime) == before


def test_an_unknown_user_or_tokoh_is_not_found(web: Web, runtime: Runtime) -> None:
    web.login_as("admin")
    before = _all_contacts(runtime)
    for url in (
        "/admin/users/00000000-0000-0000-0000-000000000000/contact",
        "/admin/tokoh/00000000-0000-0000-0000-000000000000/contact",
    ):
        response = web.post(url, {"phone": "081234567890", "email": ""})
        assert response.status_code == 404
        assert "tidak ditemukan" in response.text
    assert _all_contacts(runtime) == before


@pytest.mark.parametrize("username", ["officer", "supervisor", "tokoh"])
@pytest.mark.parametrize("what", ["user", "tokoh"])
def test_no_one_but_the_admin_may_change_a_contact(
    web: Web, runtime: Runtime, world: World, username: str, what: str
) -> None:
    _, _, url = _target(world, what)
    before = _all_contacts(runtime)
    web.login_as(username)
    response = web.post(url, {"phone": "081299998888", "email": "penyusup@contoh.id"})
    assert response.status_code == 403
    assert "Hanya admin" in response.text
    assert _all_contacts(runtime) == before


def test_an_anonymous_visitor_is_sent_to_log_in(web: Web, runtime: Runtime, world: World) -> None:
    _, _, url = _target(world, "user")
    web.client.get("/login")  # for the CSRF cookie
    before = _all_contacts(runtime)
    response = web.post(url, {"phone": "081299998888", "email": ""})
    assert response.status_code in (302, 303)
    assert "/login" in response.headers["location"]
    assert _all_contacts(runtime) == before


# ---- the forms that add a user or a tokoh ---------------------------------------------------


def test_a_new_user_and_a_new_tokoh_may_be_given_a_phone_and_an_email(
    web: Web, runtime: Runtime, world: World
) -> None:
    web.login_as("admin")
    user = {
        "username": "kanit.binmas",
        "full_name": "Kanit Binmas",
        "role": "supervisor",
        "area_id": str(world.polsek_a),
        "password": "kata-sandi-baru-123",
        "phone": "+62 813 1111 2222",
        "email": "kanit@polri.go.id",
    }
    assert web.post("/admin/users", user).status_code == 303
    tokoh = {"name": "Ibu Sri", "kind": "perempuan", "desa_id": str(world.desa_a1)}
    assert web.post("/admin/tokoh", {**tokoh, "email": "sri@contoh.id"}).status_code == 303
    with runtime.sessions() as session:
        made = session.scalars(select(User).where(User.username == "kanit.binmas")).one()
        sri = session.scalars(select(Tokoh).where(Tokoh.name == "Ibu Sri")).one()
    assert (made.phone, made.email) == ("+6281311112222", "kanit@polri.go.id")
    assert (sri.phone, sri.email) == (None, "sri@contoh.id")
    page = web.get("/admin").text
    assert "0813****2222" in page
    assert "sri@contoh.id" in page


@pytest.mark.parametrize(
    ("url", "form", "section"),
    [("/admin/users", "user", "users"), ("/admin/tokoh", "tokoh", "tokoh")],
)
def test_a_bad_email_on_a_new_user_or_tokoh_is_refused_beside_the_field(
    web: Web, runtime: Runtime, world: World, url: str, form: str, section: str
) -> None:
    web.login_as("admin")
    data = {
        "user": {
            "username": "baru",
            "full_name": "Petugas Baru",
            "role": "supervisor",
            "area_id": str(world.polsek_a),
            "password": "kata-sandi-baru-123",
            "phone": "081311112222",
        },
        "tokoh": {"name": "Ibu Sri", "kind": "perempuan", "desa_id": str(world.desa_a1)},
    }[form]
    before = _all_contacts(runtime)
    response = web.post(url, {**data, "email": "sri@@contoh"})
    assert response.status_code == 422
    part = response.text.split(f'<section id="{section}">', 1)[1].split("</section>", 1)[0]
    assert field_error(part, "email") == NOT_AN_EMAIL
    assert 'value="sri@@contoh"' in part
    assert _all_contacts(runtime) == before


# ---- where the contact leads ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "address"),
    [
        ({"phone": "0812-3333-4444", "email": ""}, "+6281233334444"),
        ({"phone": "", "email": "bhabin.ngadilangkung@polri.go.id"}, None),
    ],
    ids=["phone", "email"],
)
def test_the_officer_receives_the_morning_digest_at_the_contact_the_admin_set(
    web: Web, runtime: Runtime, world: World, form: dict[str, str], address: str | None
) -> None:
    TimedCases(runtime, world).mediated(AT)  # due 18 May, overdue by the 20th
    web.login_as("admin")
    officer = world.actor("officer").id
    assert web.post(f"/admin/users/{officer}/contact", form).status_code == 303

    run_at(runtime, datetime(2026, 5, 20, 8, 30, tzinfo=LOCAL_TZ))
    [digest] = of_kind(runtime, "officer_digest")
    assert digest.address == (address or form["email"])
    assert digest.status != "suppressed"
    assert "1 lewat tenggat" in digest.text
