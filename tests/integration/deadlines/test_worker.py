"""The app's own periodic scan: on when the settings say so, at startup and then every interval."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import update

from mediasi.app import create_app
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import ROOT_DIR, TimedCases, World


def wait_for(condition: Callable[[], bool], seconds: float) -> float | None:
    """Poll until ``condition`` holds; the seconds it took, or None if it never did."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def handled(runtime: Runtime, case_id: UUID) -> bool:
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.deadline_expired_at is not None


def app_runtime(settings: Settings, scanner: bool) -> Runtime:
    """A runtime of its own for the app (the app disposes its engine when it stops)."""
    return Runtime.build(
        Settings(
            database_url=settings.database_url,
            root_dir=ROOT_DIR,
            deadline_scanner=scanner,
            deadline_scan_seconds=5,
        )
    )


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


def test_the_app_scans_at_startup_and_again_after_the_interval(
    runtime: Runtime, settings: Settings, timed: TimedCases
) -> None:
    overdue = timed.report(utcnow() - timedelta(days=10))
    pending = timed.report(utcnow())
    with TestClient(create_app(runtime=app_runtime(settings, scanner=True))) as client:
        assert client.get("/healthz").status_code == 200
        took = wait_for(lambda: handled(runtime, overdue), 5)
        assert took is not None, "the overdue case was not handled within 5 s of startup"
        assert not handled(runtime, pending)

        # Its deadline passes while the app runs: the next scan, 5 s later, handles it.
        with runtime.sessions.begin() as session:
            session.execute(
                update(Case)
                .where(Case.id == pending)
                .values(due_at=utcnow() - timedelta(minutes=1))
            )
        assert wait_for(lambda: handled(runtime, pending), 12) is not None, (
            "the periodic scan did not come round within 12 s"
        )


def test_no_scan_when_the_setting_is_off(
    runtime: Runtime, settings: Settings, timed: TimedCases
) -> None:
    overdue = timed.report(utcnow() - timedelta(days=10))
    with TestClient(create_app(runtime=app_runtime(settings, scanner=False))) as client:
        assert client.get("/healthz").status_code == 200
        assert wait_for(lambda: handled(runtime, overdue), 2.5) is None
    assert not handled(runtime, overdue)


def test_the_interval_cannot_be_set_below_five_seconds(settings: Settings) -> None:
    with pytest.raises(ValueError, match="greater than or equal to 5"):
        Settings(database_url=settings.database_url, deadline_scan_seconds=4)
