"""An event that moves no stay is not rolled up when the case's previous event fell in the
same month: the ledger's shortcut must never call two moments the same month when some time
zone puts them in two."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mediasi.cases.rollup import surely_same_month

ZONES = [timezone(timedelta(hours=h)) for h in range(-12, 15)]


def _same_everywhere(a: datetime, b: datetime) -> bool:
    return all(
        (a.astimezone(z).year, a.astimezone(z).month)
        == (b.astimezone(z).year, b.astimezone(z).month)
        for z in ZONES
    )


@pytest.mark.parametrize(
    ("earlier", "later", "same"),
    [
        (datetime(2026, 9, 2, 0, 0, tzinfo=UTC), datetime(2026, 9, 27, 23, 59, tzinfo=UTC), True),
        (datetime(2026, 9, 1, 20, 0, tzinfo=UTC), datetime(2026, 9, 10, tzinfo=UTC), False),
        (datetime(2026, 9, 10, tzinfo=UTC), datetime(2026, 9, 30, 10, 0, tzinfo=UTC), False),
        (datetime(2026, 8, 10, tzinfo=UTC), datetime(2026, 9, 10, tzinfo=UTC), False),
        (datetime(2025, 9, 10, tzinfo=UTC), datetime(2026, 9, 10, tzinfo=UTC), False),
    ],
)
def test_only_moments_in_one_month_in_every_zone_are_the_same_month(
    earlier: datetime, later: datetime, same: bool
) -> None:
    assert surely_same_month(earlier, later) is same
    if same:
        assert _same_everywhere(earlier, later)


def test_a_moment_given_in_another_zone_is_read_in_utc() -> None:
    wita = timezone(timedelta(hours=8))
    # 2 September 06:00 WITA is 1 September 22:00 UTC: the first day, near the month's edge.
    assert not surely_same_month(
        datetime(2026, 9, 2, 6, 0, tzinfo=wita), datetime(2026, 9, 10, tzinfo=UTC)
    )
