"""The categories of a case type: a category of another type is refused by name, so that the
person learns which of the two to change (the report form lists every type's categories)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediasi.i18n import Message, _
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import WorkflowSpec


def category_errors(registry: WorkflowRegistry, values: Mapping[str, Any]) -> dict[str, Message]:
    """The category's refusal as a field error, when the form names a known type: said with
    the form's other errors rather than only once they are put right."""
    workflow, category = values.get("workflow", "sengketa"), values.get("category")
    if not isinstance(category, str) or workflow not in registry.names():
        return {}
    refusal = category_refusal(registry, registry.latest(workflow), category)
    return {"category": refusal} if refusal is not None else {}


def category_refusal(registry: WorkflowRegistry, spec: WorkflowSpec, value: str) -> Message | None:
    """None when ``value`` is a category of ``spec``; otherwise why it is refused."""
    if value in {c.value for c in spec.categories}:
        return None
    if not value:
        return _("Pilih kategori.")
    for name in registry.names():
        other = registry.latest(name)
        found = next((c for c in other.categories if c.value == value), None)
        if found is not None and other.name != spec.name:
            return _(
                "Kategori “%(category)s” milik jenis “%(other)s”, bukan “%(workflow)s”: "
                "pilih kategori lain atau ganti jenisnya.",
                category=found.label,
                other=other.label,
                workflow=spec.label,
            )
    return _("Kategori tidak dikenal.")
