"""The authorisation matrix, built from the application's own route table.

Every (method, path) the app serves must be a row of POLICY, which says what each of nine
actors gets on it when the route is about one case in desa A1 (Polsek A): a route added
later without a row fails ``test_every_served_route_has_a_policy``, and every cell of the
matrix (route × actor, on SQLite and PostgreSQL) is one test that sends a real request.

Actors (columns of POLICY, in this order):
    anon      nobody logged in
    off-in    the officer holding desa A1 and A2 (the case's desa)
    off-out   the officer of Polsek B (desa B1)
    sup-in    the supervisor of Polsek A
    sup-out   the supervisor of Polsek B
    polres    the Polres supervisor (over both Polsek)
    tok-in    the tokoh invited to the case (the mediator, with a login)
    tok-out   a tokoh of the same desa, invited to another case but not to this one
    admin     the admin: users, areas and tokoh; no case reader

Outcomes (one letter per actor):
    A  allowed: 2xx/3xx other than a redirect to /login, or a 409/422 from the domain once
       the access checks have passed (the probe is built to stop there, see below)
    H  hidden: 404, and the page (or problem detail) says 'tidak ditemukan'
    F  forbidden: 403, and the page says 'tidak berwenang' or 'hanya …'
    L  login: 303 to /login?next=… for a page, 401 problem JSON for /api
    P  public: answered without a login, with the route's own status (Rule.status)
    R  refused by the area check of a report: 422 saying the desa is not one's area

Probes. Cells share one case per backend, so an allowed request must not move it. Every
unsafe request carries the CSRF token and a body that passes the form's own validation and
then fails *after* the service's access checks: a stale case ``version`` where the service
starts with ``CaseService._writable`` (scope → 404, writer → 403, version → 409), a wrong
agreement version for the tokoh's own signing (which checks the case version first), a
field the admin forms refuse. Refused cells (H, F, L, R) and allowed probes alike must leave
every table as it was (web sessions aside); only rows marked ``writes`` may write when
allowed. Out-of-scope actors must never see the case's reference or title, and neither they
nor the tokoh a full NIK or phone number.

Besides the matrix: Litestar's own OPTIONS answer on every path is checked to name only
methods (no code of ours runs there), and the routes that name an object inside a case (a
party, a session, a scan, a signatory) are tried with the object of this case under the
path of another case its officer may change: not found there, and nothing written.

A cell the app gets wrong is marked xfail(strict=True) in KNOWN, with the reason: fixing
the app turns it into a failure that asks for the mark to go.

(The xdist_group marks keep each backend's cells on one worker, so that each backend's
target is set up once in the run; tests/conftest.py makes pytest-xdist 3.8 honour them
under pytest 9.)
"""

from __future__ import annotations

import hashlib
import inspect
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.accounts.actor import Actor
from mediasi.accounts.auth import PUBLIC_PATHS
from mediasi.accounts.models import Tokoh, User
from mediasi.accounts.roles import Role
from mediasi.agreements.canonical import format_code
from mediasi.agreements.decisions import OfficerSlot, Posted
from mediasi.agreements.schemas import PaperSignature
from mediasi.app import create_app
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.followups.schemas import CloseForm, FollowUpForm
from mediasi.followups.services import FollowUpService
from mediasi.forum.activities import ActivityService
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.models import Forum
from mediasi.forum.schemas import (
    ActivityForm,
    AspirationForm,
    CaseForm,
    ForumForm,
    MemberForm,
    RecordForm,
)
from mediasi.forum.services import ForumService
from mediasi.intake.attachments import add_files
from mediasi.mediation.models import MediationSession
from mediasi.notifications.models import Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.restorative.consent.models import VictimConsent
from mediasi.runtime import Runtime
from mediasi.tokens.schemas import TokenForm
from mediasi.tokens.scopes import FEATURES, features_for
from mediasi.tokens.services import TokenService
from mediasi.uploads import UploadedFile
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow_versions.models import WorkflowMigration, WorkflowVersion
from tests.conftest import ROOT, _empty_tables
from tests.factories import (
    PAYLOADS,
    RJ_CLARIFY,
    World,
    build_world,
    password_hash,
    submitted,
)
from tests.integration.agreements.conftest import CLIENT, Agreements
from tests.integration.api.case_parts import unlimited_app
from tests.integration.api.tokens import rescoped
from tests.integration.restorative.walk import checked, consent
from tests.integration.security.conftest import Web, local_input
from tests.integration.web.conftest import Cases
from tests.pictures import photo
from tests.workflow_texts import sengketa_v2
from tests.writes import Watch

ACTORS = (
    "anon",
    "off-in",
    "off-out",
    "sup-in",
    "sup-out",
    "polres",
    "tok-in",
    "tok-out",
    "admin",
)
TOKOH_OUT = "tokoh_lain"
LOGINS = {
    "off-in": "officer",
    "off-out": "officer_b",
    "sup-in": "supervisor",
    "sup-out": "supervisor_b",
    "polres": "polres_supervisor",
    "tok-in": "tokoh",
    "tok-out": TOKOH_OUT,
    "admin": "admin",
}
IN_SCOPE = frozenset({"off-in", "sup-in", "polres", "tok-in"})
OUT_OF_SCOPE = frozenset({"off-out", "sup-out", "tok-out", "admin"})
OUTCOMES = frozenset("AHFLPR")
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

TITLE = "Sengketa patok sawah matriks akses"
NEW_TITLE = "Laporan baru uji matriks akses"
NIK = "3507010101010001"  # the complainant's, from World.report
PHONE = "081234567890"  # the respondent's
SECRETS = (NIK, PHONE)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% berkas uji\n%%EOF\n"
PICTURE = photo("PNG", located=False)

# ---- the routes the app serves -------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    method: str
    path: str
    where: str  # module:qualname (file:line) of the handler, for messages
    unauthenticated: bool  # the handler itself opts out of the login check


def _where(handler: HTTPRouteHandler) -> str:
    fn: Any = handler.fn
    fn = getattr(fn, "func", fn)  # sync_to_thread wraps the method
    fn = getattr(fn, "__func__", fn)
    try:
        source = Path(inspect.getsourcefile(fn) or "?")
        line = inspect.getsourcelines(fn)[1]
        shown = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source.name
    except (OSError, TypeError):
        shown, line = Path("?"), 0
    return f"{fn.__module__}:{fn.__qualname__} ({shown}:{line})"


def _is_auto_options(handler: HTTPRouteHandler) -> bool:
    """Litestar's own OPTIONS answer, added to every path (no code of ours runs)."""
    fn = getattr(handler.fn, "__qualname__", "")
    return handler.http_methods == {"OPTIONS"} and fn.endswith(
        "create_options_handler.<locals>.options_handler"
    )


