"""Load workflow files: YAML → validated :class:`WorkflowSpec`, or every problem with its line."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mediasi.workflow.effects import EFFECT_FIELDS, EFFECTS
from mediasi.workflow.guards import GUARDS, GuardRegistry
from mediasi.workflow.spec import FieldSpec, FieldType, WorkflowSpec

PathKey = tuple[str | int, ...]
MAX_FILE_BYTES = 256 * 1024
FLAG_ONLY = "flag"
# The guard that reads whether the signatories a transition declares have all signed.
SIGNED_GUARD = "agreement_fully_signed"
# Guards that read the recorded answers of a checklist: useless in a workflow without one.
CHECKLIST_GUARDS = ("eligibility_clear", "not_for_ppa")
# The guard that looks for an offender's earlier settlement: in the states marked as one.
ONCE_GUARD = "once_per_offender"


@dataclass(frozen=True)
class Problem:
    """One reason a workflow file is rejected, with where it is."""

    file: str
    line: int
    column: int
    where: str
    reason: str

    def __str__(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.file}:{self.line}:{self.column}{place}: {self.reason}"


class WorkflowFileError(Exception):
    """A workflow file (or several) cannot be used; ``problems`` says each reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Positions:
    """Where each value of the parsed document stands in the file."""

    def __init__(self) -> None:
        self.marks: dict[PathKey, tuple[int, int]] = {}

    def at(self, path: PathKey) -> tuple[int, int]:
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


def _to_python(node: yaml.Node, path: PathKey, pos: _Positions, problems: list[str]) -> Any:
    pos.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, (*path, "<key>"), pos, problems)
            if not isinstance(key, str):
                problems.append(f"{_dotted(path)}: a key must be text, not {key!r}")
                continue
            if key in result:
                pos.marks[(*path, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                raise _DuplicateKey(key, (*path, key))
            pos.marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _to_python(value_node, (*path, key), pos, problems)
            pos.marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), pos, problems) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(" ").construct_object(node, deep=True)


class _DuplicateKey(Exception):
    def __init__(self, key: str, path: PathKey) -> None:
        self.key = key
        self.path = path


