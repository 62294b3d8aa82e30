"""Who hears what when a case changes: each chained event, as it is written, may queue
messages in the same transaction (see :mod:`mediasi.notifications.outbox`).

Parties and the reporter get the reference, a date, a time, a place or a state in words —
never a NIK, an address or the case description. Staff get a link to the case.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Tokoh
from mediasi.accounts.zones import area_timezone
from mediasi.agreements.models import AgreementVersion
from mediasi.cases import kinds
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.mediation.models import MediationSession
from mediasi.notifications import audience
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient
from mediasi.workflow.engine import WorkflowEngine

TOKOH_ROLES = {"mediator": "penengah", "witness": "saksi"}
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class Notifier:
    """The case hooks' event listener: maps an event to the messages it causes."""

    def __init__(self, settings: Settings, workflows: WorkflowEngine) -> None:
        self.settings = settings
        self.workflows = workflows

    def on_event(self, session: Session, case: Case, event: Event) -> None:
        tell = _Teller(Outbox(session, self.settings, clock=lambda: event.created_at), case, event)
        payload = event.payload or {}
        if event.trigger == kinds.CASE_REPORTED:
            self._report_received(tell, case, payload)
        elif event.trigger == kinds.TOKOH_INVITED:
            self._tokoh_invited(session, tell, case, payload)
        elif event.trigger == kinds.AGREEMENT_FROZEN:
            self._signature_requested(session, tell, case, payload)
        if payload.get("session_id") and event.trigger != kinds.SESSION_RECORDED:
            self._session(session, tell, case, str(payload["session_id"]))
        if kinds.is_transition(event.trigger) and event.from_state != event.to_state:
            self._state_changed(session, tell, case, event)

    def link(self, path: str) -> str:
        return self.settings.public_url.rstrip("/") + path

    def _report_received(self, tell: _Teller, case: Case, payload: dict[str, Any]) -> None:
        """A report an officer took gives its tracking code with the case's number, in one
        message; a resident's report from the public door was sent its code already."""
        code = payload.get("tracking_code")
        if code:
            params = {"code": str(code), "link": self.link("/lacak")}
            tell("report_received_tracked", [audience.reporter_of(case)], params)
        else:
            tell("report_received", [audience.reporter_of(case)], {})

    def _tokoh_invited(
        self, session: Session, tell: _Teller, case: Case, payload: dict[str, Any]
    ) -> None:
        row = session.get(Tokoh, UUID(str(payload["tokoh_id"])))
        if row is None:
            return
        params = {
            "name": row.name,
            "role": TOKOH_ROLES.get(str(payload.get("role")), str(payload.get("role"))),
            "link": self.link(f"/cases/{case.id}") if row.user_id else "",
        }
        tell("tokoh_invited", [audience.tokoh(row, case.desa_id)], params)

    def _signature_requested(
        self, session: Session, tell: _Teller, case: Case, payload: dict[str, Any]
    ) -> None:
        """Each tokoh who signs from their own account is sent the signing page; the others
        sign in the officer's presence, where a link would be of no use."""
        agreement_id = str(payload["agreement_id"])
        version = session.get(AgreementVersion, _version_id(session, agreement_id, payload))
        signatories = (version.content if version else {}).get("signatories", [])
        keys = {s["key"] for s in signatories if s.get("kind") == "tokoh" and s.get("login")}
        people = [p for p in audience.tokoh_of(session, case) if f"tokoh:{p.ref}" in keys]
        tell("signature_requested", people, {"link": self.link(f"/agreements/{agreement_id}")})

    def _session(self, session: Session, tell: _Teller, case: Case, session_id: str) -> None:
        row = session.get(MediationSession, UUID(session_id))
        if row is None:
            return
        # A session moved before it was held, or a reschedule after a failed or postponed one:
        # either way the meeting people expect has moved.
        moved = tell.event.trigger in (kinds.SESSION_MOVED, "reschedule")
        kind = "session_moved" if moved else "session_scheduled"
        tell(kind, audience.case_people(session, case), self.when_where(session, case, row))

    def when_where(self, session: Session, case: Case, row: MediationSession) -> dict[str, str]:
        """The date, time (with WIB/WITA/WIT) and place of a session, in the desa's time."""
        zone = area_timezone(session, case.desa_id, self.settings.timezone)
        local = row.scheduled_at.astimezone(ZoneInfo(zone))
        return {
            "date": format_date(local.date(), "EEE, d MMM y", locale="id"),
            "time": format_time(local, "HH.mm", locale="id") + " " + ZONE_NAMES.get(zone, zone),
            "place": row.place,
        }

    def _state_changed(self, session: Session, tell: _Teller, case: Case, event: Event) -> None:
        spec = self.workflows.spec((case.workflow, case.workflow_version))
        dest = spec.states[event.to_state]
        tell("state_changed", [audience.reporter_of(case)], {"state": dest.label.id})
        link = {"link": self.link(f"/cases/{case.id}")}
        if dest.review:
            tell("escalation_waiting", audience.supervisors_over(session, case.desa_id), link)
        if event.trigger == "return_escalation":
            tell("escalation_returned", [audience.officer_of(session, case)], link)


class _Teller:
    """Queues one kind for several people, each once per event (the event id is in the key)."""

    def __init__(self, outbox: Outbox, case: Case, event: Event) -> None:
        self.outbox = outbox
        self.case = case
        self.event = event

    def __call__(
        self, kind: str, people: Iterable[Recipient | None], params: dict[str, Any]
    ) -> None:
        told: set[str] = set()
        for person in people:
            if person is None or person.key in told:
                continue  # someone listed twice (an officer who is also the reporter) hears once
            told.add(person.key)
            self.outbox.enqueue(
                kind,
                person,
                {"reference": self.case.reference, **params},
                dedupe=f"{self.event.id}:{kind}:{person.key}",
                case_id=self.case.id,
                fresh=True,
            )


def _version_id(session: Session, agreement_id: str, payload: dict[str, Any]) -> UUID | None:
    return session.scalars(
        select(AgreementVersion.id).where(
            AgreementVersion.agreement_id == UUID(agreement_id),
            AgreementVersion.number == int(payload.get("agreement_version", 1)),
        )
    ).first()
