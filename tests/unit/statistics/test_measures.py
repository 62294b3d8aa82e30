"""The arithmetic of the statistics, without a database."""

from __future__ import annotations

import pytest

from mediasi.statistics.measures import Change, percentile, share


def test_a_share_of_nothing_is_no_figure() -> None:
    assert share(0, 0) is None
    assert share(2, 7) == pytest.approx(0.2857, abs=1e-4)
    assert share(0, 3) == 0


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([4, 10, 12, 14], 0.5, 11.0),
        ([4, 10, 12, 14], 0.9, 13.4),
        ([14, 4, 12, 10], 0.9, 13.4),  # the order the rows came in does not matter
        ([7.5], 0.9, 7.5),
        ([1, 2, 3, 4, 5], 0.5, 3.0),
        ([1, 2, 3, 4, 5], 1.0, 5.0),
        ([1, 2, 3, 4, 5], 0.0, 1.0),
    ],
)
def test_percentiles_interpolate_like_percentile_cont(
    values: list[float], fraction: float, expected: float
) -> None:
    assert percentile(values, fraction) == pytest.approx(expected)


def test_no_values_have_no_percentile() -> None:
    assert percentile([], 0.5) is None


def test_a_change_needs_both_periods() -> None:
    assert Change(10, 1).difference == 9
    assert Change(0.25, 0.5).difference == pytest.approx(-0.25)
    assert Change(3, None).difference is None
    assert Change(None, 3).difference is None
