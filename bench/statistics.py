"""The statistics page and the monthly anev pack at scale: how long a Polres and a Polsek
supervisor wait with 100,000 cases (SQLite) or 1,000,000 (PostgreSQL).

For each backend the demo is loaded and its cases copied with their whole event chains
(:func:`bench.copies.copy_cases`) until there are ``--cases`` of them, the copies spread
over ``--years`` (five: a Polres accumulates its cases over the years, and a month of them is
what the figures read; ``--years 0`` piles them all into the demo's few months); then, in-process
with the demo's supervisors logged in, it times ``/statistik`` over a month, a quarter and a
year, and the anev pack of last month as PDF and XLSX, and prints the median and the slowest
run in milliseconds; then the PDF's time split into its SQL, HTML and WeasyPrint parts
(:mod:`bench.pack_split`). Targets (issue 16): the page under 1 s, the pack under 10 s.

Run: ``.venv/bin/python -m bench.statistics [--cases 100000] [--pg-cases 1000000] [--keep]``
(``--keep``: the databases stay, their URLs printed, to read the plans on; ``--url URL``:
time such a database again as it stands, without seeding).
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from datetime import date
from functools import partial
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import func, select, text

from bench.copies import copy_cases
from bench.databases import each_backend
from bench.demo import demo_env, log_in, quiet_runtime
from bench.pack_split import last_month, pack_split
from bench.plans import where_the_time_goes
from bench.summary import Target, record
from mediasi import pdf
from mediasi.app import create_app
from mediasi.cases.models import Case
from mediasi.runtime import Runtime

USERS = {"polsek": "pengawas", "polres": "kasatbinmas"}
PAGE = Target(under=1_000)  # ms
PACK = Target(under=10_000)  # ms


def shapes(today: date) -> dict[str, str]:
    """What a supervisor opens: the page over three periods, then the pack both ways."""
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    last = last_month(today)
    return {
        "page, this month": "/statistik?period=month",
        "page, last month": f"/statistik?period=month&value={last}",
        "page, quarter": f"/statistik?period=quarter&value={quarter}",
        "page, year": f"/statistik?period=year&value={today.year}",
        "anev PDF": f"/statistik/anev.pdf?month={last}",
        "anev XLSX": f"/statistik/anev.xlsx?month={last}",
    }


def _timed(client: TestClient[Any], url: str, runs: int) -> tuple[float, float]:
    """(median, slowest) of ``runs`` requests after one to warm the caches, in ms."""
    client.get(url)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    samples.sort()
    return samples[len(samples) // 2], samples[-1]


def time_statistics(
    runtime: Runtime, runs: int, backend: str, scale: str, plans: int = 0
) -> list[str]:
    """A line per supervisor and shape; with ``plans``, each shape is followed by its
    statements' times and the plans of its ``plans`` slowest."""
    logging.disable(logging.INFO)
    lines = [f"{'who':7} {'shape':18} {'p50 ms':>9} {'max ms':>9}"]
    with TestClient(create_app(runtime=runtime)) as client:
        for who, username in USERS.items():
            client.cookies.clear()
            log_in(client, username)
            for label, url in shapes(date.today()).items():
                p50, worst = _timed(client, url, runs)
                lines.append(f"{who:7} {label:18} {p50:9.0f} {worst:9.0f}")
                target = PACK if label.startswith("anev") else PAGE
                record(
                    f"statistics {label}, {who}: slowest run", backend, worst, " ms", target, scale
                )
                if plans:
                    went = where_the_time_goes(runtime.engine, partial(client.get, url), plans)
                    lines += ["    " + line for line in went]
    return lines


def run(backend: str, url: str, args: argparse.Namespace) -> None:
    """Seeds a new database (none with ``--url``: the one given is timed as it stands)."""
    if not args.url:
        demo_env(url)
    runtime = quiet_runtime(url)
    # Every pack laid out afresh, as its first download is: the process keeps the PDFs it
    # made (mediasi.pdf), and a timed run would otherwise measure a lookup.
    pdf.RENDERED = pdf.RenderedPdfs(limit=0)
    try:
        if args.url:
            with runtime.sessions() as session:
                cases = session.scalar(select(func.count()).select_from(Case)) or 0
            scale = f"{cases:,} cases as seeded before"
            print(f"\n{backend}: {scale} ({uptime()})", flush=True)
        else:
            cases = args.pg_cases if backend == "PostgreSQL" else args.cases
            seconds = copy_cases(runtime, cases, spread_days=round(365 * args.years))
            if runtime.engine.dialect.name == "postgresql":
                with runtime.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                    c.execute(text("VACUUM ANALYZE"))
            scale = f"{cases:,} cases over {args.years:g} years"
            print(f"\n{backend}: {scale}, copied in {seconds:.1f} s ({uptime()})", flush=True)
        for line in time_statistics(runtime, args.runs, backend, scale, args.plans):
            print("  " + line, flush=True)
        for line in pack_split(runtime, USERS, last_month(date.today()), args.runs):
            print("  " + line, flush=True)
        print(f"  ({uptime()})")
    finally:
        runtime.close()


def uptime() -> str:
    """The machine's load averages (1, 5, 15 minutes), beside the figures they bear on."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000, help="cases in all (100,000)")
    parser.add_argument("--pg-cases", type=int, help="cases on PostgreSQL (target: 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed requests per shape (5)")
    parser.add_argument("--years", type=float, default=5, help="years the copies span (5)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases afterwards (to read plans)"
    )
    parser.add_argument("--url", help="time this database as it stands (one kept before)")
    parser.add_argument(
        "--plans",
        type=int,
        default=0,
        help="after each shape, the plans of its N slowest statements",
    )
    args = parser.parse_args(argv)
    args.pg_cases = args.pg_cases or args.cases
    if args.url:
        run("PostgreSQL" if args.url.startswith("postgresql") else "SQLite", args.url, args)
        return 0
    each_backend(args.backend, lambda label, url: run(label, url, args), keep=args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
