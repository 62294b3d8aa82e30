"""The admin "Notifikasi" page: channel status for the admin only, never a secret value."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from mediasi.app import create_app
from mediasi.notifications.channels.registry import channels_from
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Web

SECRET = "SECRET-TOKEN-123"


@pytest.fixture
def app(runtime: Runtime) -> Litestar:
    """An app whose WhatsApp channel is configured with a token the page must never show."""
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
