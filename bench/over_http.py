"""Transitions over HTTP against the real server, as production runs it.

For each backend (a temporary SQLite file; a PostgreSQL database created here and dropped
afterwards, skipped with the reason when no server answers) this script migrates the schema
and loads the demo (``mediasi db upgrade``, ``mediasi demo``), starts ``mediasi serve`` with
the workers asked for, logs the demo officer and supervisor in through the login form, and
reports cases through the API. Then for a bounded time each client (a process of its own,
one keep-alive connection) fires the two-state loop escalate (officer) / return_escalation
(supervisor) on its own cases, with the session cookie and the CSRF token:

* api:  ``POST /api/cases/{id}/transitions/{trigger}`` (JSON),
* form: ``POST /cases/{id}/steps/{trigger}`` (the HTMX step form, urlencoded).

It prints transitions/s, p50/p99 and errors per route, the workers' RSS after the load (the
largest one's by kind of memory: :func:`bench.memory.composition`), the cold start to the
first 200, and, measured in-process through the same app, the SQL statements and
transactions one request of each kind runs.

Run: ``.venv/bin/python -m bench.over_http [--seconds 10] [--clients 4] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.databases import each_backend
from bench.demo import FIELDS, MEDIASI, PASSWORD, TOKEN, audit_verify, demo_env
from bench.memory import composition, shown_composition
from bench.sql_counts import counted_requests
from bench.summary import Target, record

# The floors for 4 clients on a 2-core machine.
HTTP_TARGETS = {"sqlite": Target(at_least=1000), "postgresql": Target(at_least=800)}

BY = {"escalate": "officer", "return_escalation": "supervisor"}
NEXT = {"reported": "escalate", "assessed": "escalate", "escalated": "return_escalation"}
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Browser:
    """One logged-in user over one keep-alive connection: its cookies and CSRF token."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, **headers: str
    ) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent = {"Cookie": cookie, **{k.replace("_", "-"): v for k, v in headers.items()}}
        self.conn.request(method, path, body=body, headers=sent)
        response = self.conn.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def log_in(self, username: str) -> Browser:
        status, page = self.request("GET", "/login")
        found = TOKEN.search(page.decode())
        assert status == 200, status
        assert found is not None
        self.token = found.group(1)
        form = urlencode({"username": username, "password": PASSWORD, "_csrf_token": self.token})
        status, _ = self.request(
            "POST", "/login", form.encode(), Content_Type="application/x-www-form-urlencoded"
        )
        assert status == 303, f"login {username}: {status}"
        return self

    def post_json(self, path: str, document: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, data = self.request(
            "POST",
            path,
            json.dumps(document).encode(),
            Content_Type="application/json",
            X_CSRFToken=self.token,
        )
        return status, json.loads(data) if data.startswith(b"{") else {}


def report_cases(port: int, count: int) -> list[dict[str, Any]]:
    """New cases in the officer's first desa (taken from a demo case of theirs)."""
    officer = Browser(port).log_in("petugas")
    _, listed = officer.request("GET", "/api/cases")
    desa_id = json.loads(listed)["items"][0]["desa_id"]
    cases = []
    for number in range(count):
        status, case = officer.post_json(
            "/api/cases",
            {
                "workflow": "sengketa",
                "category": "batas_tanah",
                "title": f"Sengketa batas sawah uji beban {number + 1}",
                "desa_id": desa_id,
                "reporter_name": "Darto Santoso",
            },
        )
        assert status == 201, (status, case)
        cases.append({"id": case["id"], "state": case["state"], "version": case["version"]})
    return cases


def client(
    port: int,
    route: str,
    logins: dict[str, Browser],
    cases: list[dict[str, Any]],
    seconds: float,
    out: Any,
) -> None:
    """One client: fire each of its cases' next step in turn until the time is up, as the
    users logged in before the load (each client on connections of its own)."""
    users = {role: Browser(port, dict(b.cookies), b.token) for role, b in logins.items()}
    samples: list[float] = []
    errors: dict[int, int] = {}
    deadline = time.perf_counter() + seconds
    turn = 0
    while time.perf_counter() < deadline:
        case = cases[turn % len(cases)]
        turn += 1
        trigger = NEXT[case["state"]]
        user = users[BY[trigger]]
        started = time.perf_counter()
        if route == "api":
            path = f"/api/cases/{case['id']}/transitions/{trigger}"
            status, body = user.post_json(
                path, {"version": case["version"], "fields": FIELDS[trigger]}
            )
            version = body.get("version")
        else:
            form = {**FIELDS[trigger], "version": case["version"], "_csrf_token": user.token}
            status, page = user.request(
                "POST",
                f"/cases/{case['id']}/steps/{trigger}",
                urlencode(form).encode(),
                Content_Type="application/x-www-form-urlencoded",
                HX_Request="true",
            )
            found = VERSION.search(page.decode())
            version = int(found.group(1)) if found else case["version"] + 1
        samples.append(time.perf_counter() - started)
        if status == 200:
            case["state"] = "escalated" if trigger == "escalate" else "assessed"
            case["version"] = version
        else:
            errors[status] = errors.get(status, 0) + 1
            _, fresh = user.request("GET", f"/api/cases/{case['id']}")
            now = json.loads(fresh)["case"]
            case["state"], case["version"] = now["state"], now["version"]
    out.put((samples, errors))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    env: dict[str, str], port: int, workers: int
) -> tuple[subprocess.Popen[bytes], float]:
    started = time.perf_counter()
    server = subprocess.Popen(
        [MEDIASI, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            status, _ = Browser(port).request("GET", "/healthz")
            if status == 200:
                return server, time.perf_counter() - started
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"the server stopped with {server.returncode}")
        time.sleep(0.05)


def server_pids(pid: int) -> list[int]:
    """The server's processes: the master and each worker it started."""
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                pids.append(int(entry.name))
    return pids


def cpu_seconds(pid: int) -> float:
    """User and system CPU the server's processes have used so far: the load's cost, which
    other work on the machine does not inflate the way it inflates wall-clock rates."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for each in server_pids(pid):
        try:
            stat = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(stat[11]) + int(stat[12])) / ticks
    return total


def rss_mb(pid: int) -> list[float]:
    """Resident memory of the server's processes (the master and each worker), in MB."""
    sizes = []
    for each in server_pids(pid):
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000 if ordered else 0


def drive(port: int, server: int, route: str, clients: int, seconds: float) -> Load:
    per_client = 10
    cases = report_cases(port, clients * per_client)
    # Logged in before the load: a login's deliberate password hashing is not what is timed.
    logins = {
        "officer": Browser(port).log_in("petugas"),
        "supervisor": Browser(port).log_in("pengawas"),
    }
    for browser in logins.values():
        if browser.conn is not None:
            browser.conn.close()
            browser.conn = None
    out: Any = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(
            target=client,
            args=(port, route, logins, cases[i * per_client : (i + 1) * per_client], seconds, out),
        )
        for i in range(clients)
    ]
    cpu_before = cpu_seconds(server)
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    cpu = cpu_seconds(server) - cpu_before
    for proc in procs:
        proc.join()
    samples = [s for got, _ in results for s in got]
    errors: dict[int, int] = {}
    for _, errs in results:
        for status, count in errs.items():
            errors[status] = errors.get(status, 0) + count
    ok = len(samples) - sum(errors.values())
    p50, p99 = quantile(samples, 0.5), quantile(samples, 0.99)
    return Load(route, ok / seconds, p50, p99, errors, 1000 * cpu / max(ok, 1))


