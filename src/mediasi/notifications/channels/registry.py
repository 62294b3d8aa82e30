"""The channels a deployment has, built once from the settings."""

from __future__ import annotations

from mediasi.config import Settings
from mediasi.notifications.channels.base import Channel
from mediasi.notifications.channels.email import EmailChannel
from mediasi.notifications.channels.log import LogChannel
from mediasi.notifications.channels.sms import SmsChannel
from mediasi.notifications.channels.whatsapp import WhatsAppChannel


def channels_from(settings: Settings) -> dict[str, Channel]:
    """Every channel named in ``MEDIASI_NOTIFY_CHANNELS``, by name."""
    built: dict[str, Channel] = {}
    for name in settings.notify_channels:
        if name == "log":
            built[name] = LogChannel()
        elif name == "whatsapp":
            built[name] = WhatsAppChannel(settings)
        elif name == "sms":
            built[name] = SmsChannel(settings)
        elif name == "email":
            built[name] = EmailChannel(settings)
    return built
