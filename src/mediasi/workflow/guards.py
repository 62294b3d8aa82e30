"""Guard conditions, registered by name; a workflow file names them and never holds code.

A guard reads :class:`CaseFacts`, a plain snapshot the case service assembles inside the
transaction, so that guards stay pure and the engine needs no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mediasi.text import Text


@dataclass(frozen=True)
class CaseFacts:
    """What guards may know about a case."""

    party_roles: tuple[str, ...] = ()
    tokoh_roles: tuple[str, ...] = ()
    sessions_held: int = 0
    sessions_failed: int = 0
    agreement_fully_signed: bool = False
    open_obligations: int = 0
    broken_obligations: int = 0
    extra: dict[str, bool] = field(default_factory=dict)


GuardFn = Callable[[CaseFacts], bool]


@dataclass(frozen=True)
class Guard:
    name: str
    check: GuardFn
    failure: Text


class GuardRegistry:
    """Guards by name. A name unknown here makes a workflow file invalid at load time."""

    def __init__(self) -> None:
        self._guards: dict[str, Guard] = {}

    def register(self, name: str, failure_id: str, failure_en: str) -> Callable[[GuardFn], GuardFn]:
        def decorator(fn: GuardFn) -> GuardFn:
            if name in self._guards:
                raise ValueError(f"guard {name!r} is registered twice")
            self._guards[name] = Guard(name, fn, Text(id=failure_id, en=failure_en))
            return fn

        return decorator

    def __contains__(self, name: object) -> bool:
        return name in self._guards

    def __getitem__(self, name: str) -> Guard:
        return self._guards[name]

    def names(self) -> list[str]:
        return sorted(self._guards)


GUARDS = GuardRegistry()


@GUARDS.register(
    "has_parties",
    "Catat dulu sedikitnya satu pelapor dan satu terlapor.",
    "Record at least one complainant and one respondent first.",
)
def has_parties(facts: CaseFacts) -> bool:
    return "complainant" in facts.party_roles and "respondent" in facts.party_roles


@GUARDS.register(
    "has_complainant",
    "Catat dulu sedikitnya satu pelapor.",
    "Record at least one complainant first.",
)
def has_complainant(facts: CaseFacts) -> bool:
    return "complainant" in facts.party_roles


@GUARDS.register(
    "has_mediator",
    "Undang dulu sedikitnya satu tokoh sebagai mediator.",
    "Invite at least one tokoh as mediator first.",
)
def has_mediator(facts: CaseFacts) -> bool:
    return "mediator" in facts.tokoh_roles


@GUARDS.register(
    "session_held",
    "Catat dulu sedikitnya satu sesi mediasi yang sudah berlangsung.",
    "Record at least one mediation session that took place first.",
)
def session_held(facts: CaseFacts) -> bool:
    return facts.sessions_held > 0


@GUARDS.register(
    "session_failed",
    "Catat dulu hasil sesi terakhir sebagai gagal atau ditunda.",
    "Record the latest session as failed or postponed first.",
)
def session_failed(facts: CaseFacts) -> bool:
    return facts.extra.get("latest_session_failed", False)


@GUARDS.register(
    "agreement_fully_signed",
    "Kesepakatan belum ditandatangani oleh semua pihak yang wajib menandatangani.",
    "The agreement is not yet signed by every required signatory.",
)
def agreement_fully_signed(facts: CaseFacts) -> bool:
    return facts.agreement_fully_signed


@GUARDS.register(
    "has_broken_obligation",
    "Tidak ada kewajiban dalam kesepakatan yang dicatat dilanggar.",
    "No obligation of the agreement is recorded as broken.",
)
def has_broken_obligation(facts: CaseFacts) -> bool:
    return facts.broken_obligations > 0


@GUARDS.register(
    "obligations_settled",
    "Masih ada kewajiban dalam kesepakatan yang belum dipenuhi.",
    "Some obligations of the agreement are still open.",
)
def obligations_settled(facts: CaseFacts) -> bool:
    return facts.open_obligations == 0 and facts.broken_obligations == 0
