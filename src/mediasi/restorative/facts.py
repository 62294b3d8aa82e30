"""What guards know of a restorative justice case (registered by the runtime as a facts
source): whose consent is missing, and whether an offender was settled by restorative
justice before, anywhere in the deployment.

Only cases of a workflow whose steps name the guards ``victim_consented`` or
``once_per_offender`` are looked at (two small queries); every other case costs nothing.

Once per offender (the guard ``once_per_offender``; UU 20/2025, the article is not yet
confirmed, see ``workflows/keadilan_restoratif.yaml``): an earlier settlement is another case
of such a workflow, in any area, standing in a state the workflow marks ``settlement: true``
(in keadilan_restoratif: the peace agreement signed and not failed, i.e. agreed, restored,
approved or registered), with a respondent of the same NIK. The lookup crosses areas on
purpose, so it returns that case's reference and its Polsek's name and nothing else: no NIK,
no name, no state leaves this module. A case whose respondents are not all recorded with a
NIK cannot be looked up: the guard then asks for the NIK first.

Two cases of one offender about to enter a settlement at the same moment are judged one
after the other: on PostgreSQL the lookup of a case standing where a step leads into a
settlement (keadilan_restoratif: mediated) first takes a lock per offender, held until its
transaction ends, so the second sees the first once it is committed; on SQLite every writer
begins IMMEDIATE and so goes alone anyway.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.models import Area
from mediasi.cases.hooks import FactsSource
from mediasi.cases.models import Case, Party
from mediasi.restorative.consent.lookups import CONSENT_GUARD, consented_parties, uses_guard
from mediasi.restorative.consent.rules import OFFENDER, offenders_of, unconsented, victims_of
from mediasi.workflow.guards import EarlierSettlement
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import WorkflowSpec

ONCE_GUARD = "once_per_offender"


def hold_offenders(session: Session, niks: Iterable[str]) -> None:
    """On PostgreSQL, lock each offender (by a key derived from the NIK, in order) until the
    transaction ends."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for nik in sorted(set(niks)):
        digest = hashlib.sha256(f"mediasi:rj-offender:{nik}".encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(key)))


def earlier_settlement(
    session: Session, case_id: UUID, niks: list[str], settled: Mapping[str, frozenset[str]]
) -> EarlierSettlement | None:
    """The first other case settled by restorative justice with a respondent of these NIKs,
    in any area: its reference and its Polsek's name only."""
    if not settled:
        return None
    other, polsek = aliased(Case), aliased(Area)
    in_settlement = or_(
        *(and_(other.workflow == name, other.state.in_(states)) for name, states in settled.items())
    )
    row = session.execute(
        select(other.reference, polsek.name)
        .select_from(other)
        .join(Party, Party.case_id == other.id)
        .join(polsek, polsek.id == other.polsek_id)
        .where(Party.role == OFFENDER, Party.nik.in_(niks), other.id != case_id, in_settlement)
        .order_by(other.created_at)
        .limit(1)
    ).first()
    return EarlierSettlement(row[0], row[1]) if row else None


@dataclass(frozen=True)
class _Rules:
    """What the facts read off the workflows: which use the consent and the once-only guards,
    their settlement states, and where a step leads into one (workflow, state): the lookup
    there is serialised."""

    consent: frozenset[str]
    once: frozenset[str]
    settled: dict[str, frozenset[str]]
    entering: frozenset[tuple[str, str]]


def _rules(specs: list[WorkflowSpec]) -> _Rules:
    once = uses_guard(specs, ONCE_GUARD)
    settled: dict[str, frozenset[str]] = {}
    entering: set[tuple[str, str]] = set()
    for spec in specs:
        if spec.name in once:
            states = {name for name, state in spec.states.items() if state.settlement}
            settled[spec.name] = settled.get(spec.name, frozenset()) | states
            entering |= {
                (spec.name, source)
                for t in spec.transitions
                if t.dest in states
                for source in t.source
                if source not in states
            }
    return _Rules(uses_guard(specs, CONSENT_GUARD), once, settled, frozenset(entering))


def restorative_facts(registry: WorkflowRegistry) -> FactsSource:
    """The facts source for the workflows in ``registry``, as published so far."""
    rules_now = registry.derived(_rules)

    def columns(_: ColumnElement[UUID]) -> dict[str, ColumnElement[Any]]:
        return {}

    def read(session: Session, case: Case, __: Mapping[str, Any]) -> dict[str, Any]:
        rules = rules_now()
        if case.workflow not in rules.consent | rules.once:
            return {}
        parties = list(session.scalars(select(Party).where(Party.case_id == case.id)))
        facts: dict[str, Any] = {}
        if case.workflow in rules.consent:
            victims = victims_of(parties)
            missing = unconsented(victims, consented_parties(session, case.id))
            facts["victims"] = len(victims)
            facts["unconsented"] = tuple(v.name for v in missing)
        if case.workflow in rules.once:
            niks = [p.nik for p in offenders_of(parties)]
            recorded = bool(niks) and all(niks)
            facts["offender_niks_recorded"] = recorded
            if recorded:
                found = [n for n in niks if n]
                if (case.workflow, case.state) in rules.entering:
                    hold_offenders(session, found)
                earlier = earlier_settlement(session, case.id, found, rules.settled)
                facts["earlier_settlement"] = earlier
        return facts

    return FactsSource(columns, read)
