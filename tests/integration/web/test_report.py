"""Reporting a new case: the form, the party-row fragment, success, and every kind of wrong
input (the message beside the field, and no case written)."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest

from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, Party
from tests.factories import World
from tests.integration.web.conftest import Db, Web, field_error

SCRIPT = "<script>alert('x')</script> rebutan kios"


def report_form(world: World, **changes: Any) -> dict[str, Any]:
    """What the report form posts for a valid sengketa with two parties; ``None`` drops a key."""
    form: dict[str, Any] = {
        "workflow": "sengketa",
        "category": "batas_tanah",
        "desa_id": str(world.desa_a1),
        "title": "Patok batas sawah dipindah",
        "description": "Patok bergeser satu meter ke barat.",
        "reporter_name": "Darto Santoso",
        "reporter_phone": "0812 3456 7890",
        "party_0_role": "complainant",
        "party_0_name": "Darto Santoso",
        "party_0_nik": "3507010101010001",
        "party_0_phone": "",
        "party_0_address": "RT 02 RW 01",
        "party_1_role": "respondent",
        "party_1_name": "Slamet Wibowo",
        "party_1_nik": "",
        "party_1_phone": "081298765432",
        "party_1_address": "",
        "party_2_role": "witness",  # an untouched third row: dropped
        "party_2_name": "",
        "party_2_nik": "",
        "party_2_phone": "",
        "party_2_address": "",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def party_row_errors(html: str, index: int) -> dict[str, str]:
    """The messages shown in party row ``index``, by the field they stand beside."""
    row = re.search(
        rf'<fieldset class="party-row" id="party-row-{index}">(.*?)</fieldset>', html, re.S
    )
    assert row, f"no party row {index}"
    found = re.findall(
        rf'<small class="error" id="err-party_{index}_(\w+)">(.*?)</small>', row.group(1)
    )
    return dict(found)


def test_the_report_form_offers_the_officers_desa_only(web: Web, world: World) -> None:
    page = web.login_as("officer").get("/cases/new")
    assert page.status_code == 200
    assert '<form id="report-form" method="post" action="/cases"' in page.text
    assert f'value="{world.desa_a1}"' in page.text
    assert f'value="{world.desa_a2}"' in page.text
    assert f'value="{world.desa_b1}"' not in page.text
    assert 'id="party-row-0"' in page.text
    assert 'id="party-row-1"' in page.text
    assert "/cases/new/party-row?index=2" in page.text


def test_an_htmx_request_for_the_form_gets_only_the_form(web: Web) -> None:
    response = web.login_as("supervisor").get("/cases/new", htmx=True)
    assert response.status_code == 200
    assert response.text.strip().startswith('<form id="report-form"')
    assert "<html" not in response.text


@pytest.mark.parametrize("username", ["tokoh", "admin"])
def test_who_does_not_report_gets_403(web: Web, world: World, db: Db, username: str) -> None:
    web.login_as(username)
    page = web.get("/cases/new")
    assert page.status_code == 403
    assert "Anda tidak berwenang membuka halaman ini." in page.text
    assert web.post("/cases", report_form(world)).status_code == 403
    assert db.count(Case) == 0


def test_a_report_is_saved_with_its_parties_and_opens_the_case(
    web: Web, world: World, db: Db
) -> None:
    response = web.login_as("officer").post("/cases", report_form(world))
    assert response.status_code == 303
    case = db.case(UUID(response.headers["location"].removeprefix("/cases/")))
    assert (case.workflow, case.state, case.category) == ("sengketa", "reported", "batas_tanah")
    assert case.reporter_phone == "+6281234567890"  # stored in E.164
    parties = db.parties(case.id)
    assert [(p.role, p.name, p.nik, p.phone) for p in parties] == [
        ("complainant", "Darto Santoso", "3507010101010001", None),
        ("respondent", "Slamet Wibowo", None, "+6281298765432"),
    ]
    assert [e.trigger for e in db.events(case.id)] == [
        "case.reported",
        "party.added",
        "party.added",
    ]
    page = web.get(response.headers["location"])
    assert page.status_code == 200
    assert "<h1>Patok batas sawah dipindah</h1>" in page.text


def test_an_htmx_report_answers_with_a_client_redirect(web: Web, world: World, db: Db) -> None:
    form = report_form(
        world, workflow="pengaduan", category="ketertiban", desa_id=str(world.desa_a2)
    )
    response = web.login_as("officer").post("/cases", form, htmx=True)
    assert response.status_code == 200
    target = response.headers["hx-redirect"]
    assert re.fullmatch(r"/cases/[0-9a-f-]{36}", target)
    case = db.case(UUID(target.removeprefix("/cases/")))
    assert case.workflow == "pengaduan"
    assert case.reference.startswith("ADU/")


def test_a_supervisor_reports_for_a_desa_of_the_polsek(web: Web, world: World, db: Db) -> None:
    response = web.login_as("supervisor").post("/cases", report_form(world))
    assert response.status_code == 303
    case = db.case(UUID(response.headers["location"].removeprefix("/cases/")))
    assert case.assigned_officer_id == world.actor("officer").id


def test_a_script_in_the_title_is_stored_as_typed_and_shown_escaped(
    web: Web, world: World, db: Db
) -> None:
    response = web.login_as("officer").post("/cases", report_form(world, title=SCRIPT))
    assert response.status_code == 303
    case_id = UUID(response.headers["location"].removeprefix("/cases/"))
    assert db.case(case_id).title == SCRIPT
    for url in (f"/cases/{case_id}", "/cases", "/"):
        page = web.get(url).text
        assert "<script>alert" not in page, url
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; rebutan kios"
        in web.get(f"/cases/{case_id}").text
    )


WRONG_FIELDS = [
    pytest.param({"title": None}, "title", "Wajib diisi.", id="title-missing"),
    pytest.param({"title": "Abc"}, "title", "Terlalu pendek.", id="title-short"),
    pytest.param(
        {"title": "x" * 201},
        "title",
        "Terlalu panjang: 201 karakter, paling banyak 200.",
        id="title-long",
    ),
    pytest.param(
        {"title": "Dua\nbaris"}, "title", "Tidak boleh lebih dari satu baris.", id="title-lines"
    ),
    pytest.param({"category": "santet"}, "category", "Kategori tidak dikenal.", id="category"),
    pytest.param(
        {"category": "ketertiban"},
        "category",
        "Kategori “Ketertiban umum” milik jenis “Pengaduan masyarakat”, bukan “Sengketa "
        "antarwarga”: pilih kategori lain atau ganti jenisnya.",
        id="other-workflow",
    ),
    pytest.param({"workflow": "pidana"}, "workflow", "Jenis perkara tidak dikenal.", id="workflow"),
    pytest.param({"desa_id": "desa-saya"}, "desa_id", "Pilihan tidak dikenal.", id="desa-not-uuid"),
    pytest.param(
        {"desa_id": "00000000-0000-4000-8000-000000000000"},
        "desa_id",
        "Desa tidak dikenal.",
        id="desa-unknown",
    ),
    pytest.param(
        {"reporter_phone": "0812-ABCD-777"},
        "reporter_phone",
        "Nomor telepon tidak dikenali; tulis seperti 0812-3456-7890.",
        id="phone-letters",
    ),
    pytest.param({"reporter_name": ""}, "reporter_name", "Terlalu pendek.", id="reporter-blank"),
    pytest.param(
        {"description": "x" * 8001},
        "description",
        "Terlalu panjang: 8001 karakter, paling banyak 8000.",
        id="description-long",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), WRONG_FIELDS)
def test_wrong_input_is_shown_beside_the_field_and_nothing_is_written(
    web: Web, world: World, db: Db, changes: dict[str, Any], field: str, message: str
) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, **changes), htmx=True)
    assert response.status_code == 422
    assert "hx-redirect" not in response.headers
    html = response.text
    assert html.strip().startswith('<form id="report-form"')
    assert "Periksa isian yang ditandai." in html
    assert field_error(html, field) == message
    assert f'id="f-{field}" aria-invalid="true"' in html
    # What was typed is still there (e.g. the respondent of the second row).
    assert 'value="Slamet Wibowo"' in html
    assert (db.count(Case), db.count(Party), db.count(Event)) == (0, 0, 0)


def test_a_desa_outside_the_officers_area_is_refused(web: Web, world: World, db: Db) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, desa_id=str(world.desa_b1)), htmx=True)
    assert response.status_code == 422
    assert field_error(response.text, "desa_id") == "Desa ini bukan wilayah tugas Anda."
    assert db.count(Case) == 0


@pytest.mark.parametrize(
    ("changes", "row", "message"),
    [
        pytest.param(
            {"party_0_nik": "35070101"},
            0,
            {"nik": "NIK harus 16 angka, tanpa huruf atau spasi (terisi 8 karakter)."},
            id="nik-short",
        ),
        pytest.param(
            {"party_0_nik": "35070101010100AB"},
            0,
            {"nik": "NIK harus 16 angka, tanpa huruf atau spasi (terisi 16 karakter)."},
            id="nik-letters",
        ),
        pytest.param(
            {"party_1_phone": "08l2abc"},
            1,
            {"phone": "Nomor telepon tidak dikenali; tulis seperti 0812-3456-7890."},
            id="phone",
        ),
        pytest.param({"party_1_role": "king"}, 1, {"role": "Pilihan tidak dikenal."}, id="role"),
        pytest.param(
            {"party_1_name": "", "party_1_phone": "081298765432"},
            1,
            {"name": "Nama pihak wajib diisi."},
            id="name-missing",
        ),
        pytest.param(
            {"party_1_name": "  ", "party_1_phone": "", "party_1_address": "Dusun Krajan"},
            1,
            {"name": "Nama pihak wajib diisi."},
            id="only-an-address",
        ),
    ],
)
def test_a_wrong_party_row_is_marked_in_that_row(
    web: Web, world: World, db: Db, changes: dict[str, Any], row: int, message: dict[str, str]
) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, **changes), htmx=True)
    assert response.status_code == 422
    html = response.text
    assert party_row_errors(html, row) == message
    assert party_row_errors(html, 1 - row) == {}
    (field,) = message
    assert f'id="party_{row}_{field}" aria-invalid="true"' in html
    assert (db.count(Case), db.count(Party)) == (0, 0)


def test_wrong_input_never_echoes_markup(web: Web, world: World, db: Db) -> None:
    web.login_as("officer")
    form = report_form(world, title=SCRIPT, reporter_name="", party_0_name='"><b>x</b>')
    response = web.post("/cases", form)
    assert response.status_code == 422
    assert "<html" in response.text  # without HTMX the whole page comes back
    assert "<script>alert" not in response.text
    assert "<b>x</b>" not in response.text
    assert "&lt;script&gt;" in response.text
    assert db.count(Case) == 0


def test_an_unknown_field_is_refused_and_nothing_written(web: Web, world: World, db: Db) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, assigned_officer_id="x"), htmx=True)
    assert response.status_code == 422
    assert db.count(Case) == 0


def test_an_unknown_field_says_which_field_is_wrong(web: Web, world: World) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, assigned_officer_id="x"), htmx=True)
    assert response.status_code == 422
    assert "Isian ini tidak dikenal." in response.text


def test_the_party_row_fragment_and_its_out_of_band_add_button(web: Web) -> None:
    response = web.login_as("officer").get("/cases/new/party-row?index=3", htmx=True)
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html
    assert '<fieldset class="party-row" id="party-row-3">' in html
    assert "<legend>Pihak 4</legend>" in html
    for key in ("role", "name", "nik", "phone", "address"):
        assert f'name="party_3_{key}"' in html
    button = re.search(r"<input[^>]*\bid=\"add-party-row\"[^>]*>", html, re.S)
    assert button
    assert 'hx-swap-oob="true"' in button.group(0)
    assert 'hx-get="/cases/new/party-row?index=4"' in button.group(0)


def test_the_last_party_row_replaces_the_add_button_with_a_note(web: Web) -> None:
    html = web.login_as("officer").get("/cases/new/party-row?index=19", htmx=True).text
    assert 'id="party-row-19"' in html
    assert "Paling banyak 20 pihak." in html
    assert "party-row?index=20" not in html


@pytest.mark.parametrize(("index", "status"), [("500", 200), ("-4", 200), ("abc", 400)])
def test_a_party_row_index_out_of_range_is_clamped_or_refused(
    web: Web, index: str, status: int
) -> None:
    response = web.login_as("officer").get(f"/cases/new/party-row?index={index}", htmx=True)
    assert response.status_code == status
    if status == 200:
        assert re.search(r'id="party-row-(0|19)"', response.text)
