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
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import and_, false, func, or_, select
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
from mediasi.notifications.models import Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.producers import Notifier
from mediasi.notifications.quiet import is_quiet
from mediasi.workflow.engine import WorkflowEngine

OBLIGATION_NOTICE_DAYS = 3
# How long a person's day that held nothing for a digest is taken as still empty before it is
# counted again: a round runs every few seconds, and a digest that finds a new case a few
# minutes late is still the day's digest.
EMPTY_DAY_RECHECK = timedelta(minutes=10)
# Whose digest needs no look this day: the person, that local day, and when to look again
# (NOT_THAT_DAY once the digest is queued). The in-app worker keeps one from round to round.
DaysSeen = dict[UUID, tuple[date, datetime]]
NOT_THAT_DAY = datetime.max.replace(tzinfo=UTC)


class Schedule:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        workflows: WorkflowEngine,
        clock: Callable[[], datetime] = utcnow,
        days_seen: DaysSeen | None = None,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.workflows = workflows
        self.clock = clock
        self.notifier = Notifier(settings, workflows)
        self._zones: dict[Any, str] = {}
        self._days_seen: DaysSeen = {} if days_seen is None else days_seen

    def run(self) -> int:
        """Queue everything time has made due; returns how many messages are now queued."""
        now = self.clock()
        self._zones.clear()
        with self.sessions.begin() as session:
            outbox = Outbox(session, self.settings, clock=lambda: now)
            self._reminders(session, outbox, now)
            self._obligations(session, outbox, now)
            self._digests(session, outbox, now)
            self._follow_ups(session, outbox, now)
            return outbox.queued

    def _local(self, session: Session, area_id: Any, now: datetime) -> datetime | None:
        """Now in the area's time, or None in its quiet hours (nothing is produced then). An
        area's zone is read once a round: a round looks at every officer, many in one area."""
        zone = self._zones.get(area_id)
        if zone is None:
            zone = self._zones[area_id] = area_timezone(session, area_id, self.settings.timezone)
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
        """A digest is looked at only for those whose digest of the day is not queued yet and
        whose day did not just count empty: a round runs every few seconds, and counting each
        person's day again all day long would cost several queries a person a round."""
        staff = session.scalars(
            select(User).where(
                User.role.in_((Role.OFFICER, Role.SUPERVISOR)), User.is_active.is_(True)
            )
        ).all()
        waiting: list[tuple[User, datetime, str]] = []
        for user in staff:
            local = self._local(session, user.area_id, now)
            if local is None or local.hour < self.settings.notify_digest_hour:
                continue
            # Someone not seen yet is looked at now.
            day, look_again = self._days_seen.get(user.id, (local.date(), now))
            if day != local.date() or now >= look_again:
                waiting.append((user, local, f"digest:{user.id}:{local.date().isoformat()}"))
        if not waiting:
            return
        queued = set(
            session.scalars(
                select(Message.dedupe_key).where(Message.dedupe_key.in_([k for *_, k in waiting]))
            )
        )
        for user, local, key in waiting:
            if key in queued:
                self._days_seen[user.id] = (local.date(), NOT_THAT_DAY)
                continue
            counts = self._day_of(session, user, local)
            if not any(counts.values()):
                self._days_seen[user.id] = (local.date(), now + EMPTY_DAY_RECHECK)
                continue  # a digest with nothing in it is not sent
            kind = "officer_digest" if user.role == Role.OFFICER else "supervisor_digest"
            params = {
                **counts,
                "date": _day(local.date()),
                "area": _area_name(session, user),
                "link": self.notifier.link("/supervision" if kind == "supervisor_digest" else "/"),
            }
            outbox.enqueue(kind, audience.user(user, user.area_id), params, dedupe=key)
            self._days_seen[user.id] = (local.date(), NOT_THAT_DAY)

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
        """What the person's day holds: due today, overdue, sessions today, escalations. The
        counts over cases are one query."""
        mine = visible_cases(Actor.of(user))
        if user.role == Role.OFFICER:
            mine = mine & (Case.assigned_officer_id == user.id)
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        end = start + timedelta(days=1)
        if user.role == Role.SUPERVISOR:
            review = [
                and_(Case.workflow == spec.name, Case.state == state)
                for spec in self.workflows.registry.all()
                for state, info in spec.states.items()
                if info.review
            ]
            first_name, first = "waiting", or_(*review) if review else false()
        else:
            first_name, first = "due", and_(running(local), Case.due_at < end)
        wanted, overdue = session.execute(
            select(func.count().filter(first), func.count().filter(overdue_at(local))).where(
                mine, Case.is_final.is_(False)
            )
        ).one()
        sessions_today = session.scalar(
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
        return {first_name: wanted or 0, "overdue": overdue or 0, "sessions": sessions_today or 0}


def _day(value: date) -> str:
    return format_date(value, "EEE, d MMM y", locale="id")


def _area_name(session: Session, user: User) -> str:
    area = session.get(Area, user.area_id) if user.area_id else None
    return area.name if area else ""
