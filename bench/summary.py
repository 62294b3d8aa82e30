"""One table of the benchmarks' headline figures beside their targets, for ``make bench``.

Each benchmark prints its own detail and, when ``MEDIASI_BENCH_SUMMARY`` names a file, also
appends its headline figures there, one JSON object a line (:func:`record`). Then
``python -m bench.summary FILE`` prints them as one table: a row per measure, a column per
backend, each figure with its target and whether it is met. Below it, each target not met
with what its benchmark found would take it further (the profiles' rows in the table show
where the time or the memory goes).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

SUMMARY = "MEDIASI_BENCH_SUMMARY"
BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Target:
    """``at_least`` a figure or below ``under`` it."""

    at_least: float | None = None
    under: float | None = None

    def met(self, value: float) -> bool:
        if self.at_least is not None:
            return value >= self.at_least
        return self.under is None or value < self.under

    def __str__(self) -> str:
        return f"≥ {self.at_least:g}" if self.at_least is not None else f"< {self.under:g}"


@dataclass(frozen=True)
class Figure:
    measure: str
    backend: str
    value: float | str
    unit: str = ""
    target: Target | None = None
    note: str = ""  # what the figure is of, e.g. the slowest of several shapes
    further: str = ""  # when the target is missed: what would take the figure further

    def missed(self) -> bool:
        return (
            self.target is not None
            and not isinstance(self.value, str)
            and not self.target.met(self.value)
        )

    def cell(self) -> str:
        if isinstance(self.value, str):
            return self.value
        whole = self.value >= 100 or float(self.value).is_integer()
        places = 0 if whole else 1 if self.value >= 10 else 2
        shown = f"{self.value:,.{places}f}" + self.unit + (f" [{self.note}]" if self.note else "")
        if self.target is None:
            return shown
        return f"{shown} ({self.target}) {'NOT MET' if self.missed() else 'met'}"


def record(
    measure: str,
    backend: str,
    value: float | str,
    unit: str = "",
    target: Target | None = None,
    note: str = "",
    further: str = "",
) -> None:
    """Keep one headline figure for the table, if ``make bench`` asked for one; ``further``
    says, for a target the figure misses, what would take it further."""
    path = os.environ.get(SUMMARY)
    if not path:
        return
    figure = Figure(measure, backend.lower(), value, unit, target, note, further)
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(json.dumps(asdict(figure)) + "\n")


def read(path: Path) -> list[Figure]:
    figures = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = json.loads(line)
        target = fields.pop("target")
        figures.append(Figure(**fields, target=Target(**target) if target else None))
    return figures


def table(figures: list[Figure]) -> list[str]:
    """A row per measure (in the order first recorded), a column per backend."""
    rows: dict[str, dict[str, str]] = {}
    for figure in figures:
        rows.setdefault(figure.measure, {})[figure.backend] = figure.cell()
    header = ["measure", *BACKENDS.values()]
    body = [[measure, *(cells.get(b, "—") for b in BACKENDS)] for measure, cells in rows.items()]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m bench.summary FILE", file=sys.stderr)
        return 2
    print("\nmediasi benchmarks: headline figures and targets\n")
    figures = read(Path(args[0]))
    for line in table(figures):
        print(line)
    missed = [f for f in figures if f.missed()]
    if missed:
        print("\nTargets not met, and what would take them further\n")
    for figure in missed:
        backend = BACKENDS.get(figure.backend, figure.backend)
        print(f"- {figure.measure}, {backend}: {figure.cell()}")
        print(f"  {figure.further or 'its benchmark printed no more than the figure'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
