"""Following a report by its code: what became of it, in plain words, and nothing else.

The page never shows a name, a number, the text of the report or an officer's note: only the
state, its dates and the next step (UU No. 27/2022 (PDP) Pasal 16 ayat (2) huruf e: no
disclosure the purpose does not need). A lookup needs the code and the last four digits of
the reporter's phone (an anonymous report: the code alone). Failed lookups are counted per
address and per code, each in its own transaction so that the refusal's rollback cannot undo
the count, and refused for a while once there are too many.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.errors import FieldErrors, NotFound, TooManyRequests
from mediasi.i18n import Message, Translatable, _
from mediasi.intake.abuse import address_hash
from mediasi.intake.codes import normalise_code
from mediasi.intake.models import ACCEPTED, DECLINED, MERGED, NEW, PublicReport, TrackingAttempt
from mediasi.workflow.engine import WorkflowEngine

_DIGITS = re.compile(r"^\d{4}$")
NO_MATCH = _(
    "Kode atau nomor tidak cocok. Periksa lagi kode lacak dan 4 angka terakhir nomor Anda."
)


@dataclass(frozen=True)
class TrackingView:
    """All the status page may show."""

    status: str  # the report's own: new, accepted, merged or declined
    state: Translatable
    next_step: Message | None
    submitted_at: datetime
    due_at: datetime | None
    decided_at: datetime | None
    reason: str | None


class TrackingService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        workflows: WorkflowEngine,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.workflows = workflows
        self.clock = clock

    def look_up(self, typed_code: str, last_digits: str, address: str) -> TrackingView:
        now = self.clock()
        sender = address_hash(self.settings.secret_key, address)
        code = normalise_code(typed_code)
        self._not_throttled(sender, code or "", now)
        errors: dict[str, Translatable] = {}
        if code is None:
            errors["code"] = _("Kode lacak berbentuk LPR-XXXX-XXXX-XXXX.")
        digits = last_digits.strip()
        if digits and not _DIGITS.match(digits):
            errors["digits"] = _("Tulis 4 angka terakhir nomor telepon Anda.")
        if errors:
            raise FieldErrors(errors)
        assert code is not None
        with self.sessions.begin() as session:
            report = session.scalars(select(PublicReport).where(PublicReport.code == code)).first()
            matched = report is not None and _matches(report, digits)
            session.add(
                TrackingAttempt(address_hash=sender, code=code, succeeded=matched, attempted_at=now)
            )
            view = self._view(session, report) if report is not None and matched else None
        if view is None:
            raise NotFound(NO_MATCH)
        return view

    def _not_throttled(self, sender: str, code: str, now: datetime) -> None:
        since = now - timedelta(seconds=self.settings.tracking_window_seconds)
        limit = self.settings.tracking_max_failures
        with self.sessions() as session:
            failed = select(func.count()).select_from(TrackingAttempt)
            failed = failed.where(
                TrackingAttempt.succeeded.is_(False), TrackingAttempt.attempted_at >= since
            )
            by_sender = session.scalar(failed.where(TrackingAttempt.address_hash == sender)) or 0
            by_code = session.scalar(failed.where(TrackingAttempt.code == code)) if code else 0
        if by_sender >= limit or (by_code or 0) >= limit:
            seconds = self.settings.tracking_window_seconds
            # At most a window: by then every failure counted here has left it.
            raise TooManyRequests(
                _(
                    "Terlalu banyak percobaan yang salah. Coba lagi setelah %(minutes)s menit.",
                    minutes=seconds // 60,
                ),
                retry_after=seconds,
            )

    def _view(self, session: Session, report: PublicReport) -> TrackingView:
        reason = report.decline_reason if report.status == DECLINED else None
        state: Translatable = STATUS_WORDS[report.status]
        next_step = NEXT_STEPS.get(report.status)
        if report.status == ACCEPTED and report.case_id is not None:
            case = session.get(Case, report.case_id)
            if case is not None:
                spec = self.workflows.spec((case.workflow, case.workflow_version))
                state = spec.states[case.state].label
                next_step = None if case.is_final else NEXT_STEPS[ACCEPTED]
        return TrackingView(
            status=report.status,
            state=state,
            next_step=next_step,
            submitted_at=report.submitted_at,
            due_at=report.due_at if report.status == NEW else None,
            decided_at=report.decided_at,
            reason=reason,
        )


def _matches(report: PublicReport, digits: str) -> bool:
    if report.reporter_phone is None:
        return digits == ""
    return bool(digits) and report.reporter_phone.endswith(digits)


STATUS_WORDS: dict[str, Message] = {
    NEW: _("Diterima, menunggu ditinjau petugas"),
    ACCEPTED: _("Ditangani sebagai perkara"),
    MERGED: _("Digabung dengan laporan lain tentang hal yang sama"),
    DECLINED: _("Tidak ditindaklanjuti"),
}
NEXT_STEPS: dict[str, Message] = {
    NEW: _("Petugas Bhabinkamtibmas desa Anda meninjau laporan ini dan menghubungi Anda."),
    ACCEPTED: _("Petugas menindaklanjuti bersama para pihak; halaman ini menunjukkan tahapnya."),
    MERGED: _("Perkembangannya mengikuti laporan yang sudah ditangani."),
}
