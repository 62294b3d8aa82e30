"""Messages that time brings rather than a change: a session's reminder the day before, an
obligation due in three days or overdue, the morning digests of officers and supervisors, and
an officer's own follow-up on the morning of its day.

Each round looks at what is due now in each recipient's own area time and queues it under a
key that names the occasion (the session and its time, the obligation and its date, the person
and the day), so any number of rounds on any number of nodes queue each message once. Nothing
is produced in quiet hours: a reminder written at 23:00 would say "tomorrow" of a day that has
become today by the time it may be sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, User
from mediasi.accounts.roles import Role
from mediasi.accounts.zones import area_timezone
from mediasi.agreements.models import Agreement, AgreementVersion, Obligation
from mediasi.agreements.status import FROZEN, OPEN
from mediasi.cases.access import visible_cases
from mediasi.cases.lateness import overdue_at, running
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.followups.models import OPEN as FOLLOW_UP_OPEN
from mediasi.followups.models import FollowUp
from mediasi.mediation.models import SCHEDULED, MediationSession
from mediasi.notifications import audience
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.producers import Notifier
from mediasi.notifications.quiet import is_quiet
from mediasi.workflow.engine import WorkflowEngine

OBLIGATION_NOTICE_DAYS = 3


class Schedule:
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
        self.notifier = Notifier(settings, workflows)

    def run(self) -> int:
        """Queue everything time has made due; returns how many messages are now queued."""
        now = self.clock()
        with self.sessions.begin() as session:
            outbox = Outbox(session, self.settings, clock=lambda: now)
            self._reminders(session, outbox, now)
            self._obligations(session, outbox, now)
            self._digests(session, outbox, now)
            self._follow_ups(session, outbox, now)
            return outbox.queued

    def _local(self, session: Session, area_id: Any, now: datetime) -> datetime | None:
        """Now in the area's time, or None in its quiet hours (nothing is produced then)."""
        zone = area_timezone(session, area_id, self.settings.timezone)
        local = now.astimezone(ZoneInfo(zone))
        start, end = self.settings.notify_quiet_start, self.settings.notify_quiet_end
        return None if is_quiet(local.timetz(), start, end) else local

    def _reminders(self, session: Session, outbox: Outbox, now: datetime) -> None:
        rows = session.execute(
            select(MediationSession, Case)
            .join(Case, Case.id == MediationSession.case_id)
            .where(
                MediationSession.status == SCHEDULED,
                MediationSession.scheduled_at > now,
                MediationSession.scheduled_at <= now + timedelta(hours=48),
                Case.is_final.is_(False),
            )
        ).all()
        for row, case in rows:
            local = self._local(session, case.desa_id, now)
            if local is None:
                continue
            if row.scheduled_at.astimezone(local.tzinfo).date() != local.date() + timedelta(1):
                continue
            params = {"reference": case.reference, **self.notifier.when_where(session, case, row)}
            occasion = f"reminder:{row.id}:{row.scheduled_at.isoformat()}"
            for person in audience.case_people(session, case):
                outbox.enqueue(
                    "session_reminder",
                    person,
                    params,
                    dedupe=f"{occasion}:{person.key}",
                    case_id=case.id,
                )

    def _obligations(self, session: Session, outbox: Outbox, now: datetime) -> None:
        rows = session.execute(
            select(Obligation, Case)
            .join(AgreementVersion, AgreementVersion.id == Obligation.version_id)
            .join(Agreement, Agreement.id == AgreementVersion.agreement_id)
            .join(Case, Case.id == Agreement.case_id)
            .where(
                Obligation.status == OPEN,
                AgreementVersion.status == FROZEN,
                Case.is_final.is_(False),
                Obligation.due_date <= (now + timedelta(days=OBLIGATION_NOTICE_DAYS + 1)).date(),
            )
        ).all()
        for obligation, case in rows:
            local = self._local(session, case.desa_id, now)
            if local is None:
                continue
            today = local.date()
            if obligation.due_date == today + timedelta(days=OBLIGATION_NOTICE_DAYS):
                kind = "obligation_due"
            elif obligation.due_date < today:
                kind = "obligation_overdue"
            else:
                continue
            params = {"reference": case.reference, "date": _day(obligation.due_date)}
            occasion = f"{kind}:{obligation.id}:{obligation.due_date.isoformat()}"
            for person in audience.parties_of(session, case):
                outbox.enqueue(
                    kind, person, params, dedupe=f"{occasion}:{person.key}", case_id=case.id
                )

    def _digests(self, session: Session, outbox: Outbox, now: datetime) -> None:
        staff = session.scalars(
            select(User).where(
                User.role.in_((Role.OFFICER, Role.SUPERVISOR)), User.is_active.is_(True)
            )
        ).all()
        for user in staff:
            local = self._local(session, user.area_id, now)
            if local is None or local.hour < self.settings.notify_digest_hour:
                continue
            counts = self._day_of(session, user, local)
            if not any(counts.values()):
                continue  # a digest with nothing in it is not sent
            kind = "officer_digest" if user.role == Role.OFFICER else "supervisor_digest"
            params = {
                **counts,
                "date": _day(local.date()),
                "area": _area_name(session, user),
                "link": self.notifier.link("/supervision" if kind == "supervisor_digest" else "/"),
            }
            outbox.enqueue(
                kind,
                audience.user(user, user.area_id),
                params,
                dedupe=f"digest:{user.id}:{local.date().isoformat()}",
            )

    def _follow_ups(self, session: Session, outbox: Outbox, now: datetime) -> None:
        """From the digest hour of its day in the owner's time, to owners a message can reach
        (a reminder to nobody would only fill the log)."""
        rows = session.execute(
            select(FollowUp, Case.reference, User)
            .join(Case, Case.id == FollowUp.case_id)
            .join(User, User.id == FollowUp.owner_id)
            .where(
                FollowUp.status == FOLLOW_UP_OPEN,
                FollowUp.due_on.between(now.date() - timedelta(1), now.date() + timedelta(1)),
                User.is_active.is_(True),
                or_(User.phone.is_not(None), User.email.is_not(None)),
            )
        ).all()
        for follow_up, reference, owner in rows:
            local = self._local(session, owner.area_id, now)
            if local is None or local.hour < self.settings.notify_digest_hour:
                continue
            if follow_up.due_on != local.date():
                continue
            due_time = follow_up.due_time
            params = {
                "reference": reference,
                "time": due_time.strftime("%H.%M") if due_time else "-",
                "note": follow_up.note,
                "link": self.notifier.link("/"),
            }
            outbox.enqueue(
                "follow_up_due",
                audience.user(owner, owner.area_id),
                params,
                dedupe=f"follow_up:{follow_up.id}:{follow_up.due_on.isoformat()}",
                case_id=follow_up.case_id,
            )

    def _day_of(self, session: Session, user: User, local: datetime) -> dict[str, int]:
        """What the person's day holds: due today, overdue, sessions today, escalations."""
        mine = visible_cases(Actor.of(user))
        if user.role == Role.OFFICER:
            mine = mine & (Case.assigned_officer_id == user.id)
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + timedelta(days=1)
        open_cases = select(func.count()).select_from(Case).where(mine, Case.is_final.is_(False))
        due = session.scalar(open_cases.where(running(local), Case.due_at < end)) or 0
        overdue = session.scalar(open_cases.where(overdue_at(local))) or 0
        sessions_today = (
            session.scalar(
                select(func.count())
                .select_from(MediationSession)
                .join(Case, Case.id == MediationSession.case_id)
                .where(
                    mine,
                    MediationSession.status == SCHEDULED,
                    MediationSession.scheduled_at >= start,
                    MediationSession.scheduled_at < end,
                )
            )
            or 0
        )
        counts = {"due": due, "overdue": overdue, "sessions": sessions_today}
        if user.role == Role.SUPERVISOR:
            review = [
                (spec.name, state)
                for spec in self.workflows.registry.all()
                for state, info in spec.states.items()
                if info.review
            ]
            in_review = or_(*(and_(Case.workflow == w, Case.state == st) for w, st in review))
            waiting = session.scalar(open_cases.where(in_review)) if review else 0
            counts = {"waiting": waiting or 0, "overdue": overdue, "sessions": sessions_today}
        return counts


def _day(value: date) -> str:
    return format_date(value, "EEE, d MMM y", locale="id")


def _area_name(session: Session, user: User) -> str:
    area = session.get(Area, user.area_id) if user.area_id else None
    return area.name if area else ""
