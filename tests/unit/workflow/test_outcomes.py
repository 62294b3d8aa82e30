"""How a case ended is data in the workflow file: every final state of every shipped workflow
names its outcome, and only a final state may."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mediasi.workflow.loader import load_workflows
from mediasi.workflow.spec import CLOSED_OUTCOMES, StateSpec
from tests.conftest import ROOT


def test_every_shipped_final_state_names_its_outcome() -> None:
    for spec in load_workflows(ROOT / "workflows").all():
        for name, state in spec.states.items():
            if state.final:
                assert state.outcome in CLOSED_OUTCOMES, (spec.name, name)
            else:
                assert state.outcome is None, (spec.name, name)


def test_an_outcome_on_a_state_that_goes_on_is_refused() -> None:
    with pytest.raises(ValidationError, match="'outcome' goes only with final: true"):
        StateSpec.model_validate({"label": {"id": "Dinilai"}, "outcome": "settled"})


def test_an_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValidationError):
        StateSpec.model_validate({"label": {"id": "Selesai"}, "final": True, "outcome": "won"})
