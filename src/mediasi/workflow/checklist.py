"""Checklists as data: which answers rule a case out, citing the article each item comes from.

A checklist field (``type: checklist``) asks yes/no questions; an item answered the way its
``disqualifies_when`` names is a :class:`Finding`. The rules are plain functions over the
workflow file and the recorded answers, so they are tested without a database and a unit's
legal officer can change the items without a programmer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from mediasi.text import Text
from mediasi.workflow.spec import FieldSpec, FieldType, WorkflowSpec

Referral = Literal["reskrim", "ppa"]
RESKRIM: Referral = "reskrim"
PPA: Referral = "ppa"


@dataclass(frozen=True)
class Finding:
    """An item answered the disqualifying way; shown as its question with its article."""

    field: str
    key: str
    label: Text
    source: str
    refer_to: Referral

    def get(self, lang: str) -> str:
        return f"{self.label.get(lang)} ({self.source})"


def checklist_fields(spec: WorkflowSpec) -> list[FieldSpec]:
    """Every checklist field of the workflow, in the order the file declares them."""
    return [f for t in spec.transitions for f in t.fields if f.type is FieldType.CHECKLIST]


def checklist_triggers(specs: Iterable[WorkflowSpec]) -> list[str]:
    """The triggers of ``specs`` whose steps record a checklist's answers, sorted."""
    return sorted(
        {
            t.trigger
            for spec in specs
            for t in spec.transitions
            if any(f.type is FieldType.CHECKLIST for f in t.fields)
        }
    )


def findings(field: FieldSpec, answers: Mapping[str, Any]) -> tuple[Finding, ...]:
    """The items of ``field`` that ``answers`` (item key → "yes"/"no") answer disqualifyingly."""
    return tuple(
        Finding(field.name, item.key, item.label, item.source, item.refer_to or RESKRIM)
        for item in field.items
        if answers.get(item.key) == item.disqualifies_when
    )


def recorded_findings(spec: WorkflowSpec, payload: Mapping[str, Any]) -> tuple[Finding, ...] | None:
    """The findings of every checklist ``payload`` (an event's) answers; None when it answers
    none of the workflow's checklists."""
    answered = [
        (f, payload[f.name])
        for f in checklist_fields(spec)
        if isinstance(payload.get(f.name), Mapping)
    ]
    if not answered:
        return None
    return tuple(found for field, answers in answered for found in findings(field, answers))


def referral(found: Iterable[Finding]) -> Referral:
    """Where a ruled-out case goes: Unit PPA as soon as one PPA item disqualifies, else Reskrim."""
    return PPA if any(f.refer_to == PPA for f in found) else RESKRIM
