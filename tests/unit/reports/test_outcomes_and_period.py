"""Where a restorative justice case counts, and which periods a report accepts: plain rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mediasi.errors import FieldErrors
from mediasi.reports.outcomes import Outcome, outcome, to_ppa_at_once
from mediasi.reports.period import month_of, period_of
from mediasi.workflow.loader import load_workflows
from mediasi.workflow.spec import WorkflowSpec
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def spec() -> WorkflowSpec:
    return load_workflows(ROOT / "workflows").latest("keadilan_restoratif")


@pytest.mark.parametrize(
    ("state", "ended_by", "expected"),
    [
        ("reported", None, Outcome.IN_PROGRESS),
        ("mediated", None, Outcome.IN_PROGRESS),
        ("agreed", None, Outcome.SETTLED),
        ("restored", None, Outcome.SETTLED),
        ("registered", "register", Outcome.SETTLED),
        ("failed", None, Outcome.FAILED),
        ("referred", "refer_ppa", Outcome.REFERRED_PPA),
        ("referred", "refer_reskrim", Outcome.REFERRED_RESKRIM),
        ("referred", "withdraw_consent", Outcome.CONSENT_WITHDRAWN),
    ],
)
def test_each_case_counts_under_one_outcome(
    spec: WorkflowSpec, state: str, ended_by: str | None, expected: Outcome
) -> None:
    assert outcome(spec, state, ended_by) is expected


def test_a_referral_to_ppa_is_at_once_unless_a_mediation_failed_first() -> None:
    assert to_ppa_at_once("refer_ppa", "reported")
    assert to_ppa_at_once("refer_ppa", "eligibility_checked")
    assert not to_ppa_at_once("refer_ppa", "failed")
    assert not to_ppa_at_once("refer_reskrim", "eligibility_checked")


@pytest.mark.parametrize(
    ("now", "first", "last"),
    [
        # 20:00 UTC on 31 January is already 1 February in Jakarta.
        (datetime(2026, 1, 31, 20, 0, tzinfo=UTC), date(2026, 2, 1), date(2026, 2, 28)),
        (datetime(2028, 2, 10, 3, 0, tzinfo=UTC), date(2028, 2, 1), date(2028, 2, 29)),
        (datetime(2026, 12, 6, 9, 0, tzinfo=UTC), date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_the_default_period_is_the_month_in_jakarta(now: datetime, first: date, last: date) -> None:
    assert month_of(now) == (first, last)
    period = period_of({}, now)
    assert (period.start, period.end) == (first, last)


def test_a_period_is_whole_days_in_jakarta() -> None:
    period = period_of({"start": "2026-12-01", "end": "2026-12-31"}, datetime.now(UTC))
    assert period.begins == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert period.ends == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "given",
    [
        {"start": "2026-12-31", "end": "2026-12-01"},
        {"start": "2024-01-01", "end": "2026-12-31"},
        {"start": "1999-12-31"},
        {"end": "2100-01-01"},
        {"start": "1767225600"},
        {"start": "2026-12-01T00:00"},
    ],
)
def test_a_wrong_period_is_refused(given: dict[str, str]) -> None:
    with pytest.raises(FieldErrors):
        period_of(given, datetime(2026, 12, 6, tzinfo=UTC))
