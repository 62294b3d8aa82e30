"""Fixtures for the hardened web surface: a browser-like client per test on an app per
backend and a second browser on the same app (tests/writes.py proves that a refused request
wrote nothing).

The browser, database and case helpers are the page tests' own (tests/integration/web).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.accounts.models import WebSession
from mediasi.app import create_app
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Cases, Db, Web, app_of, local_input

CSRF_COOKIE = "mediasi_csrf"
SESSION_COOKIE = "mediasi_session"

# Re-exported for the security and authorisation tests.
__all__ = ["CSRF_COOKIE", "SESSION_COOKIE", "Cases", "Db", "Web", "local_input"]

# Attack strings a hostile reporter, party or admin might type into any text field.
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(1)">'
SVG = '"><svg onload=alert(1)>'
PAYLOADS = (SCRIPT, IMG, SVG)


_APPS: dict[tuple[int, bool, str | None], Litestar] = {}


def app_for(runtime: Runtime, *, https: bool = False, redis_url: str | None = None) -> Litestar:
    """The app over ``runtime`` (optionally served over HTTPS or with sessions in Redis),
    built once per backend and kind: building one takes a while."""
    if not https and redis_url is None:
        return app_of(runtime)  # the page tests' app: one per backend for the whole run
    key = (id(runtime), https, redis_url)
    if key not in _APPS:
        settings = runtime.settings.model_copy(update={"https": https, "redis_url": redis_url})
        variant = dataclasses.replace(runtime, settings=settings)
        _APPS[key] = create_app(runtime=variant if (https or redis_url) else runtime)
    return _APPS[key]


def new_app(runtime: Runtime) -> Litestar:
    """Another app process over the same database (a second node behind a load balancer)."""
    return create_app(runtime=runtime)


@pytest.fixture
def app(runtime: Runtime) -> Litestar:
    return app_for(runtime)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def web(client: TestClient[Litestar], world: World) -> Web:
    return Web(client)


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


@pytest.fixture
def cases(runtime: Runtime, world: World) -> Cases:
    return Cases(runtime, world)


@contextmanager
def another_browser(app: Litestar, **kwargs: Any) -> Iterator[Web]:
    """A second browser (its own cookies) on the same app."""
    with TestClient(app, raise_server_exceptions=False, **kwargs) as test_client:
        yield Web(test_client)


def session_keys(runtime: Runtime) -> set[str]:
    """The ids of the server-side sessions kept in the database."""
    with runtime.sessions() as session:
        return set(session.scalars(select(WebSession.key)))


class _Dom(HTMLParser):
    """Tags and attributes as a browser's parser sees them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def dom(html: str) -> _Dom:
    parser = _Dom()
    parser.feed(html)
    parser.close()
    return parser


def injections(html: str) -> list[str]:
    """What an injected payload would have added to the page: inline scripts, scripts from
    elsewhere, event-handler attributes, the payloads' <img src=x>."""
    found: list[str] = []
    parsed = dom(html)
    found.extend(f"inline script: {text[:60]!r}" for text in parsed.script_text)
    for tag, attrs in parsed.tags:
        if tag == "script" and not str(attrs.get("src") or "").startswith("/static/"):
            found.append(f"script src={attrs.get('src')!r}")
        if tag == "img" and attrs.get("src") == "x":
            found.append(f"<{tag}> element")
        found.extend(f"<{tag} {name}=…>" for name in attrs if name.startswith("on"))
    return found


def assert_escaped(html: str, *payloads: str) -> None:
    """No payload became markup, and each one is on the page as text."""
    assert injections(html) == []
    assert "<script>alert" not in html
    for payload in payloads:
        assert escaped(payload) in html, f"{payload!r} is not on the page as text"


def escaped(payload: str) -> str:
    """``payload`` as Jinja's autoescape writes it."""
    return (
        payload.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def field_message(html: str, field: str) -> str | None:
    """The message shown beside ``field`` (``<small class="error" id="err-<field>">``)."""
    match = re.search(
        rf'<small class="error" id="err-{re.escape(field)}">(.*?)</small>', html, re.DOTALL
    )
    return match.group(1).strip() if match else None
