"""``mediasi workflows``: check workflow files, and move open cases to a newer version."""

from __future__ import annotations

from pathlib import Path

import click

from mediasi.commands.common import Failure, friendly, runtime_of
from mediasi.config import Settings
from mediasi.errors import FieldErrors
from mediasi.workflow.loader import load_workflows
from mediasi.workflow.migration import MappingRefused, parse_pairs


@click.group()
def workflows() -> None:
    """Workflow files and versions."""


@workflows.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@friendly
def workflows_check(files: tuple[Path, ...]) -> None:
    """Validate workflow files (default: every file in the workflows folder)."""
    target: Path | list[Path] = list(files) if files else Settings().workflows_dir
    registry = load_workflows(target)
    for spec in registry.all():
        click.echo(
            f"ok: {spec.name} v{spec.version}: {len(spec.states)} states, "
            f"{len(spec.transitions)} transitions"
        )


@workflows.command("migrate")
@click.argument("name")
@click.option("--to", "version", required=True, type=click.IntRange(1, 10_000))
@click.option(
    "--map",
    "pairs",
    multiple=True,
    help="old=new: a state the file's migrate_from does not map (repeatable).",
)
@click.option("--dry-run", is_flag=True, help="List each case, its state now and after.")
@friendly
def workflows_migrate(name: str, version: int, pairs: tuple[str, ...], dry_run: bool) -> None:
    """Move the open cases of workflow NAME to version --to (each case in its own transaction;
    run again to resume an interrupted run)."""
    from mediasi.accounts.actor import SYSTEM  # here: it maps every model, which serve need not

    try:
        given = parse_pairs("\n".join(pairs))
    except MappingRefused as exc:
        raise Failure("; ".join(r.get("en") for r in exc.reasons)) from None
    with runtime_of() as runtime:
        with runtime.sessions() as session:
            runtime.catalog.refresh(session, force=True)
        migrations = runtime.migrations()
        try:
            if dry_run:
                plan = migrations.plan(name, version, given)
                for case in plan.cases:
                    move = case.move
                    after = (
                        move.after or f"REFUSED: {move.refusal.get('en') if move.refusal else ''}"
                    )
                    click.echo(f"{case.reference}\tv{case.version} {move.before}\t-> {after}")
                    for warning in move.warnings:
                        click.echo(f"\twarning: {warning.get('en')}")
                click.echo(
                    f"dry run: {plan.moving} of {len(plan.cases)} open cases would move to "
                    f"{name} v{version}, {plan.refused} refused, {plan.warned} with warnings"
                )
                return

            def progress(done: int, total: int) -> None:
                if done % 500 == 0 or done == total:
                    click.echo(f"looked at {done}/{total} cases", err=True)

            record = migrations.run(name, version, given, SYSTEM, progress)
        except FieldErrors as exc:
            raise Failure("; ".join(m.get("en") for m in exc.errors.values())) from None
    click.echo(
        f"moved {record.moved} cases to {name} v{version}; {record.refused} refused, "
        f"{record.failed} changed meanwhile (run again to retry)"
    )
