"""Guard conditions, registered by name; a workflow file names them and never holds code.

A guard reads :class:`CaseFacts`, a plain snapshot the case service assembles inside the
transaction, so that guards stay pure and the engine needs no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mediasi.i18n import Translatable, _, joined
from mediasi.workflow.checklist import PPA, RESKRIM, Finding, referral


@dataclass(frozen=True)
class EarlierSettlement:
    """Another case in which the same offender was settled by restorative justice: only its
    reference and its Polsek, whatever the area of the person asking."""

    reference: str
    polsek: str


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
    # The latest recorded checklist answers: whether there are any, and the items they answer
    # the disqualifying way (``workflow/checklist.py``).
    checklist_answered: bool = False
    exclusions: tuple[Finding, ...] = ()
    # Restorative justice: the victims on the case and the names of those whose consent is
    # not recorded; whether every offender (respondent) has a NIK to look them up by, and an
    # earlier settlement of one of them anywhere in the deployment.
    victims: int = 0
    unconsented: tuple[str, ...] = ()
    offender_niks_recorded: bool = False
    earlier_settlement: EarlierSettlement | None = None
    extra: dict[str, bool] = field(default_factory=dict)


GuardFn = Callable[[CaseFacts], bool]
ExplainFn = Callable[[CaseFacts], Translatable]


@dataclass(frozen=True)
class Guard:
    """A named condition; ``explain`` adds what in these facts made it fail, where the fixed
    ``failure`` text alone would not say (which checklist item, which article)."""

    name: str
    check: GuardFn
    failure: Translatable
    explain: ExplainFn | None = None

    def reason(self, facts: CaseFacts) -> Translatable:
        if self.explain is None:
            return self.failure
        return joined((self.failure, self.explain(facts)), " ")


class GuardRegistry:
    """Guards by name. A name unknown here makes a workflow file invalid at load time."""

    def __init__(self) -> None:
        self._guards: dict[str, Guard] = {}

    def register(
        self, name: str, failure: Translatable, explain: ExplainFn | None = None
    ) -> Callable[[GuardFn], GuardFn]:
        def decorator(fn: GuardFn) -> GuardFn:
            if name in self._guards:
                raise ValueError(f"guard {name!r} is registered twice")
            self._guards[name] = Guard(name, fn, failure, explain)
            return fn

        return decorator

    def __contains__(self, name: object) -> bool:
        return name in self._guards

    def __getitem__(self, name: str) -> Guard:
        return self._guards[name]

    def names(self) -> list[str]:
        return sorted(self._guards)


GUARDS = GuardRegistry()


@GUARDS.register("has_parties", _("Catat dulu sedikitnya satu pelapor dan satu terlapor."))
def has_parties(facts: CaseFacts) -> bool:
    return "complainant" in facts.party_roles and "respondent" in facts.party_roles


@GUARDS.register("has_complainant", _("Catat dulu sedikitnya satu pelapor."))
def has_complainant(facts: CaseFacts) -> bool:
    return "complainant" in facts.party_roles


@GUARDS.register("has_mediator", _("Undang dulu sedikitnya satu tokoh sebagai mediator."))
def has_mediator(facts: CaseFacts) -> bool:
    return "mediator" in facts.tokoh_roles


@GUARDS.register(
    "session_held", _("Catat dulu sedikitnya satu sesi mediasi yang sudah berlangsung.")
)
def session_held(facts: CaseFacts) -> bool:
    return facts.sessions_held > 0


@GUARDS.register("session_failed", _("Catat dulu hasil sesi terakhir sebagai gagal atau ditunda."))
def session_failed(facts: CaseFacts) -> bool:
    return facts.extra.get("latest_session_failed", False)


@GUARDS.register(
    "agreement_fully_signed",
    _("Kesepakatan belum ditandatangani oleh semua pihak yang wajib menandatangani."),
)
def agreement_fully_signed(facts: CaseFacts) -> bool:
    return facts.agreement_fully_signed


@GUARDS.register(
    "has_broken_obligation", _("Tidak ada kewajiban dalam kesepakatan yang dicatat dilanggar.")
)
def has_broken_obligation(facts: CaseFacts) -> bool:
    return facts.broken_obligations > 0


@GUARDS.register(
    "obligations_settled", _("Masih ada kewajiban dalam kesepakatan yang belum dipenuhi.")
)
def obligations_settled(facts: CaseFacts) -> bool:
    return facts.open_obligations == 0 and facts.broken_obligations == 0


def _excluding_items(facts: CaseFacts) -> Translatable:
    if not facts.checklist_answered:
        return _("Daftar periksa kelayakan belum diisi.")
    return _("Butir yang mengecualikan: %(items)s.", items=joined(facts.exclusions, "; "))


@GUARDS.register(
    "eligibility_clear",
    _("Perkara ini tidak dapat diselesaikan dengan keadilan restoratif; hanya pelimpahan."),
    _excluding_items,
)
def eligibility_clear(facts: CaseFacts) -> bool:
    return facts.checklist_answered and not facts.exclusions


def _ppa_items(facts: CaseFacts) -> Translatable:
    found = [f for f in facts.exclusions if f.refer_to == PPA]
    return _("Butir yang mewajibkannya: %(items)s.", items=joined(found, "; "))


@GUARDS.register(
    "not_for_ppa",
    _("Perkara ini wajib dilimpahkan ke Unit PPA, bukan ke Reskrim."),
    _ppa_items,
)
def not_for_ppa(facts: CaseFacts) -> bool:
    return referral(facts.exclusions) == RESKRIM


def _consent_missing(facts: CaseFacts) -> Translatable:
    if not facts.victims:
        return _("Catat dulu korban (atau pelapor yang menjadi korban) sebagai pihak.")
    return _("Belum ada persetujuan dari: %(names)s.", names=", ".join(facts.unconsented))


@GUARDS.register(
    "victim_consented",
    _(
        "Persetujuan sukarela korban, tanpa tekanan atau paksaan, harus dicatat dan "
        "ditandatangani sebelum langkah mediasi (UU 20/2025 Pasal 80 ayat (2), Pasal 81 "
        "ayat (2))."
    ),
    _consent_missing,
)
def victim_consented(facts: CaseFacts) -> bool:
    return facts.victims > 0 and not facts.unconsented


def _earlier_settlement(facts: CaseFacts) -> Translatable:
    earlier = facts.earlier_settlement
    if earlier is None:
        return _(
            "Catat dulu NIK setiap terlapor: tanpa NIK tidak dapat diperiksa apakah ia pernah "
            "diselesaikan dengan keadilan restoratif."
        )
    return _(
        "Terlapor sudah pernah diselesaikan dengan keadilan restoratif dalam perkara "
        "%(reference)s (%(polsek)s).",
        reference=earlier.reference,
        polsek=earlier.polsek,
    )


@GUARDS.register(
    "once_per_offender",
    _("Keadilan restoratif hanya sekali untuk pelaku yang sama (UU 20/2025)."),
    _earlier_settlement,
)
def once_per_offender(facts: CaseFacts) -> bool:
    return facts.offender_niks_recorded and facts.earlier_settlement is None
