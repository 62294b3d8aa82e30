"""The case service end to end on each backend: report, move, verify."""

from __future__ import annotations

from mediasi.audit.services import verify_case
from mediasi.runtime import Runtime
from tests.factories import World


def test_a_reported_case_moves_and_verifies(runtime: Runtime, world: World) -> None:
    officer = world.actor("officer")
    with runtime.sessions.begin() as session:
        service = runtime.case_service(session)
        case = service.report(officer, world.report())
        case = service.fire(
            case.id,
            "assess",
            officer,
            {"assessment": "Layak", "risk_level": "sedang"},
            case.version,
        )
        assert case.state == "assessed"
        assert case.risk_level == "sedang"
        assert verify_case(session, case, runtime.workflows.registry).ok
