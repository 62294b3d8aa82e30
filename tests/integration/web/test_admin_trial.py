"""The admin's test message, on both backends, through real local servers: it goes through
the outbox and the dispatcher like any message, its fate shows on the admin page (the
provider's reason when it fails), it is not held back by quiet hours, and a wrong channel,
number or address is refused beside its field with nothing queued."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select

from mediasi.app import create_app
from mediasi.db.base import utcnow
from mediasi.notifications.channels.registry import channels_from
from mediasi.notifications.dispatcher import DispatchReport
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.fakes import smtp as smtp_fake
from tests.fakes import whatsapp
from tests.fakes.smtp import SMTP_PASSWORD, SMTP_USER, Inbox
from tests.fakes.whatsapp import PHONE_ID, TOKEN, FakeWhatsApp
from tests.integration.web.conftest import Web, field_error

RESULT = re.compile(r"/admin/notifications/trial/([0-9a-f-]{36})")


# The servers and the app serve the whole module (per backend); each test starts them empty.
@pytest.fixture(scope="module")
def fake() -> Iterator[FakeWhatsApp]:
    with whatsapp.running() as server:
        yield server


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Inbox, int]]:
    with smtp_fake.running() as server:
        yield server


@pytest.fixture(scope="module")
def configured(migrated: Runtime, fake: FakeWhatsApp, mailbox: tuple[Inbox, int]) -> Runtime:
    """WhatsApp, email and log, each pointed at its local server; quiet hours *now* (the two
    hours from the module's start)."""
    runtime = migrated
    hour = utcnow().astimezone(LOCAL_TZ).hour
    settings = runtime.settings.model_copy(
        update={
            "notify_channels": ("whatsapp", "email", "log"),
            "whatsapp_api_url": fake.url,
            "whatsapp_token": TOKEN,
            "whatsapp_phone_id": PHONE_ID,
            "smtp_url": f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{mailbox[1]}",
            "smtp_from": "mediasi <noreply@polsek.example>",
            "notify_quiet_start": hour,
            "notify_quiet_end": (hour + 2) % 24,
        }
    )
    return dataclasses.replace(runtime, settings=settings, channels=channels_from(settings))


@pytest.fixture(scope="module")
def app(configured: Runtime) -> Litestar:
    return create_app(runtime=configured)


@pytest.fixture
def web(
    app: Litestar, world: World, fake: FakeWhatsApp, mailbox: tuple[Inbox, int]
) -> Iterator[Web]:
    fake.requests.clear()
    fake.faults.clear()
    mailbox[0].mails.clear()
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Web(client)


def send(web: Web, **fields: str) -> str:
    """Post the test form as an admin; the id of the message it queued."""
    web.login_as("admin")
    response = web.post("/admin/notifications/trial", fields)
    assert response.status_code == 303, response.text
    found = RESULT.search(response.headers["location"])
    assert found is not None
    return found.group(1)


def dispatch(configured: Runtime) -> DispatchReport:
    return configured.dispatcher().run()


def result(web: Web, message_id: str, *, htmx: bool = False) -> str:
    url = f"/admin/notifications/trial/{message_id}"
    response = web.get(url, htmx=htmx)
    assert response.status_code == 200
    return response.text


def messages(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Message)) or 0)


def test_a_whatsapp_test_goes_now_even_in_quiet_hours_and_shows_it_was_sent(
    web: Web, configured: Runtime, fake: FakeWhatsApp
) -> None:
    message_id = send(web, channel="whatsapp", phone="0812-3456-7890")
    waiting = result(web, message_id)
    assert "Antre" in waiting
    assert 'hx-trigger="load delay:2s"' in waiting  # the page asks again until it is known
    assert "0812****7890" in waiting
    assert "+6281234567890" not in waiting

    assert dispatch(configured).sent == 1

    assert fake.requests[0]["to"] == "6281234567890"
    assert fake.requests[0]["template"]["name"] == "mediasi_test"
    done = result(web, message_id, htmx=True)
    assert done.strip().startswith('<div id="trial">')  # only the block, for the poll
    assert "Terkirim" in done
    assert "hx-trigger" not in done


