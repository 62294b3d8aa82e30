"""Hostile input on every form: script and HTML in every text field is stored as typed and
shown escaped; oversize values, wrong types and unknown fields are refused with a message a
person can read beside the field, and nothing is written."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from sqlalchemy import select

from mediasi.accounts.models import Area, LoginAttempt, Tokoh, User
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.workflow.spec import FieldType, TransitionSpec
from tests.factories import PASSWORD, World, add_facts
from tests.integration.restorative.walk import CLARIFY as RJ_CLARIFY
from tests.integration.restorative.walk import eligible
from tests.integration.security.conftest import (
    IMG,
    PAYLOADS,
    SCRIPT,
    SVG,
    Cases,
    Db,
    Web,
    another_browser,
    assert_escaped,
    escaped,
    field_message,
    injections,
    local_input,
)
from tests.integration.security.test_csrf import BODY_HANDLERS, UNSAFE_ROUTES, Target, _body
from tests.writes import Watch

TOO_LONG = "Terlalu panjang"
UNKNOWN_CHOICE = "Pilihan tidak dikenal"
WRONG_FORMAT = "Formatnya tidak sesuai"
NOT_A_NIK = "NIK harus 16 angka"
NOT_A_PHONE = "Nomor telepon tidak dikenali"
NOT_AN_EMAIL = "Alamat email tidak dikenali"


def oversize(limit: int) -> str:
    """A value one character over ``limit`` that starts with a script payload."""
    return SCRIPT + "x" * (limit + 1 - len(SCRIPT))


def _case_id_from(response: Any) -> UUID:
    location = response.headers.get("location") or response.headers.get("hx-redirect")
    assert location, response.text[:300]
    match = re.fullmatch(r"/cases/([0-9a-f-]{36})", location)
    assert match, location
    return UUID(match.group(1))


def _party_row_message(html: str, index: int, key: str) -> str | None:
    row = re.search(
        rf'<fieldset class="party-row" id="party-row-{index}">(.*?)</fieldset>', html, re.DOTALL
    )
    if not row:
        return None
    message = re.search(
        rf'<small class="error" id="err-party_{index}_{key}">([^<]*)</small>', row.group(1)
    )
    return message.group(1) if message else None


# ---- the report form ------------------------------------------------------------------------


def report_form(world: World, **fields: str) -> dict[str, str]:
    form = {
        "workflow": "sengketa",
        "category": "batas_tanah",
        "title": "Sengketa batas sawah",
        "description": "Patok batas dipindah.",
        "desa_id": str(world.desa_a1),
        "reporter_name": "Darto Santoso",
        "reporter_phone": "",
        "party_0_role": "complainant",
        "party_0_name": "Darto Santoso",
        "party_0_nik": "",
        "party_0_phone": "",
        "party_0_address": "",
        "party_1_role": "respondent",
        "party_1_name": "Slamet Wibowo",
    }
    form.update(fields)
    return form


def test_the_report_form_stores_hostile_text_as_typed_and_shows_it_escaped(
    web: Web, db: Db, world: World
) -> None:
    hostile = {
        "title": f"Judul {SCRIPT}",
        "description": f"{IMG}\n{SVG}\n{SCRIPT}",
        "reporter_name": f"Pelapor {SVG}",
        "party_0_name": f"Pihak {SCRIPT}",
        "party_0_address": f"Jl. {IMG}",
        "party_1_name": f"Lawan {IMG}",
    }
    web.login_as("officer")
    response = web.post("/cases", report_form(world, **hostile))
    assert response.status_code == 303, response.text[:500]
    case_id = _case_id_from(response)

    case = db.case(case_id)
    assert case.title == hostile["title"]
    assert case.description == hostile["description"]
    assert case.reporter_name == hostile["reporter_name"]
    names = {p.name for p in db.parties(case_id)}
    assert names == {hostile["party_0_name"], hostile["party_1_name"]}

    page = web.case_page(case_id).text
    assert_escaped(page, *hostile.values())
    assert_escaped(web.get("/cases").text, hostile["title"])
    assert_escaped(web.get("/").text, hostile["title"])
    assert_escaped(web.get(f"/cases?q={SCRIPT}").text)
    party = next(p for p in db.parties(case_id) if p.name == hostile["party_0_name"])
    edit = web.get(f"/cases/{case_id}/parties/{party.id}/edit", htmx=True)
    assert edit.status_code == 200
    assert_escaped(edit.text, hostile["party_0_name"], hostile["party_0_address"])
    trail = web.get(f"/cases/{case_id}/trail")
    assert trail.status_code == 200
    assert injections(trail.text) == []
    assert "<script>alert" not in trail.text


REPORT_LIMITS = [
    ("title", 200),
    ("description", 8000),
    ("reporter_name", 120),
    ("party_0_name", 120),
    ("party_0_address", 300),
]


def test_the_report_form_refuses_oversize_values_beside_the_field(
    web: Web, runtime: Runtime, world: World
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    for field, limit in REPORT_LIMITS:
        response = web.post("/cases", report_form(world, **{field: oversize(limit)}))
        assert response.status_code == 422, field
        if field.startswith("party_0_"):
            message = _party_row_message(response.text, 0, field.removeprefix("party_0_"))
        else:
            message = field_message(response.text, field)
        assert TOO_LONG in (message or ""), (field, message)
        assert f"paling banyak {limit}" in message
        assert_escaped(response.text, SCRIPT)  # the value comes back in the form, as text
    assert watch.written() == []


WRONG_TYPES = [
    ("desa_id", "<script>alert(1)</script>", UNKNOWN_CHOICE),
    ("desa_id", "12", UNKNOWN_CHOICE),
    ("workflow", "<b>x</b>", "Jenis perkara tidak dikenal"),
    ("category", "<b>x</b>", "Kategori tidak dikenal"),
    ("reporter_phone", "<script>", NOT_A_PHONE),
    ("reporter_phone", "nol delapan", NOT_A_PHONE),
    ("party_0_nik", "35O7O1O1O1O1OOO1", NOT_A_NIK),
    ("party_0_phone", "081-abc", NOT_A_PHONE),
    ("party_0_role", "<script>", UNKNOWN_CHOICE),
    ("title", "Judul\nbaris kedua", "satu baris"),
    ("title", "Judul \x00 nol", "karakter yang tidak sah"),
]


def test_the_report_form_refuses_wrong_types_beside_the_field(
    web: Web, runtime: Runtime, world: World
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    for field, value, expected in WRONG_TYPES:
        response = web.post("/cases", report_form(world, **{field: value}))
        assert response.status_code == 422, (field, value)
        if field.startswith("party_0_"):
            message = _party_row_message(response.text, 0, field.removeprefix("party_0_"))
        else:
            message = field_message(response.text, field)
        assert expected in (message or ""), (field, value, message)
        assert injections(response.text) == []
    assert watch.written() == []


def test_the_report_form_refuses_unknown_fields(web: Web, runtime: Runtime, world: World) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    for extra in ({"is_final": "true"}, {"party_0_is_admin": "1"}, {"state": "referred"}):
        response = web.post("/cases", report_form(world, **extra))
        assert response.status_code == 422, extra
    assert watch.written() == []


def test_the_report_form_says_which_unknown_field_it_refused(web: Web, world: World) -> None:
    web.login_as("officer")
    response = web.post("/cases", report_form(world, state="referred"))
    assert response.status_code == 422
    assert "tidak dikenal" in response.text
    assert "state" in re.sub(r"<[^>]+>", " ", response.text.split("<main", 1)[1])


# ---- the case's own fields ("Ubah data perkara") ---------------------------------------------

CASE_EDIT_BAD = [
    ("title", oversize(200), TOO_LONG),
    ("description", oversize(8000), TOO_LONG),
    ("title", "Judul\nbaris kedua", "satu baris"),
    ("title", "Judul \x00 nol", "karakter yang tidak sah"),
    ("category", SCRIPT, "Kategori tidak dikenal"),
]


def test_the_case_edit_form_stores_hostile_text_shows_it_escaped_and_refuses_bad_values(
    web: Web, db: Db, cases: Cases
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    url = f"/cases/{case_id}"
    hostile = {"title": f"Judul {SCRIPT}", "description": f"{IMG}\n{SVG}"}
    form = {"version": web.version(case_id), "category": "batas_tanah", **hostile}
    response = web.post(url, form, htmx=True)
    assert response.status_code == 200, response.text[:300]
    assert_escaped(response.text, *hostile.values())
    assert (db.case(case_id).title, db.case(case_id).description) == tuple(hostile.values())
    assert_escaped(web.get(f"{url}/edit", htmx=True).text, *hostile.values())
    assert_escaped(web.get("/cases").text, hostile["title"])
    assert_escaped(web.get(f"/cases/{case_id}/trail").text, hostile["title"])

    before = db.snapshot(case_id)
    for field, value, expected in CASE_EDIT_BAD:
        sent = {**form, "version": web.version(case_id), field: value}
        response = web.post(url, sent, htmx=True)
        assert response.status_code == 422, (field, value)
        message = field_message(response.text, field)
        assert expected in (message or ""), (field, value, message)
        assert injections(response.text) == []
        assert "<script>alert" not in response.text
    assert db.snapshot(case_id) == before


# ---- the party forms ------------------------------------------------------------------------


def test_the_party_forms_store_hostile_text_and_show_it_escaped(
    web: Web, db: Db, cases: Cases
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    added = {"role": "witness", "name": f"Saksi {SCRIPT}", "address": f"RT {IMG}"}
    response = web.post(
        f"/cases/{case_id}/parties", {"version": web.version(case_id), **added}, htmx=True
    )
    assert response.status_code == 200, response.text[:300]
    assert_escaped(response.text, added["name"], added["address"])
    party = next(p for p in db.parties(case_id) if p.role == "witness")
    assert (party.name, party.address) == (added["name"], added["address"])

    updated = {"role": "victim", "name": f"Korban {SVG}", "address": f"{SCRIPT} Dusun"}
    response = web.post(
        f"/cases/{case_id}/parties/{party.id}",
        {"version": web.version(case_id), **updated},
        htmx=True,
    )
    assert response.status_code == 200, response.text[:300]
    page = web.case_page(case_id).text
    assert_escaped(page, updated["name"], updated["address"])
    assert escaped(added["name"]) in page  # the timeline keeps the old name, escaped too


PARTY_BAD = [
    ("name", oversize(120), TOO_LONG),
    ("address", oversize(300), TOO_LONG),
    ("name", "x", "Terlalu pendek"),
    ("nik", "<script>alert(1)</script>", NOT_A_NIK),
    ("nik", "350701010101000", NOT_A_NIK),
    ("phone", "<b>0812</b>", NOT_A_PHONE),
    ("role", "<script>", UNKNOWN_CHOICE),
    ("address", "baris\nkedua", "satu baris"),
]


@pytest.mark.parametrize("editing", [False, True], ids=["add", "update"])
def test_the_party_forms_refuse_bad_values_beside_the_field(
    web: Web, db: Db, cases: Cases, editing: bool
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    party_id = db.parties(case_id)[0].id
    url = f"/cases/{case_id}/parties" + (f"/{party_id}" if editing else "")
    before = db.snapshot(case_id)
    for field, value, expected in PARTY_BAD:
        form = {"version": web.version(case_id), "role": "witness", "name": "Saksi Mata"}
        response = web.post(url, {**form, field: value}, htmx=True)
        assert response.status_code == 422, (field, value)
        message = field_message(response.text, field)
        assert expected in (message or ""), (field, value, message)
        assert injections(response.text) == []
        assert "<script>alert" not in response.text
    assert db.snapshot(case_id) == before


def test_the_party_forms_refuse_unknown_fields_and_bad_versions(
    web: Web, db: Db, cases: Cases
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    before = db.snapshot(case_id)
    form = {"version": web.version(case_id), "role": "witness", "name": "Saksi Mata"}
    for extra in ({"case_id": str(case_id)}, {"is_hidden": "1"}, {"version": "abc"}):
        response = web.post(f"/cases/{case_id}/parties", {**form, **extra}, htmx=True)
        assert response.status_code == 422, extra
    assert db.snapshot(case_id) == before


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        pytest.param(
            {"is_hidden": "1"},
            "tidak dikenal",
            id="unknown field",
        ),
        pytest.param({"version": "abc"}, "Versi halaman tidak sah", id="version"),
    ],
)
def test_the_party_form_says_what_it_refused(
    web: Web, cases: Cases, extra: dict[str, str], expected: str
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    form = {"version": web.version(case_id), "role": "witness", "name": "Saksi Mata", **extra}
    response = web.post(f"/cases/{case_id}/parties", form, htmx=True)
    assert response.status_code == 422
    assert expected in response.text


# ---- every step form of both workflows ------------------------------------------------------


class Facts:
    """Guard facts this test asserts (the agreement is a feature of its own, tested there)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, runtime: Runtime) -> None:
        self.values: dict[str, Any] = {}
        add_facts(monkeypatch, runtime, lambda _session, _case: dict(self.values))