def _read_routes() -> tuple[dict[tuple[str, str], Served], dict[str, frozenset[str]]]:
    """(method, path) → handler, and path → methods, from an app built only to read them."""
    served: dict[tuple[str, str], Served] = {}
    methods: dict[str, frozenset[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/routes.db", root_dir=ROOT, deadline_scanner=False
        )
        runtime = Runtime.build(settings)  # connects lazily: nothing is opened here
        try:
            app = create_app(runtime=runtime)
            for route in app.routes:
                if not isinstance(route, HTTPRoute):
                    continue
                methods[route.path] = frozenset(route.methods)
                for handler in route.route_handlers:
                    if _is_auto_options(handler):
                        continue
                    for method in handler.http_methods:
                        served[(method, route.path)] = Served(
                            method,
                            route.path,
                            _where(handler),
                            bool(handler.opt.get("exclude_from_auth")),
                        )
        finally:
            runtime.close()
    return dict(sorted(served.items())), dict(sorted(methods.items()))


SERVED, PATH_METHODS = _read_routes()

# ---- the target: one case in desa A1, in mediation, with everything a route can name -------


@dataclass
class Target:
    runtime: Runtime
    app: Litestar
    world: World
    case_id: UUID
    reference: str
    agreement_number: int
    params: dict[str, str]
    other_case_id: UUID  # another case of desa A1, also with a frozen agreement
    other_agreement_number: int
    clients: dict[str, Web] = field(default_factory=dict)

    def version(self, case_id: UUID | None = None) -> int:
        """The case's version now (a tokoh's view of the agreement moves it)."""
        with self.runtime.sessions() as session:
            case = session.get(Case, case_id or self.case_id)
            assert case is not None
            return case.version

    def stale(self) -> str:
        return str(self.version() + 1000)


Probe = Callable[[Target, str], dict[str, Any]]


def _nothing(target: Target, actor: str) -> dict[str, Any]:
    return {}


def _form(**fields: str) -> Probe:
    return lambda target, actor: {"data": dict(fields)}


def _stale(**fields: str) -> Probe:
    """A valid form, sent with a case version that is not the case's: 409 once allowed."""
    return lambda target, actor: {"data": {**fields, "version": target.stale()}}


def _login(target: Target, actor: str) -> dict[str, Any]:
    # An unknown account per actor: the attempt is refused (401) and throttles nobody.
    return {"data": {"username": f"tidak-ada-{actor}", "password": "salah-sekali"}}


def _report(target: Target, actor: str) -> dict[str, Any]:
    return {
        "data": {
            "workflow": "sengketa",
            "category": "batas_tanah",
            "title": NEW_TITLE,
            "desa_id": str(target.world.desa_a1),
            "reporter_name": "Pelapor Uji",
        }
    }


def _report_json(target: Target, actor: str) -> dict[str, Any]:
    return {"json": _report(target, actor)["data"]}


def _fire_json(target: Target, actor: str) -> dict[str, Any]:
    return {"json": {"version": int(target.stale()), "fields": PAYLOADS["escalate"]}}


def _stale_json(**fields: str) -> Probe:
    """A valid JSON body with a case version that is not the case's: 409 once allowed."""
    return lambda target, actor: {"json": {**fields, "version": int(target.stale())}}


def _stale_query(target: Target, actor: str) -> dict[str, Any]:
    """A DELETE's case version, in its query, that is not the case's: 409 once allowed."""
    return {"params": {"version": target.stale()}}


def _json(**fields: str) -> Probe:
    return lambda target, actor: {"json": dict(fields)}


def _invite_json(target: Target, actor: str) -> dict[str, Any]:
    return {"json": {**_invite(target, actor)["data"], "version": int(target.stale())}}


def _schedule_json(target: Target, actor: str) -> dict[str, Any]:
    later = local_input(utcnow() + timedelta(days=3))
    fields = {"session_at": later, "place": "Masjid Desa"}
    return {"json": {"version": int(target.stale()), "fields": fields}}


def _session_json(target: Target, actor: str) -> dict[str, Any]:
    return {"json": {**_session(target, actor)["data"], "version": int(target.stale())}}


def _move_json(target: Target, actor: str) -> dict[str, Any]:
    return {"json": {**_move(target, actor)["data"], "version": int(target.stale())}}


def _area_trail(target: Target, actor: str) -> dict[str, Any]:
    """The area's trail of the last thirty days, narrowed to desa A1 (the target case's)."""
    return {"params": {**_period(target, actor)["params"], "desa": str(target.world.desa_a1)}}


def _invite(target: Target, actor: str) -> dict[str, Any]:
    tokoh = str(target.world.tokoh_a1_other)
    return {"data": {"tokoh_id": tokoh, "role": "witness", "version": target.stale()}}


def _session(target: Target, actor: str) -> dict[str, Any]:
    held = local_input(utcnow() - timedelta(hours=1))
    fields = {"outcome": "failed", "held_at": held, "attendees": "Para pihak", "minutes": "Belum."}
    return {"data": {**fields, "version": target.stale()}}


def _move(target: Target, actor: str) -> dict[str, Any]:
    later = local_input(utcnow() + timedelta(days=3))
    return {"data": {"session_at": later, "place": "Masjid Desa", "version": target.stale()}}


def _draft(target: Target, actor: str) -> dict[str, Any]:
    due = (utcnow().astimezone(LOCAL_TZ).date() + timedelta(days=7)).isoformat()
    return {
        "data": {
            "place": "Balai Desa Ngadilangkung",
            "chronology": "Patok batas sawah dipindah saat musim tanam.",
            "ob_0_obligor": target.params["signatory"],
            "ob_0_kind": "apology",
            "ob_0_description": "Meminta maaf di hadapan warga",
            "ob_0_due_date": due,
            "version": target.stale(),
        }
    }


def _agreement_form(**fields: str) -> Probe:
    """An officer's agreement form: the text version shown, a stale case version."""
    return lambda target, actor: {
        "data": {
            **fields,
            "agreement_version": str(target.agreement_number),
            "version": target.stale(),
        }
    }


def _paper(target: Target, actor: str) -> dict[str, Any]:
    probe = _agreement_form(confirm="true")(target, actor)
    return {**probe, "files": {"scan": ("ttd.png", PNG, "image/png")}}


# A victim's consent, well formed: the checks of scope, role and version come first (409).
CONSENT = {"party_id": str(UUID(int=15)), "digest": "0" * 64}


def _consent_paper(target: Target, actor: str) -> dict[str, Any]:
    probe = _stale(**CONSENT, confirm="on")(target, actor)
    return {**probe, "files": {"scan": ("ttd.png", PNG, "image/png")}}


def _not_a_picture(target: Target, actor: str) -> dict[str, Any]:
    return {"data": {}, "files": {"files": ("catatan.txt", b"bukan gambar", "text/plain")}}


def _forged_ticket(target: Target, actor: str) -> dict[str, Any]:
    ticket = f"{target.params['report_id'].replace('-', '')}.{int(utcnow().timestamp())}.{'0' * 32}"
    return {"data": {"ticket": ticket}, "files": {"files": ("patok.pdf", PDF, "application/pdf")}}


def _tokoh_form(**fields: str) -> Probe:
    """The tokoh's own signing checks the case version before whose signature it is, so the
    probe sends the right case version and a text version that is not the current one."""
    return lambda target, actor: {
        "data": {
            **fields,
            "agreement_version": str(target.agreement_number + 1000),
            "version": str(target.version()),
        }
    }


def _draft_json(target: Target, actor: str) -> dict[str, Any]:
    """The draft as the API takes it, valid, with a stale case version."""
    form = _draft(target, actor)["data"]
    term = {k.removeprefix("ob_0_"): v for k, v in form.items() if k.startswith("ob_0_")}
    fields = {k: v for k, v in form.items() if not k.startswith("ob_0_")}
    return {"json": {**fields, "version": int(form["version"]), "obligations": [term]}}


def _agreement_json(**fields: Any) -> Probe:
    """An officer's agreement call as JSON: the text version shown, a stale case version."""
    return lambda target, actor: {
        "json": {
            **fields,
            "agreement_version": target.agreement_number,
            "version": int(target.stale()),
        }
    }


def _stale_json(**fields: Any) -> Probe:
    return lambda target, actor: {"json": {**fields, "version": int(target.stale())}}


def _tokoh_json(**fields: Any) -> Probe:
    """The tokoh's own decision as JSON: the case version right, the text version not."""
    return lambda target, actor: {
        "json": {
            **fields,
            "agreement_version": target.agreement_number + 1000,
            "version": target.version(),
        }
    }


def _in_desa_a1(target: Target, actor: str) -> dict[str, Any]:
    """A listing filtered on the case's desa: out of scope, the filter must not widen it."""
    return {"params": {"desa": str(target.world.desa_a1)}}


def _period(target: Target, actor: str) -> dict[str, Any]:
    """The last thirty days (the target's cases among them), as a report's or export's period."""
    today = utcnow().astimezone(LOCAL_TZ).date()
    return {"params": {"start": (today - timedelta(days=30)).isoformat(), "end": str(today)}}


def _statistics_of_desa_a1(target: Target, actor: str) -> dict[str, Any]:
    """The statistics drilled down to desa A1 (the target case's), this month: only who holds
    the desa or is above it may count it; anyone else is told no such area (404)."""
    return {"params": {"period": "month", "area": "NGADILANGKUNG"}}


def _anev_of_polsek_a(target: Target, actor: str) -> dict[str, Any]:
    """The monthly anev pack of Polsek A (the target case's), this month: its supervisors
    only; a supervisor elsewhere is told no such area (404), an officer no (403)."""
    return {
        "params": {"month": utcnow().astimezone(LOCAL_TZ).strftime("%Y-%m"), "area": "KEPANJEN"}
    }


def _export(target: Target, actor: str) -> dict[str, Any]:
    desa = str(target.world.desa_a1)
    return {"params": {**_period(target, actor)["params"], "format": "csv", "desa": desa}}


def _new_forum(target: Target, actor: str) -> dict[str, Any]:
    return {"data": {"name": "FKPM matriks akses", "area_id": str(target.world.desa_a1)}}


def _forum_moved(target: Target, actor: str) -> dict[str, Any]:
    """The forum's own fields with another area: a forum cannot move (422)."""
    return {"data": {"name": "FKPM Ngadilangkung", "area_id": str(target.world.desa_a2)}}


def _tokoh_of_b1(target: Target, actor: str) -> dict[str, Any]:
    """A tokoh of another desa as a member: not of the forum's area (422)."""
    fields = {"person_kind": "tokoh", "element": "tokoh_agama", "started_on": "2026-02-01"}
    return {"data": {**fields, "tokoh_id": str(target.world.tokoh_b1)}}


def _not_a_photo(target: Target, actor: str) -> dict[str, Any]:
    return {"data": {}, "files": {"photo": ("catatan.txt", b"bukan gambar", "image/jpeg")}}


def _handover(target: Target, actor: str) -> dict[str, Any]:
    """Desa A1 to an officer nobody has (422 beside the field): nothing moves."""
    fields = {"desa_id": str(target.world.desa_a1), "to_officer_id": str(uuid4())}
    return {"data": {**fields, "reason": "Mutasi", "from_officer_id": ""}}


def _handover_json(target: Target, actor: str) -> dict[str, Any]:
    """The handover as the API takes it, to an officer nobody has: nothing moves."""
    return {"json": {**_handover(target, actor)["data"], "from_officer_id": None}}


def _not_a_workflow(target: Target, actor: str) -> dict[str, Any]:
    return {"data": {}, "files": {"file": ("alur.yaml", b"- bukan alur", "text/yaml")}}


def _aspiration_case(target: Target, actor: str) -> dict[str, Any]:
    """A well-formed case of an aspiration already turned into one (409)."""
    fields = {"topic": "pengaduan:ketertiban", "title": "Balap liar", "reporter_name": "Pak RT"}
    return {"data": {**fields, "desa_id": str(target.world.desa_a1)}}


def _forum_stale(*, desa: str | None = None, **fields: Any) -> Probe:
    """A valid JSON body (desa A1 in the field ``desa`` names) with a forum version that is
    not the forum's: 409 once allowed."""

    def probe(target: Target, actor: str) -> dict[str, Any]:
        with target.runtime.sessions() as session:
            forum = session.get(Forum, UUID(target.params["forum_id"]))
            assert forum is not None
            version = forum.version + 1000
        named = {desa: str(target.world.desa_a1)} if desa else {}
        return {"json": {**fields, **named, "version": version}}

    return probe


def _forum_photo(target: Target, actor: str) -> dict[str, Any]:
    """A photo with a stale forum version, as multipart: 409 once allowed."""
    version = _forum_stale()(target, actor)["json"]["version"]
    return {
        "data": {"version": str(version)},
        "files": {"photo": ("balai.png", PICTURE, "image/png")},
    }


# ---- the policy ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    expect: str  # one letter per actor, in ACTORS order, spaces between
    probe: Probe = _nothing
    status: int | None = None  # what a public route answers (P)
    writes: bool = False  # an allowed request writes (then only refusals are checked)
    own_session: bool = False  # the request ends the session: sent from a fresh login
    lists_case: bool = False  # a listing: in-scope actors find the case in it
    ok: tuple[int, ...] = ()  # the statuses an allowed request answers, when it matters
    # Path values for this route only; "@name" is the target's value of that name.
    params: dict[str, str] = field(default_factory=dict)

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(self.expect.split())

    def of(self, actor: str) -> str:
        return self.letters[ACTORS.index(actor)]


CASE = "/cases/{case_id:uuid}"
FORUM = "/forum/{forum_id:uuid}"
MEMBER = FORUM + "/anggota/{member_id:uuid}"
ACTIVITY = "/forum/kegiatan/{activity_id:uuid}"
ASPIRATION = ACTIVITY + "/aspirasi/{aspiration_id:uuid}"
AGREEMENT = CASE + "/agreement"
API_CASE = "/api/cases/{case_id:uuid}"
SIGNER = "/agreements/{agreement_id:uuid}"
API_AGREEMENT = "/api" + AGREEMENT
API_SIGNER = "/api" + SIGNER
API_FORUM = "/api/forums/{forum_id:uuid}"
API_ACTIVITY = "/api/forums/activities/{activity_id:uuid}"
API_ASPIRATION = API_ACTIVITY + "/aspirations/{aspiration_id:uuid}"
PUBLIC = "P P P P P P P P P"
LOGGED_IN = "L A A A A A A A A"
WRITERS = "L A A A A A F F F"  # officers and supervisors, whatever their area
REPORT = "L A R A R A F F F"  # reporting a case in desa A1: only who holds it
CASE_READ = "L A H A H A A H H"  # whoever may see the case
CASE_WRITE = "L A H A H A F H H"  # officers and supervisors over it; the tokoh only sees
TOKOH_STEP = "L F H F H F A H H"  # the invited tokoh's own signing
SUPERVISORS = "L F F A A A F F F"
ADMIN_ONLY = "L F F F F F F F A"
HANDOVER = "L F F A A A F F A"  # moving a desa between officers: supervisors and the admin
TRIAGE = "L A H A H A F F F"  # a public report of desa A1: who holds the desa or is above it
ANEV = "L F F A H A F F F"  # Polsek A's monthly pack: the supervisors over it
PAGE = (200,)
STALE = (409,)  # the version check, after scope and role
REFUSED_FIELD = (422,)  # an admin form's validation, after the admin check

#                                          anon in out sIn sOut polres tIn tOut admin
POLICY: dict[tuple[str, str], Rule] = {
    # ---- public: no login is asked, whoever asks -------------------------------------------
    ("GET", "/healthz"): Rule(PUBLIC, status=200),
    ("GET", "/lang/{code:str}"): Rule(PUBLIC, status=303, params={"code": "id"}),
    ("GET", "/login"): Rule(PUBLIC, status=200),
    ("POST", "/login"): Rule(PUBLIC, _login, status=401, writes=True),  # a failed attempt
    ("GET", "/verify"): Rule(PUBLIC, status=200),
    ("GET", "/verify/{code:str}"): Rule(PUBLIC, status=200),
    # The public door: anyone, signed in or not, the same; a refused report writes nothing.
    ("GET", "/lapor"): Rule(PUBLIC, status=200),
    ("POST", "/lapor"): Rule(PUBLIC, _form(what="kurang"), status=422),
    ("GET", "/lacak"): Rule(PUBLIC, status=200),
    ("GET", "/laporan"): Rule(WRITERS, ok=PAGE),
    ("GET", "/laporan/{report_id:uuid}"): Rule(TRIAGE, ok=PAGE),
    ("POST", "/laporan/{report_id:uuid}/accept"): Rule(TRIAGE, writes=True, ok=(303, 409)),
    ("POST", "/laporan/{report_id:uuid}/merge"): Rule(TRIAGE, _form(reference=""), ok=(422,)),
    ("POST", "/laporan/{report_id:uuid}/decline"): Rule(TRIAGE, _form(reason="x"), ok=(422,)),
    ("POST", "/laporan/{report_id:uuid}/notes"): Rule(
        TRIAGE, _form(text="Pelapor menelepon: tempatnya RT 03."), writes=True, ok=(303,)
    ),
    # A report's files: who holds its desa adds and opens them; a file that is not a JPEG, PNG
    # or PDF is refused after the access checks. The resident adds with the received page's
    # signed ticket only: a forged one is refused, nothing written.
    ("POST", "/laporan/{report_id:uuid}/files"): Rule(TRIAGE, _not_a_picture, ok=(422,)),
    ("GET", "/laporan/{report_id:uuid}/files/{file_id:uuid}"): Rule(TRIAGE, ok=PAGE),
    ("POST", "/lapor/lampiran"): Rule(PUBLIC, _forged_ticket, status=422),
    ("POST", "/lacak"): Rule(PUBLIC, _form(code="bukan kode", digits="1234"), status=422),
    ("GET", "/static/{file_path:path}"): Rule(PUBLIC, status=200),
    ("HEAD", "/static/{file_path:path}"): Rule(PUBLIC, status=200),
    ("GET", "/favicon.ico"): Rule(PUBLIC, status=200),
    ("HEAD", "/favicon.ico"): Rule(PUBLIC, status=200),
    ("GET", "/schema"): Rule(PUBLIC, status=200),
    ("GET", "/schema/openapi.json"): Rule(PUBLIC, status=200),
    ("GET", "/schema/{path:str}"): Rule(PUBLIC, status=404),
    # Meta calls these without a login; the verify token and the body signature guard them
    # (neither is configured or given here, so both refuse).
    ("GET", "/webhooks/whatsapp"): Rule(PUBLIC, status=403),
    ("POST", "/webhooks/whatsapp"): Rule(PUBLIC, status=403),
    # ---- any login -------------------------------------------------------------------------
    ("POST", "/logout"): Rule(LOGGED_IN, own_session=True, writes=True, ok=(303,)),
    ("GET", "/"): Rule(LOGGED_IN, ok=PAGE),
    ("GET", "/agreements"): Rule(LOGGED_IN, ok=PAGE),
    # ---- cases: the list and reporting -----------------------------------------------------
    ("GET", "/cases"): Rule(LOGGED_IN, _in_desa_a1, lists_case=True, ok=PAGE),
    ("GET", "/cases/new"): Rule(WRITERS, ok=PAGE),
    ("GET", "/cases/new/party-row"): Rule(WRITERS, ok=PAGE),
    ("POST", "/cases"): Rule(REPORT, _report, writes=True, ok=(303,)),
    # ---- one case --------------------------------------------------------------------------
    ("GET", CASE): Rule(CASE_READ, ok=PAGE),
    # The case's own fields ("Ubah data perkara"): the form, and the edit it posts.
    ("GET", CASE + "/edit"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", CASE): Rule(
        CASE_WRITE, _stale(title="Judul diperbaiki matriks", category="utang_piutang"), ok=STALE
    ),
    # 409 for the supervisors: escalating is the officer's step (the workflow's roles).
    ("GET", CASE + "/steps/{trigger:str}"): Rule(CASE_WRITE, ok=(200, 409)),
    ("POST", CASE + "/steps/{trigger:str}"): Rule(
        CASE_WRITE, _stale(**PAYLOADS["escalate"]), ok=STALE
    ),
    ("POST", CASE + "/parties"): Rule(
        CASE_WRITE, _stale(role="witness", name="Saksi Uji"), ok=STALE
    ),
    ("GET", CASE + "/parties/{party_id:uuid}/edit"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", CASE + "/parties/{party_id:uuid}"): Rule(
        CASE_WRITE, _stale(role="complainant", name="Darto Santoso"), ok=STALE
    ),
    ("POST", CASE + "/parties/{party_id:uuid}/delete"): Rule(CASE_WRITE, _stale(), ok=STALE),
    ("POST", CASE + "/tokoh"): Rule(CASE_WRITE, _invite, ok=STALE),
    ("POST", CASE + "/tokoh/{tokoh_id:uuid}/delete"): Rule(CASE_WRITE, _stale(), ok=STALE),
    ("POST", CASE + "/sessions/{session_id:uuid}"): Rule(CASE_WRITE, _session, ok=STALE),
    ("POST", CASE + "/sessions/{session_id:uuid}/move"): Rule(CASE_WRITE, _move, ok=STALE),
    ("POST", CASE + "/deadline/pause"): Rule(CASE_WRITE, _stale(reason="Pihak sakit"), ok=STALE),
    ("POST", CASE + "/deadline/resume"): Rule(CASE_WRITE, _stale(), ok=STALE),
    # Follow-ups carry no case version: a day already past (422) and a follow-up already
    # done (409) stop an allowed request after the access checks.
    ("POST", CASE + "/follow-ups"): Rule(
        CASE_WRITE, _form(due_on="2020-01-01", note="Telepon teradu"), ok=REFUSED_FIELD
    ),
    ("POST", CASE + "/follow-ups/{follow_up_id:uuid}/close"): Rule(
        CASE_WRITE, _form(outcome="removed"), ok=STALE
    ),
    ("POST", CASE + "/consent"): Rule(
        CASE_WRITE,
        _stale(**CONSENT, voluntary="on", uncoerced="on", typed_name="Darto Santoso"),
        ok=STALE,
    ),
    ("POST", CASE + "/consent/paper"): Rule(CASE_WRITE, _consent_paper, ok=STALE),
    # The scan of a victim's paper consent, like a signed sheet's: officers and supervisors.
    ("GET", CASE + "/consent/{consent_id:uuid}/scan"): Rule("L A H A H A H H H", ok=PAGE),
    ("POST", CASE + "/messages/{message_id:uuid}/resend"): Rule(
        CASE_WRITE, _stale(phone="081299991234"), ok=STALE
    ),
    ("POST", CASE + "/messages/contacts"): Rule(
        CASE_WRITE, _stale(person="reporter:x", opted_out="true"), ok=STALE
    ),
    ("GET", CASE + "/trail"): Rule(CASE_WRITE, ok=PAGE),
    ("GET", CASE + "/trail/export.csv"): Rule(CASE_WRITE, ok=PAGE),
    ("GET", CASE + "/trail/export.json"): Rule(CASE_WRITE, ok=PAGE),
    # ---- the case's agreement, the officer's side -----------------------------------------
    ("GET", AGREEMENT): Rule(CASE_READ, ok=PAGE),
    ("POST", AGREEMENT): Rule(CASE_WRITE, _draft, ok=STALE),
    ("GET", AGREEMENT + "/edit"): Rule(CASE_WRITE, ok=PAGE),
    ("GET", AGREEMENT + "/obligation-row"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", AGREEMENT + "/freeze"): Rule(CASE_WRITE, _agreement_form(), ok=STALE),
    ("GET", AGREEMENT + "/sign/{signatory:str}"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", AGREEMENT + "/sign/{signatory:str}"): Rule(
        CASE_WRITE, _agreement_form(consent="true", typed_name="Slamet Wibowo"), ok=STALE
    ),
    ("POST", AGREEMENT + "/sign/{signatory:str}/paper"): Rule(CASE_WRITE, _paper, ok=STALE),
    # The scan of a party's signed sheet is for officers and supervisors; a tokoh is told
    # there is no such file.
    ("GET", AGREEMENT + "/evidence/{evidence_id:uuid}"): Rule("L A H A H A H H H", ok=PAGE),
    ("GET", AGREEMENT + "/pdf"): Rule(CASE_READ, ok=PAGE),
    # ---- the documents of a restorative justice case (another case of desa A1, clarified,
    # the same tokoh invited): officers and supervisors over it; the tokoh is refused them.
    ("GET", CASE + "/rj/{kind:str}"): Rule(
        CASE_WRITE, ok=PAGE, params={"case_id": "@rj_case_id", "kind": "klarifikasi"}
    ),
    # ---- the Problem Solving report: officers and supervisors over the case; a tokoh of the
    # case is refused it, as the restorative justice documents.
    ("GET", CASE + "/problem-solving.pdf"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", AGREEMENT + "/obligations/{obligation_id:uuid}"): Rule(
        CASE_WRITE, _stale(status="kept"), ok=STALE
    ),
    # ---- the agreement, the tokoh's side -----------------------------------------------------
    ("GET", SIGNER): Rule(CASE_READ, ok=PAGE),
    ("GET", SIGNER + "/pdf"): Rule(CASE_READ, ok=PAGE),
    # Recorded once, when the invited tokoh has the frozen text on screen: a write they may make.
    ("POST", SIGNER + "/viewed"): Rule(CASE_READ, writes=True, ok=PAGE),
    ("POST", SIGNER + "/sign"): Rule(TOKOH_STEP, _tokoh_form(), ok=STALE),
    ("POST", SIGNER + "/decline"): Rule(
        TOKOH_STEP, _tokoh_form(reason="Isi naskah belum adil."), ok=STALE
    ),
    # ---- supervision --------------------------------------------------------------------------
    ("GET", "/supervision"): Rule(SUPERVISORS, ok=PAGE),
    ("GET", "/serah-terima"): Rule(HANDOVER, ok=PAGE),
    ("POST", "/serah-terima"): Rule(HANDOVER, _handover, ok=REFUSED_FIELD),
    ("GET", "/supervision/export"): Rule(SUPERVISORS, _export, ok=PAGE),
    # ---- the restorative justice report: officers and supervisors, each over their own area
    ("GET", "/rj/laporan"): Rule(WRITERS, _period, ok=PAGE),
    ("GET", "/rj/laporan/unduh"): Rule(WRITERS, _period, ok=PAGE),
    # ---- the partnership forum of desa A1 (a dialog held, a photo, an aspiration turned into
    # a case): who holds the desa or is above it; a tokoh and the admin are refused forums.
    # Each probe passes the form's validation and is refused after the area check.
    ("GET", "/forum"): Rule(WRITERS, ok=PAGE),
    ("POST", "/forum"): Rule(REPORT, _new_forum, writes=True, ok=(303,)),
    ("GET", "/forum/kalender"): Rule(WRITERS, ok=PAGE),
    ("GET", FORUM): Rule(TRIAGE, ok=PAGE),
    ("POST", FORUM): Rule(TRIAGE, _forum_moved, ok=REFUSED_FIELD),
    ("POST", FORUM + "/anggota"): Rule(TRIAGE, _tokoh_of_b1, ok=REFUSED_FIELD),
    ("POST", MEMBER + "/akhiri"): Rule(TRIAGE, _form(ended_on="2025-01-01"), ok=REFUSED_FIELD),
    ("POST", MEMBER + "/jabatan"): Rule(
        TRIAGE, _form(position="ketua", moved_on="2026-06-01"), ok=REFUSED_FIELD
    ),
    ("POST", FORUM + "/kegiatan"): Rule(
        TRIAGE,
        _form(kind="dialog", starts_at="1900-01-01T10:00", place="Balai", topic="Dialog"),
        ok=REFUSED_FIELD,
    ),
    ("GET", ACTIVITY): Rule(TRIAGE, ok=PAGE),
    ("POST", ACTIVITY + "/catat"): Rule(
        TRIAGE, _form(residents="3", minutes="Sudah dicatat sebelumnya."), ok=STALE
    ),
    ("POST", ACTIVITY + "/foto"): Rule(TRIAGE, _not_a_photo, ok=REFUSED_FIELD),
    ("GET", ACTIVITY + "/foto/{photo_id:uuid}"): Rule(TRIAGE, ok=PAGE),
    ("POST", ACTIVITY + "/aspirasi"): Rule(
        TRIAGE,
        _form(kind="aspirasi", text="Lampu mati", owner="Kades", due_on="2000-01-01"),
        ok=REFUSED_FIELD,
    ),
    ("POST", ASPIRATION): Rule(TRIAGE, _form(status="done", note="Selesai."), ok=STALE),
    ("POST", ASPIRATION + "/perkara"): Rule(TRIAGE, _aspiration_case, ok=STALE),
    ("GET", "/statistik"): Rule(TRIAGE, _statistics_of_desa_a1, ok=PAGE),
    ("GET", "/statistik/anev.pdf"): Rule(ANEV, _anev_of_polsek_a, ok=PAGE),
    ("GET", "/statistik/anev.xlsx"): Rule(ANEV, _anev_of_polsek_a, ok=PAGE),
    # ---- admin ---------------------------------------------------------------------------------
    ("GET", "/admin"): Rule(ADMIN_ONLY, ok=PAGE),
    ("GET", "/admin/notifications"): Rule(ADMIN_ONLY, ok=PAGE),
    ("GET", "/admin/workflows"): Rule(ADMIN_ONLY, ok=PAGE),
    ("GET", "/admin/workflows/{version_id:uuid}"): Rule(ADMIN_ONLY, ok=PAGE),
    # A file that is not a workflow, a publish without the digest, a migration to version 0.
    ("POST", "/admin/workflows/upload"): Rule(ADMIN_ONLY, _not_a_workflow, ok=REFUSED_FIELD),
    ("POST", "/admin/workflows/{version_id:uuid}/publish"): Rule(
        ADMIN_ONLY, _form(sha256="bukan"), ok=REFUSED_FIELD
    ),
    ("POST", "/admin/workflows/migrate"): Rule(
        ADMIN_ONLY, _form(name="sengketa", version="0"), ok=REFUSED_FIELD
    ),
    ("POST", "/admin/notifications/trial"): Rule(
        ADMIN_ONLY, _form(channel="sms"), ok=REFUSED_FIELD
    ),
    ("GET", "/admin/notifications/trial/{trial_id:uuid}"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/admin/users"): Rule(ADMIN_ONLY, _form(username="Bukan Nama!"), ok=REFUSED_FIELD),
    ("POST", "/admin/users/{user_id:uuid}/password"): Rule(
        ADMIN_ONLY, _form(password="x"), ok=REFUSED_FIELD
    ),
    ("POST", "/admin/users/{user_id:uuid}/active"): Rule(
        ADMIN_ONLY, _form(active="mungkin"), ok=REFUSED_FIELD
    ),
    ("POST", "/admin/users/{user_id:uuid}/contact"): Rule(
        ADMIN_ONLY, _form(phone="0812", email=""), ok=REFUSED_FIELD
    ),
    ("POST", "/admin/areas"): Rule(ADMIN_ONLY, _form(code=""), ok=REFUSED_FIELD),
    ("POST", "/admin/tokoh"): Rule(ADMIN_ONLY, _form(name=""), ok=REFUSED_FIELD),
    ("POST", "/admin/tokoh/{tokoh_id:uuid}/active"): Rule(
        ADMIN_ONLY, _form(active="mungkin"), ok=REFUSED_FIELD
    ),
    ("POST", "/admin/tokoh/{tokoh_id:uuid}/contact"): Rule(
        ADMIN_ONLY, _form(phone="", email="bukan-email"), ok=REFUSED_FIELD
    ),
    # ---- the JSON API ---------------------------------------------------------------------------
    ("GET", "/api/cases"): Rule(LOGGED_IN, _in_desa_a1, lists_case=True, ok=PAGE),
    ("POST", "/api/cases"): Rule(REPORT, _report_json, writes=True, ok=(201,)),
    # The public door as JSON: no login, the same for everyone; a refused body writes nothing.
    ("POST", "/api/reports"): Rule(PUBLIC, lambda t, a: {"json": {"consent": False}}, status=422),
    ("POST", "/api/reports/attachments"): Rule(PUBLIC, _forged_ticket, status=422),
    ("POST", "/api/reports/track"): Rule(PUBLIC, _json(code="bukan kode", digits="1"), status=422),
    ("GET", "/api/cases/{case_id:uuid}"): Rule(CASE_READ, ok=PAGE),
    ("PATCH", "/api/cases/{case_id:uuid}"): Rule(
        CASE_WRITE, _stale_json(title="Judul diperbaiki matriks"), ok=STALE
    ),
    ("GET", "/api/cases/{case_id:uuid}/steps"): Rule(CASE_READ, ok=PAGE),
    ("GET", "/api/cases/{case_id:uuid}/events"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", "/api/cases/{case_id:uuid}/transitions/{trigger:str}"): Rule(
        CASE_WRITE, _fire_json, ok=STALE
    ),
    ("GET", "/api/rj/report"): Rule(WRITERS, _period, ok=PAGE),
    ("GET", "/api/rj/report.csv"): Rule(WRITERS, _period, ok=PAGE),
    # A case's parts, as the case page's forms: the tokoh reads the parties (names only), the
    # tokoh invited and the deadline; follow-ups and the registry to invite from are for the
    # officers and supervisors over the case.
    ("GET", API_CASE + "/parties"): Rule(CASE_READ, ok=PAGE),
    ("POST", API_CASE + "/parties"): Rule(
        CASE_WRITE, _stale_json(role="witness", name="Saksi Uji"), ok=STALE
    ),
    ("PATCH", API_CASE + "/parties/{party_id:uuid}"): Rule(
        CASE_WRITE, _stale_json(name="Darto Santoso"), ok=STALE
    ),
    ("DELETE", API_CASE + "/parties/{party_id:uuid}"): Rule(CASE_WRITE, _stale_query, ok=STALE),
    ("GET", API_CASE + "/tokoh"): Rule(CASE_READ, ok=PAGE),
    ("GET", API_CASE + "/tokoh/registry"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", API_CASE + "/tokoh"): Rule(CASE_WRITE, _invite_json, ok=STALE),
    ("DELETE", API_CASE + "/tokoh/{tokoh_id:uuid}"): Rule(CASE_WRITE, _stale_query, ok=STALE),
    ("GET", API_CASE + "/deadline"): Rule(CASE_READ, ok=PAGE),
    ("POST", API_CASE + "/deadline/pause"): Rule(
        CASE_WRITE, _stale_json(reason="Pihak sakit"), ok=STALE
    ),
    ("POST", API_CASE + "/deadline/resume"): Rule(CASE_WRITE, _stale_json(), ok=STALE),
    ("GET", API_CASE + "/follow-ups"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", API_CASE + "/follow-ups"): Rule(
        CASE_WRITE, _json(due_on="2020-01-01", note="Telepon teradu"), ok=REFUSED_FIELD
    ),
    ("POST", API_CASE + "/follow-ups/{follow_up_id:uuid}/close"): Rule(
        CASE_WRITE, _json(outcome="removed"), ok=STALE
    ),
    # ---- API tokens: one's own under the account; every token and service tokens for the
    # admin. The officer's token: its owner revokes it (then the admin, to no effect).
    ("GET", "/akun/token"): Rule(LOGGED_IN, ok=PAGE),
    ("POST", "/akun/token"): Rule(
        LOGGED_IN, _form(name="x", scopes="cases:read", days="30"), ok=REFUSED_FIELD
    ),
    ("POST", "/akun/token/{token_id:uuid}/cabut"): Rule(
        "L A H H H H H H A", writes=True, ok=(303,)
    ),
    ("GET", "/admin/token"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/admin/token"): Rule(ADMIN_ONLY, _form(name="x"), ok=REFUSED_FIELD),
    ("GET", "/api/statistics"): Rule(TRIAGE, _statistics_of_desa_a1, ok=PAGE),
    # The triage of the public door's reports, as its pages.
    ("GET", "/api/reports"): Rule(WRITERS, ok=PAGE),
    ("GET", "/api/reports/{report_id:uuid}"): Rule(TRIAGE, ok=PAGE),
    ("POST", "/api/reports/{report_id:uuid}/accept"): Rule(TRIAGE, writes=True, ok=(200, 409)),
    ("POST", "/api/reports/{report_id:uuid}/merge"): Rule(TRIAGE, _json(reference=""), ok=(422,)),
    ("POST", "/api/reports/{report_id:uuid}/decline"): Rule(TRIAGE, _json(reason="x"), ok=(422,)),
    ("POST", "/api/reports/{report_id:uuid}/notes"): Rule(
        TRIAGE, _json(text="Pelapor menelepon: tempatnya RT 03."), writes=True, ok=(200,)
    ),
    ("GET", "/api/reports/{report_id:uuid}/files/{file_id:uuid}"): Rule(TRIAGE, ok=PAGE),
    ("GET", "/api/statistics/monthly.pdf"): Rule(ANEV, _anev_of_polsek_a, ok=PAGE),
    ("GET", "/api/statistics/monthly.xlsx"): Rule(ANEV, _anev_of_polsek_a, ok=PAGE),
    ("GET", API_CASE + "/problem-solving.pdf"): Rule(CASE_WRITE, ok=PAGE),
    # ---- the agreement as JSON: the same outcomes as its pages ---------------------------------
    ("GET", API_AGREEMENT): Rule(CASE_READ, ok=PAGE),
    ("POST", API_AGREEMENT): Rule(CASE_WRITE, _draft_json, ok=STALE),
    ("POST", API_AGREEMENT + "/freeze"): Rule(CASE_WRITE, _agreement_json(), ok=STALE),
    ("POST", API_AGREEMENT + "/sign/{signatory:str}"): Rule(
        CASE_WRITE, _agreement_json(consent=True, typed_name="Slamet Wibowo"), ok=STALE
    ),
    ("POST", API_AGREEMENT + "/sign/{signatory:str}/paper"): Rule(CASE_WRITE, _paper, ok=STALE),
    ("GET", API_AGREEMENT + "/obligations"): Rule(CASE_READ, ok=PAGE),
    ("POST", API_AGREEMENT + "/obligations/{obligation_id:uuid}"): Rule(
        CASE_WRITE, _stale_json(status="kept"), ok=STALE
    ),
    ("GET", API_AGREEMENT + "/pdf"): Rule(CASE_READ, ok=PAGE),
    ("GET", API_AGREEMENT + "/evidence/{evidence_id:uuid}"): Rule("L A H A H A H H H", ok=PAGE),
    ("GET", "/api/agreements"): Rule(LOGGED_IN, ok=PAGE),
    ("GET", API_SIGNER): Rule(CASE_READ, ok=PAGE),
    ("GET", API_SIGNER + "/pdf"): Rule(CASE_READ, ok=PAGE),
    ("POST", API_SIGNER + "/viewed"): Rule(CASE_READ, writes=True, ok=PAGE),
    ("POST", API_SIGNER + "/sign"): Rule(TOKOH_STEP, _tokoh_json(), ok=STALE),
    ("POST", API_SIGNER + "/decline"): Rule(
        TOKOH_STEP, _tokoh_json(reason="Isi naskah belum adil."), ok=STALE
    ),
    # The public check of a printed agreement, as JSON: no login, the same for everyone.
    ("GET", "/api/verify/{code:str}"): Rule(PUBLIC, status=200),
    # ---- the JSON API: a case's sessions and trail, the supervisor's desk --------------------
    ("GET", "/api/cases/{case_id:uuid}/sessions"): Rule(CASE_READ, ok=PAGE),
    ("POST", "/api/cases/{case_id:uuid}/sessions"): Rule(CASE_WRITE, _schedule_json, ok=STALE),
    ("GET", "/api/cases/{case_id:uuid}/sessions/{session_id:uuid}"): Rule(CASE_READ, ok=PAGE),
    ("POST", "/api/cases/{case_id:uuid}/sessions/{session_id:uuid}/record"): Rule(
        CASE_WRITE, _session_json, ok=STALE
    ),
    ("POST", "/api/cases/{case_id:uuid}/sessions/{session_id:uuid}/move"): Rule(
        CASE_WRITE, _move_json, ok=STALE
    ),
    ("GET", "/api/cases/{case_id:uuid}/trail"): Rule(CASE_WRITE, ok=PAGE),
    ("GET", "/api/cases/{case_id:uuid}/trail.csv"): Rule(CASE_WRITE, ok=PAGE),
    ("GET", "/api/supervision/queue"): Rule(SUPERVISORS, ok=PAGE),
    ("GET", "/api/supervision/overdue"): Rule(SUPERVISORS, ok=PAGE),
    ("GET", "/api/supervision/figures"): Rule(SUPERVISORS, ok=PAGE),
    ("GET", "/api/supervision/export"): Rule(SUPERVISORS, _area_trail, ok=PAGE),
    # ---- the JSON API: the victim's consent, the RJ documents, a case's messages and the
    # handover: the same outcomes as their pages.
    ("GET", API_CASE + "/consent"): Rule(CASE_READ, ok=PAGE),
    ("POST", API_CASE + "/consent"): Rule(
        CASE_WRITE,
        _stale_json(**CONSENT, voluntary=True, uncoerced=True, typed_name="Darto Santoso"),
        ok=STALE,
    ),
    ("POST", API_CASE + "/consent/paper"): Rule(CASE_WRITE, _consent_paper, ok=STALE),
    ("GET", API_CASE + "/consent/{consent_id:uuid}/scan"): Rule("L A H A H A H H H", ok=PAGE),
    ("GET", API_CASE + "/rj"): Rule(CASE_WRITE, ok=PAGE, params={"case_id": "@rj_case_id"}),
    ("GET", API_CASE + "/rj/{kind:str}"): Rule(
        CASE_WRITE, ok=PAGE, params={"case_id": "@rj_case_id", "kind": "klarifikasi"}
    ),
    ("GET", API_CASE + "/messages"): Rule(CASE_WRITE, ok=PAGE),
    ("GET", API_CASE + "/messages/contacts"): Rule(CASE_WRITE, ok=PAGE),
    ("POST", API_CASE + "/messages/{message_id:uuid}/resend"): Rule(
        CASE_WRITE, _stale_json(phone="081299991234"), ok=STALE
    ),
    ("POST", API_CASE + "/messages/contacts"): Rule(
        CASE_WRITE, _stale_json(person="reporter:x", opted_out=True), ok=STALE
    ),
    ("GET", "/api/handovers"): Rule(HANDOVER, ok=PAGE),
    ("GET", "/api/handovers/desa"): Rule(HANDOVER, ok=PAGE),
    ("GET", "/api/handovers/officers"): Rule(HANDOVER, ok=PAGE),
    ("POST", "/api/handovers"): Rule(HANDOVER, _handover_json, ok=REFUSED_FIELD),
    # ---- the JSON API: the partnership forum of desa A1, as its pages; each write carries a
    # stale forum version (409 after the area check), forming one is refused outside one's area.
    ("GET", "/api/forums"): Rule(WRITERS, ok=PAGE),
    ("POST", "/api/forums"): Rule(
        REPORT,
        lambda t, a: {"json": _new_forum(t, a)["data"]},
        writes=True,
        ok=(201,),
    ),
    ("GET", "/api/forums/calendar"): Rule(WRITERS, ok=PAGE),
    ("GET", API_FORUM): Rule(TRIAGE, ok=PAGE),
    ("PUT", API_FORUM): Rule(TRIAGE, _forum_stale(name="FKPM Lain", desa="area_id"), ok=STALE),
    ("GET", API_FORUM + "/members"): Rule(TRIAGE, ok=PAGE),
    ("POST", API_FORUM + "/members"): Rule(
        TRIAGE,
        _forum_stale(
            person_kind="other", name="Pak Uji", element="linmas", started_on="2026-02-01"
        ),
        ok=STALE,
    ),
    ("POST", API_FORUM + "/members/{member_id:uuid}/end"): Rule(
        TRIAGE, _forum_stale(ended_on="2026-06-01"), ok=STALE
    ),
    ("POST", API_FORUM + "/members/{member_id:uuid}/move"): Rule(
        TRIAGE, _forum_stale(position="anggota", moved_on="2026-06-01"), ok=STALE
    ),
    ("GET", API_FORUM + "/events"): Rule(TRIAGE, ok=PAGE),
    ("GET", API_FORUM + "/activities"): Rule(TRIAGE, ok=PAGE),
    ("POST", API_FORUM + "/activities"): Rule(
        TRIAGE,
        _forum_stale(kind="dialog", starts_at="2026-06-01T10:00", place="Balai", topic="Dialog"),
        ok=STALE,
    ),
    ("GET", API_FORUM + "/aspirations"): Rule(TRIAGE, ok=PAGE),
    ("GET", API_ACTIVITY): Rule(TRIAGE, ok=PAGE),
    ("POST", API_ACTIVITY + "/record"): Rule(
        TRIAGE, _forum_stale(residents=3, minutes="Dialog soal balap liar."), ok=STALE
    ),
    ("POST", API_ACTIVITY + "/photos"): Rule(TRIAGE, _forum_photo, ok=STALE),
    ("GET", API_ACTIVITY + "/photos/{photo_id:uuid}"): Rule(TRIAGE, ok=PAGE),
    ("POST", API_ACTIVITY + "/aspirations"): Rule(
        TRIAGE,
        _forum_stale(kind="aspirasi", text="Lampu mati", owner="Kades", due_on="2026-12-01"),
        ok=STALE,
    ),
    ("POST", API_ASPIRATION + "/progress"): Rule(
        TRIAGE, _forum_stale(status="done", note="Selesai."), ok=STALE
    ),
    ("POST", API_ASPIRATION + "/case"): Rule(
        TRIAGE,
        _forum_stale(
            topic="pengaduan:ketertiban",
            title="Balap liar",
            reporter_name="Pak RT",
            desa="desa_id",
        ),
        ok=STALE,
    ),
    # ---- the JSON API: the admin pages, as their pages (the same probes, as JSON) ------------
    ("GET", "/api/admin/users"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/api/admin/users"): Rule(ADMIN_ONLY, _json(username="Bukan Nama!"), ok=REFUSED_FIELD),
    ("POST", "/api/admin/users/{user_id:uuid}/password"): Rule(
        ADMIN_ONLY, _json(password="x"), ok=REFUSED_FIELD
    ),
    ("POST", "/api/admin/users/{user_id:uuid}/contact"): Rule(
        ADMIN_ONLY, _json(phone="0812", email=""), ok=REFUSED_FIELD
    ),
    ("POST", "/api/admin/users/{user_id:uuid}/active"): Rule(
        ADMIN_ONLY, _json(active="mungkin"), ok=REFUSED_FIELD
    ),
    ("GET", "/api/admin/areas"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/api/admin/areas"): Rule(ADMIN_ONLY, _json(code=""), ok=REFUSED_FIELD),
    ("GET", "/api/admin/tokoh"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/api/admin/tokoh"): Rule(ADMIN_ONLY, _json(name=""), ok=REFUSED_FIELD),
    ("POST", "/api/admin/tokoh/{tokoh_id:uuid}/contact"): Rule(
        ADMIN_ONLY, _json(phone="", email="bukan-email"), ok=REFUSED_FIELD
    ),
    ("POST", "/api/admin/tokoh/{tokoh_id:uuid}/active"): Rule(
        ADMIN_ONLY, _json(active="mungkin"), ok=REFUSED_FIELD
    ),
    ("GET", "/api/admin/notifications/channels"): Rule(ADMIN_ONLY, ok=PAGE),
    ("GET", "/api/admin/notifications/outbox"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/api/admin/notifications/trial"): Rule(
        ADMIN_ONLY, _json(channel="sms"), ok=REFUSED_FIELD
    ),
    ("GET", "/api/admin/notifications/trial/{trial_id:uuid}"): Rule(ADMIN_ONLY, ok=PAGE),
    ("GET", "/api/admin/workflows"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/api/admin/workflows/upload"): Rule(ADMIN_ONLY, _not_a_workflow, ok=REFUSED_FIELD),
    ("GET", "/api/admin/workflows/{version_id:uuid}"): Rule(ADMIN_ONLY, ok=PAGE),
    ("POST", "/api/admin/workflows/{version_id:uuid}/publish"): Rule(
        ADMIN_ONLY, _json(sha256="bukan"), ok=REFUSED_FIELD
    ),
    # A dry run to the version the cases are on: nothing to move, nothing written.
    ("GET", "/api/admin/workflows/plan"): Rule(
        ADMIN_ONLY, lambda t, a: {"params": {"name": "sengketa", "version": "1"}}, ok=PAGE
    ),
    ("POST", "/api/admin/workflows/migrations"): Rule(
        ADMIN_ONLY, _json(name="sengketa", version="0"), ok=REFUSED_FIELD
    ),
    ("GET", "/api/admin/workflows/migrations"): Rule(ADMIN_ONLY, ok=PAGE),
    ("GET", "/api/admin/workflows/migrations/{run_id:uuid}"): Rule(ADMIN_ONLY, ok=PAGE),
}

# Cells where the app does not answer what POLICY says. None lets in anyone out of scope or
# shows them anything (the leak checks of these cells pass when the letter is relaxed); each
# refuses with the wrong status, or only in the template. "STATUS" marks them.
KNOWN: dict[tuple[str, str, str], str] = {}

# ---- the cells -----------------------------------------------------------------------------

BACKENDS = [
    pytest.param(name, id=name, marks=pytest.mark.xdist_group(f"authz-{name}"))
    for name in ("sqlite", "postgresql")
]
on_both_backends = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


def _cells() -> list[Any]:
    cells = []
    for method, path in SERVED:
        for actor in ACTORS:
            reason = KNOWN.get((method, path, actor))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cells.append(
                pytest.param(method, path, actor, id=f"{method} {path} {actor}", marks=marks)
            )
    return cells


def _url(path: str, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, f"no value for the path parameter {name!r} of {path}: add one"
        return values[name]

    return re.sub(r"\{(\w+):\w+\}", fill, path)


# ---- the world, set up once per backend ------------------------------------------------------


def _set_up(runtime: Runtime, app: Litestar) -> Target:
    with runtime.sessions.begin() as session:
        world = build_world(session)
        other = User(
            username=TOKOH_OUT,
            full_name="Tokoh Lain",
            role="tokoh",
            area_id=world.desa_a1,
            password_hash=password_hash(),
            password_changed_at=utcnow(),
        )
        session.add(other)
        session.flush()
        linked = session.get(Tokoh, world.tokoh_a1_other)
        assert linked is not None
        linked.user_id = other.id
    cases = Cases(runtime, world)
    case_id = cases.report(title=TITLE)
    cases.fire(case_id, "assess")
    cases.invite(case_id)  # tokoh_a1, the 'tokoh' login, as mediator
    cases.fire(case_id, "schedule_mediation")
    agreements = Agreements(runtime, world, cases)
    agreements.draft(case_id)
    frozen = agreements.freeze(case_id)
    complainant = agreements.party(case_id, "complainant")
    respondent = agreements.party(case_id, "respondent")
    with agreements.service() as (_, _cases, service):
        signature = service.signing.sign_on_paper(
            OfficerSlot(case_id, f"party:{complainant.id}", world.actor("officer")),
            PaperSignature(confirm=True),
            UploadedFile("ttd.png", PNG),
            Posted(frozen.number, agreements.version(case_id), CLIENT),
        )
        evidence_id = signature.evidence_id
    assert evidence_id is not None
    consent_id = _paper_consent(runtime, case_id, complainant.id)
    # Another case of the same desa, as far on: the other tokoh takes part in it (not in
    # this one), and its officer may change it, which objects of this case must not reach.
    other_case = cases.report(title="Perkara lain di desa yang sama")
    cases.fire(other_case, "assess")
    cases.invite(other_case)
    cases.invite(other_case, world.tokoh_a1_other, role="witness")
    cases.fire(other_case, "schedule_mediation")
    agreements.draft(other_case)
    other_frozen = agreements.freeze(other_case)
    # A restorative justice case of desa A1 with its clarification recorded (two documents).
    # The victim's consent first: the clarification is a mediation step.
    rj_case = checked(runtime, world, title="Perkara RJ matriks akses")
    consent(runtime, world, rj_case)
    cases.fire(rj_case, "clarify", **RJ_CLARIFY)
    cases.invite(rj_case)
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        reference = case.reference
        session_id = session.scalars(
            select(MediationSession.id).where(MediationSession.case_id == case_id)
        ).one()
    assert frozen.code is not None
    with runtime.sessions() as session:
        message_id = session.scalars(
            select(Message.id).where(Message.case_id == case_id).limit(1)
        ).one()
    with runtime.sessions.begin() as session:
        admin = Recipient(RecipientKind.TEST, "admin", "admin", phone="081234567890")
        trial = Outbox(session, runtime.settings).enqueue(
            "test", admin, {"site": "uji"}, dedupe="trial:matrix"
        )
        trial_id = trial.id
    public_report = submitted(runtime, world)
    with runtime.sessions.begin() as session:
        [stored] = add_files(
            session, public_report, [UploadedFile("kuitansi.pdf", PDF)], None, utcnow()
        )
        file_id = stored.id
    forum = _forum_of_desa_a1(runtime, world)
    with runtime.sessions.begin() as session:
        draft = WorkflowVersion(
            name="sengketa",
            version=2,
            source=sengketa_v2(),
            sha256=hashlib.sha256(sengketa_v2().encode()).hexdigest(),
            uploaded_by_name="admin",
        )
        session.add(draft)
        run = WorkflowMigration(
            name="sengketa",
            to_version=1,
            pairs={},
            started_by_name="admin",
            moved=0,
            refused=0,
            failed=0,
        )
        session.add(run)
        session.flush()
        version_id, run_id = draft.id, run.id
        form = TokenForm(name="Aplikasi pos", scopes=["cases:read"], days=30)
        token_id = TokenService(session, world.actor("officer")).create_own(form).token.id
    follow_up_id = _done_follow_up(runtime, world, case_id)
    params = {
        **forum,
        "message_id": message_id,
        "trial_id": trial_id,
        "version_id": version_id,
        "run_id": run_id,
        "report_id": public_report.id,
        "file_id": file_id,
        "case_id": case_id,
        "rj_case_id": rj_case,
        "party_id": complainant.id,  # the one with a NIK
        "trigger": "escalate",
        "tokoh_id": world.tokoh_a1,
        "session_id": session_id,
        "signatory": f"party:{respondent.id}",  # still to sign
        "evidence_id": evidence_id,
        "consent_id": consent_id,
        "follow_up_id": follow_up_id,
        "obligation_id": agreements.obligations(case_id)[0].id,
        "agreement_id": agreements.agreement_id(case_id),
        "code": format_code(frozen.code),
        "user_id": world.users["officer"].id,
        "file_path": app.state.assets.get("app.css").name,
        "path": "no-such-page",
        "token_id": token_id,
    }
    return Target(
        runtime=runtime,
        app=app,
        world=world,
        case_id=case_id,
        reference=reference,
        agreement_number=frozen.number,
        params={name: str(value) for name, value in params.items()},
        other_case_id=other_case,
        other_agreement_number=other_frozen.number,
    )


def _done_follow_up(runtime: Runtime, world: World, case_id: UUID) -> UUID:
    """A follow-up of the case, already done: closing it again is refused after the checks."""
    with runtime.sessions.begin() as session:
        service = FollowUpService(runtime.case_service(session))
        officer = world.actor("officer")
        day = utcnow().astimezone(LOCAL_TZ).date()
        row = service.add(case_id, officer, FollowUpForm(due_on=day, note="Telepon teradu"))
        return service.close(case_id, row.id, officer, CloseForm(outcome="done")).id


def _forum_of_desa_a1(runtime: Runtime, world: World) -> dict[str, UUID]:
    """The FKPM of desa A1: a ketua, a dialog held yesterday with a photo, and an aspiration
    raised there already turned into a case."""
    officer = world.actor("officer")
    yesterday = utcnow().astimezone(LOCAL_TZ) - timedelta(days=1)  # its dates are WIB dates
    with runtime.sessions.begin() as session:
        forum = ForumService(session).create(
            officer, ForumForm(name="FKPM Ngadilangkung", area_id=world.desa_a1)
        )
        member = ForumService(session).add_member(
            officer,
            forum.id,
            MemberForm(
                person_kind="other",
                name="Pak Lurah",
                element="pemerintah_desa",
                position="ketua",
                started_on=yesterday.date() - timedelta(days=30),
            ),
        )
        activities = ActivityService(session, runtime.settings)
        form = ActivityForm(kind="dialog", starts_at=yesterday, place="Balai", topic="Dialog")
        activity = activities.schedule(officer, forum.id, form)
        minutes = RecordForm(members=[member.id], residents=20, minutes="Dialog soal balap liar.")
        activities.record(officer, activity.id, minutes)
        photo = activities.add_photo(officer, activity.id, [UploadedFile("balai.png", PICTURE)])
        aspirations = AspirationService(runtime.case_service(session))
        raised = aspirations.raise_(
            officer,
            activity.id,
            AspirationForm(
                kind="keluhan", text="Balap liar", owner="Kades", due_on=yesterday.date()
            ),
        )
        aspirations.to_case(
            officer,
            activity.id,
            raised.id,
            CaseForm(
                topic="pengaduan:ketertiban",
                title="Balap liar di jalan desa",
                desa_id=world.desa_a1,
                reporter_name="Pak RT",
            ),
        )
    return {
        "forum_id": forum.id,
        "member_id": member.id,
        "activity_id": activity.id,
        "photo_id": photo.id,
        "aspiration_id": raised.id,
    }


def _paper_consent(runtime: Runtime, case_id: UUID, party_id: UUID) -> UUID:
    """A victim's consent on paper, its scan stored (written as a row: the target is a dispute,
    whose workflow asks for none, and the route serves the scan whatever the workflow)."""
    consent = VictimConsent(
        id=uuid4(),
        case_id=case_id,
        party_id=party_id,
        victim_name="Darto Santoso",
        text="Pernyataan uji",
        digest="0" * 64,
        method="paper",
        given_at=utcnow(),
        ip=CLIENT.ip,
        user_agent=CLIENT.user_agent,
        scan_filename="persetujuan.png",
        scan_media_type="image/png",
        scan_size=len(PNG),
        scan_sha256=hashlib.sha256(PNG).hexdigest(),
        scan=PNG,
    )
    with runtime.sessions.begin() as session:
        session.add(consent)
    return consent.id


@pytest.fixture(scope="module")
def target(migrated: Runtime) -> Iterator[Target]:
    """The world and the case, and a browser per actor (each logged in once)."""
    _empty_tables(migrated)
    app = unlimited_app(migrated)  # hundreds of API calls a minute, from one address
    try:
        found = _set_up(migrated, app)
        with ExitStack() as stack:
            for actor in ACTORS:
                client = stack.enter_context(TestClient(app, raise_server_exceptions=False))
                browser = Web(client)
                if actor == "anon":
                    assert client.get("/login").status_code == 200  # for the CSRF cookie
                else:
                    browser.login_as(LOGINS[actor])
                found.clients[actor] = browser
            yield found
    finally:
        _empty_tables(migrated)


# ---- sending and judging -----------------------------------------------------------------------


def _request(browser: Web, method: str, url: str, probe: dict[str, Any]) -> httpx.Response:
    headers = {} if method in SAFE else {"x-csrftoken": browser.csrf}
    return browser.client.request(method, url, headers=headers, follow_redirects=False, **probe)


def _rule_url(target: Target, rule: Rule, path: str) -> str:
    """The path filled with the target's values, and the rule's own (``@name``: the target's)."""
    named = {k: target.params[v[1:]] if v.startswith("@") else v for k, v in rule.params.items()}
    return _url(path, {**target.params, **named})


def _send(target: Target, rule: Rule, method: str, path: str, actor: str) -> httpx.Response:
    url = _rule_url(target, rule, path)
    probe = rule.probe(target, actor)
    if not rule.own_session or actor == "anon":
        return _request(target.clients[actor], method, url, probe)
    with TestClient(target.app, raise_server_exceptions=False) as client:
        browser = Web(client).login_as(LOGINS[actor])
        response = _request(browser, method, url, probe)
        after = client.get("/", follow_redirects=False)
        assert _asks_login(after, api=False), "the session still works after logging out"
        return response


def _asks_login(response: httpx.Response, *, api: bool) -> bool:
    if api:
        return response.status_code == 401
    location = response.headers.get("location", "")
    return response.status_code == 303 and location.startswith("/login?next=")


def _is_text(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "")
    return kind.startswith(("text/", "application/json", "application/problem+json"))


def _message(response: httpx.Response, *, api: bool) -> str:
    """What the person is told: the problem's detail and field errors, or the error page."""
    if api or "json" in response.headers.get("content-type", ""):
        body = response.json()
        errors = body.get("errors") or {}
        return " ".join([str(body.get("detail", "")), *map(str, errors.values())])
    page = re.search(r'<article class="error-page">(.*?)</article>', response.text, re.S)
    text = page.group(1) if page else response.text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def _judge(response: httpx.Response, letter: str, rule: Rule, api: bool, seen: str) -> None:
    status = response.status_code
    assert status < 500, seen
    if letter == "P":
        assert status == rule.status, seen
        assert not _asks_login(response, api=api), seen
    elif letter == "A":
        assert not _asks_login(response, api=api), seen
        assert 200 <= status < 400 or status in (409, 422), seen
        assert not rule.ok or status in rule.ok, seen
    elif letter == "L":
        assert _asks_login(response, api=api), seen
        if api:
            assert response.headers["content-type"].startswith("application/problem+json"), seen
    elif letter == "H":
        assert status == 404, seen
        assert "tidak ditemukan" in _message(response, api=api).lower(), seen
    elif letter == "F":
        assert status == 403, seen
        assert re.search(r"tidak berwenang|\bhanya\b", _message(response, api=api), re.I), seen
    elif letter == "R":
        assert status == 422, seen
        assert "bukan wilayah tugas" in _message(response, api=api), seen
    else:  # pragma: no cover - POLICY's letters are checked by test_policy_is_well_formed
        raise AssertionError(f"unknown outcome {letter!r}")


@on_both_backends
@pytest.mark.parametrize(("method", "path", "actor"), _cells())
def test_route_access(target: Target, method: str, path: str, actor: str) -> None:
    rule = POLICY.get((method, path))
    assert rule is not None, (
        f"{method} {path} is served by {SERVED[(method, path)].where} but POLICY has no row "
        "for it: decide who may use it and add the row"
    )
    letter = rule.of(actor)
    api = path.startswith("/api/")
    may_write = rule.writes and letter in "AP"
    watch = None if may_write else Watch(target.runtime)

    response = _send(target, rule, method, path, actor)

    location = response.headers.get("location", "")
    body = response.text[:300] if _is_text(response) else response.headers.get("content-type")
    seen = (
        f"{method} {path} as {actor} ({LOGINS.get(actor, 'nobody')}): expected {letter}, "
        f"got {response.status_code} {location} {body!r} — handler "
        f"{SERVED[(method, path)].where}"
    )
    _judge(response, letter, rule, api, seen)
    if watch is not None:
        changed = watch.written()
        assert not changed, f"{seen}\nwrote to: {changed}"
    if _is_text(response):
        text = response.text
        if actor in OUT_OF_SCOPE and letter != "P":
            for secret in (target.reference, TITLE):
                assert secret not in text, f"{seen}\nshows the case ({secret!r}) out of scope"
        if actor in OUT_OF_SCOPE or actor.startswith("tok"):
            for secret in SECRETS:
                assert secret not in text, f"{seen}\nshows {secret!r} in full"
        if rule.lists_case and actor in IN_SCOPE:
            assert str(target.case_id) in text, f"{seen}\ndoes not list the case in scope"


@on_both_backends
def test_options_answer_only_the_methods_of_the_path(target: Target) -> None:
    """Litestar answers OPTIONS on every path itself, without a login: only the methods."""
    wrong = []
    for path, methods in PATH_METHODS.items():
        extra = next((rule.params for (_, p), rule in POLICY.items() if p == path), {})
        extra = {k: target.params[v[1:]] if v.startswith("@") else v for k, v in extra.items()}
        response = target.clients["anon"].client.options(_url(path, {**target.params, **extra}))
        # (Litestar's Allow header may name fewer methods than the path has; never more.)
        allowed = {m.strip() for m in response.headers.get("allow", "").split(",") if m.strip()}
        if response.status_code != 204 or not allowed <= methods or response.content:
            wrong.append(f"{path}: {response.status_code} allow={sorted(allowed)}")
    assert not wrong, wrong


# ---- objects of one case through another ------------------------------------------------------


def _other(*, signing: bool = False, **fields: str) -> Probe:
    """A valid form for the other case, with its current versions: only the check that the
    object belongs to the case in the path can refuse it."""

    def probe(target: Target, actor: str) -> dict[str, Any]:
        data = {**fields, "version": str(target.version(target.other_case_id))}
        if signing:
            data["agreement_version"] = str(target.other_agreement_number)
        return {"data": data}

    return probe


def _other_paper(target: Target, actor: str) -> dict[str, Any]:
    probe = _other(signing=True, confirm="true")(target, actor)
    return {**probe, "files": {"scan": ("ttd.png", PNG, "image/png")}}


def _other_json(**fields: Any) -> Probe:
    """``_other`` as the API takes it: JSON, the other case's current versions."""

    def probe(target: Target, actor: str) -> dict[str, Any]:
        version = target.version(target.other_case_id)
        return {
            "json": {
                **fields,
                "version": version,
                "agreement_version": target.other_agreement_number,
            }
        }

    return probe


def _other_case_json(**fields: str) -> Probe:
    """``_other`` as a JSON body of the API, with the other case's version only."""
    return lambda target, actor: {
        "json": {**fields, "version": target.version(target.other_case_id)}
    }


def _other_query(target: Target, actor: str) -> dict[str, Any]:
    return {"params": {"version": str(target.version(target.other_case_id))}}


def _crossed(probe: Probe) -> Probe:
    """``probe`` with the other case's current version: only the foreign id can refuse it."""

    def crossed(target: Target, actor: str) -> dict[str, Any]:
        built = probe(target, actor)
        built["data"]["version"] = str(target.version(target.other_case_id))
        return built

    return crossed


def _crossed_json(probe: Probe) -> Probe:
    """A JSON ``probe`` with the other case's current version: only the foreign id refuses it."""

    def crossed(target: Target, actor: str) -> dict[str, Any]:
        built = probe(target, actor)
        built["json"]["version"] = target.version(target.other_case_id)
        return built

    return crossed


API_SESSION = "/api/cases/{case_id:uuid}/sessions/{session_id:uuid}"

CROSSED: dict[str, tuple[str, str, Probe]] = {
    "edit party": ("GET", CASE + "/parties/{party_id:uuid}/edit", _nothing),
    "update party": (
        "POST",
        CASE + "/parties/{party_id:uuid}",
        _other(role="complainant", name="Nama Diganti"),
    ),
    "remove party": ("POST", CASE + "/parties/{party_id:uuid}/delete", _other()),
    "record session": ("POST", CASE + "/sessions/{session_id:uuid}", _crossed(_session)),
    "move session": ("POST", CASE + "/sessions/{session_id:uuid}/move", _crossed(_move)),
    "close follow-up": (
        "POST",
        CASE + "/follow-ups/{follow_up_id:uuid}/close",
        _form(outcome="done"),
    ),
    "evidence": ("GET", AGREEMENT + "/evidence/{evidence_id:uuid}", _nothing),
    "consent scan": ("GET", CASE + "/consent/{consent_id:uuid}/scan", _nothing),
    "sign form": ("GET", AGREEMENT + "/sign/{signatory:str}", _nothing),
    "sign in person": (
        "POST",
        AGREEMENT + "/sign/{signatory:str}",
        _other(signing=True, consent="true", typed_name="Slamet Wibowo"),
    ),
    "sign on paper": ("POST", AGREEMENT + "/sign/{signatory:str}/paper", _other_paper),
    "api evidence": ("GET", API_AGREEMENT + "/evidence/{evidence_id:uuid}", _nothing),
    "api sign in person": (
        "POST",
        API_AGREEMENT + "/sign/{signatory:str}",
        _other_json(consent=True, typed_name="Slamet Wibowo"),
    ),
    "api sign on paper": ("POST", API_AGREEMENT + "/sign/{signatory:str}/paper", _other_paper),
    "API: update party": (
        "PATCH",
        API_CASE + "/parties/{party_id:uuid}",
        _other_case_json(name="Nama Diganti"),
    ),
    "API: remove party": ("DELETE", API_CASE + "/parties/{party_id:uuid}", _other_query),
    "API: close follow-up": (
        "POST",
        API_CASE + "/follow-ups/{follow_up_id:uuid}/close",
        _json(outcome="done"),
    ),
    "read session (API)": ("GET", API_SESSION, _nothing),
    "record session (API)": ("POST", API_SESSION + "/record", _crossed_json(_session_json)),
    "move session (API)": ("POST", API_SESSION + "/move", _crossed_json(_move_json)),
}


@on_both_backends
@pytest.mark.parametrize("name", list(CROSSED))
def test_an_object_of_one_case_is_not_reached_through_another(target: Target, name: str) -> None:
    """The officer holds both cases of desa A1; a party, session, scan or signatory of the
    target case named under the path of the other one is not found there, and nothing moves."""
    method, path, probe = CROSSED[name]
    assert (method, path) in POLICY
    url = _url(path, {**target.params, "case_id": str(target.other_case_id)})
    watch = Watch(target.runtime)
    response = _request(target.clients["off-in"], method, url, probe(target, "off-in"))
    seen = f"{method} {url}: {response.status_code} {response.text[:300]!r}"
    assert response.status_code == 404, seen
    assert "tidak ditemukan" in _message(response, api=False).lower(), seen
    assert watch.written() == [], seen


# ---- the table against the app ----------------------------------------------------------------


def test_every_served_route_has_a_policy() -> None:
    missing = [
        f"{method} {path} ({served.where})"
        for (method, path), served in SERVED.items()
        if (method, path) not in POLICY
    ]
    assert not missing, (
        "routes the app serves without a row in POLICY (who may use them has not been "
        "decided, so nothing proves they check it):\n  " + "\n  ".join(missing)
    )


def test_policy_names_only_served_routes() -> None:
    stale = [f"{method} {path}" for method, path in POLICY if (method, path) not in SERVED]
    assert not stale, "POLICY rows for routes the app no longer serves:\n  " + "\n  ".join(stale)


def test_policy_is_well_formed() -> None:
    for key, rule in POLICY.items():
        assert len(rule.letters) == len(ACTORS), (key, rule.expect)
        assert set(rule.letters) <= OUTCOMES, (key, rule.expect)
        public = set(rule.letters) == {"P"}
        assert public or "P" not in rule.letters, f"{key}: public for some actors only"
        assert public == (rule.status is not None), f"{key}: a public row says its status"
        assert public or rule.of("anon") == "L", f"{key}: nobody logged in must be asked to log in"
    for method, path, actor in KNOWN:
        assert (method, path) in POLICY, (method, path)
        assert actor in ACTORS, actor


def test_public_rows_are_the_routes_the_app_leaves_open() -> None:
    """POLICY's public rows are exactly what the app serves without a login: the auth
    middleware's exclusions (PUBLIC_PATHS) and handlers that opt out themselves."""
    open_paths = re.compile("|".join(f"^{p}" for p in PUBLIC_PATHS))
    for (method, path), served in SERVED.items():
        rule = POLICY.get((method, path))
        if rule is None:
            continue  # test_every_served_route_has_a_policy says so
        unauthenticated = served.unauthenticated or bool(open_paths.match(path))
        declared = set(rule.letters) == {"P"}
        assert declared == unauthenticated, (
            f"{method} {path} ({served.where}) is "
            f"{'open to anyone' if unauthenticated else 'behind the login'} in the app but "
            f"{'public' if declared else 'not public'} in POLICY"
        )


# ---- the JSON API by token: the cookie's outcome with the route's scope, 403 without ---------

API_ROUTES = [
    (method, path)
    for (method, path), rule in POLICY.items()
    if path.startswith("/api/") and set(rule.letters) != {"P"}
]
_TOKENS: dict[tuple[int, str, str], str] = {}
USE = ("web_sessions", "api_tokens")  # a token's last use is recorded, as a session's


def _feature(app: Litestar, method: str, path: str) -> str:
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path == path:
            for handler in route.route_handlers:
                if method in handler.http_methods:
                    feature = handler.opt.get("feature")
                    assert feature, f"{method} {path} names no feature for token scopes"
                    return str(feature)
    raise AssertionError(f"{method} {path} is not served")


def _token(target: Target, actor: str, scope: str) -> str:
    key = (id(target), actor, scope)
    if key not in _TOKENS:
        with target.runtime.sessions.begin() as session:
            user = session.scalars(select(User).where(User.username == LOGINS[actor])).one()
            # The admin scope is given to an admin only; another role's token holds it when
            # made before its owner stopped being an admin.
            given = scope.split(":")[0] in features_for(user.role == Role.ADMIN)
            asked = scope if given else "cases:read"
            form = TokenForm(name=f"matriks {scope}", scopes=[asked], days=7)
            text = TokenService(session, Actor.of(user)).create_own(form).text
        _TOKENS[key] = text if given else rescoped(target.runtime, text, (scope,))
    return _TOKENS[key]


@on_both_backends
@pytest.mark.parametrize(("method", "path"), API_ROUTES, ids=[f"{m} {p}" for m, p in API_ROUTES])
def test_api_route_by_token(target: Target, method: str, path: str) -> None:
    """Each actor's token with the route's scope gets what their cookie gets; with a scope of
    another feature, or only reading where the route writes, 403 and nothing written."""
    rule = POLICY[(method, path)]
    feature = _feature(target.app, method, path)
    level = "read" if method in SAFE else "write"
    other = next(f for f in FEATURES if f != feature)
    wrong = [f"{other}:write"] + ([f"{feature}:read"] if level == "write" else [])
    url = _rule_url(target, rule, path)
    client = target.clients["anon"].client
    for actor in ACTORS[1:]:
        letter = rule.of(actor)
        for scope in [f"{feature}:{level}", *wrong]:
            headers = {"Authorization": f"Bearer {_token(target, actor, scope)}"}
            granted = scope == f"{feature}:{level}"
            expected = letter if granted else "F"
            watch = None if (granted and rule.writes) else Watch(target.runtime, skip=USE)
            response = client.request(
                method, url, headers=headers, follow_redirects=False, **rule.probe(target, actor)
            )
            seen = f"{method} {path} as {actor} by token {scope}: expected {expected}, got " + (
                f"{response.status_code} {response.text[:300]!r}"
            )
            _judge(response, expected, rule, True, seen)
            if watch is not None:
                assert watch.written() == [], seen
