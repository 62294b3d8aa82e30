"""The rules of a workflow file a schema cannot express: the graph, guard and effect names,
triggers, expiries, signatories, checklists, and how cases of an earlier version move to it."""

from __future__ import annotations

from collections import deque
from typing import Protocol

from mediasi.workflow.effects import EFFECT_FIELDS, EFFECTS
from mediasi.workflow.guards import GuardRegistry
from mediasi.workflow.problems import PathKey
from mediasi.workflow.spec import FieldSpec, FieldType, WorkflowSpec

FLAG_ONLY = "flag"
# The guard that reads whether the signatories a transition declares have all signed.
SIGNED_GUARD = "agreement_fully_signed"
# Guards that read the recorded answers of a checklist: useless in a workflow without one.
CHECKLIST_GUARDS = ("eligibility_clear", "not_for_ppa")
# The guard that looks for an offender's earlier settlement: in the states marked as one.
ONCE_GUARD = "once_per_offender"


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

    found += _migrate_from_problems(spec)

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


def _migrate_from_problems(spec: WorkflowSpec) -> list[tuple[PathKey, str]]:
    """A mapping names an earlier version and leads into open states of this one: a case is
    moved to where it stands, never closed by a migration (closing is a step of its own, with
    the outcome the statistics count)."""
    declared = spec.migrate_from
    if declared is None:
        return []
    found: list[tuple[PathKey, str]] = []
    if declared.version >= spec.version:
        reason = f"migrate_from names version {declared.version}; it must be before {spec.version}"
        found.append((("migrate_from", "version"), reason))
    for old, new in declared.states.items():
        where: PathKey = ("migrate_from", "states", old)
        if new not in spec.states:
            found.append((where, f"unknown state {new!r}"))
        elif spec.states[new].final:
            found.append((where, f"state {new!r} is final: a migration does not close a case"))
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


class SpecSource(Protocol):
    """What :func:`migration_problems` needs of a registry: a version by its key."""

    def find(self, name: str, version: int) -> WorkflowSpec | None: ...


def migration_problems(spec: WorkflowSpec, known: SpecSource) -> list[tuple[PathKey, str]]:
    """``migrate_from`` against the version it names: that version is known and each state
    it renames is one of that version's states (its targets are checked with the file)."""
    declared = spec.migrate_from
    if declared is None:
        return []
    old = known.find(spec.name, declared.version)
    if old is None:
        reason = f"version {declared.version} of workflow {spec.name!r} is not known"
        return [(("migrate_from", "version"), reason)]
    return [
        (("migrate_from", "states", state), f"{state!r} is not a state of version {old.version}")
        for state in declared.states
        if state not in old.states
    ]
