"""The arithmetic of the figures, as plain functions over plain numbers: a share that has no
cases to be a share of is no figure (None), not zero; percentiles interpolate between the two
nearest values, as PostgreSQL's ``percentile_cont`` does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def share(part: int, whole: int) -> float | None:
    """``part`` ÷ ``whole``, or None when there is no whole."""
    return part / whole if whole else None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` (0…1) percentile by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass(frozen=True)
class Change:
    """A figure beside the same figure of the previous period."""

    now: float | None
    before: float | None

    @property
    def difference(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before
