"""Where a restorative justice case stands, as the report counts it: plain rules over the
case's state, its workflow version and the step that ended it, tested without a database.

Each case counts under exactly one outcome, so a category's outcomes add up to the cases
reported in it. The steps and states named here are those of ``keadilan_restoratif``:
- withdrawn consent: the case ended by ``withdraw_consent`` (the victim withdrew; the path
  ends, UU 20/2025 Pasal 81 ayat (2) as reported; see the workflow file);
- referred to Unit PPA or to Reskrim: ended by ``refer_ppa`` or ``refer_reskrim``;
- settled: standing in a state the workflow marks ``settlement: true`` (the peace agreed, the
  rights restored, approved or registered: what once per offender counts too);
- failed: the peace failed (``failed``) and the referral is still to be made;
- in progress: anything else, not yet settled nor ended.
A referral ``at once`` to Unit PPA is one made before any mediation failed: from the report
or the checklist (the workflow's rule for violence against women and children and sexual
violence)."""

from __future__ import annotations

from enum import StrEnum

from mediasi.i18n import Message, _
from mediasi.workflow.spec import WorkflowSpec


class Outcome(StrEnum):
    SETTLED = "settled"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"
    REFERRED_PPA = "referred_ppa"
    REFERRED_RESKRIM = "referred_reskrim"
    CONSENT_WITHDRAWN = "consent_withdrawn"


OUTCOME_LABELS: dict[Outcome, Message] = {
    Outcome.SETTLED: _("Selesai damai"),
    Outcome.IN_PROGRESS: _("Masih berjalan"),
    Outcome.FAILED: _("Gagal, menunggu pelimpahan"),
    Outcome.REFERRED_PPA: _("Dilimpahkan ke Unit PPA"),
    Outcome.REFERRED_RESKRIM: _("Dilimpahkan ke Reskrim"),
    Outcome.CONSENT_WITHDRAWN: _("Persetujuan korban ditarik"),
}

REFER_PPA = "refer_ppa"
ENDINGS: dict[str, Outcome] = {
    "withdraw_consent": Outcome.CONSENT_WITHDRAWN,
    REFER_PPA: Outcome.REFERRED_PPA,
    "refer_reskrim": Outcome.REFERRED_RESKRIM,
}
FAILED_STATE = "failed"


def outcome(spec: WorkflowSpec, state: str, ended_by: str | None) -> Outcome:
    """The outcome of a case of ``spec`` standing in ``state``; ``ended_by`` is the trigger
    of the step into its final state (None while it is not final)."""
    if ended_by in ENDINGS:
        return ENDINGS[ended_by]
    if spec.states[state].settlement:
        return Outcome.SETTLED
    if state == FAILED_STATE:
        return Outcome.FAILED
    return Outcome.IN_PROGRESS


def to_ppa_at_once(ended_by: str | None, ended_from: str | None) -> bool:
    """Referred to Unit PPA before any mediation was tried and failed."""
    return ended_by == REFER_PPA and ended_from != FAILED_STATE
