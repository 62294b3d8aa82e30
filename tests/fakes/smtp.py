"""A real SMTP server on localhost (aiosmtpd): it keeps what arrives, refuses ``nobody@``
for good and ``busy@`` for now, and takes one login, as a mail relay of a unit would."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope

SMTP_USER = "mediasi"
SMTP_PASSWORD = "smtp-pass-never-shown"


class Inbox:
    def __init__(self) -> None:
        self.mails: list[Envelope] = []

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        self.mails.append(envelope)
        return "250 OK"

    async def handle_RCPT(
        self, server: object, session: object, envelope: Envelope, address: str, options: object
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user"
        if address.startswith("busy@"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _auth(
    server: object, session: object, envelope: object, mechanism: str, auth: object
) -> AuthResult:
    ok = (
        getattr(auth, "login", None) == SMTP_USER.encode()
        and getattr(auth, "password", None) == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok)


def _free_port() -> int:
    with socket.socket() as probe:  # the controller's ready check cannot use port 0
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running(tls_context: ssl.SSLContext | None = None) -> Iterator[tuple[Inbox, int]]:
    """The server on a free port; with ``tls_context`` it requires STARTTLS and a login."""
    inbox = Inbox()
    port = _free_port()
    options: dict[str, Any] = (
        {"tls_context": tls_context, "require_starttls": True, "auth_required": True}
        if tls_context
        else {"auth_require_tls": False}
    )
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_auth, **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
