"""The agreement as its readers get it: the text a reader may see, and the PDF with its file
name. A tokoh reads and downloads a copy with the parties' NIK and addresses withheld; the
digest always covers the full text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.agreements.canonical import canonical_text, redacted
from mediasi.agreements.pdf import agreement_pdf
from mediasi.agreements.state import AgreementState
from mediasi.cases.models import Case

PDF = "application/pdf"


@dataclass(frozen=True)
class Document:
    data: bytes
    filename: str
    media_type: str = PDF


def redacts_for(actor: Actor) -> bool:
    """Who reads the agreement with the parties' identities withheld: a tokoh."""
    return actor.role == Role.TOKOH


def reading_text(actor: Actor, state: AgreementState | None) -> str:
    """The whole text; a tokoh reads it with the parties' NIK and addresses withheld."""
    if state is None:
        return ""
    return withheld_text(state) if redacts_for(actor) else state.text


def withheld_text(state: AgreementState) -> str:
    """The text with the parties' NIK and addresses withheld: for a tokoh, and for a device
    handed from one party to the next to sign (UU PDP No. 27/2022 Pasal 16 ayat (2): processing
    limited to its purpose; the signature still binds the stored full text by its digest)."""
    return canonical_text(redacted(state.version.content), state.obligations)


def file_name(case: Case, state: AgreementState) -> str:
    """kesepakatan-<reference>-v<n>.pdf, with -draf while the text may still change."""
    name = case.reference.replace("/", "-")
    suffix = "" if state.frozen else "-draf"
    return f"kesepakatan-{name}-v{state.version.number}{suffix}.pdf"


def agreement_document(
    templates_dir: Path, case: Case, state: AgreementState, actor: Actor, verify_url: str
) -> Document:
    """The PDF of the current version as this reader may have it."""
    data = agreement_pdf(templates_dir, state, redact=redacts_for(actor), verify_url=verify_url)
    return Document(data, file_name(case, state))
