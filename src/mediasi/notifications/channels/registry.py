"""The channels a deployment has, built once from the settings.

Each adapter is imported only when the settings name its channel: the WhatsApp and SMS ones
bring httpx (6 MB and a tenth of a second in every worker), which a deployment that does not
send through them never needs."""

from __future__ import annotations

from mediasi.config import Settings
from mediasi.notifications.channels.base import Channel
from mediasi.notifications.channels.log import LogChannel


def channels_from(settings: Settings) -> dict[str, Channel]:
    """Every channel named in ``MEDIASI_NOTIFY_CHANNELS``, by name."""
    built: dict[str, Channel] = {}
    for name in settings.notify_channels:
        if name == "log":
            built[name] = LogChannel()
        elif name == "whatsapp":
            from mediasi.notifications.channels.whatsapp import WhatsAppChannel

            built[name] = WhatsAppChannel(settings)
        elif name == "sms":
            from mediasi.notifications.channels.sms import SmsChannel

            built[name] = SmsChannel(settings)
        elif name == "email":
            from mediasi.notifications.channels.email import EmailChannel

            built[name] = EmailChannel(settings)
    return built
