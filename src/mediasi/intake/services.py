"""Taking a resident's report at the public door.

A report is checked (consent, the workflow's own kinds and categories, a real desa, the
reporter reachable unless the workflow takes anonymous reports), held against robots and
floods (intake.abuse), asked about when it repeats one sent today, then stored with a
tracking code; the code is also sent to the reporter's phone through the outbox, in the same
transaction.

Consent: the report is processed on the resident's explicit consent, given for the purposes
the form names (UU No. 27/2022 (PDP) Pasal 20 ayat (2) huruf a), asked for separately from
everything else, in plain words (Pasal 22 ayat (4)); ``consent_at`` and ``consent_version``
are the proof the controller must be able to show (Pasal 24).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area
from mediasi.accounts.roles import AreaLevel
from mediasi.cases.chain import canonical_json
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, TooManyRequests, Unprocessable
from mediasi.i18n import Translatable, _
from mediasi.intake import ledger
from mediasi.intake.abuse import address_hash, seconds_on_screen
from mediasi.intake.codes import format_code, unused_code
from mediasi.intake.models import API, PUBLIC_DOORS, WEB, IdempotencyKey, PublicReport
from mediasi.intake.queries import code_taken
from mediasi.intake.schemas import ReportFields, ReportForm
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.engine import WorkflowEngine
from mediasi.workflow.spec import WorkflowSpec

# The notice the resident agreed to; a new wording gets a new version.
CONSENT_VERSION = "2026-12"
HOUR, DAY = 3600, 86400  # seconds, for Retry-After
SEND_AGAIN = _("Laporan belum terkirim. Periksa isian Anda, lalu kirim sekali lagi.")


@dataclass(frozen=True)
class Submitted:
    report: PublicReport
    replayed: bool  # the same report sent again under its Idempotency-Key


class IntakeService:
    def __init__(
        self,
        session: Session,
        settings: Settings,
        workflows: WorkflowEngine,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session = session
        self.settings = settings
        self.workflows = workflows
        self.clock = clock

    @unit_of_work
    def submit(self, data: ReportForm, address: str) -> PublicReport:
        """A report from the page: a person's, unless the robot traps say otherwise."""
        self._not_a_robot(data, self.clock())
        return self._take(data, address, WEB)

    @unit_of_work
    def submit_api(self, data: ReportFields, address: str, key: str | None) -> Submitted:
        """A report from the JSON API. With an ``Idempotency-Key``, the same report sent again
        is the first one, not a second; another report under the same key is refused."""
        if key is None:
            return Submitted(self._take(data, address, API), replayed=False)
        body = hashlib.sha256(canonical_json(data.model_dump(mode="json")).encode()).hexdigest()
        seen = self.session.scalars(select(IdempotencyKey).where(IdempotencyKey.key == key)).first()
        if seen is not None:
            if seen.body_sha256 != body:
                raise Unprocessable(
                    _("Idempotency-Key ini sudah dipakai untuk laporan lain; pakai kunci baru.")
                )
            report = self.session.get(PublicReport, seen.report_id)
            assert report is not None
            return Submitted(report, replayed=True)
        report = self._take(data, address, API)
        try:
            with self.session.begin_nested():
                self.session.add(
                    IdempotencyKey(
                        key=key, body_sha256=body, report_id=report.id, created_at=self.clock()
                    )
                )
        except IntegrityError:
            # The same key from a second connection a moment ago: that one is the report.
            raise Conflict(_("Laporan dengan kunci ini baru saja diterima; kirim lagi.")) from None
        return Submitted(report, replayed=False)

    def _take(self, data: ReportFields, address: str, source: str) -> PublicReport:
        now = self.clock()
        spec = self._checked(data, now)
        sender = address_hash(self.settings.secret_key, address)
        self._within_limits(data, sender, now)
        report = PublicReport(
            code=unused_code(lambda code: code_taken(self.session, code)),
            source=source,
            desa_id=data.desa_id,
            workflow=spec.name,
            category=data.category,
            what=data.what,
            occurred_on=data.occurred_on,
            place=data.place,
            people=data.people,
            reporter_name=None if data.anonymous else data.reporter_name,
            reporter_phone=None if data.anonymous else data.reporter_phone,
            anonymous=data.anonymous,
            consent_at=now,
            consent_version=CONSENT_VERSION,
            address_hash=sender,
            submitted_at=now,
            due_at=_first_deadline(spec, now),
        )
        self.session.add(report)
        self.session.flush()
        facts = {"source": source, "workflow": spec.name, "category": data.category}
        ledger.record(self.session, report, None, ledger.SUBMITTED, None, facts, now)
        self._send_code(report)
        return report

    def _not_a_robot(self, data: ReportForm, now: datetime) -> None:
        shown_for = seconds_on_screen(self.settings.secret_key, data.started, now)
        if data.website or shown_for is None or shown_for < self.settings.intake_min_fill_seconds:
            raise Unprocessable(SEND_AGAIN)

    def _checked(self, data: ReportFields, now: datetime) -> WorkflowSpec:
        errors: dict[str, Translatable] = {}
        if not data.consent:
            errors["consent"] = _("Centang persetujuan ini agar laporan Anda dapat diproses.")
        try:
            spec: WorkflowSpec | None = self.workflows.registry.latest(data.workflow)
        except KeyError:
            spec = None
            errors["topic"] = _("Pilih jenis laporan dari daftar.")
        if spec and data.category not in {c.value for c in spec.categories}:
            errors["topic"] = _("Pilih jenis laporan dari daftar.")
        desa = self.session.get(Area, data.desa_id)
        if desa is None or desa.level != AreaLevel.DESA:
            errors["desa_id"] = _("Pilih desa dari daftar.")
        if data.anonymous and spec and not spec.anonymous_reports:
            errors["anonymous"] = _("Laporan sengketa perlu nama dan nomor telepon pelapor.")
        if not data.anonymous:
            if not data.reporter_name:
                errors["reporter_name"] = _("Tulis nama Anda.")
            if not data.reporter_phone:
                errors["reporter_phone"] = _(
                    "Tulis nomor telepon Anda; kode lacak dikirim ke sana."
                )
        if data.occurred_on and data.occurred_on > now.astimezone(LOCAL_TZ).date():
            errors["occurred_on"] = _("Tanggal kejadian belum lewat.")
        if errors or spec is None:
            raise FieldErrors(errors)
        return spec

    def _within_limits(self, data: ReportFields, sender: str, now: datetime) -> None:
        hour = self._count(PublicReport.address_hash == sender, since=now - timedelta(hours=1))
        if hour >= self.settings.intake_per_address_hour:
            raise TooManyRequests(
                _("Terlalu banyak laporan dari sambungan ini dalam satu jam; coba lagi nanti."),
                retry_after=HOUR,  # at most: by then every report counted here has left the hour
            )
        if data.anonymous or not data.reporter_phone:
            return
        same_phone = PublicReport.reporter_phone == data.reporter_phone
        if self._count(same_phone, since=now - timedelta(days=1)) >= (
            self.settings.intake_per_phone_day
        ):
            raise TooManyRequests(
                _("Nomor ini sudah mengirim banyak laporan hari ini; coba lagi besok."),
                retry_after=DAY,
            )
        repeated = self._count(
            same_phone,
            PublicReport.desa_id == data.desa_id,
            PublicReport.what == data.what,
            since=now - timedelta(days=1),
        )
        if repeated and not data.another:
            raise FieldErrors(
                {
                    "another": _(
                        "Laporan yang sama dari nomor ini sudah masuk hari ini, dan kodenya "
                        "sudah dikirim ke nomor itu. Bila ini laporan lain, centang kotak ini "
                        "lalu kirim lagi."
                    )
                }
            )

    def _count(self, *where: object, since: datetime) -> int:
        query = select(func.count()).select_from(PublicReport)
        query = query.where(
            PublicReport.submitted_at >= since,
            PublicReport.source.in_(PUBLIC_DOORS),
            *where,  # type: ignore[arg-type]
        )
        return int(self.session.scalar(query) or 0)

    def _send_code(self, report: PublicReport) -> None:
        if not report.reporter_phone:
            return
        person = Recipient(
            RecipientKind.REPORTER,
            str(report.id),
            report.reporter_name or "",
            phone=report.reporter_phone,
            area_id=report.desa_id,
        )
        link = self.settings.public_url.rstrip("/") + "/lacak"
        Outbox(self.session, self.settings, clock=self.clock).enqueue(
            "report_tracking",
            person,
            {"code": format_code(report.code), "link": link},
            dedupe=f"report:{report.id}:tracking",
        )


def _first_deadline(spec: WorkflowSpec, now: datetime) -> datetime | None:
    """The first state's deadline runs from the moment the resident sent the report."""
    deadline = spec.states[spec.initial].deadline
    return deadline.after(now) if deadline else None