def _agreed(cases: Cases, facts: Facts) -> UUID:
    facts.values.update(agreement_fully_signed=True, open_obligations=0, broken_obligations=0)
    case_id = cases.mediated()
    cases.fire(case_id, "agree", summary="Para pihak sepakat berdamai.")
    return case_id


def _escalated(cases: Cases, facts: Facts) -> UUID:
    case_id = cases.report()
    cases.fire(case_id, "escalate")
    return case_id


def _assessed_with_mediator(cases: Cases, facts: Facts) -> UUID:
    case_id = cases.report()
    cases.fire(case_id, "assess")
    cases.invite(case_id)
    return case_id


def _failed_session(cases: Cases, facts: Facts) -> UUID:
    case_id = cases.mediated()
    cases.record_session(case_id, "failed")
    return case_id


def _broken(cases: Cases, facts: Facts) -> UUID:
    case_id = _agreed(cases, facts)
    facts.values["broken_obligations"] = 1
    return case_id


def _in_progress(cases: Cases, facts: Facts) -> UUID:
    case_id = cases.complaint()
    cases.fire(case_id, "follow_up")
    return case_id


def _signed(cases: Cases, facts: Facts) -> UUID:
    facts.values["agreement_fully_signed"] = True
    return cases.mediated()


# Restorative justice: the guards' facts hold (the checklist answered the eligible way, the
# victim consented, the offender's NIK recorded, the agreement signed and kept).
RJ_FACTS: dict[str, Any] = {
    "checklist_answered": True,
    "victims": 1,
    "unconsented": (),
    "offender_niks_recorded": True,
    "agreement_fully_signed": True,
    "open_obligations": 0,
    "broken_obligations": 0,
    "extra": {"latest_session_failed": True},
}
RJ_PAYLOADS: dict[str, dict[str, Any]] = {
    "clarify": RJ_CLARIFY,
    "schedule_mediation": {"session_at": "2026-05-12T09:00", "place": "Balai desa"},
    "agree": {"summary": "Sepeda motor dikembalikan."},
    "restore": {"restoration": "Sepeda motor dikembalikan.", "victim_statement": "ditandatangani"},
    "approve": {},
}


