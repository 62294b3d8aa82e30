"""The log-only channel: records each message and sends nothing (the default for ``make run``).

The demo and a deployment without a provider still show every message in the delivery log;
the log line names the recipient masked, as every log line does.
"""

from __future__ import annotations

import logging

from mediasi.i18n import _
from mediasi.notifications.channels.base import ANY, ChannelStatus, Outgoing, Sent
from mediasi.notifications.masking import mask

log = logging.getLogger("mediasi.notifications.log")


class LogChannel:
    name = "log"
    reaches = ANY

    def send(self, message: Outgoing) -> Sent:
        log.info(
            "message %s (%s) to %s: %s",
            message.id,
            message.kind,
            mask(message.address),
            message.text,
        )
        return Sent(provider_id=f"log-{message.id}")

    def status(self) -> ChannelStatus:
        return ChannelStatus(
            self.name, _("telepon atau email"), {"sends": _("tidak ada (hanya dicatat)")}
        )
