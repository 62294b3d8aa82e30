"""The admin "Notifikasi" page: channel status for the admin only, never a secret value."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from mediasi.app import create_app
from mediasi.notifications.channels.registry import channels_from
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Web

SECRET = "SECRET-TOKEN-123"


@pytest.fixture(scope="module")
def app(migrated: Runtime) -> Litestar:
    """An app whose WhatsApp channel is configured with a token the page must never show
    (one per backend for the module: each test opens its own client)."""
    runtime = migrated
    settings = runtime.settings.model_copy(
        update={
            "notify_channels": ("whatsapp", "log"),
            "whatsapp_token": SECRET,
            "whatsapp_phone_id": "PHONE-77",
        }
    )
    configured = dataclasses.replace(runtime, settings=settings, channels=channels_from(settings))
    return create_app(runtime=configured)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def web(client: TestClient[Litestar], world: World) -> Web:
    return Web(client)


def test_the_admin_sees_each_enabled_channel_and_no_secret(web: Web) -> None:
    page = web.login_as("admin").get("/admin/notifications")
    assert page.status_code == 200
    assert 'id="channel-whatsapp"' in page.text
    assert 'id="channel-log"' in page.text
    assert SECRET not in page.text


def test_the_admin_index_links_to_the_page(web: Web) -> None:
    assert "/admin/notifications" in web.login_as("admin").get("/admin").text


@pytest.mark.parametrize("username", ["officer", "supervisor", "tokoh"])
def test_no_one_but_the_admin_may_look(web: Web, username: str) -> None:
    assert web.login_as(username).get("/admin/notifications").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(web: Web) -> None:
    answer = web.get("/admin/notifications")
    assert answer.status_code in (302, 303)
    assert "login" in answer.headers["location"]


def _queue(runtime: Runtime, count: int) -> None:
    with runtime.sessions.begin() as session:
        outbox = Outbox(session, runtime.settings)
        for n in range(count):
            person = Recipient(RecipientKind.TEST, None, f"Orang {n}", phone="081234567890")
            outbox.enqueue("test", person, {"site": "Uji"}, dedupe=f"test:list:{n}")


def test_the_outbox_lists_messages_masked_filtered_and_paged(web: Web, runtime: Runtime) -> None:
    _queue(runtime, 30)
    admin = web.login_as("admin")
    first = admin.get("/admin/notifications").text
    assert first.count('class="message"') == 25
    assert "081234567890" not in first
    assert "+6281234567890" not in first
    assert admin.get("/admin/notifications?page=2").text.count('class="message"') == 5
    assert 'class="message"' not in admin.get("/admin/notifications?status=failed").text
    assert (
        'class="message"'
        not in admin.get("/admin/notifications?from=2000-01-01&to=2000-01-02").text
    )


@pytest.mark.parametrize(
    "query",
    [
        "status=nope",
        "from=2026-13-01",
        "to=kemarin",
        "to=9999-12-31",
        "from=0001-01-01",
        "page=-1",
        f"page={10**30}",
        "status=queued%00",
        "kind=%ff%fe",
        "status=queued&status=sent",
        "channel=" + "x" * 5000,
    ],
)
def test_a_wrong_query_is_answered_with_a_message_not_a_crash(web: Web, query: str) -> None:
    answer = web.login_as("admin").get(f"/admin/notifications?{query}")
    assert answer.status_code == 400
    # NUL bytes and invalid UTF-8 are refused before any page by the app's request check.
    assert "%00" in query or "%ff" in query or 'role="alert"' in answer.text