def _rj(*steps: str) -> Callable[[Cases, Facts], UUID]:
    """A restorative justice case taken through ``steps`` (``invite``: the mediator)."""

    def recipe(cases: Cases, facts: Facts) -> UUID:
        facts.values.update(RJ_FACTS)
        case_id = cases.report(workflow="keadilan_restoratif", category="pencurian")
        for step in steps:
            if step == "invite":
                cases.invite(case_id)
            elif step == "check_eligibility":
                answers = {"offence": "Pasal 476 KUHP", "eligibility": eligible(cases.runtime)}
                cases.fire(case_id, step, **answers)
            else:
                by = "supervisor" if step == "approve" else "officer"
                cases.fire(case_id, step, by=by, **RJ_PAYLOADS[step])
        return case_id

    return recipe


_MEDIATED = ("check_eligibility", "clarify", "invite", "schedule_mediation")
_RESTORED = (*_MEDIATED, "agree", "restore")


# How to bring a case to where each step can be taken. A step added to a workflow file fails
# test_every_human_step_has_a_recipe until it gets one here.
RECIPES: dict[tuple[str, str], Callable[[Cases, Facts], UUID]] = {
    ("sengketa", "assess"): lambda c, f: c.report(),
    ("sengketa", "schedule_mediation"): _assessed_with_mediator,
    ("sengketa", "reschedule"): _failed_session,
    ("sengketa", "agree"): _signed,
    ("sengketa", "close"): _agreed,
    ("sengketa", "reopen"): _broken,
    ("sengketa", "escalate_breach"): _broken,
    ("sengketa", "escalate"): lambda c, f: c.report(),
    ("sengketa", "accept_escalation"): _escalated,
    ("sengketa", "return_escalation"): _escalated,
    ("sengketa", "withdraw"): lambda c, f: c.report(),
    ("pengaduan", "follow_up"): lambda c, f: c.complaint(),
    ("pengaduan", "resolve"): _in_progress,
    ("pengaduan", "forward"): lambda c, f: c.complaint(),
    ("pengaduan", "reject"): lambda c, f: c.complaint(),
    ("keadilan_restoratif", "check_eligibility"): _rj(),
    ("keadilan_restoratif", "clarify"): _rj("check_eligibility"),
    ("keadilan_restoratif", "schedule_mediation"): _rj("check_eligibility", "clarify", "invite"),
    ("keadilan_restoratif", "reschedule"): _rj(*_MEDIATED),
    ("keadilan_restoratif", "agree"): _rj(*_MEDIATED),
    ("keadilan_restoratif", "restore"): _rj(*_MEDIATED, "agree"),
    ("keadilan_restoratif", "approve"): _rj(*_RESTORED),
    ("keadilan_restoratif", "return_settlement"): _rj(*_RESTORED),
    ("keadilan_restoratif", "register"): _rj(*_RESTORED, "approve"),
    ("keadilan_restoratif", "fail"): _rj("check_eligibility"),
    ("keadilan_restoratif", "refer_reskrim"): _rj("check_eligibility"),
    ("keadilan_restoratif", "refer_ppa"): _rj(),
    ("keadilan_restoratif", "withdraw_consent"): _rj(*_MEDIATED),
}


