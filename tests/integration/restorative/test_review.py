"""The supervisor's approval of a restorative justice settlement on one page (SQLite and
PostgreSQL): at the head of the case page, the checklist as answered, the victim's consent,
the agreement as signed and the restoration with its statement, the time left, and the two
decisions; what is missing said plainly; the return answered by the officer and the approval;
nobody else sees the panel, and a supervisor of another area not the case."""

from __future__ import annotations

import re
from datetime import timedelta

from litestar import Litestar
from sqlalchemy import select

from mediasi.agreements.canonical import format_code
from mediasi.db.base import utcnow
from mediasi.restorative.consent.models import VictimConsent
from mediasi.restorative.models import CaseDocument
from mediasi.runtime import Runtime
from tests.integration.restorative.conftest import RESTORATION, Restorative
from tests.integration.restorative.test_documents import browser
from tests.integration.web.conftest import Db, field_error, section_with

PANEL = "Tinjauan persetujuan keadilan restoratif"
INSTRUCTIONS = "Lampirkan kuitansi ganti rugi yang ditandatangani korban, lalu nyatakan lagi."


def panel(html: str) -> str:
    """The review panel of a case page (it ends where the decisions begin)."""
    found = re.search(r'<section id="review".*?(?=<section id="steps")', html, re.S)
    assert found, "no review panel on the page"
    return found.group(0)


def part(html: str, name: str) -> str:
    found = re.search(rf'<section id="review-{name}".*?</section>', html, re.S)
    assert found, f"no part {name}"
    return found.group(0)


def test_the_panel_gathers_what_the_supervisor_judges(
    app: Litestar, runtime: Runtime, restorative: Restorative
) -> None:
    case_id = restorative.restored()
    spec = runtime.workflows.registry.latest("keadilan_restoratif")
    step = spec.transition("check_eligibility", "reported")
    assert step is not None
    items = step.field("eligibility").items
    with runtime.sessions() as session:
        consent = session.scalars(select(VictimConsent)).one()
        statement = session.scalars(
            select(CaseDocument).where(CaseDocument.kind == "pemulihan")
        ).one()
    version = restorative.agreements.current(case_id)
    assert version.code is not None
    with browser(app, "supervisor") as supervisor:
        page = supervisor.case_page(case_id).text
    shown = panel(page)
    assert PANEL in shown
    # 1 working day from now: a day, or more across a weekend or a holiday.
    assert re.search(r"Sisa waktu (23 jam \d+ menit|\d+ hari)", shown)
    assert "1 hari kerja sejak pemulihan dinyatakan" in shown

    checklist = part(page, "checklist")
    assert "Dijawab Officer" in checklist
    assert "Pasal 476 KUHP (pencurian)" in checklist
    assert "Tidak ada butir yang mengecualikan" in checklist
    for item in items:
        entry = re.search(rf'<li data-item="{item.key}".*?</li>', checklist, re.S)
        assert entry, item.key
        assert item.label.id in entry.group(0)
        assert item.source in entry.group(0)
        answer = "Tidak" if item.disqualifies_when == "yes" else "Ya"
        assert f"<strong>{answer}</strong>" in entry.group(0), item.key
        assert ("Perlu tinjauan hukum" in entry.group(0)) == item.needs_legal_review, item.key
    flagged = sum(i.needs_legal_review for i in items)
    assert f"{flagged} perlu tinjauan hukum" in checklist

    victim = part(page, "consent")
    assert "Darto Santoso" in victim
    assert "Persetujuan diberikan" in victim
    assert "di hadapan petugas" in victim
    assert "dicatat oleh Officer" in victim
    assert consent.digest in victim
    assert "Belum ada persetujuan" not in victim

    agreement = part(page, "agreement")
    assert format_code(version.code) in agreement
    assert f'href="/cases/{case_id}/agreement/pdf"' in agreement
    for name in ("Darto Santoso", "Slamet Wibowo", "KH. Abdul Rohman"):
        signed = rf'<strong>{re.escape(name)}</strong>[^<]*·[^<]*·\s*<span class="badge ok">'
        assert re.search(signed + "Ditandatangani", agreement), name
    assert "Belum menandatangani" not in agreement

    restored = part(page, "restoration")
    obligations = restorative.agreements.obligations(case_id)
    assert obligations
    for obligation in obligations:
        assert obligation.description in restored
    assert restored.count("Dipenuhi") == len(obligations)
    assert "Ditandai " in restored
    assert RESTORATION in restored
    assert f'href="/cases/{case_id}/rj/pemulihan"' in restored
    assert format_code(statement.code) in restored
    assert "Perpol 8/2021 Pasal 6 ayat (1) huruf b" in restored

    decisions = section_with(page, 'data-trigger="return_settlement"')
    assert f'action="/cases/{case_id}/steps/approve"' in decisions
    assert f'action="/cases/{case_id}/steps/return_settlement"' in decisions
    assert 'name="instructions"' in decisions
    assert 'name="decision_note"' in decisions
    # The decisions are open forms, not buttons as well; the other steps keep their buttons.
    assert f'href="/cases/{case_id}/steps/approve"' not in page
    assert f'href="/cases/{case_id}/steps/withdraw_consent"' in page


def test_what_is_missing_is_said_plainly(app: Litestar, db: Db, restorative: Restorative) -> None:
    case_id = restorative.restored()
    # The victim recorded after the complainant's consent was signed: it is theirs that counts.
    restorative.cases.add_party(case_id, role="victim", name="Siti Aminah", nik="3507010101010009")
    db.set_due(case_id, utcnow() - timedelta(hours=3, minutes=5))
    with browser(app, "supervisor") as supervisor:
        page = supervisor.case_page(case_id).text
    victim = part(page, "consent")
    assert "Belum ada persetujuan korban yang tercatat untuk Siti Aminah." in victim
    assert "Persetujuan diberikan" not in victim
    assert "Lewat tenggat 3 jam" in panel(page)


