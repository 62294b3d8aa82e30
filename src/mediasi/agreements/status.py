"""The words an agreement's rows are in: version, obligation and signature statuses.

Plain constants, so the pure rules (``rules.py``) can use them without the ORM models.
"""

from __future__ import annotations

# Version status: a draft may change; a frozen version is signed; a newer version replaces
# an older one (``superseded`` if it was a draft, ``voided`` if it had been frozen).
DRAFT = "draft"
FROZEN = "frozen"
SUPERSEDED = "superseded"
VOIDED = "voided"

# Obligation status.
OPEN = "open"
KEPT = "kept"
BROKEN = "broken"

# How a signature was given, and what was decided.
BY_LOGIN = "login"
IN_PERSON = "in_person"
ON_PAPER = "paper"
SIGNED = "signed"
DECLINED = "declined"
