"""What other features contribute to a case, registered at start-up by the runtime.

The case service and the case page call these without importing the features behind them
(mediation, agreements …), so the features can depend on cases and never the other way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.workflow.engine import Fired


@dataclass(frozen=True)
class FactsSource:
    """What a feature tells the guards of a case (see ``workflow/guards.py`` ``CaseFacts``).

    ``columns`` are scalar subqueries on the case whose id they are given (a bind parameter:
    the statement is built once): the case service reads every feature's in one statement,
    since guards are asked on every step and every case page. ``read`` turns
    their values into facts; it may look further, when the values say it must (a frozen
    agreement's signatures), which most cases never need."""

    columns: Callable[[ColumnElement[UUID]], Mapping[str, ColumnElement[Any]]]
    read: Callable[[Session, Case, Mapping[str, Any]], dict[str, Any]]


EffectHandler = Callable[[Session, Case, Fired], dict[str, Any]]
"""The code behind an effect a workflow file names; returns what the event records of it."""

PageSection = Callable[[Session, Case, Actor], dict[str, Any]]
"""Extra context for the case page (a feature's section of it), for the person reading it."""

EventListener = Callable[[Session, Case, Event], None]
"""Told of every chained event as it is written, in its transaction (the outbox's producers)."""

DoorRecorder = Callable[[Session, Actor, Case, str], dict[str, Any]]
"""Puts a report an officer took (at a door: walk-in, phone, patrol) on the intake's record,
so every report is counted once whatever its door; returns what the case's first event says
of it."""


@dataclass(frozen=True)
class CaseHooks:
    facts_sources: tuple[FactsSource, ...] = ()
    effect_handlers: Mapping[str, EffectHandler] = field(default_factory=dict)
    page_sections: tuple[PageSection, ...] = ()
    event_listeners: tuple[EventListener, ...] = ()
    door_recorder: DoorRecorder | None = None

    def facts(self, session: Session, case: Case, values: Mapping[str, Any]) -> dict[str, Any]:
        """Every source's facts from the values read; their ``extra`` dictionaries merged."""
        known: dict[str, Any] = {"extra": {}}
        for source in self.facts_sources:
            provided = source.read(session, case, values)
            known["extra"] = {**known["extra"], **provided.pop("extra", {})}
            known.update(provided)
        return known

    def run_effect(self, name: str, session: Session, case: Case, fired: Fired) -> dict[str, Any]:
        return self.effect_handlers[name](session, case, fired)

    def page_context(self, session: Session, case: Case, actor: Actor) -> dict[str, Any]:
        context: dict[str, Any] = {}
        for section in self.page_sections:
            context.update(section(session, case, actor))
        return context

    def record_door(self, session: Session, actor: Actor, case: Case, door: str) -> dict[str, Any]:
        return self.door_recorder(session, actor, case, door) if self.door_recorder else {}

    def announce(self, session: Session, case: Case, event: Event) -> None:
        for listener in self.event_listeners:
            listener(session, case, event)
