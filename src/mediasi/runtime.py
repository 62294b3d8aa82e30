"""The composition root: what the app, the CLI and the tests share, wired once.

Settings, the database engine and sessions, the loaded workflows, and the hooks each feature
contributes to cases (guards' facts, workflow effects, sections of the case page). Features
never import this module; it imports them, so no feature depends on another in a circle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mediasi import i18n
from mediasi.accounts.actor import Actor
from mediasi.agreements.facts import AGREEMENT_FACTS
from mediasi.cases import rollup
from mediasi.cases.checklists import checklist_facts
from mediasi.cases.hooks import CaseHooks, PageSection
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.db.engine import make_engine
from mediasi.followups.queries import follow_up_section
from mediasi.forum.section import forum_section
from mediasi.intake.doors import record_at_door
from mediasi.intake.queries import reports_of
from mediasi.mediation.facts import SESSION_FACTS
from mediasi.mediation.services import schedule_session, sessions_of
from mediasi.notifications.channels.base import Channel
from mediasi.notifications.channels.registry import channels_from
from mediasi.notifications.dispatcher import Dispatcher, DispatchReport
from mediasi.notifications.preferences import contacts_of
from mediasi.notifications.producers import Notifier
from mediasi.notifications.queries import delivery_log
from mediasi.notifications.schedule import DaysSeen, Schedule
from mediasi.restorative.consent.section import consent_section
from mediasi.restorative.consent.services import withdraw_consent
from mediasi.restorative.facts import restorative_facts
from mediasi.restorative.issuing import DocumentIssuer
from mediasi.restorative.queries import pack_section
from mediasi.restorative.review import review_section
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.loader import load_workflows
from mediasi.workflow_versions.catalog import Catalog
from mediasi.workflow_versions.migrating import MigrationService


def _sessions_section(session: Session, case: Case, _: Actor) -> dict[str, Any]:
    return {"sessions": sessions_of(session, case.id)}


def _reports_section(session: Session, case: Case, _: Actor) -> dict[str, Any]:
    return {"intake_reports": reports_of(session, case.id)}


def _deliveries_section(channels: tuple[str, ...]) -> PageSection:
    def section(session: Session, case: Case, _: Actor) -> dict[str, Any]:
        return {
            "deliveries": delivery_log(session, case.id),
            "contacts": contacts_of(session, case),
            "channels": channels,
        }

    return section


def case_hooks(settings: Settings, workflows: WorkflowEngine) -> CaseHooks:
    """Every feature's contribution to cases."""
    notifier = Notifier(settings, workflows)
    return CaseHooks(
        facts_sources=(
            SESSION_FACTS,
            AGREEMENT_FACTS,
            checklist_facts(workflows.registry),
            restorative_facts(workflows.registry),
        ),
        effect_handlers={
            "schedule_session": schedule_session,
            "withdraw_consent": withdraw_consent,
        },
        page_sections=(
            _sessions_section,
            consent_section(workflows.registry),
            _reports_section,
            forum_section,
            follow_up_section,
            _deliveries_section(settings.notify_channels),
            pack_section,
            review_section(workflows.registry),
        ),
        event_listeners=(notifier.on_event, DocumentIssuer(workflows.registry).on_event),
        door_recorder=record_at_door,
    )


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    workflows: WorkflowEngine
    hooks: CaseHooks
    channels: dict[str, Channel]
    catalog: Catalog
    # Whose digest needs no look today, kept from one round of the in-app worker to the next.
    days_seen: DaysSeen = field(default_factory=dict)
    # Migration runs started from the admin page, each in a thread of its own.
    migration_runs: list[threading.Thread] = field(default_factory=list)

    @classmethod
    def build(cls, settings: Settings | None = None) -> Runtime:
        """Load the workflows once and connect lazily (the engine opens no connection yet)."""
        settings = settings or Settings()
        i18n.configure(settings.locale_dir, settings.languages, settings.timezone)
        engine = make_engine(settings.sqlalchemy_url)
        workflows = WorkflowEngine(load_workflows(settings.workflows_dir))
        # What the statistics' roll-up is kept by, wherever a session writes a case.
        info = {rollup.REGISTRY: workflows.registry, rollup.DEFAULT_ZONE: settings.timezone}
        sessions = sessionmaker(engine, expire_on_commit=False, info=info)
        hooks = case_hooks(settings, workflows)
        catalog = Catalog(workflows, sessions)
        return cls(settings, engine, sessions, workflows, hooks, channels_from(settings), catalog)

    def session_info(self) -> dict[str, Any]:
        """What every session of the runtime carries (see :mod:`mediasi.cases.rollup`)."""
        return dict(self.sessions.kw["info"])

    def case_service(self, session: Session, clock: Callable[[], datetime] = utcnow) -> CaseService:
        """The case service bound to ``session``, with every feature's hooks, over the
        workflow versions published so far (the app looks every few seconds: see
        :func:`mediasi.workflow_versions.catalog.catalog_watcher`)."""
        return CaseService(session, self.workflows, self.hooks, clock=clock)

    def migrations(self, clock: Callable[[], datetime] = utcnow) -> MigrationService:
        """Moving open cases between workflow versions, each case in its own transaction."""
        return MigrationService(
            self.sessions, self.workflows, self.hooks, clock=clock, runs=self.migration_runs
        )

    def dispatcher(self, name: str | None = None) -> Dispatcher:
        return Dispatcher(self.sessions, self.settings, self.channels, name=name)

    def notify_round(self) -> DispatchReport:
        """One round of the in-app worker and of ``mediasi notify run``: queue what time has
        made due (reminders, digests), then send what is due."""
        Schedule(self.sessions, self.settings, self.workflows, days_seen=self.days_seen).run()
        return self.dispatcher().run()

    def finish_migrations(self) -> None:
        """Wait for the migration runs started here: each case is its own transaction, but
        the engine must not be closed under a run."""
        while self.migration_runs:
            self.migration_runs.pop().join()

    def close(self) -> None:
        self.finish_migrations()
        self.engine.dispose()
