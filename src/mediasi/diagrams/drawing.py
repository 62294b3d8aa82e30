"""A workflow graph laid out by ``dot`` as an SVG a page can inline under its CSP.

``dot`` writes colours and lines as presentation attributes (``fill=``, ``stroke-dasharray=``),
never a ``style`` attribute; what is dropped here is what a page has no use for: the XML
prologue and comments, the element ids and per-element ``<title>``s (tooltips that would show
state names in code), and a font repeated on every text. Drawings are cached per workflow
version, language and highlight: the same case page asked again costs no ``dot`` run.
"""

from __future__ import annotations

import logging
import re
import subprocess
import xml.etree.ElementTree as ET
from functools import lru_cache

from markupsafe import Markup

from mediasi.diagrams.graph import FONT, NONE, Highlight, build
from mediasi.i18n import _
from mediasi.workflow.spec import WorkflowSpec

log = logging.getLogger("mediasi.diagrams")
SVG_NS = "http://www.w3.org/2000/svg"
_POINTS = re.compile(r"^([\d.]+)pt$")
_UNSAFE = {"script", "style", "foreignObject", "a"}
_DROPPED_ATTRS = {"id", "style", "font-family"}
# Said once on the root (both inherit): every label is centred, an edge's in the small size.
_INHERITED = {"text-anchor": "middle", "font-size": "10.00"}
_GEOMETRY = ("d", "points", "x", "y")
_DECIMAL = re.compile(r"-?\d+\.\d+")


def _rounded(match: re.Match[str]) -> str:
    return f"{float(match.group()):.1f}".removesuffix(".0")


class _Spec:
    """A spec as the cache's key: hashed by its name and version, equal only to the same
    content (a draft uploaded again under its version number is drawn afresh)."""

    def __init__(self, spec: WorkflowSpec) -> None:
        self.spec = spec

    def __hash__(self) -> int:
        return hash(self.spec.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Spec) and (other.spec is self.spec or other.spec == self.spec)


def diagram(spec: WorkflowSpec, lang: str, mark: Highlight = NONE) -> Markup:
    """The workflow's diagram as inline SVG, marked for a case when ``mark`` is given.

    Without a working ``dot`` (a node installed without Graphviz) the page still serves and
    says the diagram is missing; the error is logged, and not cached, so it is tried again."""
    import graphviz  # here: a server draws a diagram only when a page shows one

    try:
        return _drawn(_Spec(spec), lang, mark)
    except (graphviz.ExecutableNotFound, subprocess.CalledProcessError):
        log.exception("the diagram of %s v%s could not be drawn", *spec.key)
        missing = _("Diagram alur tidak dapat digambar di server ini.").get(lang)
        return Markup('<p class="muted">%s</p>') % missing


@lru_cache(maxsize=256)
def _drawn(keyed: _Spec, lang: str, mark: Highlight) -> Markup:
    spec = keyed.spec
    raw = build(spec, lang, mark).pipe(format="svg", encoding="utf-8")
    return tidy(raw, spec.label.get(lang))


def tidy(raw: str, label: str) -> Markup:
    """``dot``'s SVG with nothing a strict CSP refuses or a page does not need, sized in CSS
    pixels (``dot`` writes points) and named for a screen reader; coordinates to a tenth of a
    point and what every label shares said once: a third fewer bytes, the same drawing."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(raw)  # noqa: S314 - our own dot's output, not user input
    for parent in root.iter():
        for child in list(parent):
            tag = child.tag.rsplit("}", 1)[-1]
            if tag in _UNSAFE or (tag == "title" and parent is not root):
                parent.remove(child)
        for name in _DROPPED_ATTRS & set(parent.attrib):
            del parent.attrib[name]
        for name, value in _INHERITED.items():
            if parent.get(name) == value:
                del parent.attrib[name]
        for name in _GEOMETRY:
            if name in parent.attrib:
                parent.set(name, _DECIMAL.sub(_rounded, parent.attrib[name]))
    for name in ("width", "height"):
        size = _POINTS.match(root.get(name, ""))
        if size:
            root.set(name, str(round(float(size.group(1)) * 4 / 3)))
    root.attrib.update({"role": "img", "aria-label": label, "font-family": FONT, **_INHERITED})
    root.set("font-size", "10")
    root.attrib.pop("{http://www.w3.org/1999/xlink}xlink", None)
    title = ET.Element(f"{{{SVG_NS}}}title")
    title.text = label
    root.insert(0, title)
    return Markup(ET.tostring(root, encoding="unicode"))  # noqa: S704 - serialised, escaped
