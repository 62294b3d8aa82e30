"""What every channel adapter is: it sends one message and says how that went."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from mediasi.i18n import Message, _

PHONE = "phone"
EMAIL = "email"
ANY = "any"  # the log channel records whatever address there is


@dataclass(frozen=True)
class Outgoing:
    """A message as a channel sees it; ``params`` are the template's values, in order."""

    id: UUID
    kind: str
    address: str
    subject: str
    text: str
    params: dict[str, Any]
    language: str


@dataclass(frozen=True)
class Sent:
    """Accepted by the provider; ``provider_id`` ties later status callbacks to the message."""

    provider_id: str | None = None


class SendFailed(Exception):
    """Not sent. ``permanent``: retrying cannot help (an invalid number, a rejected template)."""

    def __init__(self, reason: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason[:1000]
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True)
class ChannelStatus:
    """For the admin page: what is set, with every secret only ever said to be set or not."""

    name: str
    reaches: Message
    settings: dict[str, str | Message] = field(default_factory=dict)


class Channel(Protocol):
    name: str
    reaches: str  # PHONE, EMAIL or ANY: the kind of address it needs

    def send(self, message: Outgoing) -> Sent: ...

    def status(self) -> ChannelStatus: ...


SET = _("diisi")
NOT_SET = _("belum diisi")


def secret(value: str | None) -> Message:
    """How a secret appears anywhere a person can read: set or not, never its value."""
    return SET if value else NOT_SET


def shown(value: str | None) -> str | Message:
    """A setting that is no secret: its value, or that it is not set."""
    return value or NOT_SET