@dataclass(frozen=True)
class Load:
    """What one route did under the load."""

    route: str
    per_second: float
    p50: float
    p99: float
    errors: dict[int, int]
    cpu_ms: float

    def __str__(self) -> str:
        shown = ", ".join(f"{code}×{count}" for code, count in sorted(self.errors.items()))
        return (
            f"{self.route:5} {self.per_second:8.0f}/s  p50 {self.p50:6.1f} ms  "
            f"p99 {self.p99:6.1f} ms  server CPU {self.cpu_ms:5.2f} ms/transition  "
            f"errors {shown or 'none'}"
        )


def cpu_bound(load: Load, floor: Target, backend: str) -> str:
    """What the server's CPU per transition allows on this machine's cores, against the floor:
    the throughput target's "further" line in the summary."""
    cores = os.cpu_count() or 1
    wanted = floor.at_least or 1.0
    further = (
        f"The server spends {load.cpu_ms:.1f} ms of CPU a transition: {cores} cores serve at "
        f"most {cores * 1000 / load.cpu_ms:,.0f}/s, fewer with the clients on the same cores; "
        f"{wanted:,.0f}/s needs {cores * 1000 / wanted:.1f} ms or less. Where that CPU goes is "
        "the 'profile: CPU of one API transition' row (bench.profile prints it by layer and "
        "function). What would take it further: fewer statements a step (each costs SQLAlchemy "
        "its execution path, the ORM's identity map and result rows), the step's reads and its "
        "roll-up upkeep folded into fewer round trips, Core instead of the ORM for the case row."
    )
    if backend.lower() != "sqlite":
        return further
    return further + (
        " On SQLite a step holds the write lock from its BEGIN IMMEDIATE to its commit, which is "
        "nearly all of its CPU, so a second worker adds little (compare the 1- and 2-worker "
        "rows): past the CPU, SQLite needs a step that reads and checks before it takes the "
        "lock and holds it only for its writes (retrying when the case changed meanwhile)."
    )


