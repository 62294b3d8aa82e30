"""The application factory: settings in, a Litestar app out; nothing read at import time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advanced_alchemy.extensions.litestar import (
    SQLAlchemyPlugin,
    SQLAlchemySyncConfig,
    SyncSessionConfig,
)
from advanced_alchemy.extensions.litestar.store import SQLAlchemyStore
from litestar import Litestar, Request
from litestar.config.app import AppConfig
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.flash import FlashConfig, FlashPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.stores.base import Store
from litestar.template.config import TemplateConfig
from sqlalchemy.orm import Session

from mediasi import __version__
from mediasi.accounts.actor import Actor
from mediasi.accounts.admin_api_controllers import AdminApiController
from mediasi.accounts.admin_controllers import AdminController
from mediasi.accounts.auth import (
    BEARER,
    PUBLIC_PATHS,
    REQUEST_DATABASE,
    actor_of,
    session_auth,
)
from mediasi.accounts.controllers import AccountController
from mediasi.accounts.models import WebSession
from mediasi.accounts.roles import ROLE_LABELS
from mediasi.accounts.sessions import DATABASE_NAMESPACE, REDIS_NAMESPACE
from mediasi.agreements.api_controllers import AgreementApiController, SignerApiController
from mediasi.agreements.controllers.case_page import AgreementController
from mediasi.agreements.controllers.documents import DocumentController
from mediasi.agreements.controllers.signer import SignerController
from mediasi.anev.api_controllers import AnevApiController
from mediasi.anev.controllers import AnevController
from mediasi.api.controllers import CaseApiController
from mediasi.api.housekeeping import idempotency_purger
from mediasi.api.idempotency import IdempotencyMiddleware
from mediasi.api.party_controllers import PartyApiController
from mediasi.api.rate_limits import RATE_LIMITED, AddressLimit, TokenLimit, counter_for
from mediasi.api.tokoh_controllers import TokohApiController
from mediasi.audit.api_controllers import TrailApiController
from mediasi.audit.controllers import TrailController
from mediasi.cases.controllers import CaseController, CaseMembersController
from mediasi.cases.desk import Desk, provide_case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.db.statistics import statistics_worker
from mediasi.deadlines.api_controllers import DeadlineApiController
from mediasi.deadlines.controllers import PauseController
from mediasi.deadlines.worker import deadline_worker
from mediasi.diagrams.drawing import diagram
from mediasi.diagrams.graph import conditions
from mediasi.followups.api_controllers import FollowUpApiController
from mediasi.followups.controllers import FollowUpController
from mediasi.forum.activity_api_controllers import ActivityApiController
from mediasi.forum.activity_controllers import ActivityController
from mediasi.forum.api_controllers import ForumApiController
from mediasi.forum.controllers import ForumController
from mediasi.handover.api_controllers import HandoverApiController
from mediasi.handover.controllers import HandoverController
from mediasi.home.controllers import HomeController
from mediasi.intake.api_controllers import IntakeApiController
from mediasi.intake.controllers import PublicReportController, TrackingController
from mediasi.intake.triage_api_controllers import TriageApiController
from mediasi.intake.triage_controllers import TriageController
from mediasi.mediation.api_controllers import SessionApiController
from mediasi.mediation.controllers import SessionController
from mediasi.notifications.admin_api_controllers import NotificationsAdminApiController
from mediasi.notifications.admin_controllers import NotificationsAdminController
from mediasi.notifications.api_controllers import MessageApiController
from mediasi.notifications.controllers import MessageController
from mediasi.notifications.webhooks import WhatsAppWebhookController
from mediasi.notifications.worker import notification_worker
from mediasi.problem_solving.api_controllers import ProblemSolvingApiController
from mediasi.problem_solving.controllers import ProblemSolvingController
from mediasi.reports.api_controllers import RestorativeReportApiController
from mediasi.reports.controllers import RestorativeReportController
from mediasi.restorative.api_controllers import RestorativeDocumentApiController
from mediasi.restorative.consent.api_controllers import ConsentApiController
from mediasi.restorative.consent.controllers import ConsentController
from mediasi.restorative.controllers import RestorativeDocumentController
from mediasi.runtime import Runtime
from mediasi.statistics.api_controllers import StatisticsApiController
from mediasi.statistics.controllers import StatisticsController
from mediasi.supervision.api_controllers import SupervisionApiController
from mediasi.supervision.controllers import SupervisionController
from mediasi.tokens.bearer import Bearer
from mediasi.tokens.controllers import AdminTokenController, TokenController
from mediasi.tokens.scopes import token_scope
from mediasi.verification.api_controllers import VerificationApiController
from mediasi.verification.controllers import VerificationController
from mediasi.web.assets import Assets
from mediasi.web.boundary import InputBoundary
from mediasi.web.csrf import CSRFCookieGuard, SessionCSRF
from mediasi.web.errors import exception_handlers
from mediasi.web.health import HealthController
from mediasi.web.openapi import components
from mediasi.web.proxies import TrustedProxies
from mediasi.web.request_ids import add_request_id
from mediasi.web.route_urls import url_for
from mediasi.web.routers import AppRouter
from mediasi.web.security import security_headers
from mediasi.web.static_files import static_router
from mediasi.web.template_cache import COMPILED
from mediasi.web.transactions import DATABASE_CONFIG, TransactionMiddleware, TransactionMode
from mediasi.workflow_versions.api_controllers import WorkflowVersionApiController
from mediasi.workflow_versions.catalog import catalog_watcher
from mediasi.workflow_versions.controllers import WorkflowVersionController

MAX_BODY_BYTES = 1024 * 1024
CSRF_HEADER = "x-csrftoken"


def session_store(settings: Settings, db_config: SQLAlchemySyncConfig) -> Store:
    """Web sessions live where every app node can reach them: Redis if configured, else the DB."""
    if settings.redis_url:
        from litestar.stores.redis import RedisStore  # here, not at the top: 22 MB, only with Redis

        return RedisStore.with_client(url=settings.redis_url, namespace=REDIS_NAMESPACE)
    return SQLAlchemyStore(db_config, model=WebSession, namespace=DATABASE_NAMESPACE)


def dependencies(runtime: Runtime) -> dict[str, Provide]:
    """What handlers ask for by name: the settings, the actor, and services bound to the
    request's database session (advanced-alchemy's ``db_session``)."""

    def provide_settings() -> Settings:
        return runtime.settings

    def provide_actor(request: Request[Any, Any, Any]) -> Actor:
        return actor_of(request)

    def provide_case_service(db_session: NamedDependency[Session]) -> CaseService:
        return runtime.case_service(db_session)

    def provide_case_queries(db_session: NamedDependency[Session]) -> CaseQueries:
        return CaseQueries(db_session)

    return {
        "settings": Provide(provide_settings, sync_to_thread=False),
        "actor": Provide(provide_actor, sync_to_thread=False),
        "case_service": Provide(provide_case_service, sync_to_thread=False),
        "case_queries": Provide(provide_case_queries, sync_to_thread=False),
        "desk": Provide(Desk, sync_to_thread=False),
        "case": Provide(provide_case, sync_to_thread=False),
    }


def template_setup(assets: Assets, debug: bool) -> Callable[[JinjaTemplateEngine], None]:
    """``jinja2.ext.i18n`` with newstyle gettext (each page's context brings its language's
    ``gettext``/``ngettext``, see :func:`mediasi.web.i18n.template_gettext`), ``asset()``,
    the fingerprinted URL of a static file, ``role_labels`` and the workflow diagrams, for
    every template. A template is read once: looking at each file's time again on every
    render (Jinja's default) cost a page a tenth of its rendering; ``debug`` still does."""

    def setup(engine: JinjaTemplateEngine) -> None:
        engine.engine.auto_reload = debug
        engine.register_template_callable("url_for", url_for)
        engine.engine.add_extension("jinja2.ext.i18n")
        engine.engine.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
        engine.engine.bytecode_cache = COMPILED
        engine.engine.globals["asset"] = assets.url
        engine.engine.globals["role_labels"] = ROLE_LABELS
        engine.engine.globals["workflow_diagram"] = diagram
        engine.engine.globals["workflow_conditions"] = conditions

    return setup


def compression() -> CompressionConfig:
    """Brotli (gzip for a browser without it) for pages, fragments and API answers; the static
    files are compressed once, ahead, by :mod:`mediasi.web.static_files`."""
    return CompressionConfig(backend="brotli", exclude=["^/static/", "^/favicon.ico"])


def _security_per_operation(app_config: AppConfig) -> AppConfig:
    """Each API operation names how it is called (mediasi.web.openapi.documented); the
    session auth's document-wide requirement would mark the public ones as needing a login."""
    if app_config.openapi_config is not None:
        app_config.openapi_config.security = None
    return app_config


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Litestar:
    """The app over ``runtime``, which its caller keeps and closes; without one, over a runtime
    of its own built from ``settings`` and closed when the app shuts down."""
    owned = runtime is None
    runtime = runtime or Runtime.build(settings)
    settings = runtime.settings
    db_config = SQLAlchemySyncConfig(
        engine_instance=runtime.engine,
        # The runtime's sessions' info: what a case's writer keeps the statistics' roll-up by.
        session_config=SyncSessionConfig(expire_on_commit=False, info=runtime.session_info()),
        session_dependency_key="db_session",
    )
    auth = session_auth(https=settings.https)
    csrf = CSRFConfig(
        secret=settings.secret_key,
        cookie_name="mediasi_csrf",
        header_name=CSRF_HEADER,
        cookie_secure=settings.https,
        cookie_httponly=True,
        cookie_samesite="lax",
        # No session to ride on: webhooks sign their bodies. The public report API has no login
        # either; it opts out on its handler, so the triage beside it under /api/reports keeps it.
        exclude=["^/healthz", "^/static", "^/webhooks/"],
    )

    transactions = TransactionMiddleware(
        db_config.session_scope_key, commit_on_loop=runtime.engine.dialect.name == "sqlite"
    )
    assets = Assets(settings.static_dir)
    templates = TemplateConfig(
        directory=settings.templates_dir,
        engine=JinjaTemplateEngine,
        engine_callback=template_setup(assets, settings.debug),
    )

    def _close_runtime() -> None:
        if owned:
            runtime.close()

    def _boundary_first(app_config: AppConfig) -> AppConfig:
        """The client address, the API's count per address, the input boundary and the
        transaction's mode come before everything else, the session and authentication
        middleware included (so that a call with a wrong token counts, too)."""
        app_config.middleware[:0] = [
            TrustedProxies(settings.trusted_proxy_networks),
            AddressLimit(),
            InputBoundary(MAX_BODY_BYTES),
            TransactionMode(),
        ]
        return app_config

    return Litestar(
        route_handlers=[
            HealthController,
            AppRouter(
                path="/",
                route_handlers=[
                    AccountController,
                    HomeController,
                    CaseController,
                    CaseMembersController,
                    SessionController,
                    PauseController,
                    FollowUpController,
                    ConsentController,
                    MessageController,
                    AgreementController,
                    DocumentController,
                    RestorativeDocumentController,
                    ProblemSolvingController,
                    SignerController,
                    VerificationController,
                    PublicReportController,
                    TrackingController,
                    TriageController,
                    SupervisionController,
                    HandoverController,
                    ForumController,
                    ActivityController,
                    RestorativeReportController,
                    StatisticsController,
                    AnevController,
                    TrailController,
                    AdminController,
                    NotificationsAdminController,
                    WorkflowVersionController,
                    TokenController,
                    AdminTokenController,
                ],
                middleware=[transactions],
                include_in_schema=False,
            ),
            AppRouter(
                path="/",
                route_handlers=[
                    CaseApiController,
                    PartyApiController,
                    TokohApiController,
                    DeadlineApiController,
                    FollowUpApiController,
                    RestorativeReportApiController,
                    StatisticsApiController,
                    AnevApiController,
                    ProblemSolvingApiController,
                    IntakeApiController,
                    TriageApiController,
                    AgreementApiController,
                    SignerApiController,
                    VerificationApiController,
                    SessionApiController,
                    SupervisionApiController,
                    TrailApiController,
                    ConsentApiController,
                    RestorativeDocumentApiController,
                    MessageApiController,
                    HandoverApiController,
                    ForumApiController,
                    ActivityApiController,
                    AdminApiController,
                    NotificationsAdminApiController,
                    WorkflowVersionApiController,
                ],
                # Outside the transaction: a kept answer is one that was committed.
                middleware=[TokenLimit(), IdempotencyMiddleware(), transactions],
                guards=[token_scope],
                opt={RATE_LIMITED: True},
            ),
            AppRouter(
                path="/", route_handlers=[WhatsAppWebhookController], middleware=[transactions]
            ),
            static_router(assets),
        ],
        plugins=[
            SQLAlchemyPlugin(config=db_config),
            HTMXPlugin(),
            FlashPlugin(FlashConfig(template_config=templates)),
        ],
        on_app_init=[auth.on_app_init, _boundary_first, _security_per_operation],
        stores={"sessions": session_store(settings, db_config)},
        compression_config=compression(),
        # The CSRF check after authentication, so that it can tell a bearer call (web.csrf).
        middleware=[
            CSRFCookieGuard(csrf.cookie_name, settings.secret_key),
            DefineMiddleware(SessionCSRF, config=csrf),
        ],
        before_send=[security_headers(settings.https), add_request_id],
        template_config=templates,
        dependencies=dependencies(runtime),
        exception_handlers=exception_handlers(),
        openapi_config=OpenAPIConfig(
            title="mediasi",
            version=__version__,
            path="/schema",
            # The JSON document only: the interactive viewers load scripts from a CDN.
            render_plugins=[JsonRenderPlugin(path="/openapi.json")],
            components=components(),
        ),
        request_max_body_size=MAX_BODY_BYTES,
        state=State(
            {
                "runtime": runtime,
                "settings": settings,
                "assets": assets,
                "sessions": runtime.sessions,
                "csrf_config": csrf,
                "api_rate": counter_for(settings),
                BEARER: Bearer(runtime.sessions),
                REQUEST_DATABASE: None if settings.redis_url else db_config,
                DATABASE_CONFIG: db_config,
            }
        ),
        lifespan=[
            deadline_worker,
            notification_worker,
            statistics_worker,
            idempotency_purger,
            catalog_watcher,
        ],
        on_shutdown=[_close_runtime],
        debug=settings.debug,
    )


__all__ = ["PUBLIC_PATHS", "create_app"]