def _dotted(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_workflow_file(path: Path, guards: GuardRegistry = GUARDS) -> WorkflowSpec:
    """Parse and validate one workflow file; raise :class:`WorkflowFileError` with every reason."""
    return _load(path, guards)[0]


def _load(path: Path, guards: GuardRegistry) -> tuple[WorkflowSpec, _Positions]:
    name = str(path)

    def problem(where: PathKey, reason: str, pos: _Positions | None = None) -> Problem:
        line, col = pos.at(where) if pos else (1, 1)
        return Problem(name, line, col, _dotted(where), reason)

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkflowFileError(
                [problem((), f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")]
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkflowFileError([problem((), f"cannot read the file: {exc}")]) from exc

    pos = _Positions()
    key_problems: list[str] = []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            raise WorkflowFileError([problem((), "the file is empty")])
        data = _to_python(node, (), pos, key_problems)
    except _DuplicateKey as dup:
        raise WorkflowFileError(
            [problem(dup.path, f"key {dup.key!r} appears twice", pos)]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        raise WorkflowFileError(
            [Problem(name, line, col, "", f"not valid YAML: {reason}")]
        ) from None
    if key_problems:
        raise WorkflowFileError([problem((), p) for p in key_problems])
    if not isinstance(data, dict):
        raise WorkflowFileError([problem((), "the file must hold a mapping (name:, states:, …)")])

    try:
        spec = WorkflowSpec.model_validate(data)
    except ValidationError as exc:
        raise WorkflowFileError(
            [problem(tuple(err["loc"]), _reason(err), pos) for err in exc.errors()]
        ) from None

    problems = [problem(where, reason, pos) for where, reason in check_semantics(spec, guards)]
    if problems:
        raise WorkflowFileError(problems)
    return spec, pos


def _reason(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!r}"
    if kind == "missing":
        return f"missing required key {err['loc'][-1]!r}"
    message = str(err["msg"])
    return message.removeprefix("Value error, ")


def check_semantics(spec: WorkflowSpec, guards: GuardRegistry) -> list[tuple[PathKey, str]]:
    """The rules a schema cannot express: the graph, guard names, triggers, expiries."""
    found: list[tuple[PathKey, str]] = []
    states = spec.states
    if spec.initial not in states:
        found.append((("initial",), f"initial state {spec.initial!r} is not among the states"))

    seen_categories: set[str] = set()
    for i, category in enumerate(spec.categories):
        if category.value in seen_categories:
            found.append((("categories", i, "value"), f"category {category.value!r} repeats"))
        seen_categories.add(category.value)

    fired_from: dict[tuple[str, str], int] = {}
    for i, t in enumerate(spec.transitions):
        for j, src in enumerate(t.source):
            if src not in states:
                found.append((("transitions", i, "source", j), f"unknown state {src!r}"))
            elif states[src].final:
                found.append(
                    (("transitions", i, "source", j), f"state {src!r} is final: nothing leaves it")
                )
            if (t.trigger, src) in fired_from:
                first = fired_from[(t.trigger, src)]
                found.append(
                    (
                        ("transitions", i, "trigger"),
                        f"trigger {t.trigger!r} from state {src!r} is already declared "
                        f"by transition {first + 1}",
                    )
                )
            fired_from.setdefault((t.trigger, src), i)
        if t.dest not in states:
            found.append((("transitions", i, "dest"), f"unknown state {t.dest!r}"))
        for j, guard in enumerate(t.guards):
            if guard not in guards:
                known = ", ".join(guards.names())
                found.append(
                    (("transitions", i, "guards", j), f"unknown guard {guard!r} (known: {known})")
                )
        found += _checklist_problems(i, t.fields)
        declared = {f.name for f in t.fields}
        for j, effect in enumerate(t.effects):
            if effect not in EFFECTS:
                known = ", ".join(sorted(EFFECTS))
                found.append(
                    (
                        ("transitions", i, "effects", j),
                        f"unknown effect {effect!r} (known: {known})",
                    )
                )
                continue
            missing = [name for name in EFFECT_FIELDS[effect] if name not in declared]
            if missing:
                found.append(
                    (
                        ("transitions", i, "effects", j),
                        f"effect {effect!r} needs the field(s) {', '.join(missing)}",
                    )
                )

    signing = [i for i, t in enumerate(spec.transitions) if t.signatories is not None]
    for i in signing[1:]:
        found.append(
            (
                ("transitions", i, "signatories"),
                f"only one transition may declare 'signatories'; transition {signing[0] + 1} "
                "already does",
            )
        )
    for i in signing:
        if SIGNED_GUARD not in spec.transitions[i].guards:
            found.append(
                (
                    ("transitions", i, "signatories"),
                    f"a transition with 'signatories' must list the guard {SIGNED_GUARD!r}",
                )
            )

    if not any(f.type is FieldType.CHECKLIST for t in spec.transitions for f in t.fields):
        for i, t in enumerate(spec.transitions):
            for j, guard in enumerate(t.guards):
                if guard in CHECKLIST_GUARDS:
                    found.append(
                        (
                            ("transitions", i, "guards", j),
                            f"guard {guard!r} reads a checklist's answers, and no transition "
                            "declares a field of type: checklist",
                        )
                    )

    if not any(state.settlement for state in states.values()):
        for i, t in enumerate(spec.transitions):
            if ONCE_GUARD in t.guards:
                found.append(
                    (
                        ("transitions", i, "guards", t.guards.index(ONCE_GUARD)),
                        f"guard {ONCE_GUARD!r} counts the cases standing in a state marked "
                        "'settlement: true', and no state is",
                    )
                )

    for name, state in states.items():
        outgoing = spec.transitions_from(name)
        if not state.final and not outgoing:
            found.append((("states", name), f"state {name!r} is not final and has no way out"))
        if state.review and not any("supervisor" in t.roles for t in outgoing):
            found.append(
                (("states", name, "review"), f"review state {name!r} has no step for a supervisor")
            )
        if state.on_expiry and state.on_expiry != FLAG_ONLY:
            match = spec.transition(state.on_expiry, name)
            if match is None:
                found.append(
                    (
                        ("states", name, "on_expiry"),
                        f"on_expiry {state.on_expiry!r} is not a trigger from state {name!r}",
                    )
                )
            elif "system" not in match.roles:
                found.append(
                    (
                        ("states", name, "on_expiry"),
                        f"on_expiry {state.on_expiry!r} must list role 'system' in its roles",
                    )
                )

    if spec.initial in states:
        reached = {spec.initial}
        queue = deque([spec.initial])
        while queue:
            current = queue.popleft()
            for t in spec.transitions_from(current):
                if t.dest in states and t.dest not in reached:
                    reached.add(t.dest)
                    queue.append(t.dest)
        for name in states:
            if name not in reached:
                found.append(
                    (("states", name), f"state {name!r} cannot be reached from {spec.initial!r}")
                )
    return found


def _checklist_problems(i: int, fields: list[FieldSpec]) -> list[tuple[PathKey, str]]:
    """An item key may appear once per checklist: the answers are recorded by key."""
    found: list[tuple[PathKey, str]] = []
    for j, field in enumerate(fields):
        seen: set[str] = set()
        for k, item in enumerate(field.items):
            if item.key in seen:
                where: PathKey = ("transitions", i, "fields", j, "items", k, "key")
                found.append((where, f"checklist item {item.key!r} repeats"))
            seen.add(item.key)
    return found


class WorkflowRegistry:
    """Every workflow version known to the application, by name and version."""

    def __init__(self, specs: Iterable[WorkflowSpec] = ()) -> None:
        self._specs: dict[tuple[str, int], WorkflowSpec] = {}
        for spec in specs:
            self.add(spec)

    def add(self, spec: WorkflowSpec) -> None:
        if spec.key in self._specs:
            raise ValueError(f"workflow {spec.name!r} version {spec.version} is declared twice")
        self._specs[spec.key] = spec

    def get(self, name: str, version: int) -> WorkflowSpec:
        return self._specs[(name, version)]

    def latest(self, name: str) -> WorkflowSpec:
        versions = [v for (n, v) in self._specs if n == name]
        if not versions:
            raise KeyError(name)
        return self._specs[(name, max(versions))]

    def names(self) -> list[str]:
        return sorted({n for n, _ in self._specs})

    def all(self) -> list[WorkflowSpec]:
        return [self._specs[k] for k in sorted(self._specs)]

    def __len__(self) -> int:
        return len(self._specs)


def load_workflows(
    files: Iterable[Path] | Path, guards: GuardRegistry = GUARDS
) -> WorkflowRegistry:
    """Load a directory (every ``*.yaml``) or a list of files; all problems of all files at once."""
    if isinstance(files, Path):
        paths = sorted([*files.glob("*.yaml"), *files.glob("*.yml")])
        if not paths:
            raise WorkflowFileError(
                [Problem(str(files), 1, 1, "", "no workflow files (*.yaml) here")]
            )
    else:
        paths = list(files)
    problems: list[Problem] = []
    registry = WorkflowRegistry()
    origin: dict[tuple[str, int], Path] = {}
    for path in paths:
        try:
            spec, pos = _load(path, guards)
        except WorkflowFileError as exc:
            problems.extend(exc.problems)
            continue
        if spec.key in origin:
            line, column = pos.at(("version",))
            reason = (
                f"workflow {spec.name!r} version {spec.version} is already declared "
                f"in {origin[spec.key]}"
            )
            problems.append(Problem(str(path), line, column, "version", reason))
            continue
        origin[spec.key] = path
        registry.add(spec)
    if problems:
        raise WorkflowFileError(problems)
    return registry
