"""The WhatsApp and email adapters against real local servers: what is sent, what a
provider's refusal becomes (permanent or retried), and that no secret is ever shown."""

from __future__ import annotations

import logging
import ssl
import subprocess
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from uuid import uuid4

import pytest

from mediasi.config import Settings
from mediasi.notifications.channels.base import Outgoing, SendFailed
from mediasi.notifications.channels.email import EmailChannel
from mediasi.notifications.channels.whatsapp import WhatsAppChannel
from tests.fakes import whatsapp
from tests.fakes.smtp import SMTP_PASSWORD, Inbox, running
from tests.fakes.whatsapp import PHONE_ID, TOKEN, FakeWhatsApp


def outgoing(address: str = "+6281234567890") -> Outgoing:
    return Outgoing(
        id=uuid4(),
        kind="session_scheduled",
        address=address,
        subject="Jadwal musyawarah perkara MED-1",
        text="mediasi: Musyawarah perkara MED-1 dijadwalkan 3 Des pukul 09.00 di Balai Desa.",
        params={"reference": "MED-1", "date": "3 Des", "time": "09.00", "place": "Balai Desa"},
        language="id",
    )


@pytest.fixture
def fake() -> Iterator[FakeWhatsApp]:
    with whatsapp.running() as server:
        yield server


def wa_channel(fake: FakeWhatsApp, timeout: float = 5) -> WhatsAppChannel:
    settings = Settings(
        notify_channels="whatsapp",  # type: ignore[arg-type]
        whatsapp_api_url=fake.url,
        whatsapp_token=TOKEN,
        whatsapp_phone_id=PHONE_ID,
        whatsapp_app_secret="app-secret-never-shown",
        notify_timeout_seconds=timeout,
    )
    return WhatsAppChannel(settings)


def test_whatsapp_sends_the_template_with_the_parameters_in_order(fake: FakeWhatsApp) -> None:
    message = outgoing()
    sent = wa_channel(fake).send(message)
    assert sent.provider_id
    assert sent.provider_id.startswith("wamid.")
    [body] = fake.requests
    assert body["to"] == "6281234567890"
    assert body["biz_opaque_callback_data"] == str(message.id)
    assert body["template"]["name"] == "mediasi_session_scheduled"
    texts = [p["text"] for p in body["template"]["components"][0]["parameters"]]
    assert texts == ["MED-1", "3 Des", "09.00", "Balai Desa"]


@pytest.mark.parametrize(
    ("fault", "permanent", "code"),
    [
        (whatsapp.UNDELIVERABLE, True, "131026"),
        (whatsapp.NO_TEMPLATE, True, "132001"),
        (whatsapp.RATE_LIMIT, False, "130429"),
        (whatsapp.SERVER_ERROR, False, "131000"),
    ],
)
def test_a_refusal_carries_the_provider_code_and_is_permanent_or_retried(
    fake: FakeWhatsApp, fault: tuple[int, dict[str, object]], permanent: bool, code: str
) -> None:
    fake.faults.append(fault)
    with pytest.raises(SendFailed) as failed:
        wa_channel(fake).send(outgoing())
    assert failed.value.permanent is permanent
    assert code in failed.value.reason
    if fault is whatsapp.RATE_LIMIT:
        assert failed.value.retry_after == 120


def test_a_slow_provider_is_a_timeout_to_retry(fake: FakeWhatsApp) -> None:
    fake.faults.append(1.0)
    with pytest.raises(SendFailed) as failed:
        wa_channel(fake, timeout=0.2).send(outgoing())
    assert not failed.value.permanent


def test_no_secret_in_status_or_logs(fake: FakeWhatsApp, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    channel = wa_channel(fake)
    channel.send(outgoing())
    shown = str(channel.status()) + caplog.text
    assert TOKEN not in shown
    assert "app-secret-never-shown" not in shown
    assert str(channel.status().settings["token"]) == "diisi"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with running() as server:
        yield server


def mail_channel(port: int) -> EmailChannel:
    return EmailChannel(
        Settings(
            notify_channels="email",  # type: ignore[arg-type]
            smtp_url=f"smtp://mediasi:{SMTP_PASSWORD}@127.0.0.1:{port}",
            smtp_from="mediasi <noreply@polsek.example>",
        )
    )


def test_email_arrives_with_a_stable_message_id_in_utf8(
    smtp: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    inbox, port = smtp
    message = outgoing("pak.darto@example.com")
    channel = mail_channel(port)
    channel.send(message)
    channel.send(message)  # a retry after a lost record: the same id, a duplicate to spot
    mails = [message_from_bytes(m.original_content or b"") for m in inbox.mails]
    assert [m["Message-ID"] for m in mails] == [f"<{message.id}@mediasi>"] * 2
    assert mails[0]["Subject"] == message.subject
    assert "Balai Desa" in mails[0].get_payload(decode=True).decode("utf-8")
    assert SMTP_PASSWORD not in str(channel.status()) + caplog.text


def test_refused_recipient_is_permanent_a_busy_one_is_retried(smtp: tuple[Inbox, int]) -> None:
    _, port = smtp
    with pytest.raises(SendFailed) as refused:
        mail_channel(port).send(outgoing("nobody@example.com"))
    assert refused.value.permanent
    assert "550" in refused.value.reason
    with pytest.raises(SendFailed) as busy:
        mail_channel(port).send(outgoing("busy@example.com"))
    assert not busy.value.permanent
    assert "451" in busy.value.reason


def test_starttls_required_refuses_a_server_without_it(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    channel = EmailChannel(
        Settings(
            notify_channels="email",  # type: ignore[arg-type]
            smtp_url=f"smtp://127.0.0.1:{port}?starttls=required",
        )
    )
    with pytest.raises(SendFailed) as failed:
        channel.send(outgoing("pak.darto@example.com"))
    assert "STARTTLS" in failed.value.reason
    assert not inbox.mails


@pytest.fixture
def tls_smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, int]]:
    """aiosmtpd requiring STARTTLS and authentication, with a certificate made for the test and
    trusted through ``SSL_CERT_FILE``, as a deployment with its own authority would."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with running(context) as server:
        yield server


def test_email_goes_over_starttls_with_login(tls_smtp: tuple[Inbox, int]) -> None:
    inbox, port = tls_smtp
    channel = EmailChannel(
        Settings(
            notify_channels="email",  # type: ignore[arg-type]
            smtp_url=f"smtp://mediasi:{SMTP_PASSWORD}@127.0.0.1:{port}?starttls=required",
        )
    )
    channel.send(outgoing("pak.darto@example.com"))
    assert [m.rcpt_tos for m in inbox.mails] == [["pak.darto@example.com"]]
