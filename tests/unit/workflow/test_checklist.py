"""Checklist fields: the schema (each malformed shape refused with its line and reason), the
answers a step accepts, and the rules that rule a case out and say where it goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mediasi.errors import FieldErrors
from mediasi.workflow.checklist import PPA, RESKRIM, Finding, findings, recorded_findings, referral
from mediasi.workflow.fields import clean_payload
from mediasi.workflow.loader import WorkflowFileError, load_workflow_file
from mediasi.workflow.spec import FieldType, TransitionSpec
from tests.unit.workflow.test_loader import line_of, problems_of, the_problem, write

# A small workflow with one checklist; each test below breaks one thing in a copy of it.
VALID = """\
# A workflow with a checklist, broken one piece at a time.
name: periksa
version: 1
label: Alur periksa
initial: open
categories:
  - {value: umum, label: Umum}
states:
  open:
    label: Terbuka
  checked:
    label: Diperiksa
  done:
    label: Selesai
    final: true
transitions:
  - trigger: check
    label: Periksa
    source: open
    dest: checked
    roles: [officer]
    fields:
      - name: eligibility
        label: Kelayakan
        type: checklist
        items:
          - key: berat
            label: {id: "Ancaman berat?", en: "Heavy penalty?"}
            source: UU 20/2025 Pasal 80 ayat (1) huruf a
            disqualifies_when: yes
          - key: setuju
            label: Korban setuju?
            source: UU 20/2025 Pasal 80 ayat (2)
            disqualifies_when: no
          - key: seksual
            label: Kekerasan seksual?
            source: UU 20/2025 Pasal 82
            disqualifies_when: yes
            refer_to: ppa
            needs_legal_review: true
  - trigger: go_on
    label: Lanjut
    source: checked
    dest: done
    roles: [officer]
    guards: [eligibility_clear]
  - trigger: refer
    label: Limpahkan
    source: checked
    dest: done
    roles: [officer]
    guards: [not_for_ppa]
