"""The report as its readers get it: a PDF made on request from the case as it stands (never
stored, so it always says what the case now says), for the officers and supervisors who see
the case. A tokoh sees the case but not this report, which is the police's own filing upward,
as the restorative justice letters are not theirs either; a case out of reach is not found
before this is asked (the case dependency)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.agreements.documents import Document
from mediasi.agreements.pdf import document_environment
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.errors import Forbidden
from mediasi.i18n import _
from mediasi.pdf import render_pdf
from mediasi.problem_solving.content import ReportContent, file_name

TEMPLATE = "problem_solving/report.html"
READERS = frozenset({Role.OFFICER, Role.SUPERVISOR})


class ProblemSolvingReports:
    def __init__(self, cases: CaseService, queries: CaseQueries, templates_dir: Path) -> None:
        self.cases = cases
        self.queries = queries
        self.templates_dir = templates_dir

    def html(self, case: Case, now: datetime) -> str:
        content = ReportContent(self.queries, self.cases.versions_of(case), case).content(now)
        template = document_environment(str(self.templates_dir)).get_template(TEMPLATE)
        return template.render(doc=content)

    def pdf(self, case: Case, actor: Actor) -> Document:
        """The report of ``case`` for ``actor``, as the case reads now."""
        if actor.role not in READERS:
            raise Forbidden(_("Hanya petugas dan pengawas perkara yang dapat membuka laporan ini."))
        html = self.html(case, self.cases.clock())
        return Document(render_pdf(html), file_name(case.reference))
