"""The roles a user can hold, and the system actor that fires deadline expiries."""

from __future__ import annotations

from enum import StrEnum

from mediasi.i18n import Message, _


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    TOKOH = "tokoh"
    ADMIN = "admin"
    SYSTEM = "system"


# A role in words, wherever a person or an event's author is shown by their role.
ROLE_LABELS: dict[str, Message] = {
    Role.OFFICER: _("Bhabinkamtibmas"),
    Role.SUPERVISOR: _("Pengawas"),
    Role.TOKOH: _("Tokoh masyarakat"),
    Role.ADMIN: _("Admin"),
    Role.SYSTEM: _("Sistem"),
}


class AreaLevel(StrEnum):
    POLDA = "polda"
    POLRES = "polres"
    POLSEK = "polsek"
    DESA = "desa"


AREA_LEVEL_ORDER = [AreaLevel.POLDA, AreaLevel.POLRES, AreaLevel.POLSEK, AreaLevel.DESA]
