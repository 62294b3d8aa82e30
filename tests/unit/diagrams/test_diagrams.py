"""The workflow diagrams: every state and step of every workflow file is drawn, small enough
for a phone, with nothing the page's CSP refuses; a case's diagram marks the path its events
replay to, where it stands now and the steps open or blocked for the reader."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from mediasi.audit.replay import EventView, replay
from mediasi.cases.kinds import CASE_EDITED, CASE_REPORTED, PARTY_ADDED
from mediasi.diagrams.drawing import diagram
from mediasi.diagrams.graph import (
    BLOCKED,
    CURRENT,
    LINE,
    OPEN,
    PATH,
    Highlight,
    case_path,
    highlight,
)
from mediasi.workflow.loader import load_workflows
from mediasi.workflow.spec import WorkflowSpec
from tests.conftest import ROOT

SPECS = load_workflows(ROOT / "workflows").all()
BY_NAME = {spec.name: spec for spec in SPECS}
NS = {"svg": "http://www.w3.org/2000/svg"}
MAX_BYTES = 30 * 1024
ALL = pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])


def _groups(svg: str, kind: str) -> list[ET.Element]:
    groups = ET.fromstring(svg).findall(".//svg:g[@class]", NS)
    return [g for g in groups if kind in g.get("class", "").split()]


def _words(group: ET.Element) -> str:
    return " ".join(t.text or "" for t in group.findall("svg:text", NS))


def _node(svg: str, label: str) -> ET.Element:
    return next(g for g in _groups(svg, "node") if _words(g).startswith(label))


def _outline(group: ET.Element) -> ET.Element:
    return group.findall("svg:path", NS)[0]


@ALL
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_state_and_step_is_drawn_in_the_readers_language(
    spec: WorkflowSpec, lang: str
) -> None:
    svg = diagram(spec, lang)
    nodes = [_words(g) for g in _groups(svg, "node")]
    assert len(nodes) == len(spec.states)
    for state in spec.states.values():
        assert sum(n.startswith(state.label.get(lang)) for n in nodes) == 1
    edges = [_words(g) for g in _groups(svg, "edge")]
    assert len(edges) == sum(len(t.source) for t in spec.transitions)
    for t in spec.transitions:
        assert sum(e.startswith(t.label.get(lang)) for e in edges) >= len(t.source)


def test_a_step_says_who_may_take_it_its_conditions_and_a_state_its_deadline() -> None:
    spec = BY_NAME["pengaduan"]
    svg = diagram(spec, "id")
    follow_up = next(_words(g) for g in _groups(svg, "edge") if "Tindak lanjuti" in _words(g))
    assert "[Bhabinkamtibmas]" in follow_up
    assert "(bersyarat)" in follow_up  # guards: [has_complainant]
    forward = [_words(g) for g in _groups(svg, "edge") if "Teruskan" in _words(g)]
    assert all("[Bhabinkamtibmas, Pengawas]" in e for e in forward)
    assert "Tenggat: 2 hari kerja" in _words(_node(svg, "Diterima"))
    assert "Deadline: 7 days" in _words(_node(diagram(spec, "en"), "Being followed up"))


@ALL
def test_final_states_are_double_bordered(spec: WorkflowSpec) -> None:
    svg = diagram(spec, "id")
    for state in spec.states.values():
        outlines = _node(svg, state.label.get("id")).findall("svg:path", NS)
        assert len(outlines) == (2 if state.final else 1), state.label.id


@ALL
def test_each_diagram_is_small_and_safe_under_the_csp(spec: WorkflowSpec) -> None:
    svg = str(diagram(spec, "id"))
    assert len(svg.encode()) < MAX_BYTES
    every_step = {(source, t.trigger, t.dest) for t in spec.transitions for source in t.source}
    marked = Highlight(spec.initial, frozenset(spec.states), frozenset(every_step))
    assert len(str(diagram(spec, "en", marked)).encode()) < MAX_BYTES  # the most it marks
    assert not re.search(r"\sstyle=|<style|<script|<!--|<\?xml|\son\w+=", svg)
    root = ET.fromstring(svg)
    assert root.get("aria-label") == spec.label.id
    assert root.get("viewBox")


# ---- a case's path ----------------------------------------------------------------------


def _events(steps: list[tuple[str, str | None, str]]) -> list[EventView]:
    payloads: dict[str, dict[str, Any]] = {
        CASE_REPORTED: {"case": {}},
        CASE_EDITED: {"changes": {}},
        PARTY_ADDED: {"party_id": "p1", "party": {}},
    }
    return [
        EventView(seq, trigger, source, dest, payloads.get(trigger, {}))
        for seq, (trigger, source, dest) in enumerate(steps, start=1)
    ]


SENGKETA_PATH = [
    (CASE_REPORTED, None, "reported"),
    (PARTY_ADDED, "reported", "reported"),
    ("assess", "reported", "assessed"),
    ("schedule_mediation", "assessed", "mediated"),
    (CASE_EDITED, "mediated", "mediated"),
    ("reschedule", "mediated", "mediated"),
    ("escalate", "mediated", "escalated"),
    ("return_escalation", "escalated", "assessed"),
]


def test_the_highlighted_path_is_the_replayed_one() -> None:
    spec = BY_NAME["sengketa"]
    current, steps = case_path(spec, SENGKETA_PATH)
    assert current == replay(_events(SENGKETA_PATH), spec).state == "assessed"
    assert steps == [
        ("reported", "assess", "assessed"),
        ("assessed", "schedule_mediation", "mediated"),
        ("mediated", "reschedule", "mediated"),
        ("mediated", "escalate", "escalated"),
        ("escalated", "return_escalation", "assessed"),
    ]


def test_the_case_diagram_marks_where_it_is_where_it_went_and_what_is_open() -> None:
    spec = BY_NAME["sengketa"]
    mark = highlight(spec, SENGKETA_PATH, ["escalate"], ["schedule_mediation"])
    svg = diagram(spec, "id", mark)
    assert _outline(_node(svg, "Dinilai")).get("stroke") == CURRENT
    assert _outline(_node(svg, "Dinilai")).get("stroke-width") == "3"
    assert [_words(g) for g in _groups(svg, "current")] == [_words(_node(svg, "Dinilai"))]
    assert _outline(_node(svg, spec.states["escalated"].label.id)).get("stroke") == PATH
    assert _outline(_node(svg, spec.states["settled"].label.id)).get("stroke") != PATH
    edges = _groups(svg, "edge")

    def colour(label: str) -> set[str | None]:
        return {_outline(g).get("stroke") for g in edges if _words(g).startswith(label)}

    assert colour("Kembalikan") == {PATH}  # return_escalation, taken
    assert colour(spec.transition("assess", "reported").label.id) == {PATH}  # type: ignore[union-attr]
    escalate = spec.transition("escalate", "assessed").label.id  # type: ignore[union-attr]
    # From the current state the open step is green; from the states left behind, taken or not.
    assert colour(escalate) == {OPEN, PATH, LINE}
    withdraw = spec.transition("withdraw", "assessed").label.id  # type: ignore[union-attr]
    assert colour(withdraw) == {LINE}  # neither offered to this reader nor taken
    assert diagram(spec, "id", mark) is svg  # drawn once per highlight


def test_a_blocked_step_from_the_current_state_is_drawn_dashed() -> None:
    spec = BY_NAME["pengaduan"]
    mark = highlight(spec, [(CASE_REPORTED, None, "reported")], ["reject"], ["follow_up"])
    svg = diagram(spec, "id", mark)
    follow_up = next(g for g in _groups(svg, "edge") if _words(g).startswith("Tindak lanjuti"))
    assert _outline(follow_up).get("stroke") == BLOCKED
    assert _outline(follow_up).get("stroke-dasharray")
    assert _outline(_node(svg, "Diterima")).get("stroke") == CURRENT


def test_without_dot_the_page_says_the_diagram_is_missing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A node installed without Graphviz still serves its case pages."""
    spec = BY_NAME["pengaduan"]
    mark = highlight(spec, [(CASE_REPORTED, None, "reported")], [], ["reject"])
    monkeypatch.setenv("PATH", "/nonexistent")
    shown = str(diagram(spec, "id", mark))
    assert shown == '<p class="muted">Diagram alur tidak dapat digambar di server ini.</p>'
    assert "could not be drawn" in caplog.text
    monkeypatch.undo()
    assert str(diagram(spec, "id", mark)).startswith("<svg")  # the failure was not cached
