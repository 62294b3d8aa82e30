"""Where the cold start's time goes: what ``mediasi serve`` does before its first 200, phase by
phase, the import time by top-level package, and the CPU of importing and building the app by
package.

``mediasi serve --workers 1`` is one process: the interpreter starts, the CLI checks the
settings, catalogs, workflow files and schema (:func:`check_before_serving`), uvicorn imports
``mediasi.app`` and builds the app (``create_app``), runs its start-up and answers. With more
workers each worker is a fresh interpreter that imports and builds the app again. This script
does those steps in one fresh process on the demo's database and times each (uvicorn runs in
a thread there); again under ``-X importtime`` for the imports, and under yappi for the CPU by
package up to the build. It also times the real server's cold start. Both timings are the
quickest of three tries: the one a busy machine disturbed least.

Run: ``.venv/bin/python -m bench.startup [--backend sqlite] [--top 12]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import sysconfig
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from bench.databases import each_backend
from bench.demo import demo_env
from bench.over_http import COLD_START, free_port, start_server
from bench.summary import Target, record

# The server's own steps, marked on stderr between ``-X importtime``'s lines.
SERVE = """
import json, sys, time
marks = {}
def mark(phase):
    marks[phase] = time.perf_counter()
    print("## " + phase, file=sys.stderr, flush=True)
mark("start")
import mediasi.cli, uvicorn
from mediasi.commands.common import check_before_serving
check_before_serving()
mark("checks")
from mediasi.app import create_app
mark("import")
app = create_app()
mark("build")
"""
# Then served by uvicorn as the server does (in a thread here), until /healthz answers 200.
SERVED = """
import http.client, socket, threading
with socket.socket() as sock:
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
thread = threading.Thread(target=server.run, daemon=True)
thread.start()
while True:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/healthz")
        if conn.getresponse().status == 200:
            break
    except OSError:
        time.sleep(0.01)
mark("served")
server.should_exit = True
thread.join()
"""
TIMED = SERVE + SERVED + "print(json.dumps(marks))\n"
# Builtins are not profiled: their time counts as their caller's own.
PROFILED = (
    "import yappi\nyappi.set_clock_type('cpu')\nyappi.start()\n"
    + SERVE
    + "yappi.stop()\nfrom bench.startup import by_package\n"
    + "print(json.dumps(by_package(list(yappi.get_func_stats()))))\n"
)
STDLIB = sysconfig.get_paths()["stdlib"] + "/"
OWN, CALLED_BY = "own", "called by: "
TRIES = 3
PHASES = {
    "checks": "serve's checks (CLI, settings, catalogs, workflows, schema)",
    "import": "import mediasi.app (every feature)",
    "build": "build the app (runtime, routes, templates)",
    "served": "uvicorn, the app's start-up, the first 200",
}


@dataclass(frozen=True)
class Imports:
    """``-X importtime``'s own ("self") microseconds, by phase and top-level package."""

    by_phase: dict[str, dict[str, int]]
    modules: dict[str, int]
    slowest: list[tuple[int, str]]  # mediasi's own modules, slowest first

    @classmethod
    def parse(cls, stderr: str) -> Imports:
        by_phase: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        modules: dict[str, int] = defaultdict(int)
        mine: list[tuple[int, str]] = []
        phase = "start"
        for line in stderr.splitlines():
            if line.startswith("## "):
                phase = line[3:]
                continue
            if not line.startswith("import time:") or "[us]" in line:
                continue
            own, _, name = (part.strip() for part in line[len("import time:") :].split("|"))
            top = name.split(".")[0]
            # Keyed by the mark before the line: a mark is printed when its phase ends.
            by_phase[phase][top] += int(own)
            modules[top] += 1
            if top == "mediasi":
                mine.append((int(own), name))
        return cls(by_phase, modules, sorted(mine, reverse=True))

    def phase_of(self, mark: str) -> dict[str, int]:
        """The imports done in the phase that ends at ``mark``."""
        previous = {"checks": "start", "import": "checks", "build": "import", "served": "build"}[
            mark
        ]
        return self.by_phase.get(previous, {})

    def total(self) -> dict[str, int]:
        summed: dict[str, int] = defaultdict(int)
        for packages in self.by_phase.values():
            for top, own in packages.items():
                summed[top] += own
        return summed


def package_of(path: str) -> str:
    """The installed package, ``mediasi``, the import machinery or the stdlib module whose code
    ``path`` is."""
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/")[0].removesuffix(".py")
    if "/mediasi/" in path:
        return "mediasi"
    if path.startswith("<frozen importlib") or path.startswith("<frozen zipimport"):
        return "import machinery (finding, reading, unmarshalling)"
    if path.startswith(STDLIB):
        return "stdlib " + path[len(STDLIB) :].split("/")[0].removesuffix(".py")
    return path or "other"


