"""Admin "Alur kerja" page: every workflow version the application knows, with its diagram."""

from __future__ import annotations

from typing import Any

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide

from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.web.render import render
from mediasi.workflow.loader import WorkflowRegistry


def provide_workflows(request: Request[Any, Any, Any]) -> WorkflowRegistry:
    """The versions loaded at start-up (the runtime's engine holds them)."""
    registry: WorkflowRegistry = request.app.state.runtime.workflows.registry
    return registry


class WorkflowDiagramController(Controller):
    path = "/admin/workflows"
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {"workflows": Provide(provide_workflows, sync_to_thread=False)}

    @get("/", name="admin:workflows", sync_to_thread=False)
    def index(
        self, request: Request[Any, Any, Any], workflows: NamedDependency[WorkflowRegistry]
    ) -> HTMXBlockTemplate:
        return render(request, "diagrams/admin.html", specs=workflows.all())
