"""Correcting a case's own fields on its page ("Ubah data perkara"), on both backends: by
HTMX and by a plain post (JavaScript off), each change one ``case.edited`` event the timeline
reads old → new; a wrong title or category is refused beside its field, a stale page gets the
reload notice, and neither a tokoh nor another desa's officer gets the form; nothing refused
is written."""

from __future__ import annotations

import re
from uuid import UUID

from tests.integration.web.conftest import Cases, Db, Web, field_error, section_with

STALE = "sudah diubah orang lain sejak halaman ini dibuka"
TITLE = "Sengketa batas sawah"  # World.report's
NEW_TITLE = "Sengketa patok sawah Dusun Krajan"


def edit_form(web: Web, case_id: UUID, **fields: str) -> dict[str, str]:
    base = {"title": NEW_TITLE, "category": "utang_piutang", "description": ""}
    return {"version": str(web.version(case_id)), **base, **fields}


def timeline(html: str) -> str:
    """The timeline's text, tags dropped: what a person reads there."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section_with(html, 'id="timeline"')))


def test_an_officer_corrects_the_case_by_htmx_and_the_timeline_reads_old_to_new(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    page = web.case_page(case_id).text
    assert f'hx-get="/cases/{case_id}/edit"' in page
    old = db.case(case_id)
    assert old.description  # World.report's, to be cleared below

    form = web.get(f"/cases/{case_id}/edit", htmx=True)
    assert form.status_code == 200
    html = form.text.strip()
    assert html.startswith('<section id="case-facts" class="case-facts">')
    assert "<html" not in html
    assert f'value="{TITLE}"' in html
    assert '<option value="batas_tanah" selected>Batas tanah</option>' in html
    assert f">{old.description}</textarea>" in html

    sent = edit_form(web, case_id)
    answer = web.post(f"/cases/{case_id}", sent, htmx=True)
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["hx-retarget"] == "#case-body"
    body = answer.text
    assert f"<h1>{NEW_TITLE}</h1>" in body
    assert 'id="case-edit"' not in body  # the form closed
    stored = db.case(case_id)
    assert (stored.title, stored.category, stored.description) == (NEW_TITLE, "utang_piutang", "")
    assert stored.version == old.version + 1
    event = db.events(case_id)[-1]
    assert (event.trigger, event.actor_role) == ("case.edited", "officer")
    assert event.payload == {
        "changes": {
            "title": [TITLE, NEW_TITLE],
            "category": ["batas_tanah", "utang_piutang"],
            "description": [old.description, ""],
        }
    }
    read = timeline(body)
    assert "Data perkara diubah" in read
    assert f"Judul {TITLE} → {NEW_TITLE}" in read
    assert "Kategori Batas tanah → Utang piutang" in read
    assert f"Uraian {old.description} → —" in read

    # The same values again change nothing: no event, the version stays.
    again = web.post(f"/cases/{case_id}", edit_form(web, case_id), htmx=True)
    assert again.status_code == 200
    assert db.case(case_id).version == stored.version

    # A supervisor over the desa corrects it too.
    web.login_as("supervisor")
    fixed = edit_form(web, case_id, category="batas_tanah", description="Patok dipindah.")
    assert web.post(f"/cases/{case_id}", fixed, htmx=True).status_code == 200
    assert db.events(case_id)[-1].actor_role == "supervisor"
    assert db.case(case_id).category == "batas_tanah"


def test_without_javascript_the_form_is_a_page_and_a_post_redirects(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    page = web.get(f"/cases/{case_id}/edit")
    assert page.status_code == 200
    assert "<html" in page.text
    assert f'<form method="post" action="/cases/{case_id}"' in page.text

    refused = web.post(f"/cases/{case_id}", edit_form(web, case_id, title="Abc"))
    assert refused.status_code == 422
    assert "<html" in refused.text  # the whole page, the form open with what was typed
    assert field_error(refused.text, "title") == "Terlalu pendek."
    assert 'value="Abc"' in refused.text
    assert db.case(case_id).title == TITLE

    done = web.post(f"/cases/{case_id}", edit_form(web, case_id))
    assert done.status_code == 303
    assert done.headers["location"] == f"/cases/{case_id}"
    assert db.case(case_id).title == NEW_TITLE


def test_wrong_fields_a_stale_page_and_people_without_the_right_write_nothing(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report()
    cases.invite(case_id)
    web.login_as("officer")
    before = db.snapshot(case_id)
    wrong = [
        ({"title": "Abc"}, "title", "Terlalu pendek."),
        ({"title": "Judul\nbaris kedua"}, "title", "Tidak boleh lebih dari satu baris."),
        ({"category": "ketertiban"}, "category", "Kategori tidak dikenal."),  # a complaint's
        ({"category": ""}, "category", "Pilih kategori."),
        ({"description": "x" * 8001}, "description", "paling banyak 8000"),
    ]
    for fields, field, message in wrong:
        response = web.post(f"/cases/{case_id}", edit_form(web, case_id, **fields), htmx=True)
        assert response.status_code == 422, fields
        assert "hx-retarget" not in response.headers  # it swaps into #case-facts
        html = response.text.strip()
        assert html.startswith('<section id="case-facts"'), html[:200]
        assert 'id="case-edit"' in html  # the form stays open
        assert message in (field_error(html, field) or ""), (fields, html[:800])
    unknown = web.post(f"/cases/{case_id}", edit_form(web, case_id, state="closed"), htmx=True)
    assert unknown.status_code == 422
    assert "state: Isian ini tidak dikenal." in unknown.text
    assert db.snapshot(case_id) == before

    form = edit_form(web, case_id)
    cases.add_party(case_id, name="Ditambah rekan")
    moved = db.snapshot(case_id)
    stale = web.post(f"/cases/{case_id}", form, htmx=True)
    assert stale.status_code == 409
    assert stale.headers["hx-retarget"] == "#case-body"
    assert STALE in stale.text
    assert db.snapshot(case_id) == moved

    web.login_as("tokoh")
    assert 'id="case-edit-link"' not in web.case_page(case_id).text
    assert web.get(f"/cases/{case_id}/edit", htmx=True).status_code == 403
    assert web.post(f"/cases/{case_id}", form, htmx=True).status_code == 403
    web.login_as("officer_b")
    assert web.get(f"/cases/{case_id}/edit").status_code == 404
    assert web.post(f"/cases/{case_id}", {**form, "version": "99"}).status_code == 404
    assert db.snapshot(case_id) == moved
