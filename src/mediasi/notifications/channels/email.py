"""Email over SMTP with the standard library: STARTTLS when the server offers it (required
with ``?starttls=required``), implicit TLS with ``smtps://``, login when a user is given.

The Message-ID is built from our message id, so a retry after a dispatcher died mid-send
carries the same id and a duplicate is recognisable.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from mediasi.config import Settings
from mediasi.i18n import _
from mediasi.notifications.channels.base import (
    EMAIL,
    ChannelStatus,
    Outgoing,
    SendFailed,
    Sent,
    secret,
    shown,
)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


class EmailChannel:
    name = "email"
    reaches = EMAIL

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        url = urlsplit(settings.smtp_url or "")
        self.implicit_tls = url.scheme == "smtps"
        self.host = url.hostname or "localhost"
        self.port = url.port or (465 if self.implicit_tls else 587)
        self.user = unquote(url.username) if url.username else None
        self.password = unquote(url.password) if url.password else None
        self.starttls_required = parse_qs(url.query).get("starttls") == ["required"]

    def compose(self, message: Outgoing) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.settings.smtp_from
        mail["To"] = message.address
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = f"<{message.id}@mediasi>"
        mail.set_content(message.text, charset="utf-8")
        return mail

    def _connect(self) -> smtplib.SMTP:
        timeout = self.settings.notify_timeout_seconds
        context = ssl.create_default_context()
        if self.implicit_tls:
            return smtplib.SMTP_SSL(self.host, self.port, timeout=timeout, context=context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=timeout)
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
        elif self.starttls_required:
            smtp.close()
            raise SendFailed("the SMTP server does not offer STARTTLS", permanent=False)
        return smtp

    def send(self, message: Outgoing) -> Sent:
        try:
            with self._connect() as smtp:
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(self.compose(message))
        except smtplib.SMTPRecipientsRefused as exc:
            code, refused = next(iter(exc.recipients.values()))
            raise SendFailed(f"SMTP {code}: {_text(refused)}", permanent=code >= 500) from None
        except smtplib.SMTPResponseException as exc:
            reply = _text(exc.smtp_error)
            raise SendFailed(
                f"SMTP {exc.smtp_code}: {reply}", permanent=exc.smtp_code >= 500
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise SendFailed(
                f"SMTP server unreachable: {type(exc).__name__}", permanent=False
            ) from None
        return Sent(provider_id=f"<{message.id}@mediasi>")

    def status(self) -> ChannelStatus:
        return ChannelStatus(
            self.name,
            _("email"),
            {
                "server": f"{'smtps' if self.implicit_tls else 'smtp'}://{self.host}:{self.port}",
                "tls": _("TLS sejak awal")
                if self.implicit_tls
                else (_("STARTTLS wajib") if self.starttls_required else _("STARTTLS bila ada")),
                "user": shown(self.user),
                "password": secret(self.password),
                "from": self.settings.smtp_from,
            },
        )
