"""The application factory: settings in, a Litestar app out; nothing read at import time."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar import (
    SQLAlchemyPlugin,
    SQLAlchemySyncConfig,
    SyncSessionConfig,
)
from litestar import Litestar
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.di import Provide
from litestar.plugins.htmx import HTMXPlugin
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from mediasi.config import Settings
from mediasi.runtime import Runtime
from mediasi.web import dependencies
from mediasi.web.errors import exception_handlers
from mediasi.web.health import HealthController


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> Litestar:
    runtime = runtime or Runtime.build(settings)
    settings = runtime.settings
    db_config = SQLAlchemySyncConfig(
        engine_instance=runtime.engine,
        session_config=SyncSessionConfig(expire_on_commit=False),
        before_send_handler="autocommit_include_redirects",
        session_dependency_key="db_session",
    )
    templates = TemplateConfig(directory=settings.templates_dir, engine=JinjaTemplateEngine)

    def _close_runtime() -> None:
        runtime.close()

    return Litestar(
        route_handlers=[
            HealthController,
            create_static_files_router(path="/static", directories=[settings.static_dir]),
        ],
        plugins=[SQLAlchemyPlugin(config=db_config), HTMXPlugin()],
        template_config=templates,
        dependencies={
            "runtime": Provide(dependencies.provide_runtime, sync_to_thread=False),
            "case_service": Provide(dependencies.provide_case_service, sync_to_thread=False),
        },
        exception_handlers=exception_handlers(),
        state=State({"runtime": runtime}),
        on_shutdown=[_close_runtime],
        debug=settings.debug,
    )