def test_return_resubmit_approve(
    app: Litestar, db: Db, runtime: Runtime, restorative: Restorative
) -> None:
    case_id = restorative.restored()
    with browser(app, "supervisor") as supervisor:
        url = f"/cases/{case_id}/steps/return_settlement"
        version = supervisor.version(case_id)
        empty = supervisor.post(url, {"version": version, "instructions": ""}, htmx=True)
        assert empty.status_code == 422
        assert field_error(empty.text, "instructions")
        # Both decisions stay open; the refused one keeps its error.
        assert 'data-trigger="approve"' in empty.text
        done = supervisor.post(url, {"version": version, "instructions": INSTRUCTIONS}, htmx=True)
        assert done.status_code == 200, done.text[:300]
        assert db.case(case_id).state == "agreed"
        assert PANEL not in supervisor.case_page(case_id).text

    with browser(app, "officer") as officer:
        page = officer.case_page(case_id).text
        banner = re.search(r'id="returned">(.*?)</div>', page, re.S)
        assert banner, "no returned banner"
        assert INSTRUCTIONS in banner.group(1)
        assert "Supervisor" in banner.group(1)
        assert PANEL not in page

    restorative.restored(case_id, restoration=RESTORATION + " Kuitansi dilampirkan.")
    with browser(app, "officer") as officer:
        page = officer.case_page(case_id).text
        assert PANEL not in page
        assert "Dikembalikan pengawas" not in page
    with browser(app, "supervisor") as supervisor:
        page = supervisor.case_page(case_id).text
        assert "Kuitansi dilampirkan." in part(page, "restoration")
        response = supervisor.post(
            f"/cases/{case_id}/steps/approve",
            {"version": supervisor.version(case_id), "decision_note": "Lengkap."},
            htmx=True,
        )
        assert response.status_code == 200, response.text[:300]
        assert db.case(case_id).state == "approved"
        assert PANEL not in supervisor.case_page(case_id).text
    assert [e.trigger for e in db.events(case_id) if "." not in e.trigger][-3:] == [
        "return_settlement",
        "restore",
        "approve",
    ]


def test_only_a_supervisor_in_reach_sees_the_panel(app: Litestar, restorative: Restorative) -> None:
    case_id = restorative.restored()
    for username in ("officer", "tokoh"):  # the tokoh mediated the case, so sees it
        with browser(app, username) as other:
            page = other.case_page(case_id).text
            assert PANEL not in page, username
            assert 'data-trigger="approve"' not in page, username
    with browser(app, "polres_supervisor") as above:
        assert PANEL in above.case_page(case_id).text
    with browser(app, "supervisor_b") as outside:
        assert outside.get(f"/cases/{case_id}").status_code == 404
        refused = outside.post(
            f"/cases/{case_id}/steps/approve", {"version": 1, "decision_note": "x"}
        )
        assert refused.status_code == 404


def test_the_desk_lists_the_settlement_awaiting_approval_with_its_deadline(
    app: Litestar, db: Db, restorative: Restorative
) -> None:
    case_id = restorative.restored()
    reference = db.case(case_id).reference
    with browser(app, "supervisor") as supervisor:
        queue = section_with(supervisor.get("/supervision").text, 'id="review-queue"')
    item = re.search(
        rf'<li class="case-item review-item">(?:(?!</li>).)*{reference}.*?</li>', queue, re.S
    )
    assert item, "the settlement is not on the desk"
    assert "Hak korban dipulihkan (menunggu persetujuan)" in item.group(0)
    assert re.search(r'class="badge (due|due-soon)">(Tenggat|Segera)', item.group(0))
    db.set_due(case_id, utcnow() - timedelta(minutes=30))
    with browser(app, "supervisor") as supervisor:
        queue = section_with(supervisor.get("/supervision").text, 'id="review-queue"')
    assert 'class="badge overdue"' in queue
    with browser(app, "supervisor_b") as outside:
        assert reference not in outside.get("/supervision").text


def test_the_return_form_refuses_hostile_input_in_words(
    app: Litestar, db: Db, restorative: Restorative
) -> None:
    case_id = restorative.restored()
    url = f"/cases/{case_id}/steps/return_settlement"
    before = db.snapshot(case_id)
    with browser(app, "supervisor") as supervisor:
        version = supervisor.version(case_id)
        refusals = [
            ({"version": version, "instructions": "Ulangi \x00 pemulihan"}, 422),
            ({"version": version, "instructions": "x" * 4001}, 422),
            ({"version": version}, 422),
            ({"instructions": INSTRUCTIONS}, 422),
            ({"version": "9" * 40, "instructions": INSTRUCTIONS}, 422),
            ({"version": "-1", "instructions": INSTRUCTIONS}, 422),
        ]
        for form, status in refusals:
            response = supervisor.post(url, form, htmx=True)
            assert response.status_code == status, (form, response.text[:300])
            assert 'class="alert error"' in response.text, form
        nul = supervisor.post(url, refusals[0][0], htmx=True)
        assert field_error(nul.text, "instructions")
        assert 'data-trigger="approve"' in nul.text  # the other decision stays open
        broken = supervisor.client.post(
            url,
            content=f"instructions=%FF%FE&version={version}".encode(),
            headers={
                "content-type": "application/x-www-form-urlencoded",
                "x-csrftoken": supervisor.csrf,
            },
            follow_redirects=False,
        )
        assert broken.status_code == 400
        assert "UTF-8" in broken.text
        stale = supervisor.post(url, {"version": version - 1, "instructions": INSTRUCTIONS})
        assert stale.status_code == 409
    assert db.snapshot(case_id) == before
