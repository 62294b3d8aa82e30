"""The report form without JavaScript: "+ Tambah pihak" posts the form and it comes back with
one more row and everything typed; the rows shown are the rows posted (blank ones too), their
errors land on them, the category list is grouped by case type, and hostile rows never 500."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest

from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, Party
from tests.factories import World
from tests.integration.web.conftest import Db, Web, field_error
from tests.integration.web.test_report import party_row_errors, report_form

ADD = {"add_parties": "+ Tambah pihak"}  # what the button posts: its name and its label


def rows_in(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<fieldset class="party-row" id="party-row-(\d+)">', html)]


def value_of(html: str, name: str) -> str | None:
    found = re.search(rf'<input name="{name}" id="{name}"[^>]* value="([^"]*)"', html)
    return found.group(1) if found else None


def party_fields(index: int, name: str = "", **fields: str) -> dict[str, str]:
    row = {"role": "witness", "name": name, "nik": "", "phone": "", "address": ""} | fields
    return {f"party_{index}_{key}": value for key, value in row.items()}


def test_adding_a_row_without_javascript_keeps_everything_typed(
    web: Web, world: World, db: Db
) -> None:
    web.login_as("officer")
    typed = report_form(world, party_0_nik="3507", party_2_name="", title="Patok digeser")
    response = web.post("/cases", typed | ADD)
    assert response.status_code == 200
    html = response.text
    assert "<html" in html  # the whole page: a browser without JavaScript shows it
    assert rows_in(html) == [0, 1, 2, 3]  # the blank third row stays, and one more comes
    assert 'value="Patok digeser"' in html
    assert value_of(html, "party_0_name") == "Darto Santoso"
    assert value_of(html, "party_0_nik") == "3507"  # kept as typed; nothing is checked yet
    assert value_of(html, "party_1_phone") == "081298765432"
    assert 'class="error"' not in html
    # The next "+ Tambah pihak" asks for the fifth row and lands the page on it.
    button = re.search(r'<input type="submit" name="add_parties"[^>]*>', html)
    assert button
    assert 'formaction="/cases#party-row-4"' in button.group(0)
    assert "formnovalidate" in button.group(0)
    assert (db.count(Case), db.count(Party), db.count(Event)) == (0, 0, 0)


def test_the_rows_added_are_saved_with_the_report(web: Web, world: World, db: Db) -> None:
    web.login_as("officer")
    form = report_form(world) | party_fields(2, "Sumiati", address="Dusun Krajan")
    form |= party_fields(3) | party_fields(4, "Pak RT", phone="081311112222")
    response = web.post("/cases", form)
    assert response.status_code == 303, response.text[:500]
    case_id = UUID(response.headers["location"].removeprefix("/cases/"))
    assert [(p.name, p.address) for p in db.parties(case_id)] == [
        ("Darto Santoso", "RT 02 RW 01"),
        ("Slamet Wibowo", None),
        ("Sumiati", "Dusun Krajan"),
        ("Pak RT", None),
    ]


def test_a_refusal_shows_the_rows_filled_in_with_each_error_on_its_row(
    web: Web, world: World, db: Db
) -> None:
    web.login_as("officer")
    form = report_form(world, party_1_name="", party_1_phone="") | party_fields(
        2, "", nik="3507010101010001"
    )
    response = web.post("/cases", form)
    assert response.status_code == 422
    html = response.text
    assert rows_in(html) == [0, 1]  # the blank row is gone, the row with a NIK moved up
    assert party_row_errors(html, 1) == {"name": "Nama pihak wajib diisi."}
    assert party_row_errors(html, 0) == {}
    assert value_of(html, "party_1_nik") == "3507010101010001"
    assert db.count(Case) == 0


def test_a_completely_empty_row_is_ignored(web: Web, world: World, db: Db) -> None:
    web.login_as("officer")
    form = report_form(world) | party_fields(2, "  ", nik=" ", phone="", address="")
    response = web.post("/cases", form)
    assert response.status_code == 303
    case_id = UUID(response.headers["location"].removeprefix("/cases/"))
    assert len(db.parties(case_id)) == 2


def test_a_wrong_nik_is_said_on_the_page_and_the_form_leaves_checking_to_the_server(
    web: Web, world: World
) -> None:
    web.login_as("officer")
    page = web.get("/cases/new").text
    assert re.search(r'<form id="report-form"[^>]* novalidate>', page)
    response = web.post("/cases", report_form(world, party_1_nik="35070101 0101 0001"))
    assert response.status_code == 422
    html = response.text
    assert party_row_errors(html, 1) == {
        "nik": "NIK harus 16 angka, tanpa huruf atau spasi (terisi 18 karakter)."
    }
    assert 'id="party_1_nik" aria-invalid="true" aria-describedby="err-party_1_nik"' in html


def test_the_form_stops_adding_rows_at_twenty(web: Web, world: World, db: Db) -> None:
    web.login_as("officer")
    form = report_form(world)
    for index in range(3, 20):
        form |= party_fields(index, f"Saksi {index}")
    response = web.post("/cases", form | ADD)
    assert response.status_code == 200
    assert rows_in(response.text) == list(range(20))
    assert 'name="add_parties"' not in response.text
    assert "Paling banyak 20 pihak." in response.text
    assert db.count(Case) == 0


def test_more_rows_than_a_report_holds_are_refused_with_a_message(
    web: Web, world: World, db: Db
) -> None:
    web.login_as("officer")
    form = report_form(world)
    for index in range(2, 25):  # 25 rows: within the 200 fields a request may carry
        form |= party_fields(index, f"Saksi {index}")
    response = web.post("/cases", form)
    assert response.status_code == 422
    assert field_error(response.text, "parties") == "Paling banyak 20 pihak dalam satu laporan."
    assert len(rows_in(response.text)) == 21  # the rows shown stop one past the limit
    assert (db.count(Case), db.count(Party)) == (0, 0)


BAD_CHARACTERS = "Mengandung karakter yang tidak sah."
UNKNOWN_FIELD = "Isian ini tidak dikenal."
HOSTILE_ROWS = [
    pytest.param({"party_0_name": "Darto\x00Santoso"}, BAD_CHARACTERS, id="nul-in-a-row"),
    pytest.param({"party_1_address": "x" * 200_000}, "Terlalu panjang", id="huge-value"),
    pytest.param({"party_" + "9" * 5000 + "_name": "Siapa"}, UNKNOWN_FIELD, id="huge-row-number"),
    pytest.param({"party_-1_name": "Minus"}, UNKNOWN_FIELD, id="negative-row"),
    pytest.param({"party_\u0663_name": "Angka Arab"}, UNKNOWN_FIELD, id="non-ascii-digit"),
    pytest.param({"party_2_name\x00": "Kunci NUL"}, BAD_CHARACTERS, id="nul-in-a-key"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE_ROWS)
def test_hostile_rows_are_refused_with_a_message(
    web: Web, world: World, db: Db, changes: dict[str, Any], message: str
) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, **changes))
    assert response.status_code == 422, response.text[:300]
    assert '<form id="report-form"' in response.text
    assert message in response.text
    assert db.count(Case) == 0
    # Asking for one more row with the same values shows the form again, nothing refused yet.
    response = web.post("/cases", report_form(world, **changes) | ADD)
    assert response.status_code == 200, response.text[:300]
    assert '<form id="report-form"' in response.text
    assert db.count(Case) == 0


def test_the_categories_are_grouped_by_case_type(web: Web) -> None:
    html = web.login_as("officer").get("/cases/new").text
    select = re.search(r'<select name="category".*?</select>', html, re.S)
    assert select
    groups = re.findall(r'<optgroup label="([^"]+)" data-when="(\w+)">', select.group(0))
    assert groups == [
        ("Keadilan restoratif", "keadilan_restoratif"),
        ("Pengaduan masyarakat", "pengaduan"),
        ("Sengketa antarwarga", "sengketa"),
    ]
    assert 'data-follows="f-workflow"' in select.group(0)


@pytest.mark.parametrize(
    ("workflow", "category", "group"),
    [("sengketa", "lainnya", "sengketa"), ("pengaduan", "lainnya", "pengaduan")],
)
def test_a_category_both_types_have_is_chosen_in_the_chosen_types_group(
    web: Web, world: World, workflow: str, category: str, group: str
) -> None:
    web.login_as("officer")
    form = report_form(world, workflow=workflow, category=category, title="")
    html = web.post("/cases", form).text
    chosen = re.findall(
        r'<optgroup label="[^"]+" data-when="(\w+)">(?:(?!</optgroup>).)*?'
        r'<option value="lainnya" selected>',
        html,
        re.S,
    )
    assert chosen == [group]


def test_a_category_of_the_other_type_stays_chosen_beside_its_message(
    web: Web, world: World, db: Db
) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, workflow="pengaduan"))
    assert response.status_code == 422
    html = response.text
    assert field_error(html, "category") == (
        "Kategori “Batas tanah” milik jenis “Sengketa antarwarga”, bukan “Pengaduan "
        "masyarakat”: pilih kategori lain atau ganti jenisnya."
    )
    assert '<option value="batas_tanah" selected>' in html
    assert '<option value="pengaduan" selected>' in html
    assert value_of(html, "party_1_name") == "Slamet Wibowo"
    assert db.count(Case) == 0


def test_the_english_page_names_the_types_in_english(web: Web, world: World) -> None:
    web.login_as("officer")
    assert web.get("/lang/en?next=/cases/new").status_code in (302, 303)
    response = web.post("/cases", report_form(world, category="pelayanan"))
    assert field_error(response.text, "category") == (
        "Category “Police service” belongs to the type “Public complaint”, not “Dispute "
        "between residents”: choose another category or change the type."
    )


def test_every_error_is_said_at_once_the_category_with_the_rest(web: Web, world: World) -> None:
    web.login_as("officer")
    form = report_form(world, workflow="pengaduan", desa_id="", title="")
    html = web.post("/cases", form).text
    assert field_error(html, "desa_id") == "Pilih salah satu."
    assert field_error(html, "title") == "Terlalu pendek."
    assert (field_error(html, "category") or "").startswith("Kategori “Batas tanah” milik jenis")


def test_a_category_left_unchosen_says_so(web: Web, world: World) -> None:
    web.login_as("officer")
    html = web.post("/cases", report_form(world, category="")).text
    assert field_error(html, "category") == "Pilih kategori."