def _human_steps() -> list[tuple[str, str]]:
    from mediasi.workflow.loader import load_workflows
    from tests.conftest import ROOT

    steps = []
    for spec in load_workflows(ROOT / "workflows").all():
        for transition in spec.transitions:
            if set(transition.roles) - {"system"} and transition.fields:
                steps.append((spec.name, transition.trigger))
    return sorted(set(steps))


HUMAN_STEPS = _human_steps()


def test_every_human_step_has_a_recipe() -> None:
    assert HUMAN_STEPS
    assert [s for s in HUMAN_STEPS if s not in RECIPES] == []


def _valid(transition: TransitionSpec, payload: str) -> dict[str, str]:
    values = {}
    for field in transition.fields:
        if field.type is FieldType.CHECKLIST:  # one radio group per item, answered eligibly
            for item in field.items:
                answer = "no" if item.disqualifies_when == "yes" else "yes"
                values[f"{field.name}.{item.key}"] = answer
        elif field.type in (FieldType.TEXT, FieldType.TEXTAREA):
            values[field.name] = f"{field.name}: {payload}"[: field.effective_max_length]
        elif field.type is FieldType.CHOICE:
            values[field.name] = field.choices[0].value
        elif field.type is FieldType.DATETIME:
            values[field.name] = local_input(utcnow() + timedelta(days=2))
        elif field.type is FieldType.DATE:
            values[field.name] = (utcnow() + timedelta(days=2)).date().isoformat()
        else:
            values[field.name] = str(field.min if field.min is not None else 1)
    return values


