"""How fast do case transitions go through the service layer, and how far is that from the
database's own floor?

For each backend (a temporary SQLite file; a temporary PostgreSQL database, created here and
dropped afterwards, skipped with the reason when no server answers) this script migrates the
schema, builds a tiny world, reports a few cases, then times:

* service: ``CaseService.fire`` through the workflow engine, one transaction per transition
  (``with runtime.sessions.begin()``), cycling assess → schedule_mediation → escalate →
  return_escalation → schedule_mediation … over the cases round-robin;
* raw: the same two writes with the plain driver (sqlite3 / psycopg), one transaction each:
  ``UPDATE cases SET state=?, version=version+1 WHERE id=? AND version=?`` and
  ``INSERT INTO events (…)``.

Run: ``.venv/bin/python -m bench.transitions [--n 600] [--cases 20]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
from sqlalchemy import event

from bench.databases import PG_ADMIN, postgres_database, postgres_unavailable, sqlite_database
from bench.summary import Target, record
from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.cases.schemas import CaseCreate, PartyInput, TokohInvite
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime

ROOT = Path(__file__).resolve().parent.parent
WARMUP = 20

SESSION_AT = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT09:00")
# What fires next from each state, by whom, with which fields.
NEXT: dict[str, tuple[str, str, dict[str, Any]]] = {
    "reported": ("assess", "officer", {"assessment": "Layak dimediasi.", "risk_level": "sedang"}),
    "assessed": ("schedule_mediation", "officer", {"session_at": SESSION_AT, "place": "Balai"}),
    "mediated": ("escalate", "officer", {"reason": "Buntu.", "target": "reskrim_polsek"}),
    "escalated": ("return_escalation", "supervisor", {"instructions": "Coba lagi."}),
}
# The same walk for the raw floor: state → next state.
RAW_NEXT = {
    "reported": "assessed",
    "assessed": "mediated",
    "mediated": "escalated",
    "escalated": "assessed",
}


@dataclass
class Timing:
    label: str
    samples: list[float]  # seconds per transaction
    wall: float  # seconds for the whole run
    statements: float = 2.0  # SQL statements a transition runs (the floor's: UPDATE, INSERT)

    @property
    def per_second(self) -> float:
        return len(self.samples) / self.wall if self.wall else 0.0

    def quantile(self, q: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


@dataclass
class Small:
    """The tiny world: one officer holding one desa, its supervisor, one tokoh."""

    officer: Actor
    supervisor: Actor
    desa_id: UUID
    tokoh_id: UUID


# ---- databases ----------------------------------------------------------------------------


# ---- the world and the cases --------------------------------------------------------------


def build_world(runtime: Runtime) -> Small:
    with runtime.sessions.begin() as session:
        areas: list[Area] = []
        parent: Area | None = None
        for code, level in [("JATIM", "polda"), ("MALANG", "polres"), ("KEPANJEN", "polsek")]:
            area = Area(
                code=code,
                name=code.title(),
                level=level,
                parent_id=parent.id if parent else None,
                path=f"{parent.path if parent else '/'}{code}/",
            )
            session.add(area)
            session.flush()
            areas.append(area)
            parent = area
        polsek = areas[-1]
        desa = Area(
            code="NGADILANGKUNG",
            name="Ngadilangkung",
            level="desa",
            parent_id=polsek.id,
            path=f"{polsek.path}NGADILANGKUNG/",
        )
        session.add(desa)
        session.flush()
        people = {}
        for username, role in [("petugas", "officer"), ("pengawas", "supervisor")]:
            user = User(
                username=username,
                full_name=username.title(),
                role=role,
                area_id=polsek.id,
                password_hash="!bench-no-login",
            )
            session.add(user)
            session.flush()
            people[role] = Actor.of(user)
        session.add(OfficerDesa(user_id=people["officer"].id, desa_id=desa.id))
        tokoh = Tokoh(name="KH. Abdul Rohman", kind="agama", desa_id=desa.id)
        session.add(tokoh)
        session.flush()
        return Small(people["officer"], people["supervisor"], desa.id, tokoh.id)


def report_cases(runtime: Runtime, world: Small, count: int) -> dict[UUID, tuple[str, int]]:
    """``count`` sengketa cases with both parties and a mediator: case id → (state, version)."""
    cases: dict[UUID, tuple[str, int]] = {}
    for i in range(count):
        with runtime.sessions.begin() as session:
            service = runtime.case_service(session)
            case = service.report(
                world.officer,
                CaseCreate(
                    workflow="sengketa",
                    category="batas_tanah",
                    title=f"Sengketa batas sawah nomor {i + 1}",
                    desa_id=world.desa_id,
                    reporter_name="Darto Santoso",
                    parties=[
                        PartyInput(role="complainant", name="Darto Santoso"),
                        PartyInput(role="respondent", name="Slamet Wibowo"),
                    ],
                ),
            )
            service.invite_tokoh(
                case.id, world.officer, TokohInvite(tokoh_id=world.tokoh_id), case.version
            )
            cases[case.id] = (case.state, case.version)
    return cases


# ---- the two ways of moving a case --------------------------------------------------------


def time_loop(
    label: str, n: int, cases: dict[UUID, tuple[str, int]], step: Callable[[UUID], None]
) -> Timing:
    order = list(cases)
    for i in range(min(WARMUP, n)):
        step(order[i % len(order)])
    samples = []
    started = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        step(order[i % len(order)])
        samples.append(time.perf_counter() - t0)
    return Timing(label, samples, time.perf_counter() - started)


def service_step(
    runtime: Runtime, world: Small, cases: dict[UUID, tuple[str, int]]
) -> Callable[[UUID], None]:
    actors = {"officer": world.officer, "supervisor": world.supervisor}

    def step(case_id: UUID) -> None:
        state, version = cases[case_id]
        trigger, who, payload = NEXT[state]
        with runtime.sessions.begin() as session:
            case = runtime.case_service(session).fire(
                case_id, trigger, actors[who], payload, version
            )
            cases[case_id] = (case.state, case.version)

    return step


def _event_row(case_id: UUID, seq: int, actor: Actor, source: str, dest: str) -> dict[str, Any]:
    payload = {"note": "raw floor"}
    now = datetime.now(UTC)
    body = {"case_id": str(case_id), "seq": seq, "to": dest, "payload": payload}
    body["at"] = now.isoformat()
    return {
        "id": uuid4(),
        "case_id": case_id,
        "seq": seq,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "actor_role": actor.role,
        "trigger": "raw",
        "from_state": source,
        "to_state": dest,
        "payload": json.dumps(payload),
        "created_at": now,
        "prev_hash": "0" * 64,
        "hash": hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest(),
    }


SQLITE_PRAGMAS = ("journal_mode=WAL", "busy_timeout=15000", "foreign_keys=ON", "synchronous=NORMAL")
EVENT_COLUMNS = (
    "id, case_id, seq, actor_id, actor_name, actor_role, trigger, from_state, to_state, "
    "payload, created_at, prev_hash, hash"
)


def raw_sqlite_step(
    path: str, world: Small, cases: dict[UUID, tuple[str, int]]
) -> tuple[Callable[[UUID], None], Callable[[], None]]:
    """sqlite3 with the engine's pragmas; UUIDs as 16 bytes, times as text, like the ORM."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in SQLITE_PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")
    insert = f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 13)})"

    def step(case_id: UUID) -> None:
        state, version = cases[case_id]
        dest = RAW_NEXT[state]
        row = _event_row(case_id, version + 1, world.officer, state, dest)
        row["id"], row["case_id"] = row["id"].bytes, case_id.bytes
        row["actor_id"] = world.officer.id.bytes if world.officer.id else None
        row["created_at"] = row["created_at"].strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute("BEGIN IMMEDIATE")
        try:
            moved = conn.execute(
                "UPDATE cases SET state = ?, version = version + 1 WHERE id = ? AND version = ?",
                (dest, case_id.bytes, version),
            ).rowcount
            if moved != 1:
                raise RuntimeError(f"raw sqlite: case {case_id} moved meanwhile")
            conn.execute(insert, tuple(row.values()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        cases[case_id] = (dest, version + 1)

    return step, conn.close


def raw_postgres_step(
    url: str, world: Small, cases: dict[UUID, tuple[str, int]]
) -> tuple[Callable[[UUID], None], Callable[[], None]]:
    """psycopg 3, prepared statements (psycopg prepares a query after a few runs)."""
    conn = psycopg.connect(url)
    insert = f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({', '.join(['%s'] * 13)})"

    def step(case_id: UUID) -> None:
        state, version = cases[case_id]
        dest = RAW_NEXT[state]
        row = _event_row(case_id, version + 1, world.officer, state, dest)
        with conn.transaction():
            moved = conn.execute(
                "UPDATE cases SET state = %s, version = version + 1 WHERE id = %s AND version = %s",
                (dest, case_id, version),
            ).rowcount
            if moved != 1:
                raise RuntimeError(f"raw postgresql: case {case_id} moved meanwhile")
            conn.execute(insert, tuple(row.values()))
        cases[case_id] = (dest, version + 1)

    return step, conn.close


# ---- one backend --------------------------------------------------------------------------


def bench_backend(database_url: str, n: int, case_count: int) -> list[Timing]:
    settings = Settings(database_url=database_url, root_dir=ROOT, deadline_scanner=False)
    runtime = Runtime.build(settings)
    try:
        migrate.upgrade(settings, runtime.engine)
        world = build_world(runtime)
        cases = report_cases(runtime, world, case_count)
        ran: list[object] = []
        event.listen(runtime.engine, "before_cursor_execute", lambda *_: ran.append(None))
        service = time_loop("service", n, cases, service_step(runtime, world, cases))
        service.statements = len(ran) / (n + min(WARMUP, n))
    finally:
        runtime.close()
    if settings.is_sqlite:
        path = settings.sqlalchemy_url.database
        assert path is not None
        step, close = raw_sqlite_step(path, world, cases)
    else:
        plain = settings.sqlalchemy_url.set(drivername="postgresql")
        step, close = raw_postgres_step(plain.render_as_string(hide_password=False), world, cases)
    try:
        raw = time_loop("raw", n, cases, step)
    finally:
        close()
    return [service, raw]


def print_table(results: dict[str, list[Timing] | str]) -> None:
    """One row per path, then the ratio row: how many times the service costs the raw floor."""
    header = f"{'backend':<11} {'path':<8} {'n':>6} {'tx/s':>9} {'p50 ms':>8} {'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    for backend, outcome in results.items():
        if isinstance(outcome, str):
            print(f"{backend:<11} skipped: {outcome}")
            continue
        service, raw = outcome
        for t in outcome:
            print(
                f"{backend:<11} {t.label:<8} {len(t.samples):>6} {t.per_second:>9.0f} "
                f"{t.quantile(0.50):>8.2f} {t.quantile(0.99):>8.2f}"
            )
        throughput = raw.per_second / service.per_second if service.per_second else 0.0
        p50 = service.quantile(0.50) / raw.quantile(0.50) if raw.quantile(0.50) else 0.0
        p99 = service.quantile(0.99) / raw.quantile(0.99) if raw.quantile(0.99) else 0.0
        ratio = f"x{throughput:.1f}"
        print(
            f"{backend:<11} {'svc/raw':<8} {'':>6} {ratio:>9} {'x' + format(p50, '.1f'):>8} "
            f"{'x' + format(p99, '.1f'):>8}"
        )
    print("\nsvc/raw: raw tx/s ÷ service tx/s, and service latency ÷ raw latency")


def further(service: Timing, raw: Timing) -> str:
    """Where the service's time goes beside the floor's, and what would bring it nearer."""
    cost, floor = 1000 / service.per_second, 1000 / raw.per_second
    return (
        f"A transition through the service costs {cost:.2f} ms and {service.statements:.0f} "
        f"statements; the floor's UPDATE and INSERT cost {floor:.2f} ms, so a fifth of its rate "
        f"leaves a transition {5 * floor:.2f} ms. Beside those two writes the step reads the "
        "case in the actor's scope and its guards' facts, chains its event, keeps the "
        "statistics roll-up (the stay that ends, the one that begins, the month's counts) and "
        "queues its notification, each statement paying SQLAlchemy's path (the 'profile: CPU "
        "of one API transition' row shows the shares). What would take it further: the "
        "roll-up's upkeep and the notification written from the event after the step commits "
        "(as the outbox is sent), at the cost of figures that trail the step by a moment; "
        "Core statements instead of the ORM for the case row and its event."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=600, help="transitions timed per path (600)")
    parser.add_argument("--cases", type=int, default=20, help="cases the transitions cycle over")
    args = parser.parse_args(argv)
    if args.n < 1 or args.cases < 1:
        parser.error("--n and --cases must be at least 1")
    warnings.filterwarnings("ignore", message=".*uuid-utils.*")

    results: dict[str, list[Timing] | str] = {}
    started = time.perf_counter()
    with sqlite_database() as url:
        results["sqlite"] = bench_backend(url, args.n, args.cases)
    reason = postgres_unavailable()
    if reason:
        results["postgresql"] = f"PostgreSQL at {PG_ADMIN} does not answer ({reason})"
    else:
        with postgres_database() as url:
            results["postgresql"] = bench_backend(url, args.n, args.cases)

    print(
        f"\nmediasi transitions: {args.n} timed per path after {WARMUP} warm-up, "
        f"cycling over {args.cases} cases; one transaction each\n"
    )
    print_table(results)
    for backend, outcome in results.items():
        if not isinstance(outcome, str):
            service, raw = outcome
            share = service.per_second / raw.per_second if raw.per_second else 0.0
            record("service layer: transitions/s", backend, service.per_second, "/s")
            record(
                "service layer ÷ raw UPDATE+INSERT",
                backend,
                share,
                "",
                Target(at_least=0.2),
                further=further(service, raw),
            )
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
