"""Fixtures for the hardened web surface: a browser-like client per test on an app per
backend, a second browser on the same app, and a snapshot of every table to prove that a
refused request wrote nothing.

The helpers are kept here (rather than imported from tests/integration/web) so that these
tests do not change with the page tests' fixtures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select

from mediasi.accounts.models import WebSession
from mediasi.app import create_app
from mediasi.audit.models import Event
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.schemas import TokohInvite
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.db.models import metadata
from mediasi.mediation.models import MediationSession
from mediasi.mediation.schemas import SessionRecord
from mediasi.mediation.services import MediationService
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import PASSWORD, World
from tests.factories import PAYLOADS as STEP_PAYLOADS

CSRF_COOKIE = "mediasi_csrf"
SESSION_COOKIE = "mediasi_session"
HX = {"HX-Request": "true"}
_VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)">')

# Attack strings a hostile reporter, party or admin might type into any text field.
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(1)">'
SVG = '"><svg onload=alert(1)>'
PAYLOADS = (SCRIPT, IMG, SVG)


def local_input(moment: datetime) -> str:
    """A time as a ``datetime-local`` input sends it (local time, minutes)."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


class Web:
    """A browser of one person: cookies, the CSRF token, HTMX requests on demand."""

    def __init__(self, client: TestClient[Litestar]) -> None:
        self.client = client

    @property
    def csrf(self) -> str:
        token = self.client.cookies.get(CSRF_COOKIE)
        assert token, "no CSRF cookie yet; GET a page first"
        return token

    @property
    def session_cookie(self) -> str | None:
        return self.client.cookies.get(SESSION_COOKIE)

    def use_session_cookie(self, value: str) -> None:
        """Send ``value`` as the session cookie from now on (a replayed or planted id)."""
        self.client.cookies.delete(SESSION_COOKIE)
        host = httpx.URL(str(self.client.base_url)).host
        self.client.cookies.set(SESSION_COOKIE, value, domain=host, path="/")

    def get(self, url: str, *, htmx: bool = False, **kwargs: Any) -> httpx.Response:
        headers = {**(HX if htmx else {}), **kwargs.pop("headers", {})}
        return self.client.get(url, headers=headers, follow_redirects=False, **kwargs)

    def post(
        self, url: str, data: dict[str, Any] | None = None, *, htmx: bool = False
    ) -> httpx.Response:
        """A form post as the page sends it: the token in the form (and HX-Request if htmx)."""
        form = {"_csrf_token": self.csrf, **(data or {})}
        headers = HX if htmx else {}
        return self.client.post(url, data=form, headers=headers, follow_redirects=False)

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        page = self.client.get("/login", follow_redirects=False)
        assert page.status_code == 200, page.text[:300]
        return self.post("/login", {"username": username, "password": password})

    def login_as(self, username: str) -> Web:
        response = self.login(username)
        assert response.status_code == 303, response.text[:300]
        return self

    def case_page(self, case_id: UUID) -> httpx.Response:
        response = self.get(f"/cases/{case_id}")
        assert response.status_code == 200, response.text[:300]
        return response

    def version(self, case_id: UUID) -> int:
        """The version the case page's forms carry (what a browser sends back)."""
        found = {int(v) for v in _VERSION.findall(self.case_page(case_id).text)}
        assert len(found) == 1, found
        return found.pop()


