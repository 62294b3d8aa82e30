"""A case a supervisor sent back with instructions: the officer reads them at the head of the
case page, and home marks the case, until the officer takes the next step; a change that is
not a step (a party added) does not clear it (both backends)."""

from __future__ import annotations

import re

from tests.integration.web.conftest import Cases, Web, case_links, section_with

INSTRUCTIONS = "Undang kepala desa dan ulangi musyawarah minggu ini."


def _returned_section(html: str) -> str:
    found = re.search(
        r'<section class="card returned-card" id="returned">(.*?)</section>', html, re.S
    )
    return found.group(1) if found else ""


def test_the_instructions_stand_at_the_head_and_home_marks_the_case_until_the_next_step(
    web: Web, cases: Cases
) -> None:
    case_id = cases.report(title="Ancaman golok di sawah")
    other = cases.report(title="Sengketa pagar")
    cases.fire(case_id, "escalate")
    cases.fire(case_id, "return_escalation", by="supervisor", instructions=INSTRUCTIONS)
    officer = web.login_as("officer")

    page = officer.case_page(case_id).text
    head = page.split('<section id="steps"', 1)[0]
    assert 'id="returned"' in head
    assert INSTRUCTIONS in head
    assert "Dikembalikan pengawas" in head
    assert "Supervisor" in head  # who returned it, by name

    home = officer.get("/").text
    assert case_links(_returned_section(home)) == {str(case_id)}
    assert str(other) not in _returned_section(home)

    # The supervisor who returned it sees the mark on the case, not the officer's to-do list.
    supervisor_home = web.login_as("supervisor").get("/").text
    assert 'id="returned"' not in supervisor_home
    assert "Dikembalikan pengawas" in supervisor_home
    officer = web.login_as("officer")

    cases.add_party(case_id, name="Pak Darto")  # not a step: still waiting on the officer
    assert case_links(_returned_section(officer.get("/").text)) == {str(case_id)}

    cases.fire(case_id, "escalate")  # the officer acts
    assert 'id="returned"' not in officer.get("/").text
    assert 'id="returned"' not in officer.case_page(case_id).text


def test_an_escalation_waiting_on_the_supervisor_is_not_marked(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    cases.fire(case_id, "escalate")
    officer = web.login_as("officer")
    assert 'id="returned"' not in officer.get("/").text
    assert 'id="returned"' not in officer.case_page(case_id).text
    assert section_with(officer.case_page(case_id).text, "Langkah berikutnya")
