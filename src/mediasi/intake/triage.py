"""The officer's triage of reports from the public door: take one up as a case, add it to a
case already open about the same matter, or decline it with a reason the resident reads; and,
whatever became of a report, a note that corrects or adds to it.

A report is seen only by whoever may report a case in its desa (the officer who holds it, a
supervisor above it), so the queue follows the same area tree as the cases. Every decision is
a chained report event; the case it makes is born through the case service, so its own chain,
deadlines and messages (the reporter is told the case's reference) are the usual ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field
from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.access import desa_in_reach
from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseCreate, PartyInput
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound
from mediasi.i18n import _
from mediasi.intake import ledger
from mediasi.intake.attachments import add_files, files_of, one_file
from mediasi.intake.models import (
    ACCEPTED,
    DECLINED,
    MERGED,
    NEW,
    PublicReport,
    ReportAttachment,
    ReportEvent,
)
from mediasi.uploads import UploadedFile
from mediasi.validation import Form, many_lines, one_line
from mediasi.web.openapi_input import with_example
from mediasi.web.paging import Span

ANONYMOUS = "Pelapor anonim"
_GONE = _("Laporan tidak ditemukan.")
_DECIDED = _("Laporan ini sudah diputuskan.")


class Decline(Form):
    model_config = with_example({"reason": "Bukan di wilayah desa ini; lapor ke Polsek Pakisaji."})

    reason: Annotated[str, many_lines(1000)] = Field(min_length=10)


class Note(Form):
    model_config = with_example({"text": "Pelapor menelepon: kejadian Sabtu malam, bukan Jumat."})

    text: Annotated[str, many_lines(2000)] = Field(min_length=3)


class Merge(Form):
    model_config = with_example({"reference": "SKT/KEPANJEN/2026/0042"})

    reference: Annotated[str, one_line(60)] = Field(min_length=3)


@dataclass(frozen=True)
class Review:
    """A report as the review page shows it: with its files and its log."""

    report: PublicReport
    files: list[ReportAttachment]
    history: list[ReportEvent]


class TriageService:
    def __init__(self, cases: CaseService, clock: Callable[[], datetime] = utcnow) -> None:
        self.cases = cases
        self.clock = clock

    @property
    def session(self) -> Session:
        return self.cases.session

    def queue(self, actor: Actor) -> list[PublicReport]:
        """New reports of the desa in reach, the oldest first (its deadline runs first)."""
        return list(self.session.scalars(self._waiting(actor)))

    def queue_page(self, actor: Actor, page: int) -> tuple[list[PublicReport], Span]:
        """One page of :meth:`queue` (a Polres's queue is read a page at a time)."""
        waiting = self._waiting(actor)
        total = self.session.scalar(select(func.count()).select_from(waiting.subquery())) or 0
        span = Span.of(total, page)
        rows = self.session.scalars(waiting.offset(span.offset).limit(span.size))
        return list(rows), span

    def _waiting(self, actor: Actor) -> Select[tuple[PublicReport]]:
        desa = [d.id for d in desa_in_reach(self.session, actor)]
        return (
            select(PublicReport)
            .where(PublicReport.status == NEW, PublicReport.desa_id.in_(desa))
            .order_by(PublicReport.submitted_at, PublicReport.id)
        )

    def get(self, actor: Actor, report_id: UUID) -> PublicReport:
        """A report in reach; another desa's is not found (it is not this actor's to know)."""
        report = self.session.get(PublicReport, report_id)
        reach = {d.id for d in desa_in_reach(self.session, actor)}
        if report is None or report.desa_id not in reach:
            raise NotFound(_GONE)
        return report

    def review(self, actor: Actor, report_id: UUID) -> Review:
        report = self.get(actor, report_id)
        return Review(report, self.files(report), self.history(report))

    def _open(self, actor: Actor, report_id: UUID) -> PublicReport:
        report = self.get(actor, report_id)
        if report.status != NEW:
            raise Conflict(_DECIDED)
        return report

    @unit_of_work
    def accept(self, actor: Actor, report_id: UUID) -> Case:
        """Take the report up as a case of its own workflow, the reporter its complainant."""
        report = self._open(actor, report_id)
        case = self.cases.report(actor, _case_from(report), on_record=True)
        self._decide(report, actor, ACCEPTED, ledger.ACCEPTED_AS_CASE, case)
        return case

    @unit_of_work
    def merge(self, actor: Actor, report_id: UUID, data: Merge) -> Case:
        """Add the report to a case already open about the same matter."""
        report = self._open(actor, report_id)
        case = self.session.scalars(
            select(Case).where(Case.reference == data.reference.strip().upper())
        ).first()
        if case is None or case.desa_id not in {d.id for d in desa_in_reach(self.session, actor)}:
            raise FieldErrors(
                {"reference": _("Tidak ada perkara dengan nomor ini di wilayah Anda.")}
            )
        if case.is_final:
            raise FieldErrors(
                {"reference": _("Perkara ini sudah selesai; terima sebagai perkara baru.")}
            )
        self._decide(report, actor, MERGED, ledger.MERGED_INTO_CASE, case)
        return case

    @unit_of_work
    def decline(self, actor: Actor, report_id: UUID, data: Decline) -> PublicReport:
        """Decline with a reason; the resident reads the reason on the tracking page."""
        report = self._open(actor, report_id)
        self._decide(report, actor, DECLINED, ledger.DECLINED_WITH_REASON, None, data.reason)
        return report

    @unit_of_work
    def note(self, actor: Actor, report_id: UUID, data: Note) -> PublicReport:
        """A correction or an addition, as a new event: what the resident sent stays as sent.
        Notes are for officers; the tracking page never shows them."""
        report = self.get(actor, report_id)
        payload = {"note": data.text}
        ledger.record(
            self.session, report, actor, ledger.NOTED, report.status, payload, self.clock()
        )
        self.session.flush()
        return report

    @unit_of_work
    def attach(
        self, actor: Actor, report_id: UUID, posted: Sequence[UploadedFile]
    ) -> list[ReportAttachment]:
        """Files the officer adds (a photo taken on a visit, a letter brought in)."""
        return add_files(self.session, self.get(actor, report_id), posted, actor, self.clock())

    def files(self, report: PublicReport) -> list[ReportAttachment]:
        return files_of(self.session, report)

    def file(self, actor: Actor, report_id: UUID, file_id: UUID) -> ReportAttachment:
        return one_file(self.session, self.get(actor, report_id), file_id)

    def history(self, report: PublicReport) -> list[ReportEvent]:
        return list(
            self.session.scalars(
                select(ReportEvent)
                .where(ReportEvent.report_id == report.id)
                .order_by(ReportEvent.seq)
            )
        )

    def _decide(
        self,
        report: PublicReport,
        actor: Actor,
        status: str,
        trigger: str,
        case: Case | None,
        reason: str | None = None,
    ) -> None:
        """Decide the report only if it is still new when the row is written: on PostgreSQL
        two officers may both have read it as new; the second one's UPDATE waits for the
        first's commit, then matches no row and is told the report is already decided."""
        now = self.clock()
        before = report.status
        decided = self.session.execute(
            update(PublicReport)
            .where(PublicReport.id == report.id, PublicReport.status == NEW)
            .values(
                status=status,
                decided_at=now,
                decided_by=actor.id,
                case_id=case.id if case else None,
                decline_reason=reason,
                updated_at=now,
            )
            .returning(PublicReport.id)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if decided is None:
            raise Conflict(_DECIDED)
        self.session.refresh(report)
        payload: dict[str, object] = (
            {"case_id": str(case.id), "reference": case.reference}
            if case is not None
            else {"reason": reason}
        )
        ledger.record(self.session, report, actor, trigger, before, payload, now)
        self.session.flush()


def _case_from(report: PublicReport) -> CaseCreate:
    """The case as the report tells it: its first line the title, the rest the description."""
    first_line = report.what.strip().splitlines()[0][:200]
    details = [report.what, "", f"Tempat: {report.place}"]
    if report.occurred_on:
        details.append(f"Waktu kejadian: {report.occurred_on.isoformat()}")
    if report.people:
        details.append(f"Yang terlibat: {report.people}")
    details.append("Masuk lewat laporan warga (pintu publik).")
    name = report.reporter_name or ANONYMOUS
    parties = []
    if report.reporter_name and report.workflow == "sengketa":
        parties.append(PartyInput(role="complainant", name=name, phone=report.reporter_phone))
    return CaseCreate(
        workflow=report.workflow,
        category=report.category,
        title=first_line if len(first_line) >= 5 else report.what[:200],
        description="\n".join(details)[:8000],
        desa_id=report.desa_id,
        reporter_name=name,
        reporter_phone=report.reporter_phone,
        parties=parties,
    )
