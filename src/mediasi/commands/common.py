"""What every ``mediasi`` command shares: failures a person can act on (``error: …``, exit 1,
never a traceback), the runtime a command works in, and what ``serve`` checks first."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click
from pydantic import ValidationError
from sqlalchemy.exc import DatabaseError, OperationalError, ProgrammingError

from mediasi import i18n
from mediasi.config import ConfigError, Settings
from mediasi.db import migrate
from mediasi.db.engine import make_engine
from mediasi.errors import MediasiError
from mediasi.workflow.loader import WorkflowFileError, load_workflows

if TYPE_CHECKING:
    from mediasi.runtime import Runtime

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
    from mediasi.runtime import Runtime  # here: it imports every feature; serve's check need not

    runtime = Runtime.build(Settings())
    try:
        if require_schema:
            migrate.require_current(runtime.settings, runtime.engine)
        yield runtime
    finally:
        runtime.close()


def check_before_serving() -> None:
    """What the server needs and could otherwise only find out in each worker, with a
    traceback: the settings, the catalogs, valid workflow files and a database at the code's
    schema. Each worker builds its own runtime; building one here only to close it imported
    every feature first, and the workers started two seconds later."""
    settings = Settings()
    i18n.configure(settings.locale_dir, settings.languages, settings.timezone)
    load_workflows(settings.workflows_dir)
    engine = make_engine(settings.sqlalchemy_url)
    try:
        migrate.require_current(settings, engine)
    finally:
        engine.dispose()
