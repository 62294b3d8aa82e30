"""A world of cases written by hand, row by row, with known answers for September 2026.

Every case is its row and its events (state changes at chosen times, a deadline flag), with the
stays they imply (the statistics' read model), so each figure of the statistics page can be
worked out on paper: the comments give the sums. Polsek A (desa A1, A2) keeps Jakarta time;
Polsek B (desa B1) is set to WITA, one hour ahead, so a report at 00:30 on 1 September WITA is
31 August for the Polres (Jakarta time).

Polsek A, September 2026 (WIB):
- opened 10 (A1-4 was reported in August);
- closed 7: settled 2 (A1-1, the RJ case A1-7), referred 1, withdrawn 1, resolved 1,
  forwarded 1, rejected 1; resolution rate 2/7;
- escalated before closing: A1-1, A1-3, A2-1: 3/7 (the RJ case's approval is no escalation);
- escalation decisions 3 (A1-1 returned, A1-3 returned, A2-1 accepted): 2/3 returned;
- agreements 4: 4, 10, 12, 14 days from the report: median 11, 90th percentile 13.4;
- stays in a state with a deadline ending in September 27, 2 missed (A2-3 flagged, A1-6
  escalated by the system): 25/27 met;
- escalated stays (sengketa): 1, 1, 2 days; pengaduan's reported stays: 1, 5, 1 days;
- overdue now 1 (A1-5); obligations due: kept 1, broken 1, open 1;
- reports: officer's doors 3, public 2;
- per desa: A1 opened 6, closed 3, settled 2, overdue 1; A2 opened 4, closed 4, settled 0;
- per officer: ``officer`` handled 7, settled 2, overdue 1, sessions 2; ``officer_a2`` handled 4;
- August: opened 1, nothing closed.
Polsek B, September (WITA): opened 2, closed 1 settled, public reports 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area, OfficerDesa, User
from mediasi.agreements.models import Agreement, AgreementVersion, Obligation
from mediasi.agreements.status import BROKEN, FROZEN, KEPT, OPEN, SUPERSEDED
from mediasi.audit.stays import rebuild_stays
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import DEADLINE_EXPIRED
from mediasi.cases.models import Case
from mediasi.db.base import utcnow
from mediasi.intake.models import PublicReport
from mediasi.mediation.models import MediationSession
from mediasi.runtime import Runtime
from tests.factories import World, password_hash

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
OFFICER_A2 = "officer_a2"
MONTH = "2026-09"


def sep(day: int, hour: int = 9, minute: int = 0, zone: ZoneInfo = WIB) -> datetime:
    return datetime(2026, 9, day, hour, minute, tzinfo=zone)


def aug(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 8, day, hour, tzinfo=WIB)


# (trigger, from, to, at, role); the first step is the report (from None).
Step = tuple[str, str | None, str, datetime, str]


@dataclass
class Story:
    key: str
    desa: str  # a1, a2, b1
    steps: list[Step]
    workflow: str = "sengketa"
    category: str = "batas_tanah"
    officer: str = "officer"
    due_at: datetime | None = None  # of the state it ends in
    final: bool = False
    sessions: list[tuple[datetime, str]] = field(default_factory=list)  # (held_at, status)


def _report(at: datetime, state: str = "reported") -> Step:
    return ("case.reported", None, state, at, "officer")


LATER = utcnow() + timedelta(days=30)  # a deadline not yet passed
STORIES = [
    Story(
        "A1-1",
        "a1",
        [
            _report(sep(1)),
            ("escalate", "reported", "escalated", sep(2), "officer"),
            ("return_escalation", "escalated", "assessed", sep(3), "supervisor"),
            ("schedule_mediation", "assessed", "mediated", sep(4), "officer"),
            ("agree", "mediated", "agreed", sep(11), "officer"),
            ("close", "agreed", "settled", sep(20), "officer"),
        ],
        final=True,
        sessions=[(sep(5), "agreed")],
    ),
    Story(
        "A1-2",
        "a1",
        [
            _report(sep(2)),
            ("assess", "reported", "assessed", sep(3), "officer"),
            ("schedule_mediation", "assessed", "mediated", sep(4), "officer"),
            ("agree", "mediated", "agreed", sep(16), "officer"),
        ],
        category="utang_piutang",
        sessions=[(sep(10), "agreed"), (sep(8), "postponed")],
    ),
    Story(
        "A1-3",
        "a1",
        [
            _report(sep(3)),
            ("escalate", "reported", "escalated", sep(4), "officer"),
            ("return_escalation", "escalated", "assessed", sep(5), "supervisor"),
            ("withdraw", "assessed", "withdrawn", sep(6), "officer"),
        ],
        final=True,
    ),
    Story(
        "A2-1",
        "a2",
        [
            _report(sep(5)),
            ("escalate", "reported", "escalated", sep(6), "officer"),
            ("accept_escalation", "escalated", "referred", sep(8), "supervisor"),
        ],
        officer=OFFICER_A2,
        final=True,
    ),
    Story(
        "A2-2",
        "a2",
        [
            _report(sep(7)),
            ("follow_up", "reported", "in_progress", sep(8), "officer"),
            ("resolve", "in_progress", "resolved", sep(9), "officer"),
        ],
        workflow="pengaduan",
        category="ketertiban",
        officer=OFFICER_A2,
        final=True,
    ),
    Story(
        "A2-3",
        "a2",
        [
            _report(sep(10)),
            (DEADLINE_EXPIRED, "reported", "reported", sep(14), "system"),
            ("reject", "reported", "rejected", sep(15), "officer"),
        ],
        workflow="pengaduan",
        category="ketertiban",
        officer=OFFICER_A2,
        final=True,
    ),
    Story(
        "A2-4",
        "a2",
        [
            _report(sep(14)),
            ("forward", "reported", "forwarded", sep(15), "supervisor"),
        ],
        workflow="pengaduan",
        category="pelayanan",
        officer=OFFICER_A2,
        final=True,
    ),
    Story(
        "A1-4",
        "a1",
        [
            _report(aug(20)),
            ("assess", "reported", "assessed", aug(21), "officer"),
            ("schedule_mediation", "assessed", "mediated", aug(22), "officer"),
            ("agree", "mediated", "agreed", sep(1), "officer"),
        ],
    ),
    Story("A1-5", "a1", [_report(sep(25))], due_at=sep(29)),
    Story(
        "A1-6",
        "a1",
        [
            _report(sep(12)),
            ("assess", "reported", "assessed", sep(12, 12), "officer"),
            ("schedule_mediation", "assessed", "mediated", sep(13), "officer"),
            ("escalate_overdue", "mediated", "escalated", sep(28), "system"),
        ],
        due_at=LATER,
        sessions=[(datetime(2026, 10, 1, 9, tzinfo=WIB), "failed")],
    ),
    Story(
        "A1-7",
        "a1",
        [
            _report(sep(15)),
            ("check_eligibility", "reported", "eligibility_checked", sep(15, 10), "officer"),
            ("clarify", "eligibility_checked", "clarified", sep(16), "officer"),
            ("schedule_mediation", "clarified", "mediated", sep(17), "officer"),
            ("agree", "mediated", "agreed", sep(19), "officer"),
            ("restore", "agreed", "restored", sep(20), "officer"),
            ("approve", "restored", "approved", sep(21), "supervisor"),
            ("register", "approved", "registered", sep(22), "officer"),
        ],
        workflow="keadilan_restoratif",
        category="pencurian",
        final=True,
    ),
    Story(
        "B1-1",
        "b1",
        [
            _report(sep(3, zone=WITA)),
            ("assess", "reported", "assessed", sep(4, zone=WITA), "officer"),
            ("schedule_mediation", "assessed", "mediated", sep(5, zone=WITA), "officer"),
            ("agree", "mediated", "agreed", sep(7, zone=WITA), "officer"),
            ("close", "agreed", "settled", sep(10, zone=WITA), "officer"),
        ],
        officer="officer_b",
        final=True,
    ),
    # 00:30 on 1 September in WITA: still 31 August in Jakarta.
    Story("B1-2", "b1", [_report(sep(1, 0, 30, zone=WITA))], officer="officer_b", due_at=LATER),
]

# (desa, source, workflow, submitted at)
REPORTS = [
    ("a1", "walk_in", "sengketa", sep(1)),
    ("a1", "phone", "sengketa", sep(2)),
    ("a1", "patrol", "sengketa", sep(3)),
    ("a1", "web", "sengketa", sep(5)),
    ("a2", "api", "pengaduan", sep(6)),
    ("a2", "web", "sengketa", aug(30)),
    ("b1", "web", "sengketa", sep(4)),
]


@dataclass(frozen=True)
class Built:
    cases: dict[str, UUID]
    officer_a2: UUID


def _desa(world: World) -> dict[str, UUID]:
    return {"a1": world.desa_a1, "a2": world.desa_a2, "b1": world.desa_b1}


def _case(session: Session, world: World, story: Story, officers: dict[str, UUID], n: int) -> UUID:
    desa = _desa(world)[story.desa]
    last = story.steps[-1]
    case = Case(
        reference=f"STAT/{n:03d}",
        polsek_id=world.polsek_b if story.desa == "b1" else world.polsek_a,
        year=2026,
        number=n,
        workflow=story.workflow,
        workflow_version=1,
        state=last[2],
        category=story.category,
        title=f"Perkara statistik {story.key}",
        desa_id=desa,
        reporter_name="Darto Santoso",
        assigned_officer_id=officers[story.officer],
        state_entered_at=last[3],
        due_at=story.due_at,
        is_final=story.final,
        version=len(story.steps),
    )
    session.add(case)
    session.flush()
    for seq, (trigger, source, dest, at, role) in enumerate(story.steps, start=1):
        session.add(
            Event(
                case_id=case.id,
                seq=seq,
                actor_id=None if role == "system" else officers[story.officer],
                actor_name=role,
                actor_role=role,
                trigger=trigger,
                from_state=source,
                to_state=dest,
                payload={},
                created_at=at,
                prev_hash="0" * 64,
                hash=uuid4().hex * 2,
            )
        )
    for held_at, status in story.sessions:
        session.add(
            MediationSession(
                case_id=case.id,
                scheduled_at=held_at,
                place="Balai desa",
                status=status,
                held_at=held_at,
            )
        )
    return case.id


def _obligations(session: Session, case_id: UUID) -> None:
    """A1-2's agreement: a superseded draft, then the signed text with four obligations."""
    agreement = Agreement(case_id=case_id, current_number=2)
    session.add(agreement)
    session.flush()
    due = [
        (SUPERSEDED, date(2026, 9, 12), OPEN),
        (FROZEN, date(2026, 9, 10), KEPT),
        (FROZEN, date(2026, 9, 25), BROKEN),
        (FROZEN, date(2026, 9, 30), OPEN),
        (FROZEN, date(2026, 10, 5), OPEN),
    ]
    versions: dict[str, AgreementVersion] = {}
    for number, status in enumerate((SUPERSEDED, FROZEN), start=1):
        versions[status] = AgreementVersion(
            agreement_id=agreement.id, number=number, status=status, content={}
        )
        session.add(versions[status])
    session.flush()
    for position, (status, due_date, kept) in enumerate(due):
        session.add(
            Obligation(
                version_id=versions[status].id,
                position=position,
                obligor="party:x",
                obligor_name="Slamet Wibowo",
                kind="payment",
                description="Membayar ganti rugi",
                due_date=due_date,
                status=kept,
            )
        )