def by_package(functions: list[Any]) -> dict[str, dict[str, float]]:
    """yappi's CPU seconds of each function's own, summed by :func:`package_of` its code; and
    under ``called by:`` + a package, the time spent in it (all it called included) when
    called from each other package: who asked for the stdlib's deep copies, say."""
    summed: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for function in functions:
        caller = package_of(function.module)
        summed[OWN][caller] += function.tsub
        for child in function.children:
            callee = package_of(child.module)
            if callee != caller:
                summed[CALLED_BY + callee][caller] += child.ttot
    return summed


def child(code: str, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *flags, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"the timed start-up failed:\n{done.stderr[-2000:]}")
    return done


def interpreter_start(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    return time.perf_counter() - started


def whole_cold_start(env: dict[str, str]) -> float:
    server, cold = start_server(env, free_port(), 1)
    server.terminate()
    server.wait(timeout=30)
    return cold


def ms(microseconds: float) -> str:
    return f"{microseconds / 1000:7.0f} ms"


def run(backend: str, url: str, top: int) -> None:
    env = demo_env(url)
    whole = min(whole_cold_start(env) for _ in range(TRIES))
    interpreter = min(interpreter_start(env) for _ in range(TRIES))
    marks = min(
        (json.loads(child(TIMED, env).stdout.splitlines()[-1]) for _ in range(TRIES)),
        key=lambda marks: marks["served"] - marks["start"],
    )
    imports = Imports.parse(child(TIMED, env, "-X", "importtime").stderr)
    profiled: dict[str, dict[str, float]] = json.loads(child(PROFILED, env).stdout.splitlines()[-1])
    by_code = profiled[OWN]

    spans = {"interpreter start": interpreter}
    before = "start"
    for mark, label in PHASES.items():
        spans[label] = marks[mark] - marks[before]
        before = mark
    timed = sum(spans.values())
    print(
        f"\n{backend}: cold start {whole:.2f} s as `mediasi serve` (target < 2 s); "
        f"{timed:.2f} s by phase in one process:"
    )
    for label, seconds in spans.items():
        print(f"  {label:58} {seconds:6.2f} s  {seconds / timed:6.1%}")

    total = imports.total()
    spent = sum(total.values())
    print(f"  import time by top-level package (python -X importtime, own time): {ms(spent)}")
    for package, own in sorted(total.items(), key=lambda item: -item[1])[:top]:
        in_phase = {m: imports.phase_of(m).get(package, 0) for m in PHASES}
        where = ", ".join(f"{m} {v / 1000:.0f}" for m, v in in_phase.items() if v)
        print(f"    {package:24} {ms(own)} {imports.modules[package]:4} modules  ({where})")
    print(f"  mediasi's slowest modules to import (own time; {imports.modules['mediasi']} in all):")
    for own, name in imports.slowest[:top]:
        print(f"    {ms(own)}  {name}")
    cpu = sum(by_code.values())
    print(
        f"  CPU of the checks, the import and the build by the package whose code ran "
        f"(yappi, which slows it; read the shares): {cpu:.2f} s"
    )
    ranked = sorted(by_code.items(), key=lambda item: -item[1])
    for package, seconds in ranked[:top]:
        callers = profiled.get(CALLED_BY + package, {})
        asked = sorted(callers.items(), key=lambda item: -item[1])[:3]
        by = ", ".join(f"{caller.split(' (')[0]} {s / cpu:.0%}" for caller, s in asked)
        shown = f"  called by {by}" if package.startswith("stdlib") and by else ""
        print(f"    {package:52} {seconds:6.2f} s  {seconds / cpu:6.1%}{shown}")

    record(
        "cold start profile: whole (1 worker)",
        backend,
        whole,
        " s",
        Target(under=2),
        further=COLD_START,
    )
    phases = ", ".join(f"{label.split(' (')[0]} {s:.1f} s" for label, s in spans.items())
    record("cold start profile: phases", backend, phases)
    heaviest = sorted(total.items(), key=lambda item: -item[1])[:4]
    record(
        "cold start profile: import time by package",
        backend,
        ", ".join(f"{p} {own / 1e6:.2f} s" for p, own in heaviest),
    )
    record(
        "cold start profile: CPU by package",
        backend,
        ", ".join(f"{package.split(' (')[0]} {s / cpu:.0%}" for package, s in ranked[:4]),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--top", type=int, default=12, help="rows shown per table (12)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    args = parser.parse_args(argv)
    each_backend(args.backend, lambda label, url: run(label, url, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
