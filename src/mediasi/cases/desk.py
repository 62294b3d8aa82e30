"""What most handlers ask for in one piece: the request, who asks, and the case service and
queries bound to the request's database session; and the case a ``case_id`` path names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.di import NamedDependency
from litestar.params import FromPath

from mediasi.accounts.actor import Actor
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService


@dataclass(frozen=True)
class Desk:
    """Provided as ``desk``; Litestar fills the fields from the dependencies of those names."""

    request: Request[Any, Any, Any]
    actor: NamedDependency[Actor]
    case_service: NamedDependency[CaseService]
    case_queries: NamedDependency[CaseQueries]


def provide_case(desk: NamedDependency[Desk], case_id: FromPath[UUID]) -> Case:
    """The case of the path, as the actor may see it (404 outside their scope)."""
    return desk.case_service.get(case_id, desk.actor)