_WRONG_TYPE = {
    FieldType.CHOICE: ("<script>alert(1)</script>", "Pilih salah satu"),
    FieldType.DATETIME: ("besok <b>pagi</b>", "Tanggal dan jam tidak sah"),
    FieldType.DATE: ("<script>", "Tanggal tidak sah"),
    FieldType.INTEGER: ("<script>", "bilangan bulat"),
}


@pytest.mark.parametrize(("workflow", "trigger"), HUMAN_STEPS, ids=[t for _, t in HUMAN_STEPS])
def test_every_step_form_refuses_bad_input_and_shows_hostile_text_escaped(
    web: Web,
    db: Db,
    cases: Cases,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
    workflow: str,
    trigger: str,
) -> None:
    facts = Facts(monkeypatch, runtime)
    case_id = RECIPES[(workflow, trigger)](cases, facts)
    case = db.case(case_id)
    spec = runtime.workflows.spec((case.workflow, case.workflow_version))
    transition = spec.transition(trigger, case.state)
    assert transition is not None, f"{trigger} cannot be taken from {case.state}"
    web.login_as("officer" if "officer" in transition.roles else "supervisor")

    form = web.get(f"/cases/{case_id}/steps/{trigger}", htmx=True)
    assert form.status_code == 200, form.text[:300]
    assert f'action="/cases/{case_id}/steps/{trigger}"' in form.text
    url = f"/cases/{case_id}/steps/{trigger}"
    before = db.snapshot(case_id)

    def post(values: dict[str, str]) -> Any:
        return web.post(url, {"version": case.version, **values}, htmx=True)

    valid = _valid(transition, SCRIPT)
    for field in transition.fields:
        if field.type in (FieldType.TEXT, FieldType.TEXTAREA):
            bad, expected = oversize(field.effective_max_length), TOO_LONG
        elif field.type in _WRONG_TYPE:
            bad, expected = _WRONG_TYPE[field.type]
        else:
            continue
        response = post({**valid, field.name: bad})
        assert response.status_code == 422, (field.name, response.text[:300])
        message = field_message(response.text, field.name)
        assert expected in (message or ""), (field.name, message)
        assert injections(response.text) == []
        assert "<script>alert" not in response.text
        if field.type in (FieldType.TEXT, FieldType.TEXTAREA):
            assert escaped(SCRIPT) in response.text  # kept in the form, as text

    response = post({**valid, "evil": SCRIPT})
    assert response.status_code == 422
    assert "tidak dikenal untuk langkah ini" in response.text
    assert injections(response.text) == []
    assert db.snapshot(case_id) == before

    hostile = {}
    for n, (name, value) in enumerate(_valid(transition, PAYLOADS[0]).items()):
        field = next((f for f in transition.fields if f.name == name), None)
        if field is not None and field.type in (FieldType.TEXT, FieldType.TEXTAREA):
            value = f"{name}: {PAYLOADS[n % len(PAYLOADS)]}"
        hostile[name] = value
    response = post(hostile)
    assert response.status_code == 200, response.text[:500]
    assert response.headers.get("hx-redirect") == f"/cases/{case_id}"
    stored = db.events(case_id)[-1]
    assert stored.trigger == trigger
    texts = [
        hostile[f.name] for f in transition.fields if f.type in (FieldType.TEXT, FieldType.TEXTAREA)
    ]
    for text in texts:
        assert text in stored.payload.values() or text in json.dumps(stored.payload)
    page = web.case_page(case_id).text
    assert_escaped(page, *texts)


# ---- recording a session --------------------------------------------------------------------


def test_the_session_record_form_stores_hostile_text_and_refuses_bad_values(
    web: Web, db: Db, cases: Cases
) -> None:
    case_id = cases.mediated()
    session_id = db.sessions(case_id)[0].id
    web.login_as("officer")
    url = f"/cases/{case_id}/sessions/{session_id}"
    valid = {
        "outcome": "failed",
        "held_at": local_input(utcnow() - timedelta(hours=1)),
        "attendees": f"Para pihak {SVG}",
        "minutes": f"{SCRIPT}\n{IMG}",
    }
    before = db.snapshot(case_id)
    for field, value, expected in [
        ("attendees", oversize(2000), TOO_LONG),
        ("minutes", oversize(8000), TOO_LONG),
        ("held_at", "kemarin <b>sore</b>", "Tanggal dan jam tidak sah"),
        ("outcome", "<script>", UNKNOWN_CHOICE),
        ("attendees", "x", "Terlalu pendek"),
    ]:
        form = {"version": web.version(case_id), **valid, field: value}
        response = web.post(url, form, htmx=True)
        assert response.status_code == 422, field
        message = field_message(response.text, field)
        assert expected in (message or ""), (field, message)
        assert injections(response.text) == []
    response = web.post(url, {"version": web.version(case_id), **valid, "evil": "1"}, htmx=True)
    assert response.status_code == 422
    assert db.snapshot(case_id) == before

    response = web.post(url, {"version": web.version(case_id), **valid}, htmx=True)
    assert response.status_code == 200, response.text[:300]
    recorded = db.sessions(case_id)[0]
    assert (recorded.attendees, recorded.minutes) == (valid["attendees"], valid["minutes"])
    assert_escaped(web.case_page(case_id).text, valid["attendees"], SCRIPT, IMG)


