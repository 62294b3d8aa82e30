"""The published versions in the database joined to the versions the files declare, on every
node: a cheap check (how many versions are published; they are never withdrawn) every few
seconds in the background, a reload only when it moved, and a version asked for by name
fetched at once (a case moved to it on another node a moment ago)."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from litestar import Litestar
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mediasi.db.engine import read_only_transactions
from mediasi.periodic import running_every
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.loader import WorkflowFileError, load_text
from mediasi.workflow.spec import WorkflowSpec
from mediasi.workflow_versions.models import PUBLISHED, WorkflowVersion

CHECK_EVERY_SECONDS = 2.0
log = logging.getLogger("mediasi.workflows")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Catalog:
    """Keeps the engine's registry equal to files ∪ published versions."""

    def __init__(
        self,
        engine: WorkflowEngine,
        sessions: sessionmaker[Session],
        every: float = CHECK_EVERY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.sessions = sessions
        self.every = every
        self.clock = clock
        self._lock = threading.Lock()
        self._seen = -1
        self._checked: float | None = None
        # Published versions this node cannot use, each with the reason (shown to the admin).
        self.conflicts: dict[tuple[str, int], str] = {}
        engine.registry.on_miss = self._fetch

    def refresh(self, session: Session, *, force: bool = False) -> None:
        """Join what was published since the last look (at most every ``every`` seconds)."""
        now = self.clock()
        if not force and self._checked is not None and now - self._checked < self.every:
            return
        self._checked = now
        published = WorkflowVersion.status == PUBLISHED
        count = session.scalar(select(func.count()).select_from(WorkflowVersion).where(published))
        if count == self._seen:
            return
        for row in session.scalars(select(WorkflowVersion).where(published)):
            self._join(row.name, row.version, row.source, row.sha256)
        self._seen = count or 0

    def check(self) -> None:
        """:meth:`refresh` in a read-only transaction of its own: the app's background look
        (see :func:`catalog_watcher`). On the request path it ran on the event loop and began
        the request's write transaction there, so a request holding SQLite's write lock, whose
        commit needs the loop, and the loop waiting for that lock stopped each other."""
        with read_only_transactions(), self.sessions() as session:
            self.refresh(session, force=True)

    def _fetch(self, name: str, version: int) -> None:
        """Asked in the middle of any request or job, perhaps one that holds SQLite's write
        lock (the deadline scanner): the look-up only reads, so it begins DEFERRED and never
        waits for that lock."""
        with read_only_transactions(), self.sessions() as session:
            row = session.scalars(
                select(WorkflowVersion).where(
                    WorkflowVersion.name == name,
                    WorkflowVersion.version == version,
                    WorkflowVersion.status == PUBLISHED,
                )
            ).first()
            if row is not None:
                self._join(row.name, row.version, row.source, row.sha256)

    def _join(self, name: str, version: int, source: str, digest: str) -> None:
        key = (name, version)
        with self._lock:
            registry = self.engine.registry
            if key in registry:
                known = registry.source(name, version)
                if known is not None and sha256(known) != digest:
                    self.conflicts[key] = (
                        f"a workflow file declares {name} v{version} with another text than "
                        "the version published in the application; the file's is used"
                    )
                return
            try:
                spec, _ = load_text(source, f"{name} v{version}", self.engine.guards)
            except WorkflowFileError as exc:
                self.conflicts[key] = str(exc)
                return
            self.engine.add(spec, source)

    def publish(self, spec: WorkflowSpec, source: str) -> None:
        """A version this node has just published (after its commit)."""
        with self._lock:
            self.engine.add(spec, source)


@asynccontextmanager
async def catalog_watcher(app: Litestar) -> AsyncIterator[None]:
    """Lifespan hook: every node joins what any node published, within a few seconds (when
    the settings want it)."""
    catalog: Catalog = app.state.runtime.catalog
    if not app.state.runtime.settings.workflow_catalog_watch:
        yield
        return
    async with running_every(catalog.check, catalog.every, log, "workflow catalog"):
        yield
