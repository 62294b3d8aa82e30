"""The agreement as an Indonesian official document: HTML from a Jinja2 template, then PDF.

WeasyPrint lays the page out (A4); it needs Pango from the system (Debian: libpango-1.0-0,
libpangoft2-1.0-0). The document is always in Bahasa Indonesia, whatever the reader's language.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from mediasi.agreements.canonical import (
    KIND_WORDS,
    PARTY_ROLE_WORDS,
    SIDES,
    TOKOH_ROLE_WORDS,
    format_code,
    opening,
    redacted,
    term_lines,
)
from mediasi.agreements.state import AgreementState
from mediasi.agreements.status import BY_LOGIN, IN_PERSON, ON_PAPER
from mediasi.agreements.wording import tanggal
from mediasi.i18n import format_datetime
from mediasi.pdf import render_pdf

TEMPLATE = "agreements/document.html"
METHOD_WORDS = {
    BY_LOGIN: "ditandatangani secara elektronik dari akun sendiri",
    IN_PERSON: "ditandatangani di hadapan petugas (nama diketik sendiri)",
    ON_PAPER: "ditandatangani di atas kertas; pindaian tersimpan",
}


def tanggal_of(iso: str | None) -> str:
    """The frozen date in words, or dots on a draft (the date is set when frozen)."""
    return tanggal(date.fromisoformat(iso)) if iso else "……"


def local_time(value: datetime | None) -> str:
    """24 November 2026 pukul 10.05 WIB (WITA, WIT: the configured zone)."""
    if value is None:
        return "—"
    return format_datetime(value, "id", "d MMMM y 'pukul' HH.mm z")


@lru_cache(maxsize=4)
def document_environment(templates_dir: str) -> Environment:
    """Jinja2 for printed documents (the agreement, the restorative justice pack): strict,
    autoescaped, with the Indonesian words and code format they share."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        sides=SIDES,
        kind_words=KIND_WORDS,
        party_role_words=PARTY_ROLE_WORDS,
        tokoh_role_words=TOKOH_ROLE_WORDS,
        method_words=METHOD_WORDS,
        term_lines=term_lines,
        opening=opening,
        local_time=local_time,
        tanggal_of=tanggal_of,
        format_code=format_code,
    )
    return env


def document_html(
    templates_dir: Path, state: AgreementState, *, redact: bool = False, **context: Any
) -> str:
    """The document as HTML, for WeasyPrint. ``redact`` withholds NIK and addresses (a copy
    for a tokoh, who sees names and roles only)."""
    version = state.version
    template = document_environment(str(templates_dir)).get_template(TEMPLATE)
    return template.render(
        state=state,
        version=version,
        content=redacted(version.content) if redact else version.content,
        redacted_copy=redact,
        obligations=state.obligations,
        signatures={s.key: s for s in state.signatories},
        frozen=state.frozen,
        **context,
    )


def agreement_pdf(
    templates_dir: Path, state: AgreementState, *, redact: bool = False, **context: Any
) -> bytes:
    return render_pdf(document_html(templates_dir, state, redact=redact, **context))