def test_a_refused_test_shows_the_providers_reason(
    web: Web, configured: Runtime, fake: FakeWhatsApp
) -> None:
    fake.faults.append(whatsapp.UNDELIVERABLE)
    message_id = send(web, channel="whatsapp", phone="081234567890")
    assert dispatch(configured).failed == 1
    page = result(web, message_id)
    assert "Gagal" in page
    assert "131026" in page


def test_an_email_test_arrives_in_the_mailbox(
    web: Web, configured: Runtime, mailbox: tuple[Inbox, int]
) -> None:
    message_id = send(web, channel="email", email="Admin@Polsek.Example")
    assert dispatch(configured).sent == 1
    inbox, _ = mailbox
    [mail] = inbox.mails
    assert mail.rcpt_tos == ["Admin@polsek.example"]
    assert b"Pesan uji" in (mail.content or b"")
    assert "Terkirim" in result(web, message_id)


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        pytest.param({"channel": "sms"}, "channel", "Saluran ini tidak aktif di sini.", id="off"),
        pytest.param({"channel": ""}, "channel", "Terlalu pendek.", id="no-channel"),
        pytest.param(
            {"channel": "whatsapp", "phone": ""},
            "phone",
            "Saluran ini mengirim ke nomor telepon; isi nomornya.",
            id="no-phone",
        ),
        pytest.param(
            {"channel": "email", "phone": "081234567890"},
            "email",
            "Saluran ini mengirim ke email; isi alamatnya.",
            id="no-email",
        ),
        pytest.param(
            {"channel": "log"}, "phone", "Isi nomor telepon atau alamat email.", id="nothing"
        ),
        pytest.param(
            {"channel": "whatsapp", "phone": "nomor saya"},
            "phone",
            "Nomor telepon tidak dikenali; tulis seperti 0812-3456-7890.",
            id="bad-phone",
        ),
        pytest.param(
            {"channel": "email", "email": "admin@"},
            "email",
            "Alamat email tidak dikenali; tulis seperti nama@contoh.id.",
            id="bad-email",
        ),
        pytest.param(
            {"channel": "email", "email": "a" * 300 + "@polsek.example"},
            "email",
            "Terlalu panjang.",
            id="oversized-email",
        ),
        pytest.param(
            {"channel": "whatsapp\x00", "phone": "081234567890"},
            "channel",
            "Mengandung karakter yang tidak sah.",
            id="nul",
        ),
        pytest.param(
            {"channel": "log", "phone": "9" * 5000},
            "phone",
            "Nomor telepon tidak dikenali; tulis seperti 0812-3456-7890.",
            id="huge-number",
        ),
    ],
)
def test_a_wrong_test_form_is_refused_beside_its_field_and_queues_nothing(
    web: Web, configured: Runtime, fields: dict[str, str], field: str, expected: str
) -> None:
    web.login_as("admin")
    response = web.post("/admin/notifications/trial", fields)
    assert response.status_code == 422
    assert field_error(response.text, field) == expected
    assert "pesan uji belum dikirim" in response.text
    assert messages(configured) == 0


@pytest.mark.parametrize("username", ["officer", "supervisor", "tokoh"])
def test_only_an_admin_may_send_a_test(web: Web, configured: Runtime, username: str) -> None:
    web.login_as(username)
    response = web.post("/admin/notifications/trial", {"channel": "log", "phone": "081234567890"})
    assert response.status_code == 403
    assert messages(configured) == 0


def test_the_result_page_shows_test_messages_only(web: Web, configured: Runtime) -> None:
    web.login_as("admin")
    assert (
        web.get(f"/admin/notifications/trial/{'0' * 8}-0000-0000-0000-{'0' * 12}").status_code
        == 404
    )
    assert web.get("/admin/notifications/trial/not-a-uuid").status_code in (400, 404)


def test_a_test_message_is_due_at_once(web: Web, configured: Runtime) -> None:
    message_id = send(web, channel="log", phone="081234567890")
    with configured.sessions() as session:
        row = session.scalars(select(Message).where(Message.kind == "test")).one()
        assert str(row.id) == message_id
        assert row.next_attempt_at <= utcnow() + timedelta(seconds=1)
        assert row.case_id is None
