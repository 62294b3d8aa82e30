"""Where one transition's time goes: the API step (escalate / return_escalation on the demo's
database) run in-process through the app the server runs, under yappi, which follows every
thread (the event loop and the worker threads the handlers run in).

The CPU time of each function itself (not of what it calls) is summed by the layer its code
belongs to: the database driver, SQLAlchemy's ORM and its Core, advanced-alchemy, Litestar,
validation, the workflow engine, mediasi's own code, threads and async. The test client's own
work is counted apart and left out of the shares, since production has no test client. It
prints each layer's CPU ms per transition and share, then the functions that cost most.
The profiler itself makes every call dearer (a transition costs about three times its plain
CPU under it), so read the shares, not the milliseconds.

Run: ``.venv/bin/python -m bench.profile [--steps 300] [--backend both]``.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from typing import Any

import yappi

from bench.databases import each_backend
from bench.demo import demo_env
from bench.steps import stepper
from bench.summary import record

#: A function's layer: the first of these whose marker is in its file's path or its name.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "test client (not in production)",
        ("litestar/testing", "/httpx/", "/httpcore/", "http/cookiejar", "urllib/request"),
    ),
    ("database driver", ("/psycopg/", "/psycopg_pool/", "sqlite3")),
    ("SQLAlchemy ORM", ("sqlalchemy/orm/",)),
    ("SQLAlchemy Core (SQL, engine, pool)", ("/sqlalchemy/",)),
    ("advanced-alchemy", ("/advanced_alchemy/",)),
    ("Litestar (routing, middleware, DI)", ("/litestar/",)),
    ("validation and JSON (pydantic, msgspec)", ("/pydantic", "/msgspec/", "msgspec.")),
    ("templates (Jinja2)", ("/jinja2/", "/markupsafe/")),
    ("workflow engine (transitions)", ("/transitions/",)),
    ("mediasi", ("/mediasi/",)),
    (
        "threads and async",
        (
            "/anyio/",
            "/asyncio/",
            "threading.py",
            "/concurrent/",
            "_thread",
            "epoll",
            "selectors",
            "_queue",
        ),
    ),
    ("hashing and crypto", ("hashlib", "hmac", "_hashlib", "/itsdangerous/", "/argon2/")),
)
DRIVER, ASYNC = LAYERS[1][0], LAYERS[10][0]
OTHER = "other (stdlib, logging, typing …)"


def layer_of(path: str, name: str) -> str:
    where = f"{path} {name}"
    return next((layer for layer, marks in LAYERS if any(m in where for m in marks)), OTHER)


def layers(functions: list[Any]) -> dict[str, float]:
    """CPU seconds by layer, each function's own time. A builtin's own time (``isinstance``,
    ``dict.get`` …) is shared among the layers that called it, in proportion to the time each
    spent in it; the driver's own C calls and the event loop's poll keep their layer."""
    by_layer: dict[str, float] = defaultdict(float)
    callers: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for function in functions:
        caller = layer_of(function.module, function.full_name)
        for child in function.children:
            if child.builtin:
                callers[child.full_name].append((caller, child.ttot))
    for function in functions:
        own = layer_of(function.module, function.full_name)
        edges = callers.get(function.full_name, [])
        spent = sum(seconds for _, seconds in edges)
        if not function.builtin or own in (DRIVER, ASYNC) or spent <= 0:
            by_layer[own] += function.tsub
            continue
        for layer, seconds in edges:
            by_layer[layer] += function.tsub * seconds / spent
    return by_layer


def run(backend: str, url: str, steps: int, top: int) -> None:
    demo_env(url)
    step, close = stepper(url)
    try:
        for _ in range(20):  # warm: caches, statements, first connections
            step()
        yappi.set_clock_type("cpu")
        yappi.clear_stats()
        yappi.start(builtins=True, profile_threads=True)
        statuses = [step() for _ in range(steps)]
        yappi.stop()
    finally:
        close()
    failed = sum(status != 200 for status in statuses)
    functions: list[Any] = list(yappi.get_func_stats())
    yappi.clear_stats()
    by_layer = layers(functions)
    client = by_layer.pop(LAYERS[0][0], 0.0)
    server = sum(by_layer.values())
    print(f"\n{backend}: {steps} API transitions ({failed} not 200), CPU per transition")
    print(
        f"  server {server / steps * 1000:.2f} ms; test client apart {client / steps * 1000:.2f} ms"
    )
    ranked = sorted(by_layer.items(), key=lambda item: -item[1])
    for layer, seconds in ranked:
        print(f"  {layer:42} {seconds / steps * 1000:6.2f} ms  {seconds / server:6.1%}")
    print(f"  the {top} functions with the most CPU of their own:")
    costly = sorted(
        (f for f in functions if layer_of(f.module, f.full_name) != LAYERS[0][0]),
        key=lambda f: -f.tsub,
    )
    for function in costly[:top]:
        print(
            f"    {function.tsub / steps * 1000:6.3f} ms {function.ncall / steps:6.1f} calls  "
            f"{function.full_name[-90:]}"
        )
    shares = ", ".join(
        f"{layer.split(' (')[0]} {seconds / server:.0%}" for layer, seconds in ranked[:4]
    )
    record("profile: CPU of one API transition", backend, server / steps * 1000, " ms", note=shares)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--steps", type=int, default=300, help="profiled transitions (300)")
    parser.add_argument("--top", type=int, default=15, help="costliest functions shown (15)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    each_backend(args.backend, lambda label, url: run(label, url, args.steps, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
