"""A document of the pack as a PDF: its stored content laid out as an Indonesian police letter
(``templates/restorative/_letter.html``, the letterhead and the proof at the foot, around
``<kind>.html``, the body and the signatures), through the agreement's Jinja2 environment and
WeasyPrint, with the digest and verification code at the foot of every page."""

from __future__ import annotations

from pathlib import Path

from mediasi.agreements.pdf import document_environment
from mediasi.pdf import render_pdf
from mediasi.restorative.models import CaseDocument
from mediasi.restorative.texts import PERPOL_6, PERPOL_16, UU_80

LETTER = "restorative/_letter.html"


def document_html(templates_dir: Path, document: CaseDocument, verify_url: str) -> str:
    template = document_environment(str(templates_dir)).get_template(LETTER)
    return template.render(
        doc=document.content,
        digest=document.digest,
        code=document.code,
        verify_url=verify_url,
        uu_80=UU_80,
        perpol_6=PERPOL_6,
        perpol_16=PERPOL_16,
    )


def document_pdf(templates_dir: Path, document: CaseDocument, verify_url: str) -> bytes:
    return render_pdf(document_html(templates_dir, document, verify_url))
