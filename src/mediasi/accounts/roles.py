"""The roles a user can hold, and the system actor that fires deadline expiries."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    TOKOH = "tokoh"
    ADMIN = "admin"
    SYSTEM = "system"


class AreaLevel(StrEnum):
    POLDA = "polda"
    POLRES = "polres"
    POLSEK = "polsek"
    DESA = "desa"


AREA_LEVEL_ORDER = [AreaLevel.POLDA, AreaLevel.POLRES, AreaLevel.POLSEK, AreaLevel.DESA]
