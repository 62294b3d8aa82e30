"""Imports every model so that the metadata (Alembic, create_all) sees all tables."""

from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.audit.models import Event
from mediasi.cases.models import Case, CaseTokoh, Party, ReferenceCounter
from mediasi.db.base import metadata

__all__ = [
    "Area",
    "Case",
    "CaseTokoh",
    "Event",
    "OfficerDesa",
    "Party",
    "ReferenceCounter",
    "Tokoh",
    "User",
    "metadata",
]
