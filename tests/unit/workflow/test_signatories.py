"""Who must sign an agreement is declared in the workflow file (``signatories`` on the
transition that needs it) and checked at load like every other rule, with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediasi.workflow.loader import WorkflowFileError, load_workflow_file, load_workflows

ROOT = Path(__file__).resolve().parents[3]

FLOW = """\
# A small flow whose 'agree' needs a signed agreement.
name: kecil
version: 1
label: Kecil
initial: open
categories:
  - {value: umum, label: Umum}
states:
  open:
    label: Terbuka
  agreed:
    label: Sepakat
    final: true
transitions:
  - trigger: agree
    label: Sepakat
    source: open
    dest: agreed
    roles: [officer]
    guards: [agreement_fully_signed]
    signatories:
      parties: [complainant, respondent]
      tokoh: [mediator]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kecil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_dispute_workflow_declares_its_signatories() -> None:
    spec = load_workflows(ROOT / "workflows").latest("sengketa")
    agree = spec.agreement_transition()
    assert agree is not None
    assert agree.trigger == "agree"
    assert agree.signatories is not None
    assert agree.signatories.parties == ["complainant", "respondent"]
    assert agree.signatories.tokoh == ["mediator"]
    assert load_workflows(ROOT / "workflows").latest("pengaduan").agreement_transition() is None


def test_a_valid_declaration_loads(tmp_path: Path) -> None:
    spec = load_workflow_file(write(tmp_path, FLOW))
    agree = spec.agreement_transition()
    assert agree is not None
    assert agree.signatories is not None
    assert agree.signatories.tokoh == ["mediator"]


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        (
            "parties: [complainant, respondent]",
            "parties: [complainant, lurah]",
            22,
            "unknown party role 'lurah'",
        ),
        (
            "tokoh: [mediator]",
            "tokoh: [mediator, respondent]",
            23,
            "unknown tokoh role 'respondent'",
        ),
        ("tokoh: [mediator]", "tokoh: [mediator, mediator]", 23, "listed twice"),
        (
            "      parties: [complainant, respondent]\n      tokoh: [mediator]\n",
            "      parties: []\n",
            21,
            "at least one party or tokoh role",
        ),
        (
            "tokoh: [mediator]",
            "tokoh: [mediator]\n      officer: true",
            24,
            "unknown key 'officer'",
        ),
        (
            "    guards: [agreement_fully_signed]\n",
            "",
            20,
            "must list the guard 'agreement_fully_signed'",
        ),
    ],
    ids=[
        "unknown-party-role",
        "unknown-tokoh-role",
        "repeated",
        "empty",
        "unknown-key",
        "no-guard",
    ],
)
def test_a_wrong_declaration_is_refused_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, reason: str
) -> None:
    text = FLOW.replace(old, new)
    assert text != FLOW
    with pytest.raises(WorkflowFileError) as info:
        load_workflow_file(write(tmp_path, text))
    problems = info.value.problems
    assert any(reason in p.reason for p in problems), [str(p) for p in problems]
    found = next(p for p in problems if reason in p.reason)
    assert found.file.endswith("kecil.yaml")
    assert found.line == line, str(found)


def test_only_one_transition_may_declare_signatories(tmp_path: Path) -> None:
    text = (
        FLOW
        + """\
  - trigger: agree_again
    label: Sepakat lagi
    source: open
    dest: agreed
    roles: [officer]
    guards: [agreement_fully_signed]
    signatories:
      parties: [complainant]
"""
    )
    with pytest.raises(WorkflowFileError) as info:
        load_workflow_file(write(tmp_path, text))
    [problem] = info.value.problems
    assert "only one transition may declare 'signatories'" in problem.reason
    assert problem.line == 30
