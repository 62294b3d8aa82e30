"""Photos and documents with a report (a boundary, a receipt, a letter).

A resident adds them on the page that shows their tracking code, not on the report form: a
browser cannot fill a file field again, so a report refused for a typo would lose its photos.
That page carries a signed ticket for its one report, good for two hours from the time the page
was shown (each showing, after a file is added or refused, signs a new one); nobody else can add
to the report. The officer who holds the desa adds files from the review page.

Every file is a JPEG, PNG or PDF by its first bytes; a photo loses the place it was taken
(``mediasi.images``), since a photo of a yard says where the reporter lives; what is kept is
stored with its SHA-256, and each addition is an event on the report's chain. The files are
the report's personal data, kept for the purpose and period the resident agreed to (UU No.
27/2022 (PDP) Pasal 16 ayat (2)); the tracking page never shows them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from mediasi.accounts.actor import Actor
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import FieldErrors, NotFound, Unprocessable
from mediasi.i18n import _
from mediasi.images import UnreadableImage, without_location
from mediasi.intake import ledger
from mediasi.intake.models import PublicReport, ReportAttachment
from mediasi.uploads import IMAGES, CheckedUpload, UploadedFile, check_file

FIELD = "files"
MAX_FILE_BYTES = 5 * 1024 * 1024
# One file a post: on a weak link a failed send loses one photo, not three, and no public
# route takes a body much larger than one file.
PER_POST = 1
PER_REPORT = 5
# The route's body limit: the file at its limit, the ticket and the framing, with a margin so
# that a file a little too big is refused beside the field rather than by the error page.
BODY_LIMIT = 6 * 1024 * 1024
# How long the page that shows the code may add files to its report.
TICKET_LIFE = timedelta(hours=2)

CLOSED = _(
    "Waktu untuk melampirkan berkas pada laporan ini sudah habis. Tunjukkan berkasnya kepada "
    "Bhabinkamtibmas desa Anda dengan menyebut kode lacak."
)
_GONE = _("Berkas tidak ditemukan.")


def ticket(secret: str, report_id: UUID, now: datetime) -> str:
    """The hidden field of the received page: this report, from this time, signed."""
    stamp = str(int(now.timestamp()))
    return f"{report_id.hex}.{stamp}.{_sign(secret, report_id.hex, stamp)}"


def ticket_report(secret: str, value: str, now: datetime) -> UUID | None:
    """The report a ticket is for while it is good; None for a forged or expired one."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(parts[1]) > 12:
        return None
    report, stamp, signature = parts
    if not hmac.compare_digest(signature, _sign(secret, report, stamp)):
        return None
    age = now.timestamp() - int(stamp)
    if not 0 <= age <= TICKET_LIFE.total_seconds():
        return None
    return UUID(hex=report)


def _sign(secret: str, report: str, stamp: str) -> str:
    text = f"attach:{report}:{stamp}"
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()[:32]


def files_of(session: Session, report: PublicReport) -> list[ReportAttachment]:
    """The report's files, oldest first (without their bytes)."""
    return list(
        session.scalars(
            select(ReportAttachment)
            .where(ReportAttachment.report_id == report.id)
            .order_by(ReportAttachment.added_at, ReportAttachment.filename)
        )
    )


def one_file(session: Session, report: PublicReport, file_id: UUID) -> ReportAttachment:
    """One of the report's files with its bytes; another report's is not found."""
    row = session.scalars(
        select(ReportAttachment)
        .where(ReportAttachment.id == file_id, ReportAttachment.report_id == report.id)
        .options(undefer(ReportAttachment.data))
    ).first()
    if row is None:
        raise NotFound(_GONE)
    return row


def add_files(
    session: Session,
    report: PublicReport,
    posted: Sequence[UploadedFile],
    actor: Actor | None,
    now: datetime,
) -> list[ReportAttachment]:
    """Check every posted file, then keep them all or none: one bad file refuses the post
    (its name said beside the field), so the person knows which to leave out."""
    if not posted:
        raise FieldErrors({FIELD: _("Pilih foto atau berkas yang akan dilampirkan.")})
    if len(posted) > PER_POST:
        raise FieldErrors({FIELD: _("Kirim satu berkas sekali kirim.")})
    held = session.scalar(
        select(func.count())
        .select_from(ReportAttachment)
        .where(ReportAttachment.report_id == report.id)
    )
    if (held or 0) + len(posted) > PER_REPORT:
        raise FieldErrors(
            {
                FIELD: _(
                    "Satu laporan paling banyak %(count)s berkas; sudah ada %(held)s.",
                    count=PER_REPORT,
                    held=held or 0,
                )
            }
        )
    kept = [_kept(upload) for upload in posted]
    rows = []
    for checked, removed in kept:
        row = ReportAttachment(
            report_id=report.id,
            filename=checked.filename,
            media_type=checked.media_type,
            size=checked.size,
            sha256=checked.sha256,
            location_removed=removed,
            added_by=actor.id if actor else None,
            added_at=now,
            data=checked.data,
        )
        session.add(row)
        ledger.record(
            session,
            report,
            actor,
            ledger.ATTACHED,
            report.status,
            {
                "file": row.filename,
                "sha256": row.sha256,
                "size": row.size,
                "location_removed": removed,
            },
            now,
        )
        session.flush()
        rows.append(row)
    return rows


def _kept(upload: UploadedFile) -> tuple[CheckedUpload, bool]:
    """The file as it will be kept, and whether a photo's location was taken out."""
    checked = check_file(
        upload,
        field=FIELD,
        max_bytes=MAX_FILE_BYTES,
        fallback="lampiran",
        missing=_("Berkas %(name)s kosong.", name=_shown(upload.filename)),
        wrong_kind=_("%(name)s bukan foto JPEG atau PNG, atau PDF.", name=_shown(upload.filename)),
    )
    if checked.media_type not in IMAGES:
        return checked, False
    try:
        data, removed = without_location(checked.data)
    except UnreadableImage:
        raise FieldErrors(
            {FIELD: _("%(name)s tidak dapat dibuka sebagai foto.", name=_shown(upload.filename))}
        ) from None
    if not removed:
        return checked, False
    sha256 = hashlib.sha256(data).hexdigest()
    return CheckedUpload(checked.filename, checked.media_type, data, sha256), True


def _shown(name: str | None) -> str:
    """A posted file's name as a message quotes it: short, one line."""
    text = " ".join((name or "").split())
    return (text[:60] + "…" if len(text) > 60 else text) or "—"


@dataclass(frozen=True)
class Attached:
    report: PublicReport
    added: list[ReportAttachment]


class ResidentFiles:
    """The resident's side: files added from the page that shows their tracking code."""

    def __init__(
        self, session: Session, settings: Settings, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.session = session
        self.settings = settings
        self.clock = clock

    def ticket(self, report: PublicReport) -> str:
        return ticket(self.settings.secret_key, report.id, self.clock())

    def report_of(self, value: str) -> PublicReport | None:
        """The report a ticket may still add to."""
        report_id = ticket_report(self.settings.secret_key, value, self.clock())
        return self.session.get(PublicReport, report_id) if report_id else None

    @unit_of_work
    def attach(self, value: str, posted: Sequence[UploadedFile]) -> Attached:
        report = self.report_of(value)
        if report is None:
            raise Unprocessable(CLOSED)
        return Attached(report, add_files(self.session, report, posted, None, self.clock()))

    def files(self, report: PublicReport) -> list[ReportAttachment]:
        return files_of(self.session, report)
