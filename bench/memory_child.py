"""The process :mod:`bench.memory` measures: the app's Python memory after a load, by who holds it.

Before anything else it starts tracemalloc and a finder that wraps each module's
``exec_module``, so that the memory a module's import kept (its code, classes, tables; not that
of the modules it imported in turn) is counted for its top-level package. Then it builds the
app once, as a worker does, and fires the API steps of :mod:`bench.steps` on a new case,
and prints one JSON document: what the imports kept by package, what the memory grew by from
the app's import to the end of the load by the package whose code allocated it (one frame: a
module imported late counts for its importer there) and the lines that grew most, the totals
and this process's RSS.

It imports only the standard library at the top: what it imports later is what is measured.
Run by :mod:`bench.memory` as ``python -m bench.memory_child URL STEPS``.
"""

from __future__ import annotations

import gc
import json
import sys
import sysconfig
import tracemalloc
import zipimport
from collections import defaultdict
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import Any, cast

STDLIB = sysconfig.get_paths()["stdlib"] + "/"
SITES = 10  # the lines that allocated most of the growth, shown


class ImportMemory:
    """A finder that finds nothing itself: it lets the others find a module, then measures the
    traced memory its loader's ``exec_module`` kept, less what the imports nested in it kept."""

    def __init__(self) -> None:
        self.kept: dict[str, int] = defaultdict(int)
        self.modules: dict[str, int] = defaultdict(int)
        self._nested: list[int] = []

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = None if finder is self or find is None else find(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        # A loader made for this module alone (not a class, not a zip archive's shared one).
        if not isinstance(loader, type | zipimport.zipimporter | None) and hasattr(
            loader, "exec_module"
        ):
            loader.exec_module = self._measured(loader.exec_module, name)
        return cast(ModuleSpec, spec)

    def _measured(
        self, exec_module: Callable[[ModuleType], None], name: str
    ) -> Callable[[ModuleType], None]:
        top = name.split(".")[0]

        def measured(module: ModuleType) -> None:
            before = tracemalloc.get_traced_memory()[0]
            self._nested.append(0)
            try:
                exec_module(module)
            finally:
                nested = self._nested.pop()
                kept = tracemalloc.get_traced_memory()[0] - before
                if self._nested:
                    self._nested[-1] += kept
                self.kept[top] += kept - nested
                self.modules[top] += 1

        return measured


def owner(path: str) -> str:
    """The installed package, mediasi or the stdlib module whose code is at ``path``."""
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/")[0].removesuffix(".py")
    if "/mediasi/" in path:
        return "mediasi"
    if path.startswith(STDLIB):
        return "stdlib " + path[len(STDLIB) :].split("/")[0].removesuffix(".py")
    return path or "unknown"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def by_owner(snapshot: tracemalloc.Snapshot) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    for statistic in snapshot.statistics("filename"):
        sizes[owner(statistic.traceback[0].filename)] += statistic.size
    return sizes


def main(url: str, steps: int) -> dict[str, Any]:
    from mediasi.server_memory import give_back_large_blocks

    give_back_large_blocks()  # as ``mediasi serve`` does before its workers start
    tracemalloc.start()
    imports = ImportMemory()
    sys.meta_path.insert(0, imports)

    import mediasi.app  # noqa: F401  (the app's modules, measured apart from its build)
    from bench.steps import stepper

    gc.collect()
    after_import = tracemalloc.take_snapshot()
    imported = by_owner(after_import)
    step, close = stepper(url)
    statuses = [step() for _ in range(steps)]
    gc.collect()
    last = tracemalloc.take_snapshot()
    end = by_owner(last)
    sites = [
        (
            f"{d.traceback[0].filename.split('site-packages/')[-1]}:{d.traceback[0].lineno}",
            d.size_diff,
        )
        for d in last.compare_to(after_import, "lineno")[:SITES]
    ]
    traced, _ = tracemalloc.get_traced_memory()
    rss, overhead = rss_mb(), tracemalloc.get_tracemalloc_memory() / 2**20
    close()
    sys.meta_path.remove(imports)
    grown = {name: size - imported.get(name, 0) for name, size in end.items()}
    return {
        "steps": steps,
        "failed": sum(status != 200 for status in statuses),
        "imports": dict(imports.kept),
        "modules": dict(imports.modules),
        "held": {name: size for name, size in grown.items() if size > 0},
        "sites": sites,
        "traced": traced,
        "rss_mb": rss,
        "tracemalloc_mb": overhead,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]))))
