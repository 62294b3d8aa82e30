"""``mediasi deadlines run``: what an operator's cron job runs, and what it prints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner, Result

from mediasi.cases.models import Case
from mediasi.cli import main
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import TimedCases, World, cli_env


def run(settings: Settings) -> Result:
    return CliRunner().invoke(main, ["deadlines", "run"], env=cli_env(settings.database_url))


@pytest.fixture
def timed(runtime: Runtime, world: World) -> TimedCases:
    return TimedCases(runtime, world)


def test_deadlines_run_fires_flags_and_sums_up(
    runtime: Runtime, settings: Settings, timed: TimedCases
) -> None:
    month_ago = utcnow() - timedelta(days=30)
    mediated = timed.mediated(month_ago)  # '14 days' ran out two weeks ago
    reported = timed.report(month_ago)  # '2 working days' ran out long ago
    fresh = timed.report(utcnow())  # due in two working days
    with runtime.sessions() as session:
        refs = {c: session.get(Case, c).reference for c in (mediated, reported, fresh)}

    result = run(settings)

    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines == [
        f"fired escalate_overdue on {refs[mediated]}",
        f"flagged {refs[reported]} as overdue",
        "deadlines: 1 fired, 1 flagged",
    ]
    assert refs[fresh] not in result.output
    with runtime.sessions() as session:
        assert session.get(Case, mediated).state == "escalated"
        assert session.get(Case, reported).deadline_expired_at is not None
        assert session.get(Case, fresh).deadline_expired_at is None

    again = run(settings)
    assert again.exit_code == 0, again.output
    assert again.stdout.strip().splitlines() == ["deadlines: 0 fired, 0 flagged"]
