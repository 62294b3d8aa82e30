"""CSRF: every unsafe route of the app's own route table refuses a request without the token,
and takes it from the ``X-CSRFToken`` header the way htmx sends it. A hostile CSRF cookie is
rendered escaped and never breaks a page.

The routes are read from ``app.routes`` at collection time, so a route added later is covered
without touching this file.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar import Litestar
from litestar.middleware.csrf import generate_csrf_token
from litestar.routes import HTTPRoute

from mediasi.accounts.models import LoginAttempt
from mediasi.app import create_app
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.followups.schemas import FollowUpForm
from mediasi.followups.services import FollowUpService
from mediasi.intake.abuse import form_token
from mediasi.runtime import Runtime
from mediasi.tokens.schemas import TokenForm
from mediasi.tokens.services import TokenService
from mediasi.workflow.durations import LOCAL_TZ
from tests.conftest import kept, sqlite_only
from tests.factories import PASSWORD, PAYLOADS, World, submitted
from tests.integration.security.conftest import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    Cases,
    Db,
    Web,
    another_browser,
    dom,
    injections,
    local_input,
    session_keys,
)
from tests.workflow_texts import sengketa_v2
from tests.writes import Watch

ROOT = Path(__file__).resolve().parents[3]
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_PARAM = re.compile(r"\{(\w+):(\w+)\}")
# Unsafe routes the CSRF check leaves alone, and why (their own tests show the other guard).
CSRF_EXEMPT = {
    "webhooks:whatsapp": "Meta's server calls it with no browser and no cookie; every callback "
    "must carry the HMAC signature of its body under the app secret "
    "(tests/integration/notifications/test_webhooks.py)",
    "api:public_report": "an app or chatbot posts JSON with no session to ride on; anyone may "
    "report without one, so a forged request gains nothing; limits, consent and the "
    "Idempotency-Key hold it (tests/integration/api/test_public_reports.py)",
    "api:public_attach": "adds a file to a report only with the signed ticket its answer gave "
    "(two hours); no session adds anything (tests/integration/api/test_public_door_api.py)",
    "api:public_track": "reads a report's state with its code and the phone's last digits, "
    "which a forged request does not know; throttled per address and per code "
    "(tests/integration/api/test_public_door_api.py)",
}


def _unsafe_routes() -> tuple[list[tuple[str, str, str]], dict[str, int | None]]:
    """(method, path template, handler name) of every unsafe method the app answers, and the
    body size limit of each handler that takes a request body."""
    never_opened = Path(tempfile.gettempdir()) / "mediasi-route-table-never-opened.db"
    settings = Settings(
        database_url=f"sqlite:///{never_opened}", root_dir=ROOT, deadline_scanner=False
    )
    app = create_app(runtime=Runtime.build(settings))  # the engine connects lazily: no I/O
    found: set[tuple[str, str, str]] = set()
    with_body: dict[str, int | None] = {}
    exempt_seen: set[str] = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            name = handler.name or handler.handler_name
            if name in CSRF_EXEMPT:
                exempt_seen.add(name)
                continue
            for method in sorted(set(handler.http_methods) & set(UNSAFE_METHODS)):
                found.add((method, route.path, name))
                if "data" in handler.parsed_fn_signature.parameters:
                    with_body[name] = handler.resolve_request_max_body_size()
    assert exempt_seen == set(CSRF_EXEMPT), "a CSRF exemption names a route that is gone"
    return sorted(found, key=lambda r: (r[1], r[0])), with_body


UNSAFE_ROUTES, BODY_HANDLERS = _unsafe_routes()
ROUTE_IDS = [f"{method} {path}" for method, path, _ in UNSAFE_ROUTES]


def test_the_route_table_is_read_and_holds_the_known_forms() -> None:
    """The enumeration works: the forms everyone knows are in it (so a route list that came
    back empty cannot make every test below pass vacuously)."""
    names = {name for _, _, name in UNSAFE_ROUTES}
    assert {
        "login",
        "logout",
        "cases:create",
        "cases:fire",
        "cases:add_party",
        "sessions:record",
        "admin:create_user",
        "api:report",
    } <= names
    assert len(UNSAFE_ROUTES) >= 18


# ---- a world in which every route has something real to act on ---------------------------


@dataclass
class Target:
    world: World
    case_id: UUID
    ids: dict[str, str]

    def user_for(self, path: str) -> str:
        return "admin" if path.startswith(("/admin", "/api/admin")) else "officer"

    def url(self, path: str) -> str:
        def value(match: re.Match[str]) -> str:
            name, kind = match.group(1), match.group(2)
            if name in self.ids:
                return self.ids[name]
            return str(uuid4()) if kind == "uuid" else "x"

        return _PARAM.sub(value, path)


@pytest.fixture
def target(world: World, cases: Cases, db: Db) -> Target:
    """A sengketa case in mediation: parties, an invited mediator, a scheduled session (built
    once per backend, see ``tests.conftest.kept``)."""
    return kept(db.runtime, "csrf-target", lambda: _target(world, cases, db))


def _target(world: World, cases: Cases, db: Db) -> Target:
    case_id = cases.mediated()
    ids = {
        "case_id": str(case_id),
        "party_id": str(db.parties(case_id)[0].id),
        "tokoh_id": str(world.tokoh_a1),
        "session_id": str(db.sessions(case_id)[0].id),
        "user_id": str(world.actor("officer_b").id),
        "trigger": "escalate",
        "follow_up_id": str(_open_follow_up(db.runtime, world, case_id)),
        "token_id": str(_officer_token(db, world)),
        "report_id": str(submitted(db.runtime, world).id),
    }
    return Target(world, case_id, ids)


def _open_follow_up(runtime: Runtime, world: World, case_id: UUID) -> UUID:
    with runtime.sessions.begin() as session:
        service = FollowUpService(runtime.case_service(session))
        day = utcnow().astimezone(LOCAL_TZ).date()
        form = FollowUpForm(due_on=day, note="Telepon teradu")
        return service.add(case_id, world.actor("officer"), form).id


def _officer_token(db: Db, world: World) -> UUID:
    with db.runtime.sessions.begin() as session:
        form = TokenForm(name="Aplikasi pos", scopes=["cases:read"], days=30)
        return TokenService(session, world.actor("officer")).create_own(form).token.id


def _body(name: str, target: Target, db: Db) -> tuple[str, Any]:
    """A request body that does what the route is for (("form"|"json", data))."""
    world = target.world
    version = db.case(target.case_id).version
    forms: dict[str, dict[str, Any]] = {
        "login": {"username": "officer_b", "password": PASSWORD},
        "logout": {},
        "cases:create": {
            "workflow": "sengketa",
            "category": "batas_tanah",
            "title": "Sengketa batas kebun",
            "desa_id": str(world.desa_a1),
            "reporter_name": "Budi Santoso",
            "party_0_role": "complainant",
            "party_0_name": "Budi Santoso",
        },
        "cases:fire": {"version": version, **PAYLOADS["escalate"]},
        "cases:update_case": {
            "version": version,
            "title": "Sengketa batas kebun",
            "category": "batas_tanah",
            "description": "Patok dipindah.",
        },
        "cases:add_party": {"version": version, "role": "witness", "name": "Saksi Baru"},
        "cases:update_party": {"version": version, "role": "complainant", "name": "Darto S."},
        "cases:remove_party": {"version": version},
        "cases:invite_tokoh": {
            "version": version,
            "tokoh_id": str(world.tokoh_a1_other),
            "role": "witness",
        },
        "cases:remove_tokoh": {"version": version},
        "sessions:record": {
            "version": version,
            "outcome": "failed",
            "held_at": local_input(utcnow() - timedelta(hours=1)),
            "attendees": "Para pihak dan tokoh",
            "minutes": "Belum sepakat.",
        },
        # Well formed, but the target is a dispute, which asks no consent (409): its success
        # on a restorative justice case is tests/integration/web/test_consent.py's.
        "consent:in_person": {
            "version": version,
            "party_id": str(db.parties(target.case_id)[0].id),
            "digest": "0" * 64,
            "voluntary": "on",
            "uncoerced": "on",
            "typed_name": "Darto Santoso",
        },
        "admin:notify_trial": {"channel": "log", "phone": "081234567890"},
        # The target's state (mediated) is pausable; resuming needs a pause (409 otherwise).
        "deadlines:pause": {"version": version, "reason": "Pihak sakit"},
        "deadlines:resume": {"version": version},
        "followups:add": {
            "due_on": utcnow().astimezone(LOCAL_TZ).date().isoformat(),
            "note": "Telepon",
        },
        "followups:close": {"outcome": "done"},
        "handover:create": {
            "desa_id": str(world.desa_a2),
            "to_officer_id": str(world.actor("officer").id),
            "reason": "Mutasi",
            "from_officer_id": "",
        },
        "intake:submit": {
            "desa_id": str(world.desa_a1),
            "topic": "pengaduan:ketertiban",
            "what": "Balap liar tiap malam Minggu di jalan desa.",
            "place": "Jalan desa",
            "reporter_name": "Warga",
            "reporter_phone": "081298765432",
            "consent": "true",
            "started": form_token(db.runtime.settings.secret_key, utcnow() - timedelta(minutes=1)),
        },
        "intake:track": {"code": "LPR-2222-3333-4444", "digits": "1234"},
        "sessions:move": {
            "version": version,
            "session_at": local_input(utcnow() + timedelta(days=3)),
            "place": "Masjid Desa",
        },
        "admin:create_user": {
            "username": "petugas_baru",
            "full_name": "Petugas Baru",
            "role": "supervisor",
            "area_id": str(world.polsek_a),
            "password": "kata-sandi-baru-123",
        },
        "admin:reset_password": {"password": "kata-sandi-baru-123"},
        "admin:set_active": {"active": "false"},
        "admin:create_area": {
            "code": "DESA-BARU",
            "name": "Desa Baru",
            "level": "desa",
            "parent_id": str(world.polsek_a),
        },
        "admin:create_tokoh": {
            "name": "Ibu Sri",
            "kind": "perempuan",
            "desa_id": str(world.desa_a1),
        },
        "admin:tokoh_active": {"active": "false"},
        "admin:user_contact": {"phone": "0812-3456-7890", "email": "budi@contoh.id"},
        "admin:tokoh_contact": {"phone": "0813-1111-2222", "email": ""},
        "tokens:create": {"name": "Aplikasi pos", "scopes": "cases:read", "days": "30"},
        "tokens:revoke": {},
        "triage:accept": {},
        "admin:create_token": {
            "name": "Dasbor",
            "scopes": "statistics:read",
            "days": "7",
            "user_id": str(world.actor("supervisor").id),
        },
    }
    forum = {"name": "FKPM Ngadilangkung", "area_id": str(world.desa_a1)}
    documents: dict[str, dict[str, Any]] = {
        "api:report": {
            "workflow": "sengketa",
            "category": "batas_tanah",
            "title": "Sengketa batas kebun",
            "desa_id": str(world.desa_a1),
            "reporter_name": "Budi Santoso",
        },
        "api:fire": {"version": version, "fields": PAYLOADS["escalate"]},
        "api:edit_case": {"version": version, "title": "Sengketa batas kebun"},
        "api:agreement_draft": {
            "version": version,
            "place": "Balai Desa Ngadilangkung",
            "chronology": "Patok batas sawah dipindah saat musim tanam.",
            "obligations": [
                {
                    "obligor": f"party:{db.parties(target.case_id)[-1].id}",
                    "kind": "apology",
                    "description": "Meminta maaf di hadapan warga",
                    "due_date": utcnow().astimezone(LOCAL_TZ).date().isoformat(),
                }
            ],
        },
        # No agreement yet on the target: well formed, refused after the checks (404, 409).
        "api:agreement_freeze": {"version": version, "agreement_version": 1},
        "api:agreement_sign_in_person": {
            "version": version,
            "agreement_version": 1,
            "consent": True,
            "typed_name": "Darto Santoso",
        },
        "api:obligation_mark": {"version": version, "status": "kept"},
        "api:signer_sign": {"version": version, "agreement_version": 1},
        "api:signer_decline": {
            "version": version,
            "agreement_version": 1,
            "reason": "Isi naskah belum adil.",
        },
        "api:add_party": {"version": version, "role": "witness", "name": "Saksi Baru"},
        "api:update_party": {"version": version, "name": "Darto S."},
        "api:invite_tokoh": {
            "version": version,
            "tokoh_id": str(world.tokoh_a1_other),
            "role": "witness",
        },
        "api:pause_deadline": {"version": version, "reason": "Pihak sakit"},
        "api:resume_deadline": {"version": version},  # not paused: 409
        "api:add_follow_up": {
            "due_on": utcnow().astimezone(LOCAL_TZ).date().isoformat(),
            "note": "Telepon",
        },
        "api:close_follow_up": {"outcome": "done"},
        # The case is in mediation already: well formed, refused after the checks (409).
        "api:schedule_session": {
            "version": version,
            "fields": {
                "session_at": local_input(utcnow() + timedelta(days=3)),
                "place": "Masjid Desa",
            },
        },
        "api:record_session": {**forms["sessions:record"], "version": version},
        "api:move_session": {**forms["sessions:move"], "version": version},
        # A dispute asks no consent (409), as its page's form above.
        "api:consent_in_person": {
            **forms["consent:in_person"],
            "voluntary": True,
            "uncoerced": True,
        },
        # No such message on the target (404): well formed, refused after the checks.
        "api:message_resend": {"version": version, "phone": "081299991234"},
        "api:message_contact": {"version": version, "person": "reporter:x", "opted_out": True},
        "api:handover": {**forms["handover:create"], "from_officer_id": None},
        # The target's public report (new): each decision takes it, a note is added to it.
        # Accepting it takes no body (a body is a 415, like api:signer_viewed's): its
        # CSRF check is tests/integration/api/test_triage_api.py's.
        "api:triage_merge": {"reference": db.case(target.case_id).reference},
        "api:triage_decline": {"reason": "Bukan wilayah desa ini; lapor ke Polsek Pakisaji."},
        "api:triage_note": {"text": "Pelapor menelepon: kejadian Sabtu malam."},
        # The forum: forming one needs only the desa; the routes under a forum name made-up
        # ids here (404 after the CSRF check), with well-formed bodies.
        "api:forum_create": forum,
        "api:forum_edit": {**forum, "version": 1},
        "api:forum_add_member": {
            "person_kind": "other",
            "name": "Ibu Sulastri",
            "element": "perempuan",
            "started_on": "2026-01-05",
            "version": 1,
        },
        "api:forum_end_member": {"ended_on": "2026-06-01", "version": 1},
        "api:forum_move_member": {"position": "sekretaris", "moved_on": "2026-06-01", "version": 1},
        "api:forum_schedule": {
            "kind": "dialog",
            "starts_at": "2026-06-01T10:00",
            "place": "Balai desa",
            "topic": "Balap liar",
            "version": 1,
        },
        "api:forum_record": {"residents": 3, "minutes": "Dialog soal balap liar.", "version": 1},
        "api:forum_raise": {
            "kind": "keluhan",
            "text": "Balap liar tiap malam Minggu",
            "owner": "Kades",
            "due_on": "2026-06-15",
            "version": 1,
        },
        "api:forum_progress": {"status": "done", "note": "Selesai.", "version": 1},
        "api:forum_to_case": {
            "topic": "pengaduan:ketertiban",
            "title": "Balap liar di jalan desa",
            "desa_id": str(world.desa_a1),
            "reporter_name": "Pak RT",
            "version": 1,
        },
        # The admin pages' forms as JSON (a publish and a run name nothing here: 404, whatever
        # version the fuzzing suite puts in the run's body).
        "api:admin_create_user": forms["admin:create_user"],
        "api:admin_password": forms["admin:reset_password"],
        "api:admin_user_contact": forms["admin:user_contact"],
        "api:admin_user_active": {"active": False},
        "api:admin_create_area": forms["admin:create_area"],
        "api:admin_create_tokoh": forms["admin:create_tokoh"],
        "api:admin_tokoh_contact": forms["admin:tokoh_contact"],
        "api:admin_tokoh_active": {"active": False},
        "api:admin_trial": forms["admin:notify_trial"],
        "api:admin_workflow_publish": {"sha256": "a" * 64},
        "api:admin_migrate": {"name": "tidak_ada", "version": 2},
    }
    if name in documents:
        return "json", documents[name]
    if name == "api:agreement_sign_on_paper":  # the API's file routes take multipart only
        return "multipart", {"version": version, "agreement_version": 1, "confirm": "on"}
    if name == "api:forum_add_photo":
        return "multipart", {"version": 1}
    if name == "api:admin_workflow_upload":
        return "workflow", {}
    if name == "api:consent_on_paper":
        consent = forms["consent:in_person"]
        keep = ("version", "party_id", "digest")
        return "multipart", {**{k: consent[k] for k in keep}, "confirm": "on"}
    return "form", forms.get(name, {"note": "a route this test does not know yet"})


def _send(web: Web, method: str, url: str, kind: str, data: Any, headers: dict[str, str]) -> Any:
    if kind == "json":
        return web.client.request(
            method,
            url,
            content=json.dumps(data),
            headers={"content-type": "application/json", **headers},
            follow_redirects=False,
        )
    if kind == "workflow":
        upload = {"file": ("sengketa-v2.yaml", sengketa_v2().encode(), "application/x-yaml")}
        return web.client.request(
            method, url, files=upload, headers=headers, follow_redirects=False
        )
    if kind == "multipart":
        scan = {"scan": ("ttd.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")}
        return web.client.request(
            method, url, data=data, files=scan, headers=headers, follow_redirects=False
        )
    return web.client.request(method, url, data=data, headers=headers, follow_redirects=False)


# What every refusal for a missing or wrong token says (mediasi.web.stale_form), in Indonesian.
STALE_FORM = "formulirnya kedaluwarsa"


def _refused_for_csrf(response: Any) -> bool:
    return response.status_code == 403 and STALE_FORM in response.text


KNOWN = {
    "login",
    "logout",
    "cases:create",
    "cases:fire",
    "cases:update_case",
    "cases:add_party",
    "cases:update_party",
    "cases:remove_party",
    "cases:invite_tokoh",
    "cases:remove_tokoh",
    "sessions:record",
    "sessions:move",
    "followups:add",
    "followups:close",
    "intake:submit",
    "admin:notify_trial",
    "admin:create_user",
    "admin:reset_password",
    "admin:set_active",
    "admin:create_area",
    "admin:create_tokoh",
    "admin:tokoh_active",
    "admin:user_contact",
    "admin:tokoh_contact",
    "api:report",
    "api:fire",
    "api:edit_case",
    "api:agreement_draft",
    "api:add_party",
    "api:update_party",
    "api:invite_tokoh",
    "api:pause_deadline",
    "api:add_follow_up",
    "api:close_follow_up",
    "api:triage_merge",
    "api:triage_decline",
    "api:triage_note",
    "api:forum_create",
    "tokens:create",
    "tokens:revoke",
    "admin:create_token",
    "api:admin_create_user",
    "api:admin_password",
    "api:admin_user_contact",
    "api:admin_user_active",
    "api:admin_create_area",
    "api:admin_create_tokoh",
    "api:admin_tokoh_contact",
    "api:admin_tokoh_active",
    "api:admin_trial",
    "api:admin_workflow_upload",
}


@sqlite_only  # CSRF is middleware: it answers before any handler reads the database
@pytest.mark.parametrize(("method", "path", "name"), UNSAFE_ROUTES, ids=ROUTE_IDS)
def test_an_unsafe_request_without_the_token_is_refused_and_writes_nothing(
    web: Web, db: Db, runtime: Runtime, target: Target, method: str, path: str, name: str
) -> None:
    web.login_as(target.user_for(path))
    kind, data = _body(name, target, db)
    watch, sessions_before = Watch(runtime), session_keys(runtime)

    response = _send(web, method, target.url(path), kind, data, headers={})

    assert response.status_code == 403, response.text[:300]
    assert STALE_FORM in response.text
    assert watch.written() == []
    assert session_keys(runtime) == sessions_before
    assert web.get("/").status_code == 200  # still logged in, as the same person
    assert db.count(LoginAttempt, username="officer_b") == 0


@sqlite_only  # CSRF is middleware: it answers before any handler reads the database
@pytest.mark.parametrize(("method", "path", "name"), UNSAFE_ROUTES, ids=ROUTE_IDS)
def test_the_same_request_with_the_token_in_the_htmx_header_goes_through(
    web: Web, db: Db, runtime: Runtime, target: Target, method: str, path: str, name: str
) -> None:
    web.login_as(target.user_for(path))
    kind, data = _body(name, target, db)
    watch, sessions_before = Watch(runtime), session_keys(runtime)

    headers = {"x-csrftoken": web.csrf, "HX-Request": "true"}
    response = _send(web, method, target.url(path), kind, data, headers=headers)

    assert not _refused_for_csrf(response), response.text[:300]
    assert response.status_code < 500
    if name in KNOWN:
        # It did what it is for, so the refused request above would have written too.
        assert response.status_code < 400, response.text[:500]
        assert watch.written() != [] or session_keys(runtime) != sessions_before


def test_a_token_of_another_browser_is_refused(
    web: Web, db: Db, runtime: Runtime, target: Target
) -> None:
    """An attacker's own valid token (same secret, their own cookie) is no use against a victim."""
    web.login_as("officer")
    forged = generate_csrf_token(runtime.settings.secret_key)
    assert forged != web.csrf
    watch = Watch(runtime)
    kind, data = _body("cases:add_party", target, db)
    for headers, form in (
        ({"x-csrftoken": forged, "HX-Request": "true"}, data),
        ({}, {**data, "_csrf_token": forged}),
    ):
        response = _send(web, "POST", f"/cases/{target.case_id}/parties", kind, form, headers)
        assert _refused_for_csrf(response)
    assert watch.written() == []


