"""The categories of a case type: a category of another type is refused by name, so that the
person learns which of the two to change (the report form lists every type's categories)."""

from __future__ import annotations

from mediasi.i18n import Message, _
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import WorkflowSpec


def category_refusal(registry: WorkflowRegistry, spec: WorkflowSpec, value: str) -> Message | None:
    """None when ``value`` is a category of ``spec``; otherwise why it is refused."""
    if value in {c.value for c in spec.categories}:
        return None
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
