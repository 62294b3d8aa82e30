"""Every chain the database holds checked in one pass, for ``mediasi audit verify``: each
case replayed against its workflow, each public report and each forum against its events, and
the statistics' monthly roll-up against the stays and events it counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from mediasi.audit.forums import verify_forums
from mediasi.audit.reports import verify_reports
from mediasi.audit.services import verify_all
from mediasi.cases import rollup
from mediasi.workflow.loader import WorkflowRegistry

ROLLUP = "statistics roll-up"


@dataclass
class Verdict:
    """How many chains of each kind were checked, and the name of each broken one."""

    checked: Counter[str] = field(default_factory=Counter)  # by kind: case, report, forum
    broken: list[str] = field(default_factory=list)
    rollup_differs: bool = False  # the statistics' roll-up is not what the stays imply


def verify_everything(
    session: Session,
    registry: WorkflowRegistry,
    verdict: Verdict,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[str]:
    """Each problem found, as a line to print, while ``verdict`` counts what was checked."""
    for result in verify_all(session, registry, progress):
        verdict.checked["case"] += 1
        if not result.ok:
            verdict.broken.append(result.reference)
            yield from (f"BROKEN {result.reference}: {p}" for p in result.problems)
    for kind, chains in (("report", verify_reports(session)), ("forum", verify_forums(session))):
        for name, problems in chains:
            verdict.checked[kind] += 1
            if problems:
                verdict.broken.append(name)
                yield from (f"BROKEN {kind} {name}: {p}" for p in problems)
    keeper = rollup.keeper(session)
    for problem in rollup.differences(session.connection(), registry, keeper.default_zone):
        verdict.rollup_differs = True
        yield f"BROKEN {ROLLUP}: {problem}"
