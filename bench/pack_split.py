"""Where the anev PDF's time goes: reading the month's statistics (the SQL, as the page reads
them), filling the template (HTML) and WeasyPrint's rendering of it, each the median of
``runs`` in milliseconds, for the same supervisors' areas as :mod:`bench.statistics`."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from mediasi.accounts.actor import SYSTEM
from mediasi.accounts.models import Area, User
from mediasi.anev.document import pack_html
from mediasi.anev.pack import AnevPacks
from mediasi.db.base import utcnow
from mediasi.i18n import timezone
from mediasi.pdf import render_pdf
from mediasi.runtime import Runtime
from mediasi.statistics.service import StatisticsService


def _median(samples: list[float]) -> float:
    return sorted(samples)[len(samples) // 2]


def _took(step: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = step()
    return result, (time.perf_counter() - started) * 1000


def pack_split(runtime: Runtime, users: dict[str, str], month: str, runs: int) -> list[str]:
    """A line per supervisor: the pack's SQL, HTML and PDF times (after one warm-up run)."""
    lines = []
    for who, username in users.items():
        times: dict[str, list[float]] = {"SQL": [], "HTML": [], "WeasyPrint": []}
        with runtime.sessions() as session:
            home = select(Area.code).join(User, User.area_id == Area.id)
            code = session.scalar(home.where(User.username == username))
            statistics = StatisticsService(session, runtime.workflows.registry, str(timezone()))
            packs = AnevPacks(statistics)
            for run in range(runs + 1):
                asked = {"area": code, "month": month}
                pack, read = _took(lambda: packs.pack(SYSTEM, asked, utcnow()))  # noqa: B023
                page, html = _took(lambda: pack_html(pack, runtime.settings.templates_dir))  # noqa: B023
                _, pdf = _took(lambda: render_pdf(page))  # noqa: B023
                session.rollback()  # the statistics' transaction settings end with it
                if run:
                    for name, ms in (("SQL", read), ("HTML", html), ("WeasyPrint", pdf)):
                        times[name].append(ms)
        parts = ", ".join(f"{name} {_median(ms):.0f}" for name, ms in times.items())
        lines.append(f"{who:7} anev PDF split (p50 ms): {parts}")
    return lines


def last_month(today: date) -> str:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"
