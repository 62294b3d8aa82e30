"""Workflow files: one broken file per rejection rule, refused with its file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mediasi.cli import main
from mediasi.workflow.loader import (
    Problem,
    WorkflowFileError,
    load_workflow_file,
    load_workflows,
)
from mediasi.workflow.spec import WorkflowSpec

ROOT = Path(__file__).resolve().parents[3]
WORKFLOWS = ROOT / "workflows"
SHIPPED = sorted(WORKFLOWS.glob("*.yaml"))

# A small valid workflow; every test below breaks exactly one thing in a copy of it.
# Line 1 is a comment so that "line 1" is never right by accident.
VALID = """\
# A small workflow that the loader tests break one piece at a time.
name: kecil
version: 1
label: {id: Alur kecil, en: Small flow}
initial: open
categories:
  - {value: umum, label: Umum}
states:
  open:
    label: {id: Terbuka, en: Open}
    deadline: 2 working days
    on_expiry: flag
  review:
    label: Ditinjau
    deadline: 3 days
    on_expiry: time_out
  done:
    label: Selesai
    final: true
  dropped:
    label: Dibatalkan
    final: true
transitions:
  - trigger: start
    label: Mulai
    source: open
    dest: review
    roles: [officer]
    guards: [has_parties]
    fields:
      - name: note
        label: Catatan
        type: textarea
        max_length: 500
      - name: level
        label: Tingkat
        type: choice
        choices:
          - {value: rendah, label: Rendah}
          - {value: tinggi, label: Tinggi}
  - trigger: finish
    label: Selesaikan
    source: review
    dest: done
    roles: [officer, supervisor]
  - trigger: time_out
    label: Tenggat lewat
    source: review
    dest: dropped
    roles: [system]
  - trigger: drop
    label: Batalkan
    source: [open, review]
    dest: dropped
    roles: [officer]
"""


def write(tmp_path: Path, text: str, name: str = "kecil.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken(old: str, new: str) -> str:
    """VALID with the one occurrence of ``old`` replaced (refuses an ambiguous edit)."""
    assert VALID.count(old) == 1, f"{old!r} must occur exactly once in VALID"
    return VALID.replace(old, new)


def line_of(text: str, needle: str, occurrence: int | None = None) -> int:
    """1-based number of the line holding ``needle`` (the only one, or the given occurrence)."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    if occurrence is None:
        assert len(hits) == 1, f"{needle!r} is on lines {hits}, expected exactly one"
        return hits[0]
    return hits[occurrence]


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(WorkflowFileError) as info:
        load_workflow_file(path)
    assert info.value.problems, "a rejected file must say why"
    return info.value.problems


def the_problem(problems: list[Problem], fragment: str) -> Problem:
    matches = [p for p in problems if fragment in p.reason]
    assert len(matches) == 1, f"expected one problem saying {fragment!r}, got {problems}"
    return matches[0]


def test_the_valid_text_loads(tmp_path: Path) -> None:
    """The base text is valid, so each broken copy fails for the one thing it breaks."""
    spec = load_workflow_file(write(tmp_path, VALID))
    assert spec.key == ("kecil", 1)
    assert list(spec.states) == ["open", "review", "done", "dropped"]
    assert [t.trigger for t in spec.transitions] == ["start", "finish", "time_out", "drop"]
    assert spec.transition("drop", "review") is not None


DURATION_BREAKS = [
    ("two days", "'two days' is not a duration; write e.g. '2 working days'"),
    ("0 days", "'0 days': a deadline must be at least 1"),
    ("5 weeks", "'5 weeks' is not a duration"),
    ("400 days", "'400 days': a deadline longer than a year is not a deadline"),
]

