"""Why a workflow file is rejected: each reason with the file, line and column it is about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mediasi.i18n import Message

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One reason a workflow file is rejected, with where it is. ``reason`` is the engine's
    words (the CLI's, in English); ``shown``, where the reason has a catalog message, is what
    a person uploading the file reads in their language."""

    file: str
    line: int
    column: int
    where: str
    reason: str
    shown: Message | None = None

    def __str__(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.file}:{self.line}:{self.column}{place}: {self.reason}"


class WorkflowFileError(Exception):
    """A workflow file (or several) cannot be used; ``problems`` says each reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def dotted(path: Iterable[str | int]) -> str:
    """A path into the document as a person reads it: ``transitions[2].dest``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
