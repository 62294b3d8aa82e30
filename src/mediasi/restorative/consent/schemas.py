"""What the officer sends to record a victim's consent, with the limits a form enforces."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from mediasi.validation import Form, one_line

DIGEST = r"^[0-9a-f]{64}$"


class ConsentForm(Form):
    """Whose consent (a victim of the case) on which statement (the digest the page showed)."""

    party_id: UUID
    digest: str = Field(pattern=DIGEST)


class InPersonConsent(ConsentForm):
    """Signed on the officer's device: both parts of the statement confirmed, the name typed."""

    voluntary: bool = False
    uncoerced: bool = False
    typed_name: Annotated[str, one_line(200)] = ""


class PaperConsent(ConsentForm):
    """Signed on paper: the officer uploads the photo or scan and vouches for it."""

    confirm: bool = False