"""
ITEMS = VALID[VALID.index("        items:\n") : VALID.index("  - trigger: go_on")]


def broken(old: str, new: str) -> str:
    assert VALID.count(old) == 1, f"ambiguous or missing: {old!r}"
    return VALID.replace(old, new)


def test_the_valid_checklist_loads_with_its_items(tmp_path: Path) -> None:
    spec = load_workflow_file(write(tmp_path, VALID))
    [field] = spec.transitions[0].fields
    assert field.type is FieldType.CHECKLIST
    assert [i.key for i in field.items] == ["berat", "setuju", "seksual"]
    # YAML reads a bare yes/no as a boolean; the schema takes it as the answer meant.
    assert [i.disqualifies_when for i in field.items] == ["yes", "no", "yes"]
    assert [i.refer_to for i in field.items] == [None, None, "ppa"]
    assert [i.needs_legal_review for i in field.items] == [False, False, True]
    assert field.items[0].label.get("en") == "Heavy penalty?"


def test_quoted_answers_load_as_well(tmp_path: Path) -> None:
    text = VALID.replace("disqualifies_when: yes", 'disqualifies_when: "yes"')
    text = text.replace("disqualifies_when: no", 'disqualifies_when: "no"')
    [field] = load_workflow_file(write(tmp_path, text)).transitions[0].fields
    assert [i.disqualifies_when for i in field.items] == ["yes", "no", "yes"]


# (old, new, reason fragment, text on the line the problem must point at)
BREAKS = [
    pytest.param(
        ITEMS,
        "",
        "a checklist field needs 'items'",
        "- name: eligibility",
        id="checklist-without-items",
    ),
    pytest.param(
        "        type: checklist\n",
        "        type: text\n",
        "'items' only go with type: checklist",
        "- name: eligibility",
        id="items-on-a-text-field",
    ),
    pytest.param(
        "          - key: setuju\n",
        '          - key: "berat"\n',
        "checklist item 'berat' repeats",
        'key: "berat"',
        id="repeated-item-key",
    ),
    pytest.param(
        "            source: UU 20/2025 Pasal 80 ayat (2)\n",
        "            source: '   '\n",
        "must cite its 'source'",
        "source: '   '",
        id="blank-source",
    ),
    pytest.param(
        "            source: UU 20/2025 Pasal 80 ayat (2)\n",
        "",
        "missing required key 'source'",
        "- key: setuju",
        id="missing-source",
    ),
    pytest.param(
        "            label: Korban setuju?\n",
        "            label: '  '\n",
        "needs a 'label'",
        "label: '  '",
        id="blank-label",
    ),
    pytest.param(
        "            label: Korban setuju?\n",
        "",
        "missing required key 'label'",
        "- key: setuju",
        id="missing-label",
    ),
    pytest.param(
        "            disqualifies_when: no\n",
        "            disqualifies_when: maybe\n",
        "'yes' or 'no'",
        "disqualifies_when: maybe",
        id="answer-neither-yes-nor-no",
    ),
    pytest.param(
        "            disqualifies_when: no\n",
        "",
        "missing required key 'disqualifies_when'",
        "- key: setuju",
        id="missing-disqualifies-when",
    ),
    pytest.param(
        "            refer_to: ppa\n",
        "            refer_to: polda\n",
        "'reskrim' or 'ppa'",
        "refer_to: polda",
        id="unknown-referral",
    ),
    pytest.param(
        "          - key: setuju\n",
        "          - key: Korban Setuju\n",
        "String should match pattern",
        "key: Korban Setuju",
        id="item-key-not-an-identifier",
    ),
    pytest.param(
        "            refer_to: ppa\n",
        "            refer_to: ppa\n            colour: red\n",
        "unknown key 'colour'",
        "colour: red",
        id="unknown-key-in-item",
    ),
    pytest.param(
        "        type: checklist\n",
        "        type: checklist\n        case_field: category\n",
        "cannot write a case column",
        "- name: eligibility",
        id="checklist-writing-a-case-column",
    ),
]


@pytest.mark.parametrize(("old", "new", "reason", "at"), BREAKS)
def test_each_malformed_checklist_is_refused_at_its_line(
    tmp_path: Path, old: str, new: str, reason: str, at: str
) -> None:
    text = broken(old, new)
    path = write(tmp_path, text)
    problem = the_problem(problems_of(path), reason)
    assert problem.file == str(path)
    assert problem.line == line_of(text, at)


def test_a_checklist_guard_needs_a_checklist_in_the_workflow(tmp_path: Path) -> None:
    start, end = VALID.index("      - name: eligibility"), VALID.index("  - trigger: go_on")
    text = VALID[:start] + "      - {name: note, label: Catatan}\n" + VALID[end:]
    problems = problems_of(write(tmp_path, text))
    for guard in ("eligibility_clear", "not_for_ppa"):
        problem = the_problem(problems, f"guard '{guard}' reads a checklist's answers")
        assert problem.line == line_of(text, f"guards: [{guard}]")


def test_a_malformed_checklist_fails_the_whole_file(tmp_path: Path) -> None:
    with pytest.raises(WorkflowFileError):
        load_workflow_file(write(tmp_path, broken("disqualifies_when: no", "disqualifies_when: 2")))


# ---- the answers a step accepts --------------------------------------------------------------


@pytest.fixture(scope="module")
def step(tmp_path_factory: pytest.TempPathFactory) -> TransitionSpec:
    spec = load_workflow_file(write(tmp_path_factory.mktemp("wf"), VALID))
    return spec.transitions[0]


ELIGIBLE = {"berat": "no", "setuju": "yes", "seksual": "no"}


def test_answers_given_whole_are_kept_as_given(step: TransitionSpec) -> None:
    assert clean_payload(step, {"eligibility": ELIGIBLE}) == {"eligibility": ELIGIBLE}


def test_answers_from_a_form_come_one_value_per_item(step: TransitionSpec) -> None:
    form = {f"eligibility.{key}": answer for key, answer in ELIGIBLE.items()}
    assert clean_payload(step, form) == {"eligibility": ELIGIBLE}


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        pytest.param({}, {"eligibility": "Wajib diisi."}, id="nothing"),
        pytest.param(
            {"eligibility": {"berat": "no"}},
            {"eligibility.setuju": "Wajib dijawab.", "eligibility.seksual": "Wajib dijawab."},
            id="items-unanswered",
        ),
        pytest.param(
            {"eligibility": {**ELIGIBLE, "berat": "mungkin"}},
            {"eligibility.berat": "Jawab ya atau tidak."},
            id="neither-yes-nor-no",
        ),
        pytest.param(
            {"eligibility": {**ELIGIBLE, "berat": True}},
            {"eligibility.berat": "Jawab ya atau tidak."},
            id="a-boolean-is-not-an-answer",
        ),
        pytest.param(
            {"eligibility": {**ELIGIBLE, "terbang": "yes"}},
            {"eligibility.terbang": "Butir 'terbang' tidak ada dalam daftar ini."},
            id="unknown-item",
        ),
        pytest.param(
            {"eligibility": "yes"},
            {"eligibility": "Jawab setiap butir dengan ya atau tidak."},
            id="not-a-set-of-answers",
        ),
        pytest.param(
            {"eligibility": ELIGIBLE, "eligibility.berat": "yes"},
            {"eligibility": "Jawab setiap butir dengan ya atau tidak."},
            id="whole-and-per-item-at-once",
        ),
    ],
)
def test_wrong_answers_are_refused_item_by_item(
    step: TransitionSpec, payload: dict[str, Any], errors: dict[str, str]
) -> None:
    with pytest.raises(FieldErrors) as info:
        clean_payload(step, payload)
    assert {k: v.get("id") for k, v in info.value.errors.items()} == errors


# ---- the rules -------------------------------------------------------------------------------


def test_each_item_answered_its_disqualifying_way_is_a_finding(step: TransitionSpec) -> None:
    [field] = step.fields
    assert findings(field, ELIGIBLE) == ()
    found = findings(field, {**ELIGIBLE, "setuju": "no", "seksual": "yes"})
    assert [(f.key, f.source, f.refer_to) for f in found] == [
        ("setuju", "UU 20/2025 Pasal 80 ayat (2)", RESKRIM),
        ("seksual", "UU 20/2025 Pasal 82", PPA),
    ]
    assert found[0].get("id") == "Korban setuju? (UU 20/2025 Pasal 80 ayat (2))"


def test_recorded_answers_are_judged_against_the_workflow(tmp_path: Path) -> None:
    spec = load_workflow_file(write(tmp_path, VALID))
    assert recorded_findings(spec, {"note": "x"}) is None
    assert recorded_findings(spec, {"eligibility": ELIGIBLE}) == ()
    [finding] = recorded_findings(spec, {"eligibility": {**ELIGIBLE, "berat": "yes"}}) or ()
    assert finding.key == "berat"


def _finding(refer_to: str) -> Finding:
    return Finding("eligibility", refer_to, "x", "Pasal 1", refer_to)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("found", "goes_to"),
    [
        pytest.param((), RESKRIM, id="nothing-found"),
        pytest.param((_finding(RESKRIM),), RESKRIM, id="reskrim-items"),
        pytest.param((_finding(PPA),), PPA, id="a-ppa-item"),
        pytest.param((_finding(RESKRIM), _finding(PPA)), PPA, id="ppa-comes-first"),
    ],
)
def test_a_ruled_out_case_goes_to_ppa_before_reskrim(
    found: tuple[Finding, ...], goes_to: str
) -> None:
    assert referral(found) == goes_to
