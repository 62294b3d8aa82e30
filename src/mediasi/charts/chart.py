"""What a page gets for one chart: the drawing and the same numbers as a table.

Plain frozen data, so a template macro, a PDF and a test read it alike; nothing here draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

Number = int | float


@dataclass(frozen=True)
class Series:
    """One named line (or the single set of bars): a value for each label of the chart."""

    name: str
    values: tuple[Number, ...]

    @classmethod
    def of(cls, name: str, values: Sequence[Number]) -> Series:
        return cls(name, tuple(values))


@dataclass(frozen=True)
class Row:
    """A label and its values, already written in the reader's language ('1.234')."""

    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """The chart's numbers, for reading aloud and copying: one row per label."""

    label_heading: str
    headings: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Chart:
    """A drawn chart: ``svg`` is markup safe to put inline in a page or a PDF's HTML."""

    title: str
    description: str
    svg: Markup
    table: Table

    @property
    def empty(self) -> bool:
        return not self.table.rows
