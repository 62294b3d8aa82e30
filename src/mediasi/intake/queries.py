"""What the intake looks up: the desa and kinds the public form offers, the reports a case came
from, and whether a tracking code is taken."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.models import Area
from mediasi.accounts.roles import AreaLevel
from mediasi.i18n import Translatable
from mediasi.intake.models import PublicReport
from mediasi.workflow.engine import WorkflowEngine


@dataclass(frozen=True)
class DesaGroup:
    polsek: str
    desa: list[tuple[str, str]]  # (id, name)


@dataclass(frozen=True)
class Topic:
    """One kind of report (a workflow) and its categories, as ``workflow:category`` values."""

    label: Translatable
    anonymous: bool
    choices: Sequence[tuple[str, Translatable]]


# A search is a few words of a name; anything longer is cut, not refused.
MAX_SEARCH = 60


def search_words(text: str) -> str:
    """A desa search as it is looked up and shown again: spaces tidied, cut to its limit."""
    return " ".join(text.split())[:MAX_SEARCH]


def desa_groups(session: Session, search: str = "") -> list[DesaGroup]:
    """Every desa under its Polsek; with ``search``, those whose name or Polsek holds it."""
    polsek = aliased(Area)
    query = (
        select(Area.id, Area.name, polsek.name)
        .join(polsek, polsek.id == Area.parent_id)
        .where(Area.level == AreaLevel.DESA)
        .order_by(polsek.name, Area.name)
    )
    words = search_words(search).lower()
    if words:
        query = query.where(
            or_(
                func.lower(Area.name).contains(words, autoescape=True),
                func.lower(polsek.name).contains(words, autoescape=True),
            )
        )
    rows = session.execute(query).all()
    groups: dict[str, list[tuple[str, str]]] = {}
    for desa_id, name, polsek_name in rows:
        groups.setdefault(str(polsek_name), []).append((str(desa_id), str(name)))
    return [DesaGroup(name, desa) for name, desa in groups.items()]


def topics(workflows: WorkflowEngine) -> list[Topic]:
    found = []
    for name in workflows.registry.names():
        spec = workflows.registry.latest(name)
        choices = [(f"{spec.name}:{c.value}", c.label) for c in spec.categories]
        found.append(Topic(spec.label, spec.anonymous_reports, choices))
    return found


def code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(PublicReport.id).where(PublicReport.code == code)) is not None


def reports_of(session: Session, case_id: UUID) -> list[PublicReport]:
    """The reports a case was made from or merged with, the first first."""
    return list(
        session.scalars(
            select(PublicReport)
            .where(PublicReport.case_id == case_id)
            .order_by(PublicReport.submitted_at)
        )
    )
