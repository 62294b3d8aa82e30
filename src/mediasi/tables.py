"""Imports every model so that the metadata (Alembic, create_all) sees all tables."""

from mediasi.accounts.models import Area, LoginAttempt, OfficerDesa, Tokoh, User, WebSession
from mediasi.agreements.models import (
    Agreement,
    AgreementVersion,
    Evidence,
    Obligation,
    Signature,
)
from mediasi.api.models import IdempotentCall
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party, ReferenceCounter
from mediasi.cases.stay_model import CaseStay
from mediasi.db.base import metadata
from mediasi.followups.models import FollowUp
from mediasi.forum.models import (
    Forum,
    ForumActivity,
    ForumAspiration,
    ForumAttendance,
    ForumEvent,
    ForumMember,
    ForumPhoto,
)
from mediasi.handover.models import Handover
from mediasi.intake.models import (
    IdempotencyKey,
    PublicReport,
    ReportAttachment,
    ReportEvent,
    TrackingAttempt,
)
from mediasi.mediation.models import MediationSession
from mediasi.notifications.models import ContactPreference, Message
from mediasi.restorative.consent.models import VictimConsent
from mediasi.restorative.models import CaseDocument
from mediasi.tokens.models import ApiToken
from mediasi.workflow_versions.models import WorkflowMigration, WorkflowVersion

__all__ = [
    "Agreement",
    "AgreementVersion",
    "ApiToken",
    "Area",
    "Case",
    "CaseDocument",
    "CaseStay",
    "CaseTokoh",
    "ContactPreference",
    "Event",
    "Evidence",
    "FollowUp",
    "Forum",
    "ForumActivity",
    "ForumAspiration",
    "ForumAttendance",
    "ForumEvent",
    "ForumMember",
    "ForumPhoto",
    "Handover",
    "IdempotencyKey",
    "IdempotentCall",
    "LoginAttempt",
    "MediationSession",
    "Message",
    "Obligation",
    "OfficerDesa",
    "Party",
    "PublicReport",
    "ReferenceCounter",
    "ReportAttachment",
    "ReportEvent",
    "Signature",
    "Tokoh",
    "TrackingAttempt",
    "User",
    "VictimConsent",
    "WebSession",
    "WorkflowMigration",
    "WorkflowVersion",
    "metadata",
]
