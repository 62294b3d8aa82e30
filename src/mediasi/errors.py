"""Errors the domain raises; each carries a status and messages a person can act on.

Controllers turn them into an HTML message beside the field or a problem-details JSON body.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from mediasi.i18n import Translatable, _


class MediasiError(Exception):
    """A subclass names its status and title as class keywords:
    ``class NotFound(MediasiError, status=404, title="Not found")``."""

    status_code = 400
    title = "Bad request"
    # Response headers the refusal carries (``WWW-Authenticate``, ``Retry-After``).
    headers: Mapping[str, str] = MappingProxyType({})

    def __init_subclass__(cls, status: int | None = None, title: str | None = None) -> None:
        super().__init_subclass__()
        if status is not None:
            cls.status_code = status
        if title is not None:
            cls.title = title

    def __init__(self, *messages: Translatable) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(m.get("id") for m in messages))

    def text(self, lang: str = "id") -> str:
        return " ".join(m.get(lang) for m in self.messages)

    def members(self, lang: str) -> dict[str, Any]:
        """What the API's problem details carry besides the detail, in ``lang`` (the fields
        of a form, the lines of a file): a subclass with more to say adds it here."""
        return {}


class NotFound(MediasiError, status=404, title="Not found"): ...


class Forbidden(MediasiError, status=403, title="Forbidden"): ...


class Conflict(MediasiError, status=409, title="Conflict"): ...


class Unprocessable(MediasiError, status=422, title="Unprocessable"): ...


class Unauthorized(MediasiError, status=401, title="Unauthorized"): ...


class TooManyRequests(MediasiError, status=429, title="Too many requests"):
    """A throttle's refusal; ``retry_after`` (seconds) tells a client or a proxy when to try
    again (RFC 9110 §10.2.3), on the page and in the API's answer alike."""

    def __init__(self, *messages: Translatable, retry_after: int) -> None:
        super().__init__(*messages)
        self.headers = {"Retry-After": str(retry_after)}


class FieldErrors(Unprocessable, title="Invalid fields"):
    """Form fields that are missing or wrong, by field name."""

    def __init__(self, errors: dict[str, Translatable]) -> None:
        super().__init__(*errors.values())
        self.errors = errors

    def members(self, lang: str) -> dict[str, Any]:
        return {"errors": {name: msg.get(lang) for name, msg in self.errors.items()}}


# A version (of a case, of an agreement text) is a positive 64-bit integer.
MAX_VERSION = 2**63 - 1


def _shown(number: int | None) -> str:
    """A version as a message quotes it: a number out of range is not spelled out."""
    return str(number) if number is None or abs(number) <= MAX_VERSION else "?"


class StaleVersion(Conflict, title="Case changed meanwhile"):
    """Someone else changed the case since this user loaded it; nothing was written."""

    def __init__(self, reference: str, expected: int | None, current: int | None) -> None:
        reference = reference[:40]
        shown_expected, shown_current = _shown(expected), _shown(current)
        super().__init__(
            _(
                "Perkara %(reference)s sudah diubah orang lain sejak halaman ini dibuka "
                "(versi %(expected)s, sekarang %(current)s). Tidak ada yang disimpan; "
                "muat ulang halaman lalu coba lagi.",
                reference=reference,
                expected=shown_expected,
                current=shown_current,
            )
        )
        self.expected = expected
        self.current = current
