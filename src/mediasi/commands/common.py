"""What every ``mediasi`` command shares: failures a person can act on (``error: …``, exit 1,
never a traceback) and the runtime a command works in."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from pydantic import ValidationError
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError

from mediasi.config import ConfigError, Settings
from mediasi.db import migrate
from mediasi.errors import MediasiError
from mediasi.runtime import Runtime
from mediasi.workflow.loader import WorkflowFileError

F = TypeVar("F", bound=Callable[..., Any])


class Failure(click.ClickException):
    """A failure a person can act on: printed as 'error: …', exit 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.message}", err=True)


def friendly(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            raise Failure(str(exc)) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise Failure(f"setting MEDIASI_{where.upper()}: {first['msg']}") from None
        except WorkflowFileError as exc:
            raise Failure("workflow files are invalid:\n" + str(exc)) from None
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise Failure(f"cannot use the database: {reason}") from None
        except ProgrammingError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise Failure(
                f"the database is not as mediasi expects ({reason}); run 'mediasi db upgrade'"
            ) from None
        except DatabaseError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise Failure(f"cannot use the database: {reason}") from None
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            raise Failure(f"{exc.strerror or exc}{where}") from None
        except MediasiError as exc:
            raise Failure(exc.text("en")) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def runtime_of(require_schema: bool = True) -> Iterator[Runtime]:
    runtime = Runtime.build(Settings())
    try:
        if require_schema:
            migrate.require_current(runtime.settings, runtime.engine)
        yield runtime
    finally:
        runtime.close()
