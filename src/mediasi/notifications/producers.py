"""Who hears what when a case changes: each chained event, as it is written, may queue
messages in the same transaction (see :mod:`mediasi.notifications.outbox`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Tokoh
from mediasi.cases import kinds
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.config import Settings
from mediasi.mediation.models import MediationSession
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.quiet import area_timezone
from mediasi.notifications.recipients import Recipient, RecipientKind

Producer = Callable[[Session, Case, Event], None]


class Notifier:
    """The case hooks' event listener: maps an event to the messages it causes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def on_event(self, session: Session, case: Case, event: Event) -> None:
        outbox = Outbox(session, self.settings, clock=lambda: event.created_at)
        if event.trigger == kinds.CASE_REPORTED:
            self._report_received(outbox, case, event)
        session_id = (event.payload or {}).get("session_id")
        if session_id and event.trigger != kinds.SESSION_RECORDED:
            self._session_scheduled(outbox, session, case, event, str(session_id))

    def _report_received(self, outbox: Outbox, case: Case, event: Event) -> None:
        if not case.reporter_phone:
            return
        reporter = Recipient(
            RecipientKind.REPORTER,
            str(case.id),
            case.reporter_name,
            case.reporter_phone,
            area_id=case.desa_id,
        )
        outbox.enqueue(
            "report_received",
            reporter,
            {"reference": case.reference},
            dedupe=f"{event.id}:{reporter.key}",
            case_id=case.id,
        )

    def _session_scheduled(
        self, outbox: Outbox, session: Session, case: Case, event: Event, session_id: str
    ) -> None:
        row = session.get(MediationSession, session_id)
        if row is None:
            return
        zone = ZoneInfo(area_timezone(session, case.desa_id, self.settings.timezone))
        local = row.scheduled_at.astimezone(zone)
        params: dict[str, Any] = {
            "reference": case.reference,
            "date": format_date(local.date(), "EEE, d MMM y", locale="id"),
            "time": format_time(local, "HH.mm", locale="id") + " " + _zone_name(zone),
            "place": row.place,
        }
        for person in case_people(session, case):
            outbox.enqueue(
                "session_scheduled",
                person,
                params,
                dedupe=f"{event.id}:{person.key}",
                case_id=case.id,
            )


def _zone_name(zone: ZoneInfo) -> str:
    return {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}.get(
        str(zone), str(zone)
    )


def case_people(session: Session, case: Case) -> list[Recipient]:
    """The tokoh of the case and its parties, each as a recipient in the case's desa."""
    tokoh = session.execute(
        select(Tokoh, CaseTokoh.role)
        .join(CaseTokoh, CaseTokoh.tokoh_id == Tokoh.id)
        .where(CaseTokoh.case_id == case.id)
        .order_by(CaseTokoh.created_at)
    ).all()
    parties = session.scalars(
        select(Party).where(Party.case_id == case.id).order_by(Party.created_at)
    ).all()
    return [
        Recipient(RecipientKind.TOKOH, str(t.id), t.name, t.phone, t.email, case.desa_id)
        for t, _role in tokoh
    ] + [
        Recipient(RecipientKind.PARTY, str(p.id), p.name, p.phone, None, case.desa_id)
        for p in parties
    ]
