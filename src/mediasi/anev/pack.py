"""What the monthly anev pack holds, gathered once for the PDF and the workbook alike: the
month's statistics as the statistics page reads them (no figure computed twice), the desa of
the area compared side by side, the month's escalations and the cases overdue now, and the
letterhead and signer of the area's unit.

The pack is the supervisor's evaluation of their officers, so only a supervisor asks for it
on the web (an officer reads their own desa on the statistics page); the command line asks
as the system, for any area by its code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area
from mediasi.accounts.roles import Role
from mediasi.agreements.letterhead import TOP, area_chain, kop_line, short_name
from mediasi.anev.lists import EscalationRow, Listing, OverdueRow, escalations, overdue
from mediasi.errors import FieldErrors, Forbidden, NotFound
from mediasi.i18n import _
from mediasi.statistics.breakdowns import UnitRow
from mediasi.statistics.figures import Statistics
from mediasi.statistics.scope import DESA
from mediasi.statistics.service import StatisticsService

READERS = frozenset({Role.SUPERVISOR, Role.SYSTEM})
SIGNERS = {"polsek": "Kapolsek", "polres": "Kasat Binmas Polres", "polda": "Dirbinmas Polda"}


@dataclass(frozen=True)
class Pack:
    month: str  # 2026-11
    area_code: str
    area_name: str
    kop: list[str]
    signer: str  # "Kapolsek Kepanjen"
    place: str  # where the pack is dated
    statistics: Statistics
    desa: list[UnitRow]
    escalations: Listing[EscalationRow]
    overdue: Listing[OverdueRow]
    made_at: datetime


def letterhead(chain: list[Area]) -> list[str]:
    """The kop of the area's own unit: the national police, then each unit down to it (a
    desa is no unit: its Polsek heads the pack)."""
    return [TOP, *(kop_line(a.level, a.name) for a in reversed(chain) if a.level != DESA)]


def signer_of(chain: list[Area]) -> tuple[str, str]:
    """(who signs, where it is dated): the head of the nearest unit, e.g. the Kapolsek."""
    unit = next((a for a in chain if a.level in SIGNERS), None)
    if unit is None:
        return "Kapolsek", chain[0].name if chain else "-"
    return f"{SIGNERS[unit.level]} {short_name(unit.name)}", short_name(unit.name)


class AnevPacks:
    def __init__(self, statistics: StatisticsService) -> None:
        self.statistics = statistics
        self.session = statistics.session

    def pack(self, actor: Actor, params: Mapping[str, Any], now: datetime) -> Pack:
        """The pack of ``month`` for ``area`` (default: the supervisor's own). Refuses a
        reader who is no supervisor (403), a wrong month (422), an area out of reach (404)."""
        if actor.role not in READERS:
            raise Forbidden(_("Paket anev hanya untuk pengawas."))
        asked = {"period": "month", "value": params.get("month"), "area": params.get("area")}
        try:
            answer = self.statistics.statistics(actor, asked, now)
        except FieldErrors as refused:  # the month is the statistics' value
            named = {"month" if k == "value" else k: e for k, e in refused.errors.items()}
            raise FieldErrors(named) from None
        stats = answer.statistics
        scope = stats.selection.scope
        if scope.area is None:  # no area named, and none of one's own
            raise NotFound(_("Wilayah itu tidak ditemukan di wilayah Anda."))
        chain = area_chain(self.session, scope.area.id)
        signer, place = signer_of(chain)
        period = stats.figures.period
        begins, ends = period.span(scope.zone)
        registry = self.statistics.registry
        return Pack(
            month=f"{period.start:%Y-%m}",
            area_code=scope.area.code,
            area_name=scope.area.name,
            kop=letterhead(chain),
            signer=signer,
            place=place,
            statistics=stats,
            desa=stats.desa,
            escalations=escalations(self.session, registry, stats.selection, begins, ends),
            overdue=overdue(self.session, registry, stats.selection, now),
            made_at=now,
        )
