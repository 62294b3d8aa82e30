"""A workflow as a Graphviz graph: its states, its transitions with who may fire them, the
conditions they wait for and each state's deadline, in the reader's language; a case's own
path, its current state and the steps open to the reader drawn over it.

Graphviz (Debian's ``dot``, through the ``graphviz`` binding) lays the graph out: a workflow
has loops and steps back (``returned``, ``reopen``), which a hand-drawn layout would tangle.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mediasi.accounts.roles import ROLE_LABELS
from mediasi.i18n import Translatable, _, n_
from mediasi.workflow.durations import Duration, DurationUnit
from mediasi.workflow.guards import GUARDS
from mediasi.workflow.spec import StateSpec, TransitionSpec, WorkflowSpec

if TYPE_CHECKING:
    import graphviz

FONT = "DejaVu Sans"
WRAP = 24  # characters per line of a label: a narrow graph scrolls less on a phone
TEXT, MUTED, LINE = "#101828", "#475467", "#98a2b3"
# Okabe & Ito's colour-blind safe blue, green and vermilion, as dot writes them (lower case).
PATH, CURRENT, OPEN, BLOCKED = "#0072b2", "#0072b2", "#009e73", "#d55e00"
CURRENT_FILL, PATH_FILL = "#d6ebf7", "#f0f7fc"

Step = tuple[str, str, str]  # (from state, trigger, to state)


@dataclass(frozen=True)
class Highlight:
    """What a case's diagram marks: where it is, where it has been and by which steps, and
    which steps the reader may take now (or could, once the blocked ones' conditions hold)."""

    current: str | None = None
    visited: frozenset[str] = field(default_factory=frozenset)
    taken: frozenset[Step] = field(default_factory=frozenset)
    open: frozenset[str] = field(default_factory=frozenset)
    blocked: frozenset[str] = field(default_factory=frozenset)


NONE = Highlight()


def case_path(
    spec: WorkflowSpec, events: list[tuple[str, str | None, str]]
) -> tuple[str | None, list[Step]]:
    """The state a case's events end in and the workflow steps they took, in order.

    ``events`` are (trigger, from state, to state) as stored; the report opens the path and
    events that are no step of the workflow (an edit, a party added) leave the state as is."""
    state: str | None = None
    steps: list[Step] = []
    for trigger, source, dest in events:
        if source is None:
            state = dest
        elif spec.transition(trigger, source) is not None and source == state:
            steps.append((source, trigger, dest))
            state = dest
    return state, steps


def highlight(
    spec: WorkflowSpec,
    events: list[tuple[str, str | None, str]],
    open_triggers: list[str],
    blocked_triggers: list[str],
) -> Highlight:
    current, steps = case_path(spec, events)
    visited = {spec.initial} | {s for s, _t, _d in steps} | {d for _s, _t, d in steps}
    return Highlight(
        current=current,
        visited=frozenset(visited),
        taken=frozenset(steps),
        open=frozenset(open_triggers),
        blocked=frozenset(blocked_triggers),
    )


def conditions(spec: WorkflowSpec) -> list[tuple[TransitionSpec, list[Translatable]]]:
    """The steps marked "(bersyarat)" on the diagram, each with what it waits for in words."""
    return [(t, [GUARDS[g].failure for g in t.guards]) for t in spec.transitions if t.guards]


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, WRAP, break_long_words=False)) or text


def _deadline(deadline: Duration, lang: str) -> str:
    amount = deadline.amount
    span: dict[DurationUnit, Translatable] = {
        DurationUnit.HOURS: n_("%(n)s jam", "%(n)s jam", amount),
        DurationUnit.DAYS: n_("%(n)s hari", "%(n)s hari", amount),
        DurationUnit.WORKING_DAYS: n_("%(n)s hari kerja", "%(n)s hari kerja", amount),
    }
    return _("Tenggat: %(span)s", span=span[deadline.unit]).get(lang)


def _state_label(state: StateSpec, lang: str) -> str:
    lines = [_wrap(state.label.get(lang))]
    if state.deadline is not None:
        lines.append(_deadline(state.deadline, lang))
    if state.final:
        lines.append(_("(akhir)").get(lang))
    return "\n".join(lines)


def _transition_label(transition: TransitionSpec, lang: str) -> str:
    roles = ", ".join(ROLE_LABELS[r].get(lang) for r in transition.roles)
    lines = [_wrap(transition.label.get(lang)), _wrap(f"[{roles}]")]
    if transition.guards:
        lines.append(_("(bersyarat)").get(lang))
    return "\n".join(lines)


def _node_attrs(name: str, state: StateSpec, spec: WorkflowSpec, mark: Highlight) -> dict[str, str]:
    # The classes let the page scroll a phone's box to the case's state, else to the start
    # (static/app.js): the layout may put either far from the top left corner.
    attrs = {"peripheries": "2" if state.final else "1", "class": ""}
    if name == spec.initial:
        attrs["class"] = "start"
    if name == mark.current:
        attrs.update(fillcolor=CURRENT_FILL, color=CURRENT, penwidth="3")
        attrs["class"] += " current"
    elif name in mark.visited:
        attrs.update(fillcolor=PATH_FILL, color=PATH, penwidth="1.5")
    attrs["class"] = attrs["class"].strip()
    if not attrs["class"]:
        del attrs["class"]
    return attrs


def _edge_attrs(step: Step, mark: Highlight) -> dict[str, str]:
    source, trigger, _dest = step
    if step in mark.taken:
        return {"color": PATH, "fontcolor": PATH, "penwidth": "2.5"}
    if source == mark.current and trigger in mark.open:
        return {"color": OPEN, "fontcolor": OPEN, "penwidth": "2.5"}
    if source == mark.current and trigger in mark.blocked:
        return {"color": BLOCKED, "fontcolor": BLOCKED, "penwidth": "2", "style": "dashed"}
    return {}


def build(spec: WorkflowSpec, lang: str, mark: Highlight = NONE) -> graphviz.Digraph:
    """The workflow's graph, marked for one case when ``mark`` says where it stands."""
    import graphviz  # here: a server draws a diagram only when a page shows one

    graph = graphviz.Digraph(
        name=spec.name,
        graph_attr={"rankdir": "TB", "nodesep": "0.25", "ranksep": "0.35", "bgcolor": "none"},
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "white",
            "color": MUTED,
            "fontcolor": TEXT,
            "fontname": FONT,
            "fontsize": "12",
            "margin": "0.12,0.06",
        },
        edge_attr={
            "color": LINE,
            "fontcolor": MUTED,
            "fontname": FONT,
            "fontsize": "10",
            "arrowsize": "0.7",
        },
    )
    for name, state in spec.states.items():
        graph.node(name, _state_label(state, lang), **_node_attrs(name, state, spec, mark))
    for transition in spec.transitions:
        label = _transition_label(transition, lang)
        for source in transition.source:
            step = (source, transition.trigger, transition.dest)
            graph.edge(source, transition.dest, label=label, **_edge_attrs(step, mark))
    return graph
