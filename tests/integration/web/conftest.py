"""Fixtures for the controller tests: an app and a test client per test on each backend.

``web`` wraps Litestar's test client the way a browser would use the pages: it logs in
through the login form (taking the CSRF token from the ``mediasi_csrf`` cookie), sends the
token with every unsafe request, can ask as HTMX does, and reads the ``version`` hidden input
a case page carries. ``db`` looks at what a request left in the database; ``cases`` sets up
cases through the case service so that each test exercises only the route it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from sqlalchemy import func, select, update

from mediasi.app import create_app
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.schemas import PartyInput, TokohInvite
from mediasi.db.base import utcnow
from mediasi.mediation.models import MediationSession
from mediasi.mediation.schemas import SessionRecord
from mediasi.mediation.services import MediationService
from mediasi.runtime import Runtime
from mediasi.web.i18n import input_time
from tests.factories import PASSWORD, PAYLOADS, World

CSRF_COOKIE = "mediasi_csrf"
SESSION_COOKIE = "mediasi_session"
HX_HEADERS = {"HX-Request": "true"}
_VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)">')


def report_form(world: World, **overrides: str) -> dict[str, str]:
    """The report form's fields as a browser sends them, for a dispute in the officer's desa."""
    return {
        "workflow": "sengketa",
        "category": "batas_tanah",
        "desa_id": str(world.desa_a1),
        "title": "Sengketa batas sawah",
        "reporter_name": "Darto",
        **overrides,
    }


def hx_headers(**extra: str) -> dict[str, str]:
    """The headers htmx sends with a request it makes (plus any others given)."""
    return {**HX_HEADERS, **extra}


def version_in(html: str) -> int:
    """The ``version`` hidden input of a case page or fragment (every form carries the same)."""
    found = {int(v) for v in _VERSION.findall(html)}
    assert len(found) == 1, f"expected one version in the page, found {sorted(found)}"
    return found.pop()


def section_with(html: str, text: str) -> str:
    """The innermost ``<section>`` of a page that contains ``text``."""
    sections = re.findall(r"<section\b(?:(?!<section\b).)*?</section>", html, re.S)
    found = [part for part in sections if text in part]
    assert found, f"no section with {text!r}"
    return found[0]


def field_error(html: str, name: str) -> str | None:
    """The message shown beside field ``name`` (the ``err-<name>`` element), if any."""
    found = re.search(rf'<small class="error" id="err-{re.escape(name)}">(.*?)</small>', html, re.S)
    return found.group(1).strip() if found else None


def case_links(html: str) -> set[str]:
    """The ids of the cases a page links to."""
    return set(re.findall(r'href="/cases/([0-9a-f-]{36})"', html))


# A time as a ``datetime-local`` input sends it (local time, WIB, minutes).
local_input = input_time


class Web:
    """A browser of one user: cookies, the CSRF token, HTMX requests on demand."""

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

    def asset(self, path: str) -> str:
        """The fingerprinted URL the pages link a static file by (``app.css`` → its URL)."""
        url: str = self.client.app.state.assets.url(path)
        return url

    def get(self, url: str, *, htmx: bool = False, **kwargs: Any) -> httpx.Response:
        headers = {**(hx_headers() if htmx else {}), **kwargs.pop("headers", {})}
        return self.client.get(url, headers=headers, follow_redirects=False, **kwargs)

    def post(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        htmx: bool = False,
        csrf: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        form = dict(data or {})
        if csrf:
            form.setdefault("_csrf_token", self.csrf)
        headers = {**(hx_headers() if htmx else {}), **kwargs.pop("headers", {})}
        return self.client.post(url, data=form, headers=headers, follow_redirects=False, **kwargs)

    def login(
        self, username: str, password: str = PASSWORD, next_: str | None = None
    ) -> httpx.Response:
        """GET /login (for the CSRF cookie), then POST the form as the login page does."""
        page = self.client.get("/login", follow_redirects=False)
        assert page.status_code == 200, page.text[:300]
        form = {"username": username, "password": password}
        if next_ is not None:
            form["next"] = next_
        return self.post("/login", form)

    def login_as(self, username: str) -> Web:
        response = self.login(username)
        assert response.status_code == 303, response.text[:300]
        return self

    def case_page(self, case_id: UUID) -> httpx.Response:
        response = self.get(f"/cases/{case_id}")
        assert response.status_code == 200, response.text[:300]
        return response

    def version(self, case_id: UUID) -> int:
        """The version the case page offers in its forms (what a browser would send back)."""
        return version_in(self.case_page(case_id).text)


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

    def parties(self, case_id: UUID) -> list[Party]:
        with self.runtime.sessions() as session:
            return list(
                session.scalars(
                    select(Party).where(Party.case_id == case_id).order_by(Party.created_at)
                )
            )

    def events(self, case_id: UUID) -> list[Event]:
        with self.runtime.sessions() as session:
            return list(
                session.scalars(select(Event).where(Event.case_id == case_id).order_by(Event.seq))
            )

    def tokoh_links(self, case_id: UUID) -> list[CaseTokoh]:
        with self.runtime.sessions() as session:
            return list(session.scalars(select(CaseTokoh).where(CaseTokoh.case_id == case_id)))

    def sessions(self, case_id: UUID) -> list[MediationSession]:
        with self.runtime.sessions() as session:
            return list(
                session.scalars(
                    select(MediationSession)
                    .where(MediationSession.case_id == case_id)
                    .order_by(MediationSession.scheduled_at)
                )
            )

    def snapshot(self, case_id: UUID) -> tuple[Any, ...]:
        """Everything a case write could touch, to prove a refused request wrote nothing."""
        case = self.case(case_id)
        return (
            case.state,
            case.version,
            case.title,
            len(self.events(case_id)),
            sorted((p.role, p.name, p.nik, p.phone, p.address) for p in self.parties(case_id)),
            sorted((str(t.tokoh_id), t.role) for t in self.tokoh_links(case_id)),
            sorted((s.status, s.place) for s in self.sessions(case_id)),
        )

    def set_due(self, case_id: UUID, due_at: datetime | None) -> None:
        with self.runtime.sessions.begin() as session:
            session.execute(update(Case).where(Case.id == case_id).values(due_at=due_at))


class Cases:
    """Cases set up through the case service (as the officer by default), for the tests."""

    def __init__(self, runtime: Runtime, world: World) -> None:
        self.runtime = runtime
        self.world = world

    def report(self, *, by: str = "officer", **overrides: Any) -> UUID:
        with self.runtime.sessions.begin() as session:
            service = self.runtime.case_service(session)
            case = service.report(self.world.actor(by), self.world.report(**overrides))
            return case.id

    def complaint(self, **overrides: Any) -> UUID:
        data: dict[str, Any] = {
            "workflow": "pengaduan",
            "category": "ketertiban",
            "title": "Pemuda mabuk di pos ronda",
        }
        return self.report(**{**data, **overrides})

    def _version(self, session: Any, case_id: UUID) -> int:
        return int(session.get(Case, case_id).version)

    def fire(self, case_id: UUID, trigger: str, *, by: str = "officer", **payload: Any) -> None:
        with self.runtime.sessions.begin() as session:
            service = self.runtime.case_service(session)
            service.fire(
                case_id,
                trigger,
                self.world.actor(by),
                {**PAYLOADS.get(trigger, {}), **payload},
                self._version(session, case_id),
            )

    def add_party(self, case_id: UUID, **fields: Any) -> UUID:
        with self.runtime.sessions.begin() as session:
            service = self.runtime.case_service(session)
            party = service.add_party(
                case_id,
                self.world.actor("officer"),
                PartyInput(**{"role": "witness", "name": "Saksi Mata", **fields}),
                self._version(session, case_id),
            )
            return party.id

    def invite(self, case_id: UUID, tokoh_id: UUID | None = None, role: str = "mediator") -> None:
        with self.runtime.sessions.begin() as session:
            service = self.runtime.case_service(session)
            service.invite_tokoh(
                case_id,
                self.world.actor("officer"),
                TokohInvite(tokoh_id=tokoh_id or self.world.tokoh_a1, role=role),
                self._version(session, case_id),
            )

    def mediated(self) -> UUID:
        """A sengketa case assessed, with a mediator, and one session scheduled."""
        case_id = self.report()
        self.fire(case_id, "assess")
        self.invite(case_id)
        self.fire(case_id, "schedule_mediation")
        return case_id

    def record_session(self, case_id: UUID, outcome: str = "failed") -> None:
        """Record the case's scheduled session as held an hour ago, with ``outcome``."""
        with self.runtime.sessions.begin() as session:
            row = session.scalars(
                select(MediationSession).where(
                    MediationSession.case_id == case_id, MediationSession.status == "scheduled"
                )
            ).one()
            MediationService(self.runtime.case_service(session)).record(
                case_id,
                row.id,
                self.world.actor("officer"),
                SessionRecord(
                    outcome=outcome,
                    held_at=utcnow() - timedelta(hours=1),
                    attendees="Para pihak dan tokoh",
                    minutes="Belum sepakat.",
                ),
                self._version(session, case_id),
            )


_APPS: dict[int, Litestar] = {}


def app_of(runtime: Runtime) -> Litestar:
    """The app over ``runtime``, built once per backend and worker (building one takes about
    0.3 s); each test then opens clients of its own, with their own cookies."""
    if id(runtime) not in _APPS:
        _APPS[id(runtime)] = create_app(runtime=runtime)
    return _APPS[id(runtime)]


@pytest.fixture
def app(runtime: Runtime) -> Litestar:
    """The app over the parametrised ``runtime`` (see ``app_of``)."""
    return app_of(runtime)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    # Server errors come back as a 500 response, so that a test asserts on the status.
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def web(client: TestClient[Litestar], world: World) -> Web:
    """A browser on the app over the parametrised ``runtime``, with the world built."""
    return Web(client)


@pytest.fixture
def db(runtime: Runtime) -> Db:
    return Db(runtime)


@pytest.fixture
def cases(runtime: Runtime, world: World) -> Cases:
    return Cases(runtime, world)


@pytest.fixture
def hx() -> dict[str, str]:
    """The HX-Request header, for a request made the way htmx makes it."""
    return hx_headers()
