"""Named side effects a transition may declare (``effects: [schedule_session]``).

The workflow file names them; the case service owns the code that runs them, inside the
transition's transaction. A name not listed here makes a workflow file invalid at load.
"""

from __future__ import annotations

EFFECTS: dict[str, str] = {
    "schedule_session": "creates a mediation session from the fields session_at and place",
    "withdraw_consent": "marks the victim's recorded consent withdrawn, with the field reason",
}

# Fields an effect reads from the transition's payload; the loader checks they are declared.
EFFECT_FIELDS: dict[str, tuple[str, ...]] = {
    "schedule_session": ("session_at", "place"),
    "withdraw_consent": ("reason",),
}
