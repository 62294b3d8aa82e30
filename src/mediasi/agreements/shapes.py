"""The shapes the rules read: a version, a signature, an obligation, a draft's term, a case's
stage. A database row has them, and so does a plain record in a test."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from mediasi.agreements.canonical import TermLike

Person = Mapping[str, Any]
"""A party or a tokoh as the agreement's content records them (key, role, name …)."""


class VersionLike(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def content(self) -> Mapping[str, Any]: ...
    @property
    def canonical_text(self) -> str | None: ...
    @property
    def digest(self) -> str | None: ...


class SignatureLike(Protocol):
    @property
    def signatory(self) -> str: ...
    @property
    def decision(self) -> str: ...
    @property
    def digest(self) -> str: ...
    @property
    def voided_at(self) -> datetime | None: ...


class ObligationLike(TermLike, Protocol):
    @property
    def status(self) -> str: ...


class TermInput(Protocol):
    """A term as the draft form sends it."""

    @property
    def obligor(self) -> str: ...
    @property
    def due_date(self) -> date: ...


class Stage(Protocol):
    """Where a case stands: its state and whether it is closed."""

    @property
    def state(self) -> str: ...
    @property
    def is_final(self) -> bool: ...