# ---- inviting a tokoh -----------------------------------------------------------------------


def test_the_tokoh_invite_refuses_wrong_types_beside_the_field(
    web: Web, db: Db, cases: Cases, world: World
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    before = db.snapshot(case_id)
    for field, value, expected in [
        ("tokoh_id", "<script>alert(1)</script>", UNKNOWN_CHOICE),
        ("tokoh_id", str(world.tokoh_b1), "tidak ada dalam daftar tokoh desa"),
        ("role", "<b>ketua</b>", UNKNOWN_CHOICE),
    ]:
        form = {"version": web.version(case_id), "tokoh_id": str(world.tokoh_a1), field: value}
        response = web.post(f"/cases/{case_id}/tokoh", form, htmx=True)
        assert response.status_code == 422, field
        message = field_message(response.text, field)
        assert expected in (message or ""), (field, message)
        assert injections(response.text) == []
    form = {"version": web.version(case_id), "tokoh_id": str(world.tokoh_a1), "evil": "1"}
    assert web.post(f"/cases/{case_id}/tokoh", form, htmx=True).status_code == 422
    assert db.snapshot(case_id) == before


# ---- the admin forms ------------------------------------------------------------------------


def _admin_created(runtime: Runtime, model: type[Any], **where: Any) -> Any:
    with runtime.sessions() as session:
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.scalars(query).one()


def test_the_admin_forms_store_hostile_text_and_show_it_escaped(
    app: Litestar, web: Web, runtime: Runtime, world: World, cases: Cases
) -> None:
    web.login_as("admin")
    user = {
        "username": "petugas.baru",
        "full_name": f"Petugas {SCRIPT}",
        "role": "officer",
        "area_id": str(world.polsek_a),
        "desa_ids": str(world.desa_a2),
        "rank": f"Brigpol {IMG}"[:40],
        "password": "kata-sandi-baru-123",
    }
    assert web.post("/admin/users", user).status_code == 303
    area = {
        "code": "DESA-XSS",
        "name": f"Desa {SVG}",
        "level": "desa",
        "parent_id": str(world.polsek_a),
    }
    assert web.post("/admin/areas", area).status_code == 303
    desa = _admin_created(runtime, Area, code="DESA-XSS")
    tokoh = {
        "name": f"Ustadz {SCRIPT}",
        "kind": "agama",
        "title": f"Imam {IMG}",
        "desa_id": str(world.desa_a1),
        "phone": "0812 3456 7890",
    }
    assert web.post("/admin/tokoh", tokoh).status_code == 303

    assert _admin_created(runtime, User, username="petugas.baru").full_name == user["full_name"]
    assert desa.name == area["name"]
    stored = _admin_created(runtime, Tokoh, name=tokoh["name"])
    assert (stored.title, stored.phone) == (tokoh["title"], "+6281234567890")

    assert _admin_created(runtime, User, username="petugas.baru").rank == user["rank"]
    admin_page = web.get("/admin").text
    assert_escaped(admin_page, user["full_name"], area["name"])
    assert_escaped(admin_page, tokoh["name"], tokoh["title"])

    # Where others meet these names: the new officer's own pages, a case's invite list.
    with another_browser(app) as officer:
        assert officer.login("petugas.baru", user["password"]).status_code == 303
        assert_escaped(officer.get("/").text, user["full_name"])
        assert_escaped(officer.get("/cases/new").text)
    case_id = cases.report()
    with another_browser(app) as officer:
        officer.login_as("officer")
        assert_escaped(officer.case_page(case_id).text, tokoh["name"], tokoh["title"])


ADMIN_BAD: list[tuple[str, str, str, str, str]] = [
    # (form url, form name, field, value, expected message)
    ("/admin/users", "user", "username", "<script>", WRONG_FORMAT),
    ("/admin/users", "user", "full_name", oversize(120), TOO_LONG),
    ("/admin/users", "user", "rank", oversize(40), TOO_LONG),
    ("/admin/users", "user", "role", "<b>root</b>", UNKNOWN_CHOICE),
    ("/admin/users", "user", "area_id", "<script>", UNKNOWN_CHOICE),
    ("/admin/users", "user", "password", "x" * 257, TOO_LONG),
    ("/admin/users", "user", "password", "pendek", "Terlalu pendek"),
    ("/admin/users", "user", "phone", "<b>0812</b>", NOT_A_PHONE),
    ("/admin/users", "user", "email", "<script>@x", NOT_AN_EMAIL),
    ("/admin/users", "user", "email", oversize(254), TOO_LONG),
    ("/admin/areas", "area", "code", "<script>", WRONG_FORMAT),
    ("/admin/areas", "area", "name", oversize(120), TOO_LONG),
    ("/admin/areas", "area", "level", "<b>desa</b>", UNKNOWN_CHOICE),
    ("/admin/areas", "area", "parent_id", "<script>", UNKNOWN_CHOICE),
    ("/admin/tokoh", "tokoh", "name", oversize(120), TOO_LONG),
    ("/admin/tokoh", "tokoh", "title", oversize(120), TOO_LONG),
    ("/admin/tokoh", "tokoh", "kind", "<script>", UNKNOWN_CHOICE),
    ("/admin/tokoh", "tokoh", "desa_id", "<script>", UNKNOWN_CHOICE),
    ("/admin/tokoh", "tokoh", "phone", "<b>0812</b>", NOT_A_PHONE),
    ("/admin/tokoh", "tokoh", "email", f"{SCRIPT}@contoh.id", NOT_AN_EMAIL),
    ("/admin/tokoh", "tokoh", "user_id", "<script>", UNKNOWN_CHOICE),
]


def _admin_valid(world: World, form: str) -> dict[str, str]:
    return {
        "user": {
            "username": "baru",
            "full_name": "Petugas Baru",
            "role": "supervisor",
            "area_id": str(world.polsek_a),
            "password": "kata-sandi-baru-123",
        },
        "area": {
            "code": "DESA-BARU",
            "name": "Desa Baru",
            "level": "desa",
            "parent_id": str(world.polsek_a),
        },
        "tokoh": {"name": "Ibu Sri", "kind": "perempuan", "desa_id": str(world.desa_a1)},
    }[form]


SECTIONS = {"user": "users", "area": "areas", "tokoh": "tokoh"}


def test_the_admin_forms_refuse_bad_values_beside_the_field(
    web: Web, runtime: Runtime, world: World
) -> None:
    web.login_as("admin")
    watch = Watch(runtime)
    for url, form, field, value, expected in ADMIN_BAD:
        response = web.post(url, {**_admin_valid(world, form), field: value})
        assert response.status_code == 422, (url, field)
        section = response.text.split(f'<section id="{SECTIONS[form]}">', 1)[1]
        message = field_message(section.split("</section>", 1)[0], field)
        assert expected in (message or ""), (url, field, message)
        assert injections(response.text) == []
        assert "<script>alert" not in response.text
        assert "x" * 257 not in response.text  # a typed password is never sent back
    for url, form in (
        ("/admin/users", "user"),
        ("/admin/areas", "area"),
        ("/admin/tokoh", "tokoh"),
    ):
        response = web.post(url, {**_admin_valid(world, form), "is_superuser": "1"})
        assert response.status_code == 422, url
    assert watch.written() == []


def test_the_admin_password_reset_refuses_an_oversize_password(
    web: Web, runtime: Runtime, world: World
) -> None:
    web.login_as("admin")
    watch = Watch(runtime)
    officer = world.actor("officer").id
    response = web.post(f"/admin/users/{officer}/password", {"password": "p" * 257})
    assert response.status_code == 422
    message = field_message(response.text, "password")
    assert TOO_LONG in (message or "")
    assert "p" * 257 not in response.text
    assert watch.written() == []


def test_the_admin_forms_say_which_unknown_field_they_refused(web: Web, world: World) -> None:
    web.login_as("admin")
    response = web.post("/admin/areas", {**_admin_valid(world, "area"), "is_superuser": "1"})
    assert response.status_code == 422
    assert "tidak dikenal" in response.text


def test_a_malformed_desa_choice_is_refused_beside_the_field(web: Web, world: World) -> None:
    web.login_as("admin")
    form = {**_admin_valid(world, "user"), "role": "officer", "desa_ids": "<script>"}
    response = web.post("/admin/users", form)
    assert response.status_code == 422
    message = field_message(response.text, "desa_ids")
    assert UNKNOWN_CHOICE in (message or "")


# ---- the login form -------------------------------------------------------------------------


def test_the_login_form_shows_a_hostile_username_escaped_and_survives_oversize_input(
    web: Web, db: Db
) -> None:
    response = web.login(f"warga{SVG}", "salah-sekali")
    assert response.status_code == 401
    assert_escaped(response.text)
    assert 'value="warga&#34;&gt;&lt;svg' in response.text

    huge = web.login("u" * 10_000, "p" * 100_000)
    assert huge.status_code == 401
    assert "p" * 1000 not in huge.text
    assert db.count(LoginAttempt, username="u" * 60) == 1  # stored cut to the column
    assert web.login("officer", "x" * 300).status_code == 401  # over the password maximum
    assert web.login(f"officer{SCRIPT}", PASSWORD).status_code == 401
    assert web.login("officer", f"{PASSWORD}{SCRIPT}").status_code == 401
    assert web.get("/").status_code == 303  # none of it logged anyone in


def test_a_login_with_extra_fields_uses_only_username_and_password(web: Web, db: Db) -> None:
    response = web.login("officer")
    assert response.status_code == 303
    web.post("/logout")
    page = web.client.get("/login")
    assert page.status_code == 200
    response = web.post(
        "/login",
        {"username": "officer", "password": "salah", "role": "admin", "user_id": "1"},
    )
    assert response.status_code == 401  # no extra field gets anyone in
    assert db.count(LoginAttempt, succeeded=False) == 1


# ---- bodies of the wrong size or kind -------------------------------------------------------


def test_a_body_over_the_limit_is_refused_with_413_on_every_unsafe_route(
    web: Web, db: Db, runtime: Runtime, world: World, cases: Cases
) -> None:
    """2 MB on a form (limit 1 MiB); an upload route, with its own larger limit, gets 1 MiB
    more than that limit."""
    target = Target(world, cases.mediated(), {})
    watch = Watch(runtime, skip=("web_sessions", "login_attempts"))
    assert {"cases:create", "login", "admin:create_user", "api:report"} <= set(BODY_HANDLERS)
    user = None
    for method, path, name in UNSAFE_ROUTES:
        # Each route as someone who may use it (a role guard refuses others before any body).
        wanted = target.user_for(path)
        if user != wanted:
            web.login_as(wanted)
            user = wanted
        limit = BODY_HANDLERS.get(name)
        size = max(limit or 0, 1024 * 1024) + 1024 * 1024
        assert name not in BODY_HANDLERS or limit is not None, f"{name} takes any size of body"
        assert limit is None or limit <= 6 * 1024 * 1024, (name, limit)
        headers = {"x-csrftoken": web.csrf}
        response = web.client.request(
            method,
            target.url(path),
            content=b"title=" + b"x" * size,
            headers={**headers, "content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        if response.status_code == 400 and name in BODY_HANDLERS:  # a file upload form
            response = web.client.request(
                method,
                target.url(path),
                files={"scan": ("big.pdf", b"%PDF" + b"x" * size)},
                headers=headers,
                follow_redirects=False,
            )
        if name in BODY_HANDLERS:
            assert response.status_code == 413, (method, path, response.status_code)
        else:  # the body is never read (logout): ignored, not stored
            assert response.status_code < 500, (method, path, response.status_code)
        assert injections(response.text) == []
    # The test's own logins (officer, then admin) are the only rows it may add.
    assert watch.written() == []


# The on/off toggles are tested on their own below.
TOGGLES = {"admin:set_active", "admin:tokoh_active"}
FORM_ROUTES = [
    r
    for r in UNSAFE_ROUTES
    if not r[1].startswith("/api/") and r[2] in set(BODY_HANDLERS) - TOGGLES
]


@pytest.mark.parametrize("kind", ["json", "multipart", "garbage"])
def test_a_body_of_the_wrong_kind_on_a_form_route_is_refused_cleanly(
    web: Web, db: Db, runtime: Runtime, world: World, cases: Cases, kind: str
) -> None:
    """The right fields in the wrong envelope: refused (4xx, never 500), nothing written."""
    case_id = cases.mediated()
    target = Target(
        world,
        case_id,
        {
            "case_id": str(case_id),
            "party_id": str(db.parties(case_id)[0].id),
            "tokoh_id": str(world.tokoh_a1),
            "session_id": str(db.sessions(case_id)[0].id),
            "user_id": str(world.actor("officer_b").id),
            "trigger": "escalate",
        },
    )
    failures = []
    for method, path, name in FORM_ROUTES:
        web.login_as(target.user_for(path))
        _, data = _body(name, target, db)
        if name == "login":
            data = {"username": "officer", "password": PASSWORD}
        watch = Watch(runtime, skip=("web_sessions", "login_attempts"))
        headers = {"x-csrftoken": web.csrf, "HX-Request": "true"}
        url = target.url(path)
        if kind == "json":
            response = web.client.request(
                method,
                url,
                content=json.dumps(data),
                headers={**headers, "content-type": "application/json"},
                follow_redirects=False,
            )
        elif kind == "multipart":
            files = {key: (None, str(value)) for key, value in data.items()} or {"x": (None, "")}
            response = web.client.request(
                method, url, files=files, headers=headers, follow_redirects=False
            )
        else:
            response = web.client.request(
                method,
                url,
                content=b"\xff\xfe%zz&&==&%E0%A4%A=" + bytes(range(32)),
                headers={**headers, "content-type": "application/x-www-form-urlencoded"},
                follow_redirects=False,
            )
        written = watch.written()
        if not 400 <= response.status_code < 500 or written:
            failures.append(f"{method} {path}: {response.status_code}, written={written}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("what", ["user", "tokoh"])
def test_an_activation_toggle_refuses_a_missing_or_malformed_value(
    web: Web, runtime: Runtime, world: World, what: str
) -> None:
    web.login_as("admin")
    url = (
        f"/admin/users/{world.actor('officer_b').id}/active"
        if what == "user"
        else f"/admin/tokoh/{world.tokoh_b1}/active"
    )
    watch = Watch(runtime)
    for body in ({"active": "yes"}, {}):
        assert 400 <= web.post(url, body).status_code < 500, body
    response = web.client.post(
        url,
        content=json.dumps({"active": "true"}),
        headers={"content-type": "application/json", "x-csrftoken": web.csrf},
        follow_redirects=False,
    )
    assert 400 <= response.status_code < 500
    assert watch.written() == []
