"""Load the demo through the same services a user goes through, so every event chain is real."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.hooks import CaseHooks
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.demo import data
from mediasi.demo.cases import Clock, demo_case
from mediasi.demo.world import build_world, held
from mediasi.workflow.engine import WorkflowEngine

CASES = 65
SEED = 20261124


def load_demo(
    session: Session, engine: WorkflowEngine, hooks: CaseHooks, say: Callable[[str], None]
) -> None:
    """Create what is missing; running it twice changes nothing the second time."""
    rng = random.Random(SEED)
    world = build_world(session, say)
    areas, desa_by_name, users = world.areas, world.desa_by_name, world.users
    tokoh_by_desa = world.tokoh_by_desa

    existing = session.execute(
        select(func.count())
        .select_from(Case)
        .where(Case.polsek_id.in_([a.id for a in areas.values()]))
    ).scalar_one()
    if existing:
        say(f"cases: {existing} already present, none added")
        return

    officers = {
        v: u for u in users.values() if u.role == "officer" for v in held(data.USERS, u.username)
    }
    supervisors = {
        "KEPANJEN": users["pengawas"],
        "PAKISAJI": users["pengawas2"],
        "SUMBERPUCUNG": users["kasatbinmas"],
    }
    now = utcnow()
    for i in range(CASES):
        village = list(desa_by_name)[i % len(desa_by_name)]
        desa = desa_by_name[village]
        officer = officers[village]
        polsek_code = next(c for c, (_, vs) in data.POLSEK.items() if village in vs)
        started = now - timedelta(days=rng.randint(0, 21), hours=rng.randint(0, 12))
        clock = Clock(started, rng)
        service = CaseService(session, engine, hooks, clock=clock)
        # Every fifth case a complaint, every fifth a restorative justice case.
        workflow = {4: "pengaduan", 2: "keadilan_restoratif"}.get(i % 5, "sengketa")
        demo_case(
            service,
            rng,
            i,
            Actor.of(officer),
            Actor.of(supervisors[polsek_code]),
            desa,
            tokoh_by_desa.get(desa.id, []),
            workflow,
        )
        if (i + 1) % 15 == 0:
            say(f"cases: {i + 1}/{CASES}")
    say(f"cases: {CASES} created across every state of every workflow")
