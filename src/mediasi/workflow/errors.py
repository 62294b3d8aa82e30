"""Why a transition cannot fire, in words a person can act on (Bahasa Indonesia and English)."""

from __future__ import annotations

from mediasi.errors import Conflict, FieldErrors, Forbidden, Unprocessable
from mediasi.text import Text

__all__ = ["FieldErrors", "GuardFailed", "RoleNotAllowed", "UnknownTrigger"]


class UnknownTrigger(Conflict):
    """The trigger does not leave the case's current state (or does not exist)."""

    def __init__(self, trigger: str, state: str) -> None:
        super().__init__(
            Text(
                id=f"Langkah '{trigger[:60]}' tidak tersedia dari status '{state}'.",
                en=f"Step '{trigger[:60]}' is not available from state '{state}'.",
            )
        )
        self.trigger = trigger
        self.state = state


class RoleNotAllowed(Forbidden):
    """The user's role may not fire this trigger."""

    def __init__(self, trigger: str, role: str) -> None:
        super().__init__(
            Text(
                id=f"Peran '{role}' tidak berwenang menjalankan langkah '{trigger}'.",
                en=f"Role '{role}' may not take step '{trigger}'.",
            )
        )


class GuardFailed(Unprocessable):
    """One or more named conditions do not hold; each message says which."""

    title = "Conditions not met"

    def __init__(self, failures: list[tuple[str, Text]]) -> None:
        super().__init__(*(message for _, message in failures))
        self.guards = [name for name, _ in failures]
