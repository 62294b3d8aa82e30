"""A version published while the application runs that adds a checklist step: its answers
count for the guards at once, without a restart."""

from __future__ import annotations

from mediasi.cases.schemas import TokohInvite
from mediasi.runtime import Runtime
from tests.factories import PAYLOADS, World
from tests.integration.workflow_versions.test_publishing import publish
from tests.workflow_texts import sengketa_checklist


def test_answers_to_a_checklist_added_by_a_published_version_open_the_next_step(
    own: Runtime, world: World
) -> None:
    publish(own, world, sengketa_checklist())
    officer = world.actor("officer")
    answers = {"kelayakan": {"kekerasan": "no"}, **PAYLOADS["assess"]}
    with own.sessions.begin() as session:
        cases = own.case_service(session)
        case = cases.report(officer, world.report())
        assert case.workflow_version == 2
        case = cases.fire(case.id, "assess", officer, answers, case.version)
        cases.invite_tokoh(case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1), case.version)
        facts = cases.facts(case)
        assert (facts.checklist_answered, facts.exclusions) == (True, ())
        assert "schedule_mediation" in cases.allowed_triggers(case, officer)
