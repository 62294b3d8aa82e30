"""A workflow file's text → plain data, with where each value stands in the file.

The text may come from an admin's upload, so it is read defensively: a size limit, anchors
and aliases refused (a few lines of them expand into billions of values: a "YAML bomb"),
nesting limited (a deep document would exhaust the parser's recursion), and any number the
parser cannot hold reported, never raised."""

from __future__ import annotations

from typing import Any

import yaml

from mediasi.i18n import Message, _
from mediasi.workflow.problems import PathKey, Problem, WorkflowFileError, dotted

MAX_FILE_BYTES = 256 * 1024
# libyaml's parser where PyYAML was built with it (about 15 times quicker; its errors carry
# the same marks), else the pure-Python one. Only parsing and composing go through it: the
# values are built here, node by node, with the safe constructor.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A workflow file nests seven levels at most (transitions → fields → items → label → …).
MAX_DEPTH = 20


class Positions:
    """Where each value of the parsed document stands in the file."""

    def __init__(self) -> None:
        self.marks: dict[PathKey, tuple[int, int]] = {}

    def at(self, path: PathKey) -> tuple[int, int]:
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


class _DuplicateKey(Exception):
    def __init__(self, key: str, path: PathKey) -> None:
        self.key = key
        self.path = path


Located = list[tuple[PathKey, str, Message]]


class _Reading:
    """What one document's conversion gathers: positions, problems, and the constructor
    that turns a scalar into its value (one per document, not one per scalar)."""

    def __init__(self) -> None:
        self.pos = Positions()
        self.problems: Located = []
        self.scalars = yaml.constructor.SafeConstructor()


def _to_python(node: yaml.Node, path: PathKey, reading: _Reading) -> Any:
    pos, problems = reading.pos, reading.problems
    pos.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, (*path, "<key>"), reading)
            if not isinstance(key, str):
                shown = _("Kunci harus berupa teks, bukan %(key)s.", key=repr(key)[:40])
                problems.append((path, f"a key must be text, not {key!r}", shown))
                continue
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            pos.marks[(*path, key)] = mark
            if key in result:
                raise _DuplicateKey(key, (*path, key))
            result[key] = _to_python(value_node, (*path, key), reading)
            pos.marks[(*path, key)] = mark
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), reading) for i, item in enumerate(node.value)]
    try:
        return reading.scalars.construct_object(node, deep=True)
    except ValueError:  # an integer too long to convert, a date out of range
        reason = "the value cannot be read: a number too long or a date that does not exist"
        shown = _("Nilainya tidak dapat dibaca: angka terlalu panjang atau tanggal yang tidak ada.")
        problems.append((path, reason, shown))
        return None


def _refuse_shapes(text: str, name: str) -> None:
    """Anchors, aliases and deep nesting, found from the parser's events (no recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            reason = "anchors and aliases (& and *) are not allowed in a workflow file"
            shown = _("Jangkar dan alias (& dan *) tidak boleh ada di berkas alur kerja.")
            raise WorkflowFileError([Problem(name, *where, "", reason, shown)])
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                reason = f"nested more than {MAX_DEPTH} levels deep"
                shown = _("Bersarang lebih dari %(n)s tingkat.", n=MAX_DEPTH)
                raise WorkflowFileError([Problem(name, *where, "", reason, shown)])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def decode(data: bytes, name: str) -> str:
    """Uploaded bytes as text: at most :data:`MAX_FILE_BYTES`, UTF-8, no NUL."""
    if len(data) > MAX_FILE_BYTES:
        reason = f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}"
        shown = _(
            "Berkas berukuran %(size)s bita; paling besar %(limit)s bita.",
            size=len(data),
            limit=MAX_FILE_BYTES,
        )
        raise WorkflowFileError([Problem(name, 1, 1, "", reason, shown)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reason = f"the file is not UTF-8 text (byte {exc.start + 1})"
        shown = _("Berkas bukan teks UTF-8 (bita ke-%(byte)s).", byte=exc.start + 1)
        raise WorkflowFileError([Problem(name, line, 1, "", reason, shown)]) from None
    return text


def parse(text: str, name: str) -> tuple[Any, Positions]:
    """The document as plain data and its positions; every refusal as a located problem."""
    reading = _Reading()
    pos = reading.pos

    def problem(where: PathKey, reason: str, shown: Message) -> Problem:
        return Problem(name, *pos.at(where), dotted(where), reason, shown)

    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        reason, shown = "the file holds a NUL character", _("Berkas memuat karakter NUL.")
        raise WorkflowFileError([Problem(name, line, 1, "", reason, shown)])
    try:
        _refuse_shapes(text, name)
        node = yaml.compose(text, Loader=_LOADER)
        if node is None:
            raise WorkflowFileError([problem((), "the file is empty", _("Berkasnya kosong."))])
        data = _to_python(node, (), reading)
    except _DuplicateKey as dup:
        reason = f"key {dup.key!r} appears twice"
        shown = _("Kunci '%(key)s' muncul dua kali.", key=dup.key[:60])
        raise WorkflowFileError([problem(dup.path, reason, shown)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        shown = _("Bukan YAML yang sah: %(reason)s", reason=reason)
        raise WorkflowFileError(
            [Problem(name, line, col, "", f"not valid YAML: {reason}", shown)]
        ) from None
    if reading.problems:
        raise WorkflowFileError([problem(*found) for found in reading.problems])
    if not isinstance(data, dict):
        reason = "the file must hold a mapping (name:, states:, …)"
        shown = _("Berkas harus berisi pemetaan (name:, states:, …).")
        raise WorkflowFileError([problem((), reason, shown)])
    return data, pos
