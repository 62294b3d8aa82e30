"""Dependency providers: the runtime from app state, services bound to the request's session."""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy.orm import Session

from mediasi.cases.services import CaseService
from mediasi.runtime import Runtime


def provide_runtime(state: State) -> Runtime:
    runtime: Runtime = state.runtime
    return runtime


def provide_case_service(
    db_session: NamedDependency[Session], runtime: NamedDependency[Runtime]
) -> CaseService:
    return CaseService(db_session, runtime.workflows)