def test_the_page_offers_the_token_in_the_form_and_in_the_htmx_header(web: Web) -> None:
    web.login_as("officer")
    page = web.get("/cases/new")
    parsed = dom(page.text)
    body = next(attrs for tag, attrs in parsed.tags if tag == "body")
    assert json.loads(str(body["hx-headers"])) == {"X-CSRFToken": web.csrf}
    hidden = [a for t, a in parsed.tags if t == "input" and a.get("name") == "_csrf_token"]
    assert hidden
    assert {a["value"] for a in hidden} == {web.csrf}


# ---- a hostile CSRF cookie ------------------------------------------------------------------

HOSTILE = [
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)' x=\"{{7*7}}\"",
    "{{7*7}}<svg onload=alert(1)>",
]
HEX_TOKEN = re.compile(r"[0-9a-f]{128}")


def _with_cookies(web: Web, url: str, **cookies: str) -> Any:
    """GET with exactly these cookies (sent as typed, hostile characters included)."""
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return web.client.get(url, headers={"cookie": header}, follow_redirects=False)


def _offered_tokens(html: str) -> set[str]:
    parsed = dom(html)
    tokens = {
        str(a.get("value"))
        for t, a in parsed.tags
        if t == "input" and a.get("name") == "_csrf_token"
    }
    return tokens