# (old, new, reason fragment, text on the line the problem must point at)
RULES = [
    pytest.param(
        "version: 1\n",
        "version: 1\ncolour: blue\n",
        "unknown key 'colour'",
        "colour: blue",
        id="unknown-key-top-level",
    ),
    pytest.param(
        "    label: {id: Terbuka, en: Open}\n",
        "    label: {id: Terbuka, en: Open}\n    colour: blue\n",
        "unknown key 'colour'",
        "colour: blue",
        id="unknown-key-in-state",
    ),
    pytest.param(
        "    dest: done\n",
        "    dest: done\n    priority: high\n",
        "unknown key 'priority'",
        "priority: high",
        id="unknown-key-in-transition",
    ),
    pytest.param(
        "        max_length: 500\n",
        "        max_length: 500\n        colour: red\n",
        "unknown key 'colour'",
        "colour: red",
        id="unknown-key-in-field",
    ),
    pytest.param(
        "    label: Selesaikan\n    source: review\n",
        "    label: Selesaikan\n    source: revue\n",
        "unknown state 'revue'",
        "source: revue",
        id="unknown-source-state",
    ),
    pytest.param(
        "source: [open, review]",
        "source: [open, nowhere]",
        "unknown state 'nowhere'",
        "source: [open, nowhere]",
        id="unknown-source-state-in-list",
    ),
    pytest.param(
        "    dest: done\n",
        "    dest: finished\n",
        "unknown state 'finished'",
        "dest: finished",
        id="unknown-dest-state",
    ),
    pytest.param(
        "states:\n",
        "states:\n  limbo:\n    label: Terlupa\n    final: true\n",
        "state 'limbo' cannot be reached from 'open'",
        "  limbo:",
        id="unreachable-state",
    ),
    pytest.param(
        "    label: Dibatalkan\n    final: true\n",
        "    label: Dibatalkan\n",
        "state 'dropped' is not final and has no way out",
        "  dropped:",
        id="dead-end-state",
    ),
    pytest.param(
        "guards: [has_parties]",
        "guards: [has_partys]",
        "unknown guard 'has_partys' (known: ",
        "guards: [has_partys]",
        id="unknown-guard",
    ),
    *[
        pytest.param(
            "    deadline: 3 days\n",
            f"    deadline: {bad}\n",
            reason,
            f"deadline: {bad}",
            id=f"bad-duration-{bad.replace(' ', '-')}",
        )
        for bad, reason in DURATION_BREAKS
    ],
    pytest.param(
        "    on_expiry: time_out\n",
        "    on_expiry: start\n",
        "on_expiry 'start' is not a trigger from state 'review'",
        "on_expiry: start",
        id="on-expiry-trigger-from-another-state",
    ),
    pytest.param(
        "    on_expiry: time_out\n",
        "    on_expiry: vanish\n",
        "on_expiry 'vanish' is not a trigger from state 'review'",
        "on_expiry: vanish",
        id="on-expiry-trigger-unknown",
    ),
    pytest.param(
        "    roles: [system]\n",
        "    roles: [supervisor]\n",
        "on_expiry 'time_out' must list role 'system' in its roles",
        "on_expiry: time_out",
        id="on-expiry-without-role-system",
    ),
    pytest.param(
        "    deadline: 3 days\n",
        "",
        "'on_expiry' needs a 'deadline'",
        "  review:",
        id="on-expiry-without-deadline",
    ),
    pytest.param(
        "    label: Selesai\n    final: true\n",
        "    label: Selesai\n    final: true\n    deadline: 1 day\n",
        "a final state has no deadline",
        "  done:",
        id="final-state-with-deadline",
    ),
    pytest.param(
        "source: [open, review]",
        "source: [open, done]",
        "state 'done' is final: nothing leaves it",
        "source: [open, done]",
        id="transition-leaves-final-state",
    ),
    pytest.param(
        "initial: open\n",
        "initial: opened\n",
        "initial state 'opened' is not among the states",
        "initial: opened",
        id="unknown-initial-state",
    ),
    pytest.param(
        "        choices:\n          - {value: rendah, label: Rendah}\n"
        "          - {value: tinggi, label: Tinggi}\n",
        "",
        "a choice field needs 'choices'",
        "- name: level",
        id="choice-field-without-choices",
    ),
    pytest.param(
        "      - name: level\n",
        "      - name: note\n",
        "field 'note' is declared twice",
        "    fields:",
        id="duplicate-field-name",
    ),
    pytest.param(
        "    roles: [system]\n",
        "    roles: [robot]\n",
        "'officer', 'supervisor', 'tokoh', 'admin' or 'system'",
        "roles: [robot]",
        id="unknown-role",
    ),
    pytest.param(
        "    label: Selesaikan\n",
        "",
        "missing required key 'label'",
        "- trigger: finish",
        id="missing-required-key",
    ),
    pytest.param(
        "  - {value: umum, label: Umum}\n",
        "  - {value: umum, label: Umum}\n  - {value: umum, label: Lagi}\n",
        "category 'umum' repeats",
        "label: Lagi",
        id="repeated-category",
    ),
    pytest.param(
        "    guards: [has_parties]",
        "    guards: [has_parties, once_per_offender]",
        "no state is",
        "once_per_offender",
        id="once-per-offender-without-a-settlement-state",
    ),
    pytest.param(
        "        max_length: 500",
        "        max_length: 500\n        min_length: 600",
        "'min_length' is more than",
        "name: note",
        id="min-length-over-max-length",
    ),
]


