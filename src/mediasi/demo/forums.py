"""A partnership forum (FKPM) per Polsek, in its first desa, kept by the officer who holds it:
a roster drawn from the desa's tokoh, four months of dialogues, outreach and patrols with their
attendance, aspirations followed up (one turned into a case), and one activity to come.

Everything goes through the forum services at the day it happened, so every chain is real."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.cases.hooks import CaseHooks
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.demo import data
from mediasi.forum.activities import ActivityService
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.models import Forum
from mediasi.forum.schemas import (
    ActivityForm,
    AspirationForm,
    CaseForm,
    ForumForm,
    MemberForm,
    ProgressForm,
    RecordForm,
)
from mediasi.forum.services import ForumService
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.engine import WorkflowEngine

MONTHS = 4
# (kind, topic, residents) of each month's two activities, in turn.
ACTIVITIES = (
    ("dialog", "Dialog kamtibmas bersama warga", 35),
    ("penyuluhan", "Penyuluhan bahaya narkoba bagi pelajar", 60),
    ("patroli", "Patroli bersama malam Minggu", 12),
    ("bantuan_sosial", "Bantuan sembako bagi lansia", 80),
    ("pelatihan", "Pelatihan siskamling bagi linmas", 25),
    ("penyuluhan", "Sosialisasi pencegahan terorisme", 45),
)
ASPIRATIONS = (
    ("keluhan", "Balap liar tiap malam Minggu di jalan desa", "done"),
    ("aspirasi", "Lampu penerangan jalan di dekat makam perlu diperbaiki", "in_progress"),
    ("keluhan", "Pencurian ayam di RT 04 dua minggu terakhir", "case"),
    ("aspirasi", "Pos ronda RW 02 perlu dijaga bergiliran lagi", "open"),
)
TOKOH_ELEMENTS = {"agama": "tokoh_agama", "adat": "tokoh_adat", "pemuda": "pemuda"}
TOKOH_ELEMENTS |= {"perempuan": "perempuan", "linmas": "linmas", "kepala_desa": "pemerintah_desa"}


def demo_forums(
    session: Session,
    settings: Settings,
    engine: WorkflowEngine,
    hooks: CaseHooks,
    say: Callable[[str], None],
) -> None:
    if session.scalar(select(func.count()).select_from(Forum)):
        say("forums: already present, none added")
        return
    today = utcnow().astimezone(LOCAL_TZ).date()
    for n, (polsek_name, villages) in enumerate(data.POLSEK.values()):
        desa = session.scalars(select(Area).where(Area.name == f"Desa {villages[0]}")).one()
        officer = session.scalars(
            select(User)
            .join(OfficerDesa, OfficerDesa.user_id == User.id)
            .where(OfficerDesa.desa_id == desa.id)
        ).first()
        assert officer is not None, polsek_name
        # The first forum's pencurian complaint becomes a case; the others stay follow-ups.
        _forum(session, settings, engine, hooks, Actor.of(officer), desa, today, with_case=n == 0)
    say(f"forums: {len(data.POLSEK)} FKPM, {MONTHS} months of activities each")


def _forum(
    session: Session,
    settings: Settings,
    engine: WorkflowEngine,
    hooks: CaseHooks,
    officer: Actor,
    desa: Area,
    today: date,
    *,
    with_case: bool,
) -> None:
    formed = date(today.year - 1, 8, 17)
    forums = ForumService(session)
    forum = forums.create(
        officer,
        ForumForm(
            name=f"FKPM {desa.name}",
            area_id=desa.id,
            meeting_place=f"BKPM Balai {desa.name}",
            formed_on=formed,
        ),
    )
    members = _roster(session, forums, officer, forum.id, desa, formed)
    held = []
    for month in range(MONTHS, 0, -1):
        for half in (0, 1):
            day = today - timedelta(days=30 * month - 14 * half)
            kind, topic, residents = ACTIVITIES[(2 * month + half) % len(ACTIVITIES)]
            when = datetime(day.year, day.month, day.day, 19, 30, tzinfo=LOCAL_TZ)
            activities = ActivityService(session, settings, _at(when + timedelta(hours=2)))
            planned = ActivityForm(
                kind=kind, starts_at=when, place=f"Balai {desa.name}", topic=topic
            )
            activity = activities.schedule(officer, forum.id, planned)
            present = members[: 2 + (month + half) % max(1, len(members) - 1)]
            minutes = f"{topic}: warga menyampaikan keadaan lingkungan dan usulan."
            activities.record(
                officer,
                activity.id,
                RecordForm(members=present, residents=residents, minutes=minutes),
            )
            held.append((activity.id, when))
    _aspirations(session, engine, hooks, officer, desa, held[-2:], with_case)
    coming = datetime.combine(today + timedelta(days=5), datetime.min.time(), LOCAL_TZ)
    next_one = ActivityForm(
        kind="dialog",
        starts_at=coming.replace(hour=19, minute=30),
        place=f"Balai {desa.name}",
        topic="Dialog persiapan pengamanan hari besar",
    )
    ActivityService(session, settings).schedule(officer, forum.id, next_one)


def _roster(
    session: Session, forums: ForumService, officer: Actor, forum_id: UUID, desa: Area, formed: date
) -> list[UUID]:
    """The desa's tokoh (the first in the chair), the officer as secretary, two residents."""
    members = []
    tokoh = session.scalars(select(Tokoh).where(Tokoh.desa_id == desa.id).order_by(Tokoh.name))
    for n, person in enumerate(tokoh):
        seat = "ketua" if n == 0 else "anggota"
        element = TOKOH_ELEMENTS.get(person.kind, "tokoh_masyarakat")
        form = MemberForm(
            person_kind="tokoh",
            tokoh_id=person.id,
            element=element,
            position=seat,
            started_on=formed,
        )
        members.append(forums.add_member(officer, forum_id, form).id)
    secretary = MemberForm(
        person_kind="officer",
        user_id=officer.id,
        element="polri",
        position="sekretaris",
        started_on=formed,
    )
    members.append(forums.add_member(officer, forum_id, secretary).id)
    for name, element in (("Mas Fajar", "pemuda"), ("Bu Warsini", "perempuan")):
        form = MemberForm(
            person_kind="other", name=name, element=element, position="anggota", started_on=formed
        )
        members.append(forums.add_member(officer, forum_id, form).id)
    return members


def _aspirations(
    session: Session,
    engine: WorkflowEngine,
    hooks: CaseHooks,
    officer: Actor,
    desa: Area,
    held: list[tuple[UUID, datetime]],
    with_case: bool,
) -> None:
    """The last two activities' aspirations, followed up a few days later."""
    for n, (kind, text, outcome) in enumerate(ASPIRATIONS):
        activity_id, when = held[n % len(held)]
        later = _at(when + timedelta(days=3))
        service = AspirationService(CaseService(session, engine, hooks, clock=later), later)
        form = AspirationForm(
            kind=kind, text=text, owner="Bhabinkamtibmas", due_on=when.date() + timedelta(days=14)
        )
        row = service.raise_(officer, activity_id, form)
        if outcome in ("done", "in_progress"):
            note = "Dibahas bersama kepala desa; tindak lanjut berjalan."
            service.progress(officer, activity_id, row.id, ProgressForm(status=outcome, note=note))
        elif outcome == "case" and with_case:
            case = CaseForm(
                topic="pengaduan:keamanan_lingkungan",
                title=text,
                desa_id=desa.id,
                reporter_name="Ketua RT 04",
            )
            service.to_case(officer, activity_id, row.id, case)


def _at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment.astimezone(UTC)
