"""What the app, the CLI and the tests share: settings, engine, sessions and workflows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mediasi import i18n
from mediasi.config import Settings
from mediasi.db.engine import make_engine
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.loader import load_workflows


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    workflows: WorkflowEngine

    @classmethod
    def build(cls, settings: Settings | None = None) -> Runtime:
        """Load the workflows once and connect lazily (the engine opens no connection yet)."""
        settings = settings or Settings()
        i18n.configure(settings.locale_dir, settings.languages, settings.timezone)
        engine = make_engine(settings.sqlalchemy_url)
        sessions = sessionmaker(engine, expire_on_commit=False)
        workflows = WorkflowEngine(load_workflows(settings.workflows_dir))
        return cls(settings, engine, sessions, workflows)

    def close(self) -> None:
        self.engine.dispose()