QUEUEING = (
    "The p99 is the queue in front of the CPU: four clients wait on a server whose CPU a "
    "transition takes most of the time a transition takes. It falls with the CPU a step costs "
    "(see the transitions/s line above)."
)
COLD_START = (
    "The 'cold start profile' rows split it: the imports (SQLAlchemy, Litestar, pydantic and "
    "mediasi's models), the checks before serving, and the build (Litestar's signature models "
    "for some 450 handlers, and its deep copy of each router it registers). What would take it "
    "further: fewer, flatter routers, and features imported when first asked for."
)
MEMORY = (
    "The 'memory profile' rows split it: the Python memory kept by imports (SQLAlchemy, "
    "mediasi, Litestar) and grown building the app (Litestar's handler models and routing "
    "trie). What would take it further: not importing in the server what only the CLI needs "
    "(alembic, mako and pygments come in with advanced-alchemy's Litestar extension, rich with "
    "Litestar's CLI), fewer handlers, one signature model per handler shape."
)


def run(backend: str, url: str, args: argparse.Namespace) -> None:
    # The API's rate limits are lifted: four clients on one address are the load measured
    # here, not a client to slow down (the limits have tests of their own).
    unlimited = {f"MEDIASI_API_RATE_PER_{who}": "1000000000" for who in ("TOKEN", "ADDRESS")}
    env = demo_env(url, MEDIASI_NOTIFY_CHANNELS="log", **unlimited)
    port = free_port()
    server, cold = start_server(env, port, args.workers)
    try:
        shape = f"{args.workers} worker(s), {args.clients} clients"
        print(f"\n{backend}: {shape}, cold start {cold:.2f} s")
        record(
            f"HTTP ({shape}): cold start to the first 200",
            backend,
            cold,
            " s",
            Target(under=2),
            further=COLD_START,
        )
        floor = HTTP_TARGETS[backend.lower()]
        for route in args.routes:
            load = drive(port, server.pid, route, args.clients, args.seconds)
            print(f"  {load}")
            what = f"HTTP {route} ({shape})"
            further = cpu_bound(load, floor, backend)
            record(f"{what}: transitions/s", backend, load.per_second, "/s", floor, further=further)
            record(f"{what}: p99", backend, load.p99, " ms", Target(under=50), further=QUEUEING)
            record(f"{what}: server CPU per transition", backend, load.cpu_ms, " ms")
            record(f"{what}: errors", backend, sum(load.errors.values()), "", Target(under=1))
        sizes = rss_mb(server.pid)
        print("  RSS MB: " + ", ".join(f"{size:.0f}" for size in sizes))
        largest = max(sizes)
        record(
            f"HTTP ({shape}): RSS of the largest process",
            backend,
            largest,
            " MB",
            Target(under=150),
            further=MEMORY,
        )
        biggest = max(server_pids(server.pid), key=lambda pid: sum(composition(pid).values()))
        kinds = composition(biggest)
        print(f"  its RSS by kind, MB: {shown_composition(kinds)}")
        record(f"HTTP ({shape}): RSS by kind, MB", backend, shown_composition(kinds, 2))
    finally:
        server.terminate()
        server.wait(timeout=30)
    for counted in counted_requests(url):
        print(f"  {counted}")
        shown = f"{counted.statements} statements, {counted.transactions} tx"
        record(f"SQL per request: {counted.label}", backend, shown)
    verified = audit_verify(env)
    print(f"  audit verify after the load: {verified}")
    record("audit verify after the load", backend, verified.rsplit("(", 1)[-1].rstrip(")"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0, help="load per route (10)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server workers")
    parser.add_argument("--routes", nargs="+", default=["api", "form"], choices=["api", "form"])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    each_backend(args.backend, lambda label, url: run(label, url, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
