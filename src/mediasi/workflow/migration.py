"""Where an open case stands after moving to a newer version of its workflow: the rules.

A case moves to the state its old state maps to: the mapping the new file declares
(``migrate_from``, for cases of the version it names) with the pairs an admin gives on top;
a state named in neither keeps its name when the new version has it as an open state. A case
whose state maps nowhere is refused (it stays on its version until a mapping is given); a
closed case is never moved (its outcome was reached under its own rules).

The case stands where it stands: a step of the new version into that state may ask for
conditions the case does not meet (a guard, a field the old version never asked, a
checklist) — the case still moves, and the dry run warns so the officer can catch up. Its
due time follows the new version (the state's deadline counted from when the case entered
the state); a due time already past is warned about, since the deadline scanner will act on
it at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from mediasi.i18n import Message, Translatable, _
from mediasi.workflow.guards import CaseFacts, GuardRegistry
from mediasi.workflow.spec import IDENTIFIER, FieldType, WorkflowSpec

_PAIR = re.compile(r"^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$")
MAX_PAIRS = 100


class MappingRefused(ValueError):
    """Pairs that cannot be used, each with its reason."""

    def __init__(self, reasons: list[Message]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(str(r) for r in reasons))


def parse_pairs(text: str) -> dict[str, str]:
    """``old=new`` pairs, separated by commas or new lines (an admin's or the CLI's)."""
    pairs: dict[str, str] = {}
    reasons: list[Message] = []
    items = [item for item in re.split(r"[,\n]", text) if item.strip()]
    if len(items) > MAX_PAIRS:
        raise MappingRefused([_("Paling banyak %(n)s pasangan tahap.", n=MAX_PAIRS)])
    for item in items:
        match = _PAIR.match(item)
        if not match or not all(re.match(IDENTIFIER, name) for name in match.groups()):
            reasons.append(_("'%(pair)s' bukan pasangan tahap_lama=tahap_baru.", pair=item[:60]))
            continue
        old, new = match.groups()
        if old in pairs and pairs[old] != new:
            reasons.append(_("Tahap %(state)s dipetakan dua kali.", state=old))
        pairs[old] = new
    if reasons:
        raise MappingRefused(reasons)
    return pairs


def check_pairs(pairs: Mapping[str, str], olds: list[WorkflowSpec], new: WorkflowSpec) -> None:
    """Given pairs must name a state of a version being moved and an open state of ``new``."""
    reasons: list[Message] = []
    known = {state for spec in olds for state in spec.states}
    for old, target in pairs.items():
        if old not in known:
            reasons.append(_("Tahap lama %(state)s tidak dikenal.", state=old))
        if target not in new.states:
            reasons.append(
                _(
                    "Tahap %(state)s tidak ada di versi %(version)s.",
                    state=target,
                    version=new.version,
                )
            )
        elif new.states[target].final:
            reasons.append(
                _(
                    "Tahap %(state)s adalah tahap akhir; migrasi tidak menutup perkara.",
                    state=target,
                )
            )
    if reasons:
        raise MappingRefused(reasons)


def state_map(old: WorkflowSpec, new: WorkflowSpec, given: Mapping[str, str]) -> dict[str, str]:
    """The pairs that apply to cases of ``old``: the file's (for the version it names), then
    the given ones over them."""
    declared = new.migrate_from
    pairs = dict(declared.states) if declared and declared.version == old.version else {}
    return pairs | {k: v for k, v in given.items() if k in old.states}


@dataclass(frozen=True)
class Move:
    """Where one case would go: ``after`` (None: refused, with ``refusal``) and warnings."""

    before: str
    after: str | None
    refusal: Translatable | None = None
    warnings: tuple[Translatable, ...] = ()
    due_at: datetime | None = None
    skipped: bool = False  # closed, or already on the version: not moved and not refused

    @property
    def moves(self) -> bool:
        return self.after is not None and not self.skipped


def target_state(
    old: WorkflowSpec, new: WorkflowSpec, pairs: Mapping[str, str], state: str
) -> tuple[str | None, Translatable | None]:
    """The state a case in ``state`` of ``old`` takes in ``new``, or why it cannot move."""
    after = pairs.get(state, state)
    if after not in new.states:
        return None, _(
            "Tahap %(state)s tidak ada di versi %(version)s dan tidak dipetakan.",
            state=state,
            version=new.version,
        )
    if new.states[after].final:
        return None, _(
            "Tahap %(state)s adalah tahap akhir di versi %(version)s; petakan ke tahap terbuka.",
            state=after,
            version=new.version,
        )
    return after, None


def entry_warnings(
    old: WorkflowSpec,
    new: WorkflowSpec,
    state: str,
    after: str,
    facts_of: Callable[[], CaseFacts],
    guards: GuardRegistry,
) -> list[Translatable]:
    """What the new version asks on the way into ``after`` that this case has not met: the
    conditions of every step into it (when none would hold), the fields the old version never
    asked on the way into ``state``, a checklist never answered (the case's facts are read
    only when a step into ``after`` asks for any)."""
    into_new = [t for t in new.transitions if t.dest == after]
    into_old = [t for t in old.transitions if t.dest == state]
    warnings: list[Translatable] = []
    asks = any(t.guards or any(f.type is FieldType.CHECKLIST for f in t.fields) for t in into_new)
    facts = facts_of() if asks else CaseFacts()
    failing = [[g for g in t.guards if not guards[g].check(facts)] for t in into_new]
    if into_new and all(failing):
        for name in dict.fromkeys(g for names in failing for g in names):
            warnings.append(
                _(
                    "Syarat tahap %(state)s di versi baru: %(reason)s",
                    state=after,
                    reason=guards[name].reason(facts),
                )
            )
    asked_before = {f.name for t in into_old for f in t.fields}
    fields = {f.name: f for t in into_new for f in t.fields}
    for field in fields.values():
        if field.type is FieldType.CHECKLIST and not facts.checklist_answered:
            warnings.append(_("Daftar periksa %(field)s belum dijawab.", field=field.label))
        elif field.required and field.name not in asked_before:
            warnings.append(
                _("Isian %(field)s diminta versi baru dan belum tercatat.", field=field.label)
            )
    return warnings


def plan_move(
    old: WorkflowSpec,
    new: WorkflowSpec,
    pairs: Mapping[str, str],
    *,
    state: str,
    is_final: bool,
    entered_at: datetime,
    now: datetime,
    facts_of: Callable[[], CaseFacts],
    guards: GuardRegistry,
) -> Move:
    """Where a case of ``old`` in ``state`` goes in ``new``, its new due time and warnings."""
    if is_final or old.version >= new.version:
        return Move(state, None, skipped=True)
    after, refusal = target_state(old, new, pairs, state)
    if after is None:
        return Move(state, None, refusal)
    warnings = entry_warnings(old, new, state, after, facts_of, guards)
    deadline = new.states[after].deadline
    due_at = deadline.after(entered_at) if deadline else None
    if due_at is not None and due_at <= now:
        warnings.append(_("Tenggat di versi baru sudah lewat; perkara langsung terlambat."))
    return Move(state, after, None, tuple(warnings), due_at)
