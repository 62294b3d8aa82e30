"""Every kind of chained case event that is not a workflow transition, in one place.

A workflow trigger never contains a dot, so these names can never collide with one. The case,
its parties and tokoh are written by the case service; sessions by mediation; agreements and
obligations by agreements. Replay (audit) and the timeline (case page) read them from here.
"""

from __future__ import annotations

CASE_REPORTED = "case.reported"
CASE_EDITED = "case.edited"
PARTY_ADDED = "party.added"
PARTY_UPDATED = "party.updated"
PARTY_REMOVED = "party.removed"
TOKOH_INVITED = "tokoh.invited"
TOKOH_REMOVED = "tokoh.removed"

SESSION_SCHEDULED = "session.scheduled"
SESSION_RECORDED = "session.recorded"
SESSION_MOVED = "session.moved"

AGREEMENT_DRAFTED = "agreement.drafted"
AGREEMENT_FROZEN = "agreement.frozen"
AGREEMENT_VIEWED = "agreement.viewed"
AGREEMENT_SIGNED = "agreement.signed"
AGREEMENT_DECLINED = "agreement.declined"
AGREEMENT_VOIDED = "agreement.voided"
OBLIGATION_KEPT = "obligation.kept"
OBLIGATION_BROKEN = "obligation.broken"

DEADLINE_EXPIRED = "deadline.expired"
# Written by deadlines: the officer paused the state's deadline with a reason, and resumed it
# (the due time moved by the paused working time).
DEADLINE_PAUSED = "deadline.paused"
DEADLINE_RESUMED = "deadline.resumed"

# Written by handover: the desa's open cases moved to another officer (``assigned_officer_id``,
# which replay follows).
CASE_HANDED_OVER = "case.handed_over"

# Written by workflow_versions: the case moved to a newer version of its workflow (payload:
# from_version, to_version); the only event besides a step that may change the state.
WORKFLOW_MIGRATED = "workflow.migrated"

# Written by restorative: a victim's consent, signed apart from the agreement (its withdrawal
# is the workflow's own step, ``withdraw_consent``).
CONSENT_GIVEN = "rj.consent_given"

# Written by notifications: a failed message sent again to a corrected number, and a
# person's wish about messages (opted out, preferred channel); addresses only masked.
MESSAGE_RESENT = "message.resent"
CONTACT_PREFERENCE = "contact.preference"

# The case columns a report snapshots and replay restores, and the columns of a party.
CASE_FIELDS = (
    "title",
    "description",
    "category",
    "desa_id",
    "reporter_name",
    "reporter_phone",
    "assigned_officer_id",
    "risk_level",
)
PARTY_FIELDS = ("role", "name", "nik", "phone", "address")


def is_transition(trigger: str) -> bool:
    """A workflow step, not one of the kinds above (which all carry a dot)."""
    return "." not in trigger
