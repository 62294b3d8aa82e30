"""Parties and tokoh on the case page: add, edit, update, remove, invite, un-invite — each
with wrong input (a 422 fragment, nothing written) and a stale page (409)."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid4

import pytest

from mediasi.cases.models import Party
from tests.factories import World
from tests.integration.web.conftest import Cases, Db, Web, field_error

STALE = "sudah diubah orang lain sejak halaman ini dibuka"


def assert_case_body(response: Any) -> str:
    """A successful HTMX change answers with the whole case body, retargeted at #case-body."""
    assert response.status_code == 200, response.text[:500]
    assert response.headers["hx-retarget"] == "#case-body"
    assert response.headers["hx-reswap"] == "outerHTML"
    html = response.text.strip()
    assert html.startswith('<div id="case-body">')
    assert "<html" not in html
    return html


def party_form(web: Web, case_id: UUID, **fields: Any) -> dict[str, Any]:
    base = {"role": "witness", "name": "Bu Sumiati", "nik": "", "phone": "", "address": ""}
    return {"version": web.version(case_id), **base, **fields}


# ---- parties -----------------------------------------------------------------------------


def test_adding_a_party_returns_the_case_body_with_the_new_version(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    before = db.case(case_id).version
    form = party_form(web, case_id, nik="3507014405800003", phone="0857 1111 2222")
    html = assert_case_body(web.post(f"/cases/{case_id}/parties", form, htmx=True))
    added = db.parties(case_id)[-1]
    assert (added.role, added.name, added.nik, added.phone) == (
        "witness",
        "Bu Sumiati",
        "3507014405800003",
        "+6285711112222",  # stored in E.164
    )
    assert db.case(case_id).version == before + 1
    assert db.events(case_id)[-1].trigger == "party.added"
    assert "<strong>Bu Sumiati</strong> · Saksi" in html
    assert "3507********0003" in html
    assert "3507014405800003" not in html
    assert set(re.findall(r'name="version" value="(\d+)"', html)) == {str(before + 1)}


def test_adding_a_party_without_htmx_redirects_to_the_case(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    web.login_as("officer")
    response = web.post(f"/cases/{case_id}/parties", party_form(web, case_id))
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case_id}"
    assert len(db.parties(case_id)) == 3


WRONG_PARTY = [
    pytest.param({"name": ""}, "name", "Nama pihak wajib diisi.", id="name-blank"),
    pytest.param({"name": "x"}, "name", "Terlalu pendek.", id="name-short"),
    pytest.param(
        {"name": "x" * 121},
        "name",
        "Terlalu panjang: 121 karakter, paling banyak 120.",
        id="name-long",
    ),
    pytest.param(
        {"nik": "350701440580"},
        "nik",
        "NIK harus 16 angka, tanpa huruf atau spasi (terisi 12 karakter).",
        id="nik-short",
    ),
    pytest.param(
        {"phone": "0857-ABC-2222"},
        "phone",
        "Nomor telepon tidak dikenali; tulis seperti 0812-3456-7890.",
        id="phone-letters",
    ),
    pytest.param({"role": "king"}, "role", "Pilihan tidak dikenal.", id="role-king"),
    pytest.param(
        {"address": "RT 1\nRW 2"}, "address", "Tidak boleh lebih dari satu baris.", id="address"
    ),
]


@pytest.mark.parametrize(("fields", "field", "message"), WRONG_PARTY)
def test_adding_a_wrong_party_shows_the_form_again_and_writes_nothing(
    web: Web, cases: Cases, db: Db, fields: dict[str, str], field: str, message: str
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    before = db.snapshot(case_id)
    response = web.post(f"/cases/{case_id}/parties", party_form(web, case_id, **fields), htmx=True)
    assert response.status_code == 422
    assert "hx-retarget" not in response.headers  # it swaps into #parties, as the form targets
    html = response.text.strip()
    assert html.startswith('<section id="parties">')
    assert '<details open id="party-add">' in html
    assert field_error(html, field) == message
    assert db.snapshot(case_id) == before


def test_adding_a_party_on_a_stale_page_is_409_with_the_reload_link(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    form = party_form(web, case_id)
    cases.add_party(case_id, name="Ditambah rekan")
    before = db.snapshot(case_id)
    response = web.post(f"/cases/{case_id}/parties", form, htmx=True)
    assert response.status_code == 409
    assert response.headers["hx-retarget"] == "#case-body"
    assert STALE in response.text
    assert f'<a href="/cases/{case_id}" role="button" class="secondary">Muat ulang</a>' in (
        response.text
    )
    assert db.snapshot(case_id) == before


def test_the_edit_fragment_holds_the_partys_form(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    party = db.parties(case_id)[1]  # Slamet Wibowo, respondent, with a phone
    response = web.login_as("officer").get(f"/cases/{case_id}/parties/{party.id}/edit", htmx=True)
    assert response.status_code == 200
    html = response.text.strip()
    assert html.startswith('<section id="parties">')
    assert "<html" not in html
    assert f'hx-post="/cases/{case_id}/parties/{party.id}"' in html
    assert 'name="name" id="pe-name" value="Slamet Wibowo"' in html
    assert '<option value="respondent" selected>' in html
    assert 'value="081234567890"' in html  # the full number, to edit it


@pytest.mark.parametrize("whose", ["unknown", "other-case"])
def test_editing_a_party_not_of_this_case_is_404(
    web: Web, cases: Cases, db: Db, whose: str
) -> None:
    case_id = cases.report()
    other = cases.report(title="Perkara lain")
    party_id = uuid4() if whose == "unknown" else db.parties(other)[0].id
    web.login_as("officer")
    assert web.get(f"/cases/{case_id}/parties/{party_id}/edit", htmx=True).status_code == 404
    form = party_form(web, case_id, name="Diubah")
    assert web.post(f"/cases/{case_id}/parties/{party_id}", form, htmx=True).status_code == 404
    assert all(p.name != "Diubah" for p in db.parties(other))


def test_updating_a_party_saves_it(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    party = db.parties(case_id)[1]
    web.login_as("officer")
    form = party_form(web, case_id, role="respondent", name="Slamet Wibowo bin Karto", phone="")
    html = assert_case_body(web.post(f"/cases/{case_id}/parties/{party.id}", form, htmx=True))
    with_id = {p.id: p for p in db.parties(case_id)}
    assert (with_id[party.id].name, with_id[party.id].phone) == ("Slamet Wibowo bin Karto", None)
    assert db.events(case_id)[-1].trigger == "party.updated"
    assert "<strong>Slamet Wibowo bin Karto</strong> · Terlapor" in html


@pytest.mark.parametrize(("fields", "field", "message"), WRONG_PARTY[:4])
def test_updating_a_party_with_wrong_input_keeps_the_edit_form_and_writes_nothing(
    web: Web, cases: Cases, db: Db, fields: dict[str, str], field: str, message: str
) -> None:
    case_id = cases.report()
    party = db.parties(case_id)[0]
    web.login_as("officer")
    before = db.snapshot(case_id)
    form = party_form(web, case_id, **{"role": "complainant", "name": "Darto", **fields})
    response = web.post(f"/cases/{case_id}/parties/{party.id}", form, htmx=True)
    assert response.status_code == 422
    html = response.text.strip()
    assert html.startswith('<section id="parties">')
    assert f'hx-post="/cases/{case_id}/parties/{party.id}"' in html  # still editing this one
    assert field_error(html, field) == message
    assert db.snapshot(case_id) == before


def test_removing_a_party(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    party = db.parties(case_id)[1]
    web.login_as("officer")
    response = web.post(
        f"/cases/{case_id}/parties/{party.id}/delete", {"version": web.version(case_id)}, htmx=True
    )
    html = assert_case_body(response)
    assert [p.name for p in db.parties(case_id)] == ["Darto Santoso"]
    assert db.count(Party, id=party.id) == 0
    assert f'id="party-{party.id}"' not in html
    assert db.events(case_id)[-1].trigger == "party.removed"


@pytest.mark.parametrize(("version", "status"), [("abc", 422), (None, 422), ("stale", 409)])
def test_removing_a_party_with_a_bad_version_writes_nothing(
    web: Web, cases: Cases, db: Db, version: str | None, status: int
) -> None:
    case_id = cases.report()
    party = db.parties(case_id)[1]
    web.login_as("officer")
    form = {} if version is None else {"version": version}
    if version == "stale":
        form["version"] = str(web.version(case_id))
        cases.add_party(case_id, name="Ditambah rekan")
    before = db.snapshot(case_id)
    response = web.post(f"/cases/{case_id}/parties/{party.id}/delete", form, htmx=True)
    assert response.status_code == status
    if status == 422:
        assert response.text.strip().startswith('<section id="parties">')
    else:
        assert STALE in response.text
    assert db.snapshot(case_id) == before


def test_removing_an_unknown_party_is_404(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    web.login_as("officer")
    before = db.snapshot(case_id)
    response = web.post(
        f"/cases/{case_id}/parties/{uuid4()}/delete", {"version": web.version(case_id)}, htmx=True
    )
    assert response.status_code == 404
    assert "Pihak tidak ditemukan." in response.text
    assert db.snapshot(case_id) == before


@pytest.mark.parametrize("username", ["officer_b", "tokoh"])
def test_who_may_not_change_the_case_cannot_touch_its_parties(
    web: Web, cases: Cases, db: Db, username: str
) -> None:
    case_id = cases.report()
    cases.invite(case_id)  # the tokoh user sees the case, but may not change it
    party = db.parties(case_id)[0]
    version = db.case(case_id).version
    before = db.snapshot(case_id)
    web.login_as(username)
    expected = 404 if username == "officer_b" else 403
    add = {"version": version, "role": "witness", "name": "Penyusup"}
    assert web.post(f"/cases/{case_id}/parties", add, htmx=True).status_code == expected
    delete = {"version": version}
    url = f"/cases/{case_id}/parties/{party.id}/delete"
    assert web.post(url, delete, htmx=True).status_code == expected
    assert db.snapshot(case_id) == before


# ---- tokoh -------------------------------------------------------------------------------


def test_inviting_a_tokoh_of_the_desa(web: Web, cases: Cases, db: Db, world: World) -> None:
    case_id = cases.report()
    web.login_as("officer")
    page = web.case_page(case_id).text
    assert f'<option value="{world.tokoh_a1}">KH. Abdul Rohman</option>' in page
    assert str(world.tokoh_b1) not in page  # the registry offered is the case's desa's
    form = {"version": web.version(case_id), "tokoh_id": str(world.tokoh_a1), "role": "mediator"}
    html = assert_case_body(web.post(f"/cases/{case_id}/tokoh", form, htmx=True))
    [link] = db.tokoh_links(case_id)
    assert (link.tokoh_id, link.role) == (world.tokoh_a1, "mediator")
    assert "<strong>KH. Abdul Rohman</strong>" in html
    assert f'<option value="{world.tokoh_a1}">' not in html  # no longer offered


@pytest.mark.parametrize(
    ("tokoh", "role", "field", "message"),
    [
        ("b1", "mediator", "tokoh_id", "Tokoh tidak ada dalam daftar tokoh desa perkara ini."),
        ("uuid", "mediator", "tokoh_id", "Tokoh tidak ada dalam daftar tokoh desa perkara ini."),
        ("abc", "mediator", "tokoh_id", "Pilihan tidak dikenal."),
        ("", "witness", "tokoh_id", "Pilihan tidak dikenal."),
        ("a1", "king", "role", "Pilihan tidak dikenal."),
        ("invited", "witness", "tokoh_id", "Tokoh ini sudah diundang."),
    ],
)
def test_inviting_a_wrong_tokoh_is_422_and_writes_nothing(
    web: Web,
    cases: Cases,
    db: Db,
    world: World,
    tokoh: str,
    role: str,
    field: str,
    message: str,
) -> None:
    case_id = cases.report()
    if tokoh == "invited":
        cases.invite(case_id, world.tokoh_a1_other, role="witness")
    tokoh_id = {
        "b1": str(world.tokoh_b1),
        "uuid": str(uuid4()),
        "a1": str(world.tokoh_a1),
        "invited": str(world.tokoh_a1_other),
    }.get(tokoh, tokoh)
    web.login_as("officer")
    before = db.snapshot(case_id)
    form = {"version": web.version(case_id), "tokoh_id": tokoh_id, "role": role}
    response = web.post(f"/cases/{case_id}/tokoh", form, htmx=True)
    assert response.status_code == 422
    html = response.text.strip()
    assert html.startswith('<section id="tokoh">')
    assert field_error(html, field) == message
    assert db.snapshot(case_id) == before


def test_removing_an_invited_tokoh(web: Web, cases: Cases, db: Db, world: World) -> None:
    case_id = cases.report()
    cases.invite(case_id)
    web.login_as("officer")
    url = f"/cases/{case_id}/tokoh/{world.tokoh_a1}/delete"
    html = assert_case_body(web.post(url, {"version": web.version(case_id)}, htmx=True))
    assert db.tokoh_links(case_id) == []
    assert db.events(case_id)[-1].trigger == "tokoh.removed"
    assert "Belum ada tokoh yang diundang." in html
    # The invited tokoh user no longer sees the case.
    web.login_as("tokoh")
    assert web.get(f"/cases/{case_id}").status_code == 404


@pytest.mark.parametrize(("which", "status"), [("not-invited", 404), ("stale", 409), ("abc", 422)])
def test_removing_a_tokoh_wrongly_writes_nothing(
    web: Web, cases: Cases, db: Db, world: World, which: str, status: int
) -> None:
    case_id = cases.report()
    cases.invite(case_id)
    web.login_as("officer")
    version = str(web.version(case_id))
    tokoh_id = world.tokoh_a1_other if which == "not-invited" else world.tokoh_a1
    if which == "stale":
        cases.add_party(case_id)
    if which == "abc":
        version = "abc"
    before = db.snapshot(case_id)
    response = web.post(
        f"/cases/{case_id}/tokoh/{tokoh_id}/delete", {"version": version}, htmx=True
    )
    assert response.status_code == status
    assert db.snapshot(case_id) == before
    if which == "not-invited":
        assert "Tokoh tidak terlibat dalam perkara ini." in response.text
