"""What changed between two versions of a workflow, in words an admin can check before
publishing: states and steps added, removed or changed (labels, roles, guards, deadlines,
fields …), and the YAML texts line by line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from mediasi.i18n import Message, _
from mediasi.text import Text
from mediasi.workflow.spec import FieldSpec, TransitionSpec, WorkflowSpec


class Kind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Aspect:
    """One property that differs: what it is, its value before and after."""

    name: Message
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    """A state, a step or the workflow itself, and how it differs."""

    kind: Kind
    subject: Message
    aspects: tuple[Aspect, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    changes: tuple[Change, ...]
    text: tuple[str, ...]  # the unified diff of the YAML, line by line (empty: no old text)

    @property
    def empty(self) -> bool:
        return not self.changes


NONE = "—"

_WORKFLOW = {
    "label": _("Nama"),
    "initial": _("Tahap awal"),
    "reference_prefix": _("Awalan nomor perkara"),
    "anonymous_reports": _("Laporan tanpa nama"),
    "categories": _("Kategori"),
}
_STATE = {
    "label": _("Nama"),
    "final": _("Tahap akhir"),
    "review": _("Menunggu keputusan pengawas"),
    "deadline": _("Tenggat"),
    "on_expiry": _("Saat tenggat lewat"),
    "settlement": _("Penyelesaian RJ berlaku"),
    "outcome": _("Hasil akhir"),
}
_STEP = {
    "label": _("Nama"),
    "source": _("Dari tahap"),
    "dest": _("Ke tahap"),
    "roles": _("Peran"),
    "guards": _("Syarat"),
    "effects": _("Akibat"),
    "signatories": _("Penanda tangan"),
}


def _shown(value: Any) -> str:
    """A property's value as one line in the file's own words: a label's Indonesian text, a
    list joined, ``true``, and '—' for none."""
    if value is None or value == [] or value is False:
        return NONE
    if value is True:
        return "true"
    if isinstance(value, Text):
        return value.id
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    if hasattr(value, "value") and hasattr(value, "label"):  # a category or a choice
        return f"{value.value} ({_shown(value.label)})"
    if hasattr(value, "model_dump"):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.model_dump().items() if v)
    return str(value)


def _aspects(before: Any, after: Any, names: dict[str, Message]) -> list[Aspect]:
    return [
        Aspect(label, _shown(getattr(before, key)), _shown(getattr(after, key)))
        for key, label in names.items()
        if _shown(getattr(before, key)) != _shown(getattr(after, key))
    ]


def _field(field: FieldSpec) -> str:
    extra = [c.value for c in field.choices] + [i.key for i in field.items]
    listed = f", [{', '.join(extra)}]" if extra else ""
    return f"{field.type.value}, required: {str(field.required).lower()}{listed}"


def _fields(before: TransitionSpec, after: TransitionSpec) -> list[Aspect]:
    old = {f.name: _field(f) for f in before.fields}
    new = {f.name: _field(f) for f in after.fields}
    return [
        Aspect(_("Isian %(name)s", name=name), old.get(name, NONE), new.get(name, NONE))
        for name in sorted(old.keys() | new.keys())
        if old.get(name) != new.get(name)
    ]


def _step_keys(spec: WorkflowSpec) -> dict[tuple[str, tuple[str, ...]], TransitionSpec]:
    """Steps by trigger; a trigger declared more than once is told apart by its sources."""
    counts: dict[str, int] = {}
    for t in spec.transitions:
        counts[t.trigger] = counts.get(t.trigger, 0) + 1
    return {
        (t.trigger, tuple(sorted(t.source)) if counts[t.trigger] > 1 else ()): t
        for t in spec.transitions
    }


def _step_name(key: tuple[str, tuple[str, ...]]) -> str:
    trigger, sources = key
    return f"{trigger} ({', '.join(sources)})" if sources else trigger


def _paired(old: dict[Any, Any], new: dict[Any, Any]) -> Iterable[tuple[Kind, Any]]:
    for key in new:
        if key not in old:
            yield Kind.ADDED, key
    for key in old:
        if key not in new:
            yield Kind.REMOVED, key
    for key in old:
        if key in new:
            yield Kind.CHANGED, key


def changes(old: WorkflowSpec, new: WorkflowSpec) -> list[Change]:
    """Every difference between ``old`` and ``new``: the workflow's own properties, then each
    state, then each step (added, removed, changed)."""
    found: list[Change] = []
    top = _aspects(old, new, _WORKFLOW)
    if top:
        found.append(Change(Kind.CHANGED, _("Alur kerja"), tuple(top)))
    for kind, name in _paired(old.states, new.states):
        subject = _("Tahap %(name)s", name=name)
        if kind is not Kind.CHANGED:
            found.append(Change(kind, subject))
            continue
        aspects = _aspects(old.states[name], new.states[name], _STATE)
        if aspects:
            found.append(Change(kind, subject, tuple(aspects)))
    old_steps, new_steps = _step_keys(old), _step_keys(new)
    for kind, key in _paired(old_steps, new_steps):
        subject = _("Langkah %(name)s", name=_step_name(key))
        if kind is not Kind.CHANGED:
            found.append(Change(kind, subject))
            continue
        before, after = old_steps[key], new_steps[key]
        aspects = _aspects(before, after, _STEP) + _fields(before, after)
        if aspects:
            found.append(Change(kind, subject, tuple(aspects)))
    return found


def text_diff(old: str, new: str, old_name: str, new_name: str) -> list[str]:
    """The unified diff of two YAML texts, three lines of context."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), old_name, new_name, lineterm=""
    )
    return list(lines)


def version_diff(
    old: WorkflowSpec, new: WorkflowSpec, old_text: str | None, new_text: str
) -> VersionDiff:
    """``new`` against ``old``: the changes in words, and the texts' diff when the old
    version's text is known."""
    text: tuple[str, ...] = ()
    if old_text is not None:
        text = tuple(
            text_diff(
                old_text, new_text, f"{old.name} v{old.version}", f"{new.name} v{new.version}"
            )
        )
    return VersionDiff(tuple(changes(old, new)), text)
