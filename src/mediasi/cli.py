"""The ``mediasi`` command: database, demo data, workflow checks, audit, users and the server.

Every command says what it did in one readable line and fails with a message and exit 1,
never a traceback, on a bad URL, an unreachable database or a schema that is not migrated.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mediasi.commands.common import Failure, check_before_serving, friendly, runtime_of
from mediasi.commands.workflows import workflows
from mediasi.db import migrate

if TYPE_CHECKING:
    from mediasi.runtime import Runtime


def _where(runtime: Runtime) -> str:
    return runtime.settings.sqlalchemy_url.render_as_string(hide_password=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """mediasi: case management for community mediation."""


main.add_command(workflows)


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@friendly
def db_upgrade() -> None:
    """Create or migrate the database schema to the newest revision."""
    with runtime_of(require_schema=False) as runtime:
        before = migrate.current(runtime.engine)
        migrate.upgrade(runtime.settings, runtime.engine)
        after = migrate.current(runtime.engine)
        if before == after:
            click.echo(
                f"database {_where(runtime)} is already at revision {', '.join(sorted(after))}"
            )
        else:
            old = ", ".join(sorted(before)) or "empty"
            click.echo(
                f"database {_where(runtime)} upgraded from {old} to {', '.join(sorted(after))}"
            )


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@friendly
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    with runtime_of(require_schema=True) as runtime:
        migrate.revision(runtime.settings, runtime.engine, message)


@main.command()
@friendly
def demo() -> None:
    """Load the demo data (idempotent: what exists is left alone)."""
    from mediasi.demo.forums import demo_forums
    from mediasi.demo.loader import load_demo
    from mediasi.demo.reports import demo_reports

    def say(line: str) -> None:
        click.echo(f"demo: {line}")

    with runtime_of() as runtime, runtime.sessions.begin() as session:
        load_demo(session, runtime.workflows, runtime.hooks, say)
        demo_reports(session, runtime.settings, runtime.workflows, say)
        demo_forums(session, runtime.settings, runtime.workflows, runtime.hooks, say)
    click.echo("demo data ready; log in as petugas, pengawas, tokoh or admin")


@main.group()
def report() -> None:
    """Printable reports."""


@report.command("monthly")
@click.option("--area", "area_code", required=True, help="Code of the Polsek or Polres (or desa).")
@click.option("--month", required=True, help="The month, e.g. 2026-11.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder to write the PDF and the XLSX into.",
)
@friendly
def report_monthly(area_code: str, month: str, out: Path) -> None:
    """Write the monthly anev pack of an area (PDF and XLSX) and print their paths."""
    from mediasi.anev.downloads import AnevDownloads
    from mediasi.anev.export import write_pack
    from mediasi.anev.pack import AnevPacks
    from mediasi.db.base import utcnow
    from mediasi.errors import NotFound
    from mediasi.i18n import timezone
    from mediasi.statistics.service import StatisticsService

    with runtime_of() as runtime, runtime.sessions() as session:
        statistics = StatisticsService(session, runtime.workflows.registry, str(timezone()))
        downloads = AnevDownloads(AnevPacks(statistics), runtime.settings.templates_dir)
        try:
            files = write_pack(downloads, area_code, month, out, utcnow())
        except NotFound:
            raise Failure(f"no area has the code {area_code!r}") from None
    for path in files:
        click.echo(str(path))


@main.group()
def audit() -> None:
    """The tamper-evident event log."""


@audit.command("verify")
@friendly
def audit_verify() -> None:
    """Replay every case and check every hash chain; exit 1 naming each broken one."""
    from mediasi.audit.everything import Verdict, verify_everything

    def progress(done: int, total: int) -> None:
        if done % 500 == 0 or done == total:
            click.echo(f"verified {done}/{total} cases", err=True)

    verdict = Verdict()
    with runtime_of() as runtime, runtime.sessions() as session:
        for line in verify_everything(session, runtime.workflows.registry, verdict, progress):
            click.echo(line)
    if verdict.broken:
        total = verdict.checked.total()
        click.echo(f"{len(verdict.broken)} of {total} chains fail verification", err=True)
    if verdict.rollup_differs:
        click.echo("the statistics roll-up differs from the stays (mediasi audit rollup)", err=True)
    if verdict.broken or verdict.rollup_differs:
        sys.exit(1)
    n = verdict.checked
    click.echo(
        f"all {n['case']} cases, {n['report']} reports and {n['forum']} forums verified: "
        "every chain intact, every replay matches, the statistics roll-up agrees"
    )


@audit.command("rollup")
@friendly
def audit_rollup() -> None:
    """Count the statistics' monthly roll-up again from the stays and events (after a time
    zone changed: ``audit verify`` names the rows that moved)."""
    from mediasi.cases.rollup import rebuild

    with runtime_of() as runtime, runtime.sessions.begin() as session:
        runtime.catalog.refresh(session, force=True)
        rebuild(session.connection(), runtime.workflows.registry, runtime.settings.timezone)
    click.echo("statistics roll-up counted again from the stays and events")


@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option(
    "--role", required=True, type=click.Choice(["officer", "supervisor", "tokoh", "admin"])
)
@click.option("--area", "area_code", required=True, help="Code of the Polres/Polsek (or desa).")
@click.option("--desa", "desa_codes", multiple=True, help="Code of a desa an officer holds.")
@click.option("--rank", default=None)
@click.password_option(help="Prompted (twice) when not given.")
@friendly
def users_create(
    username: str,
    full_name: str,
    role: str,
    area_code: str,
    desa_codes: tuple[str, ...],
    rank: str | None,
    password: str,
) -> None:
    """Create a user (the password is hashed with argon2id)."""
    from sqlalchemy import select

    from mediasi.accounts.admin import AdminService
    from mediasi.accounts.models import Area
    from mediasi.accounts.schemas import UserCreate
    from mediasi.accounts.sessions import SessionEnder
    from mediasi.errors import FieldErrors
    from mediasi.validation import validate

    with runtime_of() as runtime, runtime.sessions.begin() as session:
        codes = [area_code.upper(), *(c.upper() for c in desa_codes)]
        found = {a.code: a.id for a in session.scalars(select(Area).where(Area.code.in_(codes)))}
        missing = [c for c in codes if c not in found]
        if missing:
            raise Failure(f"unknown area code(s): {', '.join(missing)}")
        data = {
            "username": username,
            "full_name": full_name,
            "role": role,
            "area_id": found[area_code.upper()],
            "desa_ids": [found[c.upper()] for c in desa_codes],
            "rank": rank,
            "password": password,
        }
        try:
            user = AdminService(session, None, SessionEnder(runtime.settings)).create_user(
                validate(UserCreate, data)
            )
        except FieldErrors as exc:
            reasons = "; ".join(f"{name}: {msg.get('en')}" for name, msg in exc.errors.items())
            raise Failure(reasons) from None
        click.echo(f"created {user.role} {user.username} ({user.full_name})")


@main.group()
def deadlines() -> None:
    """State deadlines."""


@deadlines.command("run")
@friendly
def deadlines_run() -> None:
    """Fire every on_expiry that is due now (once each, however many scanners run)."""
    from mediasi.deadlines.services import DeadlineScanner

    with runtime_of() as runtime:
        report = DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks).run()
    for reference, trigger in report.fired:
        click.echo(f"fired {trigger} on {reference}")
    for reference in report.flagged:
        click.echo(f"flagged {reference} as overdue")
    for reference, reason in report.failed:
        click.echo(f"could not fire on {reference}: {reason}", err=True)
    click.echo(report.summary())


@main.group()
def notify() -> None:
    """Messages: the outbox and its dispatcher."""


@notify.command("run")
@click.option("--loop", is_flag=True, help="Keep sending every MEDIASI_NOTIFY_INTERVAL_SECONDS.")
@friendly
def notify_run(loop: bool) -> None:
    """Send every message due now (each once, however many dispatchers run)."""
    with runtime_of() as runtime:
        while True:
            report = runtime.notify_round()
            for message_id, reason in report.failures:
                click.echo(f"failed {message_id}: {reason}", err=True)
            click.echo(report.summary())
            if not loop:
                break
            time.sleep(runtime.settings.notify_interval_seconds)


@notify.command("status")
@friendly
def notify_status() -> None:
    """How many messages are in each state, per channel."""
    from sqlalchemy import func, select

    from mediasi.notifications.models import Message

    with runtime_of() as runtime, runtime.sessions() as session:
        rows = session.execute(
            select(Message.channel, Message.status, func.count())
            .group_by(Message.channel, Message.status)
            .order_by(Message.channel, Message.status)
        ).all()
    for channel, status, count in rows:
        click.echo(f"{channel}\t{status}\t{count}")
    click.echo(f"messages: {sum(count for _, _, count in rows)}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    type=click.IntRange(1, 64),
    help="Worker processes; the deadline scanner and the dispatcher claim each item once.",
)
@click.option(
    "--access-log/--no-access-log",
    default=False,
    show_default=True,
    help="One log line per request (off: it costs time on every request).",
)
@friendly
def serve(host: str, port: int, workers: int, access_log: bool) -> None:
    """Serve the web application (SIGTERM or Ctrl-C finishes the requests in flight first)."""
    import uvicorn

    from mediasi.server_memory import give_back_large_blocks
    from mediasi.web.access_log import access_log_config

    check_before_serving()
    give_back_large_blocks()
    click.echo(f"serving mediasi on http://{host}:{port} with {workers} worker(s)")
    # Forwarded headers are the app's business (MEDIASI_TRUSTED_PROXIES), not uvicorn's: its
    # default would believe X-Forwarded-For from any local client.
    uvicorn.run(
        "mediasi.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        log_config=access_log_config(),
        log_level="info",
        proxy_headers=False,
        timeout_graceful_shutdown=30,
        # A worker must answer its parent's ping within this; uvicorn's 5 s was shorter than a
        # worker takes to import the app on a loaded 2-core machine, so the parent killed every
        # new worker and restarted it, and none ever served.
        timeout_worker_healthcheck=60,
    )