def build(runtime: Runtime, world: World) -> Built:
    with runtime.sessions.begin() as session:
        second = User(
            username=OFFICER_A2,
            full_name="Officer A2",
            role="officer",
            area_id=world.polsek_a,
            password_hash=password_hash(),
            password_changed_at=utcnow(),
        )
        session.add(second)
        session.flush()
        session.add(OfficerDesa(user_id=second.id, desa_id=world.desa_a2))
        session.execute(
            update(Area).where(Area.id == world.polsek_b).values(timezone="Asia/Makassar")
        )
        officers = {name: actor.id for name, actor in world.users.items() if actor.id}
        officers[OFFICER_A2] = second.id
        cases = {
            story.key: _case(session, world, story, officers, n)
            for n, story in enumerate(STORIES, start=1)
        }
        # Written without the ledger: the stays are worked out from the events (audit's rules).
        rebuild_stays(session, list(cases.values()))
        _obligations(session, cases["A1-2"])
        for n, (desa, source, workflow, at) in enumerate(REPORTS):
            session.add(
                PublicReport(
                    code=f"STAT{n:04d}",
                    source=source,
                    desa_id=_desa(world)[desa],
                    workflow=workflow,
                    category="batas_tanah" if workflow == "sengketa" else "ketertiban",
                    what="Laporan statistik",
                    place="Dusun Krajan",
                    submitted_at=at,
                    status="accepted",
                )
            )
        return Built(cases, second.id)