def _assert_harmless(html: str, payload: str) -> None:
    assert injections(html) == []
    assert "<script>alert" not in html
    assert "onmouseover='alert" not in html
    assert "<svg onload" not in html  # the case page draws its own SVG (the workflow diagram)
    for token in _offered_tokens(html):
        # Either the cookie as text (nothing evaluated: no 49 from {{7*7}}) or a fresh token.
        assert token == payload or HEX_TOKEN.fullmatch(token), token


@pytest.mark.parametrize("payload", HOSTILE, ids=["script", "quotes", "template"])
def test_a_hostile_csrf_cookie_is_rendered_escaped_on_the_login_page(
    web: Web, payload: str
) -> None:
    response = _with_cookies(web, "/login", **{CSRF_COOKIE: payload})
    assert response.status_code == 200
    assert '<form method="post" action="/login">' in response.text
    _assert_harmless(response.text, payload)


@pytest.mark.parametrize("payload", HOSTILE, ids=["script", "quotes", "template"])
def test_a_hostile_csrf_cookie_is_rendered_escaped_on_an_authenticated_page(
    web: Web, cases: Cases, payload: str
) -> None:
    case_id = cases.report()
    web.login_as("officer")
    session = web.session_cookie
    assert session
    for url in ("/", f"/cases/{case_id}", "/cases/new"):
        response = _with_cookies(web, url, **{SESSION_COOKIE: session, CSRF_COOKIE: payload})
        assert response.status_code == 200, url
        assert "Sengketa batas sawah" in response.text or url == "/cases/new"
        _assert_harmless(response.text, payload)


def test_a_hostile_csrf_cookie_cannot_add_headers_to_htmx_requests(web: Web) -> None:
    payload = 'x", "X-Injected": "1'
    response = _with_cookies(web, "/login", **{CSRF_COOKIE: payload})
    assert response.status_code == 200
    body = next(attrs for tag, attrs in dom(response.text).tags if tag == "body")
    try:
        headers = json.loads(str(body["hx-headers"]))
    except ValueError:
        headers = {}
    assert set(headers) <= {"X-CSRFToken"}, headers


def test_a_person_with_a_hostile_csrf_cookie_can_still_log_in(app: Litestar, world: World) -> None:
    with another_browser(app) as browser:
        browser.client.cookies.set(CSRF_COOKIE, "not-a-token", domain="testserver.local")
        page = browser.client.get("/login")
        assert page.status_code == 200
        token = next(iter(_offered_tokens(page.text)))
        response = browser.client.post(
            "/login",
            data={"username": "officer", "password": PASSWORD, "_csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text[:300]
