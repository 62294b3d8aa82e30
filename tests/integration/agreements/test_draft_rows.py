"""The draft form without JavaScript: "+ Tambah kewajiban" posts the form and it comes back with
one more obligation row, everything typed and the case version the officer saw; the rows
added are saved; a refusal shows each error on its row; too many rows are refused in words."""

from __future__ import annotations

import re
from uuid import UUID

from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.models import Agreement
from tests.integration.agreements.conftest import Agreements, in_days
from tests.integration.agreements.test_web import draft_form, form_version, panel
from tests.integration.web.conftest import Cases, Db, Web, field_error

ADD = {"add_obligations": "+ Tambah kewajiban"}


def rows_in(html: str) -> list[int]:
    return [
        int(n)
        for n in re.findall(r'<fieldset class="obligation-row" id="obligation-row-(\d+)"', html)
    ]


def obligation(index: int, obligor: str, description: str = "", **fields: str) -> dict[str, str]:
    row = {"obligor": obligor, "kind": "apology", "description": description, "amount": ""}
    row |= {"instalments": "", "due_date": ""} | fields
    return {f"ob_{index}_{key}": value for key, value in row.items()}


def test_adding_an_obligation_row_keeps_the_draft_and_the_version_seen(
    web: Web, agreements: Agreements, cases: Cases, db: Db
) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    typed = draft_form(agreements, case_id, place="Balai Desa", ob_0_amount="Rp 2.000.000")
    seen = int(typed["version"])
    cases.add_party(case_id, name="Pak Kadus")  # someone changes the case meanwhile
    response = web.post(f"/cases/{case_id}/agreement", typed | ADD)
    assert response.status_code == 200
    html = response.text
    assert "<html" in html
    assert rows_in(html) == [0, 1]
    assert 'value="Balai Desa"' in html
    assert 'value="Rp 2.000.000"' in html
    assert "Membayar ganti rugi tanaman padi" in html
    assert form_version(html) == seen  # saving from here is still checked against what was seen
    assert f'formaction="/cases/{case_id}/agreement#obligation-row-2"' in html
    assert 'class="error"' not in html
    assert db.count(Agreement) == 0
    stale = web.post(f"/cases/{case_id}/agreement", typed)
    assert stale.status_code == 409


def test_two_obligations_entered_without_javascript_are_saved(
    web: Web, agreements: Agreements
) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    respondent = f"party:{agreements.party(case_id, 'respondent').id}"
    form = draft_form(agreements, case_id)
    form |= obligation(1, respondent) | obligation(
        2, respondent, "Meminta maaf di hadapan warga RT 02", due_date=in_days(7)
    )
    response = web.post(f"/cases/{case_id}/agreement", form)
    assert response.status_code == 303, response.text[:800]
    version = agreements.current(case_id)
    with agreements.reading() as session:
        saved = AgreementLookups(session).obligations_of(version.id)
    assert [(o.position, o.kind) for o in saved] == [(1, "payment"), (2, "apology")]
    assert "Meminta maaf di hadapan warga RT 02" in panel(web, case_id)


def test_a_refused_draft_shows_each_error_on_its_row(web: Web, agreements: Agreements) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    respondent = f"party:{agreements.party(case_id, 'respondent').id}"
    form = draft_form(agreements, case_id)
    form |= obligation(1, respondent) | obligation(
        2, respondent, "Minta maaf", due_date=in_days(-3)
    )
    response = web.post(f"/cases/{case_id}/agreement", form)
    assert response.status_code == 422
    html = response.text
    assert rows_in(html) == [0, 1]  # the blank row is left out, the late one moved up
    row = html.split('id="obligation-row-1"', 1)[1].split("</fieldset>", 1)[0]
    assert "Tenggat tidak boleh sebelum hari ini." in row
    assert 'value="Minta maaf"' in row or ">Minta maaf</textarea>" in row


def test_more_obligations_than_a_draft_holds_are_refused_in_words(
    web: Web, agreements: Agreements, db: Db
) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    respondent = f"party:{agreements.party(case_id, 'respondent').id}"
    form = draft_form(agreements, case_id)
    for index in range(1, 31):  # 31 rows of 6 fields: within the 200 a request may carry
        form |= obligation(index, respondent, f"Kewajiban {index}", due_date=in_days(9))
    response = web.post(f"/cases/{case_id}/agreement", form)
    assert response.status_code == 422
    assert field_error(response.text, "obligations") == (
        "Paling banyak 30 kewajiban dalam satu kesepakatan."
    )
    assert db.count(Agreement) == 0
    # With 30 rows the add button has given way to a note, and asking anyway adds none.
    thirty = {key: value for key, value in form.items() if not key.startswith("ob_30_")}
    full = web.post(f"/cases/{case_id}/agreement", thirty | ADD)
    assert full.status_code == 200
    assert rows_in(full.text) == list(range(30))
    assert 'name="add_obligations"' not in full.text
    assert "Paling banyak 30 kewajiban." in full.text


def test_a_tokoh_cannot_ask_for_a_row(web: Web, agreements: Agreements) -> None:
    case_id: UUID = agreements.mediated()
    form = draft_form(agreements, case_id)
    web.login_as("tokoh")
    assert web.post(f"/cases/{case_id}/agreement", form | ADD).status_code in (403, 404)


def test_a_refused_save_keeps_the_version_seen_so_a_change_meanwhile_is_not_overwritten(
    web: Web, agreements: Agreements, cases: Cases, db: Db
) -> None:
    web.login_as("officer")
    case_id = agreements.mediated()
    typed = draft_form(agreements, case_id)
    seen = int(typed["version"])
    cases.add_party(case_id, name="Pak Kadus")  # someone changes the case meanwhile
    refused = web.post(f"/cases/{case_id}/agreement", typed | {"ob_0_due_date": "bukan-tanggal"})
    assert refused.status_code == 422
    assert form_version(refused.text) == seen  # not the version after the other change
    fixed = typed | {"version": str(form_version(refused.text))}
    assert web.post(f"/cases/{case_id}/agreement", fixed).status_code == 409
    assert db.count(Agreement) == 0
