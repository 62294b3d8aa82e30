"""Compiled templates shared by every app of one process: a second app (the test suite builds
dozens, a server one per worker) loads each template's code instead of compiling it again,
which costs about 1.6 s for all of them. Jinja checks each entry against the template's
source, so an edited template is compiled afresh."""

from __future__ import annotations

from threading import Lock
from typing import Any

from jinja2 import MemcachedBytecodeCache


class _Compiled:
    """The in-process store behind Jinja's memcached-style bytecode cache."""

    def __init__(self) -> None:
        self._entries: dict[str, Any] = {}
        self._lock = Lock()

    def get(self, key: str) -> Any:
        return self._entries.get(key)

    def set(self, key: str, value: Any, timeout: int | None = None) -> None:
        with self._lock:
            self._entries[key] = value


COMPILED = MemcachedBytecodeCache(_Compiled())
