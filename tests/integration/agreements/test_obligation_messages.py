"""The parties hear of each obligation three days before it is due and once it is overdue."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from mediasi.notifications.models import Message
from mediasi.notifications.schedule import Schedule
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.integration.agreements.conftest import Agreements, today


def run_on(runtime: Runtime, days_from_today: int) -> int:
    moment = datetime.combine(today() + timedelta(days=days_from_today), time(10), LOCAL_TZ)
    return Schedule(runtime.sessions, runtime.settings, runtime.workflows, lambda: moment).run()


def texts(runtime: Runtime, kind: str) -> list[str]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Message.text).where(Message.kind == kind)))


def test_an_obligation_due_in_three_days_and_then_overdue_is_told_to_the_parties(
    runtime: Runtime, agreements: Agreements
) -> None:
    agreements.agreed()  # an apology due in 7 days, a payment due in 30
    assert run_on(runtime, 3) == 0
    assert run_on(runtime, 4) == 2  # complainant and respondent
    assert run_on(runtime, 4) == 0
    [due, _] = texts(runtime, "obligation_due")
    assert "jatuh tempo" in due
    assert "Meminta maaf" not in due  # what is owed stays in the agreement
    assert run_on(runtime, 8) == 2
    assert run_on(runtime, 9) == 0  # overdue is told once
    assert len(texts(runtime, "obligation_overdue")) == 2