@pytest.mark.parametrize(("old", "new", "reason", "at"), RULES)
def test_each_rule_rejects_the_file_at_the_offending_line(
    tmp_path: Path, old: str, new: str, reason: str, at: str
) -> None:
    text = broken(old, new)
    path = write(tmp_path, text)
    problem = the_problem(problems_of(path), reason)
    assert problem.file == str(path)
    assert problem.line == line_of(text, at)
    assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}")


def test_duplicate_trigger_from_the_same_state_points_at_the_second_declaration(
    tmp_path: Path,
) -> None:
    text = VALID + (
        "  - trigger: finish\n"
        "    label: Selesaikan lagi\n"
        "    source: review\n"
        "    dest: dropped\n"
        "    roles: [officer]\n"
    )
    problem = the_problem(
        problems_of(write(tmp_path, text)),
        "trigger 'finish' from state 'review' is already declared by transition 2",
    )
    assert problem.line == line_of(text, "trigger: finish", occurrence=-1)
    assert problem.line != line_of(text, "trigger: finish", occurrence=0)


def test_the_same_trigger_from_different_states_is_allowed(tmp_path: Path) -> None:
    text = VALID + (
        "  - trigger: finish\n"
        "    label: Selesai langsung\n"
        "    source: open\n"
        "    dest: done\n"
        "    roles: [officer]\n"
    )
    spec = load_workflow_file(write(tmp_path, text))
    assert spec.transition("finish", "open").dest == "done"
    assert spec.transition("finish", "review").dest == "done"


def test_duplicate_yaml_key_points_at_the_second_key(tmp_path: Path) -> None:
    text = broken(
        "    label: {id: Terbuka, en: Open}\n",
        "    label: {id: Terbuka, en: Open}\n    label: Buka\n",
    )
    [problem] = problems_of(write(tmp_path, text))
    assert problem.reason == "key 'label' appears twice"
    assert problem.line == line_of(text, "label: Buka")
    assert problem.column == 5


def test_duplicate_top_level_key(tmp_path: Path) -> None:
    text = broken("version: 1\n", "version: 1\nversion: 2\n")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.reason == "key 'version' appears twice"
    assert problem.line == line_of(text, "version: 2")


def test_invalid_yaml_syntax_gives_the_line_of_the_error(tmp_path: Path) -> None:
    text = broken("    dest: done\n", "    dest: done: now\n")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.reason.startswith("not valid YAML: ")
    assert "mapping values are not allowed" in problem.reason  # libyaml: "in this context"
    assert problem.line == line_of(text, "dest: done: now")


def test_unclosed_bracket_is_invalid_yaml(tmp_path: Path) -> None:
    text = broken("source: [open, review]", "source: [open, review")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.reason.startswith("not valid YAML: ")
    # YAML notices the missing ']' where the next key begins: that line or the one after.
    assert problem.line in {line_of(text, "[open, review"), line_of(text, "[open, review") + 1}


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_empty_file_is_rejected(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    [problem] = problems_of(path)
    assert problem.reason == "the file is empty"
    assert (problem.file, problem.line) == (str(path), 1)


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n"], ids=["list", "scalar"])
def test_a_file_that_is_not_a_mapping_is_rejected(tmp_path: Path, text: str) -> None:
    [problem] = problems_of(write(tmp_path, text))
    assert "must hold a mapping" in problem.reason


def test_unknown_key_column_points_at_the_key(tmp_path: Path) -> None:
    text = broken("        max_length: 500\n", "        max_length: 500\n        colour: red\n")
    problem = the_problem(problems_of(write(tmp_path, text)), "unknown key 'colour'")
    assert problem.column == 9
    assert problem.where == "transitions[0].fields[0].colour"


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = broken("guards: [has_parties]", "guards: [has_partys]").replace(
        "    dest: done\n", "    dest: finished\n"
    )
    problems = problems_of(write(tmp_path, text))
    assert the_problem(problems, "unknown guard 'has_partys'").line == line_of(text, "has_partys")
    assert the_problem(problems, "unknown state 'finished'").line == line_of(text, "dest: finished")


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "#" + "x" * (300 * 1024) + "\n")
    [problem] = problems_of(path)
    assert "the limit is" in problem.reason


