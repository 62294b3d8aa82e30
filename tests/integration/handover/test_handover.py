"""Handing a desa over on both backends: its open cases in every open state arrive with the
successor intact (sessions, pauses, parties, a signed agreement with its obligations running),
closed cases stay with who handled them, both officers are told, the old officer loses the
desa, and ``audit verify`` stays clean."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import OfficerDesa
from mediasi.accounts.roles import Role
from mediasi.agreements.schemas import ObligationMark
from mediasi.agreements.status import KEPT, OPEN
from mediasi.audit.services import verify_all
from mediasi.cases.access import visible_cases
from mediasi.cases.kinds import CASE_HANDED_OVER
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.db.base import utcnow
from mediasi.deadlines.pauses import PauseService
from mediasi.deadlines.schemas import PauseForm
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound
from mediasi.handover.models import Handover
from mediasi.handover.queries import HandoverQueries
from mediasi.handover.schemas import HandoverForm
from mediasi.handover.services import HandoverService
from mediasi.mediation.models import MediationSession
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from tests.factories import TimedCases, World
from tests.integration.agreements.conftest import Agreements, AgreementServices
from tests.integration.web.conftest import Cases


def _sessions(session: Session) -> list[tuple[UUID, object, str, str]]:
    rows = session.scalars(select(MediationSession).order_by(MediationSession.id))
    return [(r.case_id, r.scheduled_at, r.place, r.status) for r in rows]


def hand_over(runtime: Runtime, world: World, by: str, **fields: object) -> Handover:
    form = {"reason": "Sprint mutasi 12/XII/2026", "from_officer_id": world.actor("officer").id}
    with runtime.sessions.begin() as session:
        service = HandoverService(runtime.case_service(session), runtime.settings)
        return service.hand_over(world.actor(by), HandoverForm(**{**form, **fields}))


def open_and_closed(runtime: Runtime, world: World) -> dict[str, UUID]:
    """Cases of desa A1 in every open sengketa state (one paused), a complaint, and a closed
    one; and one in desa A2, which stays."""
    timed, now = TimedCases(runtime, world), utcnow() - timedelta(hours=2)
    cases = {"reported": timed.report(now), "assessed": timed.report(now)}
    timed.fire(cases["assessed"], "assess", now)
    cases["mediated"] = timed.mediated(now)
    cases["escalated"] = timed.escalated(now)
    cases["withdrawn"] = timed.report(now)
    timed.fire(cases["withdrawn"], "withdraw", now)
    cases["paused"] = timed.report(now)
    timed.fire(cases["paused"], "assess", now)
    with runtime.sessions.begin() as session:
        pauses = PauseService(runtime.case_service(session))
        version = session.get(Case, cases["paused"]).version  # type: ignore[union-attr]
        pauses.pause(cases["paused"], world.actor("officer"), PauseForm(reason="Sakit"), version)
    cases["other_desa"] = timed.report(now, desa=world.desa_a2)
    return cases


def test_a_desa_moves_with_its_open_cases_intact(
    runtime: Runtime, world: World, successor: UUID
) -> None:
    cases = open_and_closed(runtime, world)
    with runtime.sessions() as session:
        before = {k: session.get(Case, v) for k, v in cases.items()}
        sessions_before = _sessions(session)

    record = hand_over(runtime, world, "supervisor", desa_id=world.desa_a1, to_officer_id=successor)

    assert (record.cases_moved, record.sessions_moved) == (5, 1)
    with runtime.sessions() as session:
        after = {k: session.get(Case, v) for k, v in cases.items()}
        for name in ("reported", "assessed", "mediated", "escalated", "paused"):
            old, new = before[name], after[name]
            assert new.assigned_officer_id == successor, name
            assert (new.state, new.due_at, new.paused_at) == (old.state, old.due_at, old.paused_at)
            assert new.version == old.version + 1
        assert after["withdrawn"].assigned_officer_id == world.actor("officer").id
        assert after["other_desa"].assigned_officer_id == world.actor("officer").id
        assert after["withdrawn"].version == before["withdrawn"].version
        assert _sessions(session) == sessions_before

        holders = session.scalars(
            select(OfficerDesa.user_id).where(OfficerDesa.desa_id == world.desa_a1)
        ).all()
        assert holders == [successor]
        # The old officer still holds desa A2, and no longer sees desa A1's cases.
        seen = set(session.scalars(select(Case.id).where(visible_cases(world.actor("officer")))))
        assert seen == {cases["other_desa"]}
        mine = session.scalars(
            select(Case.id).where(visible_cases(world.actor("supervisor")))
        ).all()
        assert set(cases.values()) <= set(mine)

        event = CaseQueries(session).timeline(cases["mediated"])[0]
        assert event.trigger == CASE_HANDED_OVER
        assert event.payload["sessions"] == 1
        assert event.payload["to_officer_id"] == str(successor)

        told = session.scalars(select(Message).where(Message.kind.like("handover_%"))).all()
        assert sorted((m.kind, m.recipient_ref) for m in told) == [
            ("handover_given", str(world.actor("officer").id)),
            ("handover_received", str(successor)),
        ]
        assert "5 perkara" in next(m.text for m in told if m.kind == "handover_received")

        received = HandoverQueries(session).received(
            world.actor("officer").__class__(successor, "pengganti", world.actor("officer").role),
            utcnow() - timedelta(days=1),
        )
        assert [(r.desa_name, r.from_name) for r in received] == [("Ngadilangkung", "Officer")]

        results = verify_all(session, runtime.workflows.registry)
        assert [(r.reference, r.problems) for r in results if not r.ok] == []


def test_a_handover_the_page_did_not_see_is_refused_whole(
    runtime: Runtime, world: World, successor: UUID
) -> None:
    case_id = TimedCases(runtime, world).report(utcnow())
    hand_over(runtime, world, "supervisor", desa_id=world.desa_a1, to_officer_id=successor)
    # A second supervisor's page still showed the old officer holding the desa.
    with pytest.raises(Conflict, match="baru saja berubah"):
        hand_over(
            runtime, world, "polres_supervisor", desa_id=world.desa_a1, to_officer_id=successor
        )
    with runtime.sessions() as session:
        assert session.scalars(select(Handover)).all().__len__() == 1
        assert session.get(Case, case_id).assigned_officer_id == successor  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("by", "fields", "refusal"),
    [
        ("officer", {}, Forbidden),
        ("supervisor_b", {}, FieldErrors),  # desa A1 is not under Polsek B
        ("supervisor", {"to_officer_id": "officer_b"}, FieldErrors),  # an officer of Polsek B
        ("supervisor", {"to_officer_id": "officer"}, FieldErrors),  # already holds it
    ],
)
def test_who_may_hand_over_what_to_whom(
    runtime: Runtime,
    world: World,
    successor: UUID,
    by: str,
    fields: dict[str, str],
    refusal: type[Exception],
) -> None:
    target = {k: world.actor(v).id for k, v in fields.items()}
    with pytest.raises(refusal):
        hand_over(
            runtime, world, by, desa_id=world.desa_a1, **{"to_officer_id": successor, **target}
        )
    with runtime.sessions() as session:
        assert session.scalars(select(Handover)).all() == []


def test_an_agreed_case_moves_with_its_obligations_running(
    runtime: Runtime, world: World, successor: UUID
) -> None:
    """A signed agreement whose obligations are running: the case keeps its state, agreement,
    signatures and obligations, and the successor is the one who follows them up."""
    agreements = Agreements(runtime, world, Cases(runtime, world))
    case_id = agreements.agreed()
    obligations_before = [(o.id, o.status, o.due_date) for o in agreements.obligations(case_id)]
    signatures_before = len(agreements.signatures(case_id))

    record = hand_over(runtime, world, "supervisor", desa_id=world.desa_a1, to_officer_id=successor)

    assert (record.cases_moved, record.signatures_pending) == (1, 0)
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        assert (case.state, case.assigned_officer_id) == ("agreed", successor)
    assert [(o.id, o.status, o.due_date) for o in agreements.obligations(case_id)] == (
        obligations_before
    )
    assert all(status == OPEN for _, status, _ in obligations_before)
    assert len(agreements.signatures(case_id)) == signatures_before
    assert agreements.verified(case_id) == []

    # The successor marks an obligation kept; the officer who gave the desa no longer can.
    first = obligations_before[0][0]
    with runtime.sessions.begin() as session:
        services = AgreementServices.of(runtime.case_service(session))
        version = session.get(Case, case_id).version  # type: ignore[union-attr]
        with pytest.raises(NotFound):
            services.obligations.mark(
                case_id, first, world.actor("officer"), ObligationMark(status=KEPT), version
            )
    with runtime.sessions.begin() as session:
        services = AgreementServices.of(runtime.case_service(session))
        version = session.get(Case, case_id).version  # type: ignore[union-attr]
        new_officer = Actor(successor, "pengganti", Role.OFFICER)
        marked = services.obligations.mark(
            case_id, first, new_officer, ObligationMark(status=KEPT), version
        )
        assert marked.marked_by_id == successor
    assert agreements.verified(case_id) == []
