"""Load workflow files: YAML → validated :class:`WorkflowSpec`, or every problem with its line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from mediasi.workflow.guards import GUARDS, GuardRegistry
from mediasi.workflow.problems import PathKey, Problem, WorkflowFileError, dotted
from mediasi.workflow.semantics import FLAG_ONLY, check_semantics, migration_problems
from mediasi.workflow.spec import WorkflowSpec
from mediasi.workflow.yaml_source import MAX_FILE_BYTES, Positions, parse

T = TypeVar("T")

__all__ = [
    "FLAG_ONLY",
    "Problem",
    "WorkflowFileError",
    "WorkflowRegistry",
    "load_text",
    "load_workflow_file",
    "load_workflows",
]


def load_workflow_file(path: Path, guards: GuardRegistry = GUARDS) -> WorkflowSpec:
    """Parse and validate one workflow file; raise :class:`WorkflowFileError` with every reason."""
    return _load(path, guards)[0]


def _load(path: Path, guards: GuardRegistry) -> tuple[WorkflowSpec, Positions, str]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            reason = f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"
            raise WorkflowFileError([Problem(name, 1, 1, "", reason)])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkflowFileError([Problem(name, 1, 1, "", f"cannot read the file: {exc}")]) from exc
    return (*load_text(text, name, guards), text)


def load_text(
    text: str, name: str, guards: GuardRegistry = GUARDS
) -> tuple[WorkflowSpec, Positions]:
    """Validate a workflow's text (a file's, or an upload's) exactly as a file is checked."""
    data, pos = parse(text, name)

    def problem(where: PathKey, reason: str) -> Problem:
        return Problem(name, *pos.at(where), dotted(where), reason)

    try:
        spec = WorkflowSpec.model_validate(data)
    except ValidationError as exc:
        raise WorkflowFileError(
            [problem(tuple(err["loc"]), _reason(err)) for err in exc.errors()]
        ) from None
    problems = [problem(where, reason) for where, reason in check_semantics(spec, guards)]
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


class WorkflowRegistry:
    """Every workflow version known to the application, by name and version.

    Versions published in the app join it while requests read it: an addition replaces the
    mapping whole, so a reader never iterates a dict that is changing under it."""

    def __init__(self, specs: Iterable[WorkflowSpec] = ()) -> None:
        self._specs: dict[tuple[str, int], WorkflowSpec] = {}
        self._sources: dict[tuple[str, int], str] = {}
        # Asked for a version this registry lacks (published on another node meanwhile).
        self.on_miss: Callable[[str, int], None] | None = None
        for spec in specs:
            self.add(spec)

    def add(self, spec: WorkflowSpec, source: str | None = None) -> None:
        """Add a version, with the YAML text it was read from when known (for the diff)."""
        if spec.key in self._specs:
            raise ValueError(f"workflow {spec.name!r} version {spec.version} is declared twice")
        if source is not None:
            self._sources = {**self._sources, spec.key: source}
        self._specs = {**self._specs, spec.key: spec}

    def source(self, name: str, version: int) -> str | None:
        return self._sources.get((name, version))

    def __contains__(self, key: object) -> bool:
        return key in self._specs

    def find(self, name: str, version: int) -> WorkflowSpec | None:
        return self._specs.get((name, version))

    def get(self, name: str, version: int) -> WorkflowSpec:
        if (name, version) not in self._specs and self.on_miss is not None:
            self.on_miss(name, version)
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

    def derived(self, derive: Callable[[list[WorkflowSpec]], T]) -> Callable[[], T]:
        """What ``derive`` makes of every version, worked out again only after a version was
        added: for what a feature reads off the workflows on every request, which a version
        published while the application runs must change without a restart. Versions are
        only ever added, so their count tells."""
        seen: tuple[int, T] | None = None

        def current() -> T:
            nonlocal seen
            specs = self._specs
            if seen is None or seen[0] != len(specs):
                seen = (len(specs), derive([specs[k] for k in sorted(specs)]))
            return seen[1]

        return current


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
    positions: dict[tuple[str, int], Positions] = {}
    for path in paths:
        try:
            spec, pos, text = _load(path, guards)
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
        origin[spec.key], positions[spec.key] = path, pos
        registry.add(spec, text)
    for spec in registry.all():
        pos = positions[spec.key]
        for where, reason in migration_problems(spec, registry):
            problems.append(Problem(str(origin[spec.key]), *pos.at(where), dotted(where), reason))
    if problems:
        raise WorkflowFileError(problems)
    return registry
