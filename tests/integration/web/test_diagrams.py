"""The workflow diagram on the case page (this case's path, its state, the reader's steps)
and on the admin's page of every workflow version."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from mediasi.diagrams.graph import BLOCKED, CURRENT, OPEN, PATH
from mediasi.runtime import Runtime
from tests.factories import PAYLOADS
from tests.integration.web.conftest import Cases, Web, section_with

NS = {"svg": "http://www.w3.org/2000/svg"}


def _svg(html: str) -> ET.Element:
    found = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert found, "no diagram"
    return ET.fromstring(found.group())


def _strokes(svg: ET.Element, kind: str, label: str) -> set[str | None]:
    groups = [g for g in svg.findall(".//svg:g[@class]", NS) if kind in g.get("class", "").split()]
    return {
        g.findall("svg:path", NS)[0].get("stroke")
        for g in groups
        if (g.findall("svg:text", NS)[0].text or "").startswith(label)
    }


def test_the_case_page_draws_the_path_the_state_and_the_officers_steps(
    web: Web, cases: Cases
) -> None:
    case_id = cases.report()
    cases.fire(case_id, "assess", **PAYLOADS["assess"])
    html = web.login_as("officer").get(f"/cases/{case_id}").text
    flow = section_with(html, "Alur perkara")
    assert "<details" in flow  # closed until asked for, and opened without JavaScript
    assert "Tahap sekarang: Dinilai" in flow
    # Scheduling a mediation waits for a mediator; the officer reads why, beside the diagram.
    assert "Belum dapat: Jadwalkan mediasi" in flow
    assert "Undang dulu sedikitnya satu tokoh sebagai mediator." in flow
    svg = _svg(flow)
    assert _strokes(svg, "node", "Dinilai") == {CURRENT}
    assert _strokes(svg, "node", "Dilaporkan") == {PATH}  # where it has been
    assert _strokes(svg, "edge", "Nilai laporan") == {PATH}  # assess: the step it took
    assert _strokes(svg, "edge", "Jadwalkan mediasi") == {BLOCKED}
    assert OPEN in _strokes(svg, "edge", "Eskalasi ke pengawas")


def test_a_reader_who_may_not_change_the_case_gets_no_open_steps(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    flow = section_with(web.login_as("polres_supervisor").get(f"/cases/{case_id}").text, "Alur")
    assert "Langkah yang dapat Anda ambil sekarang" not in flow
    svg = _svg(flow)
    assert _strokes(svg, "node", "Dilaporkan") == {CURRENT}
    assert OPEN not in _strokes(svg, "edge", "Nilai laporan")


def test_the_admin_sees_every_workflow_version_drawn(web: Web, runtime: Runtime) -> None:
    page = web.login_as("admin").get("/admin/workflows")
    assert page.status_code == 200
    for spec in runtime.workflows.registry.all():
        section = section_with(page.text, f'id="workflow-{spec.name}-{spec.version}"')
        assert _svg(section).get("aria-label") == spec.label.id
    assert 'href="/admin/workflows"' in web.get("/admin").text
