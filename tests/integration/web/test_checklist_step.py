"""The eligibility checklist on the case page: each item a yes/no pair with its article, the
answers posted one per item, a missing answer marked beside its item, and a ruled-out case
offered only the referral, with the item and its article in words."""

from __future__ import annotations

import html as html_lib
from typing import Any
from uuid import UUID

from tests.factories import RJ_CLARIFY as CLARIFY
from tests.integration.web.conftest import Cases, Db, Web
from tests.integration.web.test_steps import fire

RJ = {"workflow": "keadilan_restoratif", "category": "pencurian", "title": "Sepeda diambil"}


def _items(cases: Cases) -> list[Any]:
    spec = cases.runtime.workflows.registry.latest("keadilan_restoratif")
    step = spec.transition("check_eligibility", "reported")
    assert step is not None
    return next(f for f in step.fields if f.name == "eligibility").items


def _answers(cases: Cases, **changes: str) -> dict[str, str]:
    items = _items(cases)
    eligible = {i.key: "no" if i.disqualifies_when == "yes" else "yes" for i in items}
    return {f"eligibility.{k}": v for k, v in (eligible | changes).items()}


def _check(web: Web, cases: Cases, case_id: UUID, **answers: str) -> Any:
    return fire(web, case_id, "check_eligibility", offence="Pasal 476 KUHP", **answers)


def test_each_item_is_a_yes_no_pair_with_its_article(web: Web, cases: Cases) -> None:
    case_id = cases.report(**RJ)
    page = web.login_as("officer").get(f"/cases/{case_id}/steps/check_eligibility", htmx=True)
    assert page.status_code == 200
    text = html_lib.unescape(page.text)
    for item in _items(cases):
        assert f'name="eligibility.{item.key}" value="yes"' in text
        assert f'name="eligibility.{item.key}" value="no"' in text
        assert f"{item.label.get('id')} <small>({item.source})</small>" in text


def test_the_answers_are_recorded_and_a_missing_one_is_marked(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report(**RJ)
    web.login_as("officer")
    answers = _answers(cases)
    missing = answers.pop("eligibility.korupsi")
    assert missing == "no"
    refused = _check(web, cases, case_id, **answers)
    assert refused.status_code == 422
    assert 'id="err-eligibility.korupsi"' in refused.text
    assert db.case(case_id).state == "reported"

    done = _check(web, cases, case_id, **_answers(cases))
    assert done.status_code in (200, 303), done.text[:300]
    assert db.case(case_id).state == "eligibility_checked"
    [*_, event] = db.events(case_id)
    assert event.payload["eligibility"]["korupsi"] == "no"


def test_a_ruled_out_case_is_told_why_and_offered_only_the_referral(
    web: Web, cases: Cases, db: Db
) -> None:
    case_id = cases.report(**RJ)
    web.login_as("officer")
    _check(web, cases, case_id, **_answers(cases, kekerasan_seksual="yes"))
    assert db.case(case_id).state == "eligibility_checked"
    refused = fire(web, case_id, "clarify", **CLARIFY)
    assert refused.status_code == 422
    text = html_lib.unescape(refused.text)
    assert "Tindak pidana kekerasan seksual? (UU 20/2025 Pasal 82)" in text
    page = html_lib.unescape(web.get(f"/cases/{case_id}").text)
    assert f"/cases/{case_id}/steps/refer_ppa" in page
    assert db.case(case_id).state == "eligibility_checked"
