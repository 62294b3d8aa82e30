"""What every printed police letter shares: the letterhead (kop) from the area tree, the place
it is dated at and the local day it is dated on. The agreement's package holds it because it
holds the printed documents' Jinja2 environment; the restorative justice pack and the Problem
Solving report both read it."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy.orm import Session

from mediasi.accounts.models import Area
from mediasi.i18n import format_datetime

TOP = "KEPOLISIAN NEGARA REPUBLIK INDONESIA"

_UNITS = {
    "polda": ("Polda ", "DAERAH "),
    "polres": ("Polres ", "RESOR "),
    "polsek": ("Polsek ", "SEKTOR "),
}


def kop_line(level: str, area_name: str) -> str:
    """A unit as a police letterhead names it: the Polres 'Polres Malang' (or 'Malang') is
    'RESOR MALANG'."""
    short, full = _UNITS.get(level, ("", ""))
    name = area_name[len(short) :] if short and area_name.startswith(short) else area_name
    return (full + name).upper()


def area_chain(session: Session, desa_id: UUID) -> list[Area]:
    """A desa and every node above it, the desa first."""
    chain: list[Area] = []
    area = session.get(Area, desa_id)
    while area is not None:
        chain.append(area)
        area = session.get(Area, area.parent_id) if area.parent_id else None
    return chain


def kop_lines(chain: list[Area]) -> list[str]:
    """The letterhead of a desa's Polsek: the national police, then each unit from the top
    down to the Polsek (the desa itself is no unit)."""
    return [TOP, *(kop_line(a.level, a.name) for a in reversed(chain[1:]))]


def short_name(area_name: str) -> str:
    """'Polsek Kepanjen' → 'Kepanjen' (the place a letter is dated at)."""
    return area_name.split(" ", 1)[1] if area_name.startswith("Pol") else area_name


def local_date(moment: datetime) -> date:
    """The day a moment falls on, on the deployment's clock."""
    return date.fromisoformat(format_datetime(moment, "id", "yyyy-MM-dd"))
