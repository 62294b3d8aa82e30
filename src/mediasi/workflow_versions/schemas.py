"""The admin's forms for workflow versions: publishing a draft, moving open cases."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mediasi.validation import Form
from mediasi.workflow.spec import IDENTIFIER


class PublishForm(Form):
    # The SHA-256 of the text the admin looked at: a draft replaced since is not published.
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class MigrationTarget(Form):
    """Which workflow's open cases go to which version, with the pairs the admin adds."""

    name: str = Field(pattern=IDENTIFIER)
    version: int = Field(ge=1, le=10_000)
    # ``old=new`` pairs, one a line (or comma-separated), over the file's migrate_from.
    pairs: str = Field(default="", max_length=4000)


class MigrateForm(MigrationTarget):
    action: Literal["dry_run", "run"] = "dry_run"
