"""The case list at scale: how long the page and the API take with 100,000 cases or more.

For each backend (a temporary SQLite file; a PostgreSQL database created here and dropped
afterwards, skipped with the reason when no server answers) this script migrates and loads
the demo, then copies the demo's 60 cases until there are ``--cases`` of them
(:func:`bench.copies.copy_cases`), spread back over ``--years`` as a unit's cases accumulate
(piled into the demo's few days, 16,000 copies of a case would share one deadline to the
second, and the list's order would keep each case's copies together). Then, through the app
in-process with the demo officer, a Polsek supervisor and the Polres supervisor logged in, it
times each query shape of the list (``/cases`` and ``/api/cases``) and prints p50 and p95 in
milliseconds.

Run: ``.venv/bin/python -m bench.case_list [--cases 100000] [--runs 15]``; ``--keep`` leaves
the seeded databases, and ``--database URL`` times the list again on one of them.
"""

from __future__ import annotations

import argparse
import logging
import time
from functools import partial
from typing import Any
from urllib.parse import quote

from litestar.testing import TestClient

from bench.copies import copy_cases
from bench.databases import each_backend
from bench.demo import audit_verify, demo_env, log_in, quiet_runtime
from bench.plans import where_the_time_goes
from bench.summary import Target, record
from mediasi.app import create_app
from mediasi.runtime import Runtime

USERS = {"officer": "petugas", "polsek": "pengawas", "polres": "kasatbinmas"}
DEEP_PAGE = 2_000  # 40,000 rows in: where OFFSET gets slow
TARGET = Target(under=50)  # p95, ms


def shapes(desa_id: str, reference: str, deep: int, cursor: str) -> dict[str, str]:
    return {
        "first page": "",
        "state=mediated": "state=mediated",
        "overdue": "overdue=true",
        "desa": f"desa={desa_id}",
        "text 'sawah'": "q=sawah",  # in the title of 1 case in 7: a search that finds many
        "a reference": f"q={reference.lower()}",  # finds one
        "page 40": "page=40",
        # A deep page by its number (OFFSET steps over every row before it), and the page after
        # it by the cursor its 'next' link carries (a seek in the ordered index).
        f"page {deep} offset": f"page={deep}",
        f"page {deep + 1} cursor": cursor,
    }


def time_list(runtime: Runtime, runs: int, backend: str, cases: int) -> list[str]:
    """A line per role and shape; the slowest shape of each role goes to the summary. A shape
    that misses the target is followed by where its API request spends the time."""
    logging.disable(logging.INFO)
    lines = [f"{'who':8} {'shape':18} {'page p50':>9} {'p95':>7} {'api p50':>9} {'p95':>7} rows"]
    missed: list[str] = []
    # One app for all three (a new app analyses SQLite at its start, beside the first timings).
    with TestClient(create_app(runtime=runtime)) as client:
        for who, username in USERS.items():
            slowest: dict[str, tuple[float, str]] = {"page": (0.0, ""), "api": (0.0, "")}
            client.cookies.clear()
            log_in(client, username)
            first = client.get("/api/cases").json()
            desa_id = first["items"][0]["desa_id"]
            reference = quote(first["items"][-1]["reference"])
            deep = max(1, min(DEEP_PAGE, first["pages"] - 1))
            following = client.get(f"/api/cases?page={deep}").json()["next"] or "?"
            cursor = following.split("?", 1)[1]
            for label, query in shapes(desa_id, reference, deep, cursor).items():
                page = _timed(client, f"/cases?{query}", runs)
                api = _timed(client, f"/api/cases?{query}", runs)
                total = client.get(f"/api/cases?{query}").json().get("total", "?")
                lines.append(
                    f"{who:8} {label:18} {page[0]:9.1f} {page[1]:7.1f} {api[0]:9.1f} "
                    f"{api[1]:7.1f} {total}"
                )
                for kind, p95 in (("page", page[1]), ("api", api[1])):
                    slowest[kind] = max(slowest[kind], (p95, label))
                if not (TARGET.met(page[1]) and TARGET.met(api[1])):
                    url = f"/api/cases?{query}"
                    missed += [f"{who}, {label} (p95 {max(page[1], api[1]):.0f} ms): GET {url}"]
                    missed += [
                        "  " + line
                        for line in where_the_time_goes(runtime.engine, partial(client.get, url))
                    ]
            for kind, (p95, label) in slowest.items():
                measure = f"case list {kind}, {who}: p95 of the slowest shape"
                note = f"{label}; {cases:,} cases"
                further = (
                    f"bench.case_list printed where '{label}' spends its time (its statements "
                    "and their plans) under 'where the time goes' above."
                )
                record(measure, backend, p95, " ms", TARGET, note, further)
    if missed:
        lines += ["", "where the time goes in each shape that misses the target:", *missed]
    return lines


def _timed(client: TestClient[Any], url: str, runs: int) -> tuple[float, float]:
    samples = []
    client.get(url)  # warm: the statement caches, the template
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return samples[len(samples) // 2], samples[
        min(len(samples) - 1, round(0.95 * (len(samples) - 1)))
    ]


def run(backend: str, url: str, args: argparse.Namespace) -> None:
    """Seed ``url`` (unless it is ``--database``, seeded by an earlier ``--keep`` run), then time
    the list on it."""
    seeded = url == args.database
    env = demo_env(url, seeded=seeded)
    runtime = quiet_runtime(url)
    try:
        cases = args.pg_cases if backend.lower() == "postgresql" else args.cases
        if seeded:
            print(f"\n{backend}: the cases already in {url}")
        else:
            seconds = copy_cases(runtime, cases, spread_days=round(365 * args.years))
            if runtime.engine.dialect.name == "postgresql":
                # What autovacuum would have done (statistics, the visibility map) by the time
                # a real list grew this large.
                with runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.exec_driver_sql("VACUUM ANALYZE")
            print(f"\n{backend}: {cases:,} cases, copied in {seconds:.1f} s")
        for line in time_list(runtime, args.runs, backend, cases):
            print("  " + line)
    finally:
        runtime.close()
    if args.verify:
        print(f"  audit verify: {audit_verify(env)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000, help="cases in all (100,000)")
    parser.add_argument(
        "--pg-cases", type=int, help="cases on PostgreSQL (as --cases); the target is 1,000,000"
    )
    parser.add_argument("--runs", type=int, default=15, help="timed requests per shape (15)")
    parser.add_argument("--years", type=float, default=5, help="years the copies span (5)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--verify", action="store_true", help="run audit verify afterwards")
    parser.add_argument("--keep", action="store_true", help="leave the seeded databases in place")
    parser.add_argument("--database", help="time the list on this database, seeded with --keep")
    args = parser.parse_args(argv)
    args.pg_cases = args.pg_cases or args.cases
    if args.database:
        label = "PostgreSQL" if args.database.startswith("postgresql") else "SQLite"
        run(label, args.database, args)
    else:
        each_backend(args.backend, lambda label, url: run(label, url, args), keep=args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