# ---- several files -----------------------------------------------------------------------


def test_same_name_and_version_in_two_files_is_refused(tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "a.yaml")
    second = write(tmp_path, VALID, "b.yaml")
    with pytest.raises(WorkflowFileError) as info:
        load_workflows(tmp_path)
    [problem] = info.value.problems
    assert problem.file == str(second)
    assert problem.reason == f"workflow 'kecil' version 1 is already declared in {first}"


def test_same_name_and_version_in_two_files_points_at_the_version_line(tmp_path: Path) -> None:
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, VALID, "b.yaml")
    with pytest.raises(WorkflowFileError) as info:
        load_workflows(tmp_path)
    [problem] = info.value.problems
    assert problem.line == line_of(VALID, "version: 1")


def test_a_new_version_of_a_workflow_loads_beside_the_old_one(tmp_path: Path) -> None:
    write(tmp_path, VALID, "a.yaml")
    write(tmp_path, broken("version: 1\n", "version: 2\n"), "b.yaml")
    registry = load_workflows(tmp_path)
    assert [s.key for s in registry.all()] == [("kecil", 1), ("kecil", 2)]
    assert registry.latest("kecil").version == 2


def test_problems_of_every_file_are_reported_together(tmp_path: Path) -> None:
    a = write(tmp_path, broken("initial: open\n", "initial: opened\n"), "a.yaml")
    b = write(tmp_path, "", "b.yaml")
    with pytest.raises(WorkflowFileError) as info:
        load_workflows(tmp_path)
    assert {p.file for p in info.value.problems} == {str(a), str(b)}


def test_a_folder_without_workflow_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkflowFileError) as info:
        load_workflows(tmp_path)
    [problem] = info.value.problems
    assert "no workflow files" in problem.reason


# ---- the shipped files -------------------------------------------------------------------


def test_workflows_are_shipped() -> None:
    assert {p.stem for p in SHIPPED} >= {"pengaduan", "sengketa"}


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_each_shipped_file_loads_cleanly(path: Path) -> None:
    spec = load_workflow_file(path)
    assert spec.name == path.stem
    assert spec.initial in spec.states


def test_the_shipped_folder_loads_as_a_registry() -> None:
    registry = load_workflows(WORKFLOWS)
    assert {"pengaduan", "sengketa"} <= set(registry.names())


def test_what_is_derived_from_the_registry_follows_a_version_added_later() -> None:
    registry = load_workflows(WORKFLOWS)
    worked_out: list[int] = []

    def versions(specs: list[WorkflowSpec]) -> list[tuple[str, int]]:
        worked_out.append(len(specs))
        return [spec.key for spec in specs]

    derived = registry.derived(versions)
    assert ("sengketa", 2) not in derived()
    assert derived() == derived()
    v1 = registry.get("sengketa", 1)
    registry.add(v1.model_copy(update={"version": 2}))
    assert ("sengketa", 2) in derived()
    assert worked_out == [3, 4]  # once per change, not once per call


# ---- the command line --------------------------------------------------------------------


def test_cli_check_fails_with_file_line_and_reason(tmp_path: Path) -> None:
    text = broken("guards: [has_parties]", "guards: [has_partys]")
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["workflows", "check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line_of(text, 'has_partys')}:" in result.output
    assert "unknown guard 'has_partys'" in result.output
    assert "Traceback" not in result.output


def test_cli_check_passes_on_the_shipped_files() -> None:
    result = CliRunner().invoke(main, ["workflows", "check", *map(str, SHIPPED)])
    assert result.exit_code == 0, result.output
    assert "ok: sengketa v1:" in result.output
    assert "ok: pengaduan v1:" in result.output


def test_cli_check_defaults_to_the_workflows_folder(tmp_path: Path) -> None:
    (tmp_path / "workflows").mkdir()
    write(tmp_path / "workflows", broken("initial: open\n", "initial: opened\n"))
    runner = CliRunner()
    bad = runner.invoke(main, ["workflows", "check"], env={"MEDIASI_ROOT_DIR": str(tmp_path)})
    assert bad.exit_code == 1
    assert "initial state 'opened' is not among the states" in bad.output
    good = runner.invoke(main, ["workflows", "check"], env={"MEDIASI_ROOT_DIR": str(ROOT)})
    assert good.exit_code == 0, good.output
