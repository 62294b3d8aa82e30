"""A service's unit of work: a write that is refused undoes itself, and only itself.

Each public write method of a service runs inside a savepoint of the caller's transaction (the
request's, the CLI's, a test's). If the method raises — a field error, a stale version, a
refused step — the savepoint rolls back everything the method wrote, and the caller's
transaction stays usable, so a form can re-read the case and show the errors beside its fields.
Controllers never touch the session.

When the caller has nothing in flight yet (a request's first write), the method runs in the
transaction itself, which its exception rolls back whole: the same outcome, without the
SAVEPOINT and RELEASE round trips on every step. A transaction that has only read (a request
that read its web session in it: :func:`has_only_read`) counts as nothing in flight.
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
# ``Session.info`` key: the session's transaction has only read so far (nothing to keep).
_ONLY_READ = "mediasi.only_read"
P = ParamSpec("P")
R = TypeVar("R")


def unit_of_work(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run ``method`` so that its exception rolls back what it wrote, and only that."""

    @functools.wraps(method)
    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        session = self.session
        only_read = session.info.pop(_ONLY_READ, None) is session.get_transaction()
        if session.in_transaction() and not only_read:
            with session.begin_nested():
                return method(self, *args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            session.rollback()
            raise

    return run


def has_only_read(session: Session) -> None:
    """Say that ``session``'s transaction, just begun, has only read: the first unit of work
    in it runs without a savepoint (its refusal rolls back those reads too, which keeps
    nothing from being kept). The first unit of work ends what this says, and so does the
    transaction's end: it is said of this transaction only."""
    session.info[_ONLY_READ] = session.get_transaction()