class Db:
    """What a request left behind, read in a fresh session."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def case(self, case_id: UUID) -> Case:
        with self.runtime.sessions() as session:
            case = session.get(Case, case_id)
            assert case is not None
            return case

    def count(self, model: type[Any], **where: Any) -> int:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        with self.runtime.sessions() as session:
            return int(session.execute(query).scalar_one())

    def _all(self, model: type[Any], case_id: UUID, order: Any) -> list[Any]:
        with self.runtime.sessions() as session:
            return list(
                session.scalars(select(model).where(model.case_id == case_id).order_by(order))
            )

    def parties(self, case_id: UUID) -> list[Party]:
        return self._all(Party, case_id, Party.created_at)

    def events(self, case_id: UUID) -> list[Event]:
        return self._all(Event, case_id, Event.seq)

    def sessions(self, case_id: UUID) -> list[MediationSession]:
        return self._all(MediationSession, case_id, MediationSession.scheduled_at)

    def snapshot(self, case_id: UUID) -> tuple[Any, ...]:
        """Everything a write to the case could touch."""
        case = self.case(case_id)
        return (
            case.state,
            case.version,
            case.title,
            len(self.events(case_id)),
            sorted((p.role, p.name, p.nik, p.phone, p.address) for p in self.parties(case_id)),
            sorted(
                (str(t.tokoh_id), t.role) for t in self._all(CaseTokoh, case_id, CaseTokoh.role)
            ),
            sorted((s.status, s.place) for s in self.sessions(case_id)),
        )


class Cases:
    """Cases set up through the case service, so a test exercises only its own route."""

    def __init__(self, runtime: Runtime, world: World) -> None:
        self.runtime = runtime
        self.world = world

    def _service(self, session: Any) -> CaseService:
        return CaseService(session, self.runtime.workflows)

    def report(self, *, by: str = "officer", **overrides: Any) -> UUID:
        with self.runtime.sessions.begin() as session:
            return (
                self._service(session)
                .report(self.world.actor(by), self.world.report(**overrides))
                .id
            )

    def complaint(self, **overrides: Any) -> UUID:
        data = {"workflow": "pengaduan", "category": "ketertiban", "title": "Pemuda mabuk"}
        return self.report(**{**data, **overrides})

    def fire(self, case_id: UUID, trigger: str, *, by: str = "officer", **payload: Any) -> None:
        with self.runtime.sessions.begin() as session:
            version = session.get(Case, case_id).version
            self._service(session).fire(
                case_id,
                trigger,
                self.world.actor(by),
                {**STEP_PAYLOADS.get(trigger, {}), **payload},
                version,
            )

    def invite(self, case_id: UUID, tokoh_id: UUID | None = None) -> None:
        with self.runtime.sessions.begin() as session:
            version = session.get(Case, case_id).version
            self._service(session).invite_tokoh(
                case_id,
                self.world.actor("officer"),
                TokohInvite(tokoh_id=tokoh_id or self.world.tokoh_a1, role="mediator"),
                version,
            )

    def mediated(self) -> UUID:
        """A sengketa case assessed, with a mediator, and one session scheduled."""
        case_id = self.report()
        self.fire(case_id, "assess")
        self.invite(case_id)
        self.fire(case_id, "schedule_mediation")
        return case_id

    def record_session(self, case_id: UUID, outcome: str = "failed") -> None:
        with self.runtime.sessions.begin() as session:
            row = session.scalars(
                select(MediationSession).where(
                    MediationSession.case_id == case_id, MediationSession.status == "scheduled"
                )
            ).one()
            MediationService(self._service(session)).record(
                case_id,
                row.id,
                self.world.actor("officer"),
                SessionRecord(
                    outcome=outcome,
                    held_at=utcnow() - timedelta(hours=1),
                    attendees="Para pihak dan tokoh",
                    minutes="Belum sepakat.",
                ),
                session.get(Case, case_id).version,
            )


_APPS: dict[tuple[int, bool, str | None], Litestar] = {}


def app_for(runtime: Runtime, *, https: bool = False, redis_url: str | None = None) -> Litestar:
    """The app over ``runtime`` (optionally served over HTTPS or with sessions in Redis),
    built once per backend and kind: building one takes a while."""
    key = (id(runtime), https, redis_url)
    if key not in _APPS:
        settings = runtime.settings.model_copy(update={"https": https, "redis_url": redis_url})
        variant = Runtime(settings, runtime.engine, runtime.sessions, runtime.workflows)
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


def everything(runtime: Runtime, *, skip: tuple[str, ...] = ("web_sessions",)) -> dict[str, Any]:
    """Every row of every table (web sessions aside: reading a page may refresh one)."""
    out: dict[str, Any] = {}
    with runtime.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in skip:
                continue
            rows = conn.execute(table.select()).all()
            out[table.name] = sorted(repr(tuple(row)) for row in rows)
    return out


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
