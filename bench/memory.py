"""Where a worker's memory goes after the load, in figures.

Two views. :func:`composition` splits a process's RSS by what its pages are (anonymous memory:
the Python heap and the C libraries' own allocations; each shared library's mapped pages;
stacks), read from ``/proc/PID/smaps``; :mod:`bench.over_http` prints it for the real server's
workers after its load. And ``python -m bench.memory`` runs the app in a fresh process
(:mod:`bench.memory_child`) under tracemalloc through the API steps of :mod:`bench.profile`,
and prints the Python memory kept by each top-level package's imports and what code held
after its import (caches, compiled statements and templates, the app's own tables).

Run: ``.venv/bin/python -m bench.memory [--steps 300] [--backend sqlite]``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.databases import each_backend
from bench.demo import demo_env
from bench.summary import record

MB = 2**20
ANONYMOUS = "anonymous (Python heap, C libraries' malloc)"
_MAPPING = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")
_LIBRARY = re.compile(r"([^/]+?)(?:\.cpython-[^/]*)?\.so[.0-9]*$")
# Packages only the in-process test client brings (production has none of them).
TEST_CLIENT = {"httpx", "httpcore", "h11", "yappi", "bench"}


def kind_of(path: str) -> str:
    if path in ("", "[heap]") or path.startswith("[anon"):
        return ANONYMOUS
    if path.startswith("[stack"):
        return "stacks"
    found = _LIBRARY.search(path)
    if found:
        return "shared library " + found.group(1)
    return "other mapped files" if path.startswith("/") else "other (" + path + ")"


def composition(pid: int) -> dict[str, float]:
    """A process's resident memory in MB by kind of mapping."""
    sizes: dict[str, float] = defaultdict(float)
    kind = ANONYMOUS
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if _MAPPING.match(line):
            fields = line.split(maxsplit=5)
            kind = kind_of(fields[5].strip() if len(fields) > 5 else "")
        elif line.startswith("Rss:"):
            sizes[kind] += int(line.split()[1]) / 1024
    return sizes


def shown_composition(sizes: dict[str, float], libraries: int = 5) -> str:
    """The anonymous memory, the largest shared libraries, the rest of them together."""
    libs = sorted(
        ((s, k) for k, s in sizes.items() if k.startswith("shared library")), reverse=True
    )
    parts = [f"{ANONYMOUS.split(' (')[0]} {sizes.get(ANONYMOUS, 0):.0f}"]
    parts += [
        f"{kind.removeprefix('shared library ')} {size:.1f}" for size, kind in libs[:libraries]
    ]
    parts.append(
        f"{len(libs) - libraries} other libraries {sum(s for s, _ in libs[libraries:]):.0f}"
    )
    rest = sum(s for k, s in sizes.items() if k != ANONYMOUS and not k.startswith("shared"))
    parts.append(f"stacks and other files {rest:.0f}")
    return ", ".join(parts)


def table(title: str, sizes: dict[str, int], top: int, counts: dict[str, int] | None = None) -> str:
    total = sum(sizes.values())
    lines = [f"  {title}: {total / MB:.1f} MB"]
    for package, size in sorted(sizes.items(), key=lambda item: -item[1])[:top]:
        count = f"  {counts[package]:4} modules" if counts else ""
        apart = "  (test client: not in the server)" if package in TEST_CLIENT else ""
        lines.append(f"    {package:28} {size / MB:6.1f} MB{count}{apart}")
    return "\n".join(lines)


def headline(sizes: dict[str, int], count: int) -> str:
    """The total and the ``count`` largest, in MB, for the summary table."""
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:count]
    shown = ", ".join(f"{package} {size / MB:.1f}" for package, size in largest)
    return f"{sum(sizes.values()) / MB:.0f} MB: {shown}"


def run(backend: str, url: str, steps: int, top: int) -> None:
    demo_env(url)
    done = subprocess.run(
        [sys.executable, "-m", "bench.memory_child", url, str(steps)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"the measured process failed:\n{done.stderr[-2000:]}")
    got: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    imports, held = got["imports"], got["held"]
    traced = got["traced"] / MB
    print(
        f"\n{backend}: Python memory after {got['steps']} API transitions in-process "
        f"({got['failed']} not 200): {traced:.1f} MB traced (this process's RSS "
        f"{got['rss_mb']:.0f} MB holds tracemalloc's own {got['tracemalloc_mb']:.0f} MB and the "
        "test client's; the server's RSS by kind is bench.over_http's)"
    )
    print(
        table(
            "kept by imports, by top-level package (own, not nested imports)",
            imports,
            top,
            got["modules"],
        )
    )
    print(
        table(
            "grown from the import to the end of the load, by the allocating code's package",
            held,
            top,
        )
    )
    print("  the lines whose allocations grew most:")
    for site, size in got["sites"]:
        print(f"    {size / MB:6.1f} MB  {site}")
    server = {k: v for k, v in imports.items() if k not in TEST_CLIENT}
    record("memory profile: Python memory kept by imports", backend, headline(server, 4))
    record("memory profile: grown building the app and serving", backend, headline(held, 3))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=300, help="API transitions (300)")
    parser.add_argument("--top", type=int, default=12, help="rows shown per table (12)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    args = parser.parse_args(argv)
    each_backend(args.backend, lambda label, url: run(label, url, args.steps, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
