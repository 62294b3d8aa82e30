"""Why a transition cannot fire, in words a person can act on (Bahasa Indonesia and English)."""

from __future__ import annotations

from collections.abc import Sequence

from mediasi.errors import Conflict, FieldErrors, Forbidden, Unprocessable
from mediasi.i18n import Translatable, _

__all__ = ["FieldErrors", "GuardFailed", "RoleNotAllowed", "UnknownTrigger"]


class UnknownTrigger(Conflict):
    """The trigger does not leave the case's current state (or does not exist)."""

    def __init__(self, trigger: str, state: str) -> None:
        super().__init__(
            _(
                "Langkah '%(trigger)s' tidak tersedia dari status '%(state)s'.",
                trigger=trigger[:60],
                state=state,
            )
        )
        self.trigger = trigger
        self.state = state


class RoleNotAllowed(Forbidden):
    """The user's role may not fire this trigger."""

    def __init__(self, trigger: str, role: str) -> None:
        super().__init__(
            _(
                "Peran '%(role)s' tidak berwenang menjalankan langkah '%(trigger)s'.",
                role=role,
                trigger=trigger,
            )
        )


class GuardFailed(Unprocessable, title="Conditions not met"):
    """One or more named conditions do not hold; each message says which."""

    def __init__(self, failures: Sequence[tuple[str, Translatable]]) -> None:
        super().__init__(*(message for _name, message in failures))
        self.guards = [name for name, _message in failures]
