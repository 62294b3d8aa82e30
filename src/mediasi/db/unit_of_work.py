"""A service's unit of work: a write that is refused undoes itself, and only itself.

Each public write method of a service runs inside a savepoint of the caller's transaction (the
request's, the CLI's, a test's). If the method raises — a field error, a stale version, a
refused step — the savepoint rolls back everything the method wrote, and the caller's
transaction stays usable, so a form can re-read the case and show the errors beside its fields.
Controllers never touch the session.

When the caller has nothing in flight yet (a request's first write), the method runs in the
transaction itself, which its exception rolls back whole: the same outcome, without the
SAVEPOINT and RELEASE round trips on every step.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy.orm import Session


class HasSession(Protocol):
    @property
    def session(self) -> Session: ...


S = TypeVar("S", bound=HasSession)
P = ParamSpec("P")
R = TypeVar("R")


def unit_of_work(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run ``method`` so that its exception rolls back what it wrote, and only that."""

    @functools.wraps(method)
    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        session = self.session
        if session.in_transaction():
            with session.begin_nested():
                return method(self, *args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            session.rollback()
            raise

    return run
