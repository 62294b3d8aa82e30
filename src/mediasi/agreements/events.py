"""The kinds of chained case event an agreement writes (non-transition: each has a dot)."""

from __future__ import annotations

AGREEMENT_DRAFTED = "agreement.drafted"
AGREEMENT_FROZEN = "agreement.frozen"
AGREEMENT_VIEWED = "agreement.viewed"
AGREEMENT_SIGNED = "agreement.signed"
AGREEMENT_DECLINED = "agreement.declined"
AGREEMENT_VOIDED = "agreement.voided"
OBLIGATION_KEPT = "obligation.kept"
OBLIGATION_BROKEN = "obligation.broken"
