"""The victim's consent and once per offender as pure rules: who the victim is, the exact
statement and its digest, what signing in person asks, and the two guards' refusals (an
earlier settlement named by its reference and Polsek only; a missing NIK said plainly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from mediasi.restorative.consent.rules import (
    CaseLine,
    consent_text,
    digest_of,
    in_person_errors,
    offenders_of,
    unconsented,
    victims_of,
)
from mediasi.workflow.guards import GUARDS, CaseFacts, EarlierSettlement

CASE = CaseLine("RJ/KEPANJEN/2026/0007", "Pencurian sepeda di depan masjid")


@dataclass(frozen=True)
class P:
    role: str
    name: str
    id: UUID = field(default_factory=uuid4)


def test_the_victim_is_the_party_recorded_as_victim_else_the_complainant() -> None:
    complainant, victim, offender = (
        P("complainant", "Darto"),
        P("victim", "Sri"),
        P("respondent", "Slamet"),
    )
    assert victims_of([complainant, victim, offender]) == [victim]
    assert victims_of([complainant, offender]) == [complainant]
    assert victims_of([offender]) == []
    assert offenders_of([complainant, offender]) == [offender]


def test_the_statement_names_the_case_the_victim_the_offender_and_its_articles() -> None:
    text = consent_text(CASE, "Darto Santoso", ["Slamet Wibowo"])
    assert CASE.reference in text
    assert CASE.title in text
    assert "Saya, Darto Santoso, korban" in text
    assert "Terlapor: Slamet Wibowo" in text
    assert "UU No. 20 Tahun 2025 Pasal 80 ayat (2)" in text
    assert "UU No. 20 Tahun 2025 Pasal 81 ayat (2)" in text
    for word in (
        "sukarela",
        "tekanan",
        "paksaan",
        "intimidasi",
        "tipu daya",
        "ancaman kekerasan",
        "penyiksaan",
        "merendahkan martabat",
    ):
        assert word in text
    assert "menarik persetujuan ini kapan saja" in text


def test_the_digest_binds_the_exact_words() -> None:
    text = consent_text(CASE, "Darto Santoso", ["Slamet Wibowo"])
    assert digest_of(text) == digest_of(consent_text(CASE, "Darto Santoso", ["Slamet Wibowo"]))
    assert len(digest_of(text)) == 64
    assert digest_of(text) != digest_of(consent_text(CASE, "Darto Santoso", ["Slamet W."]))
    assert digest_of(text) != digest_of(consent_text(CASE, "Darto", ["Slamet Wibowo"]))


def test_signing_in_person_asks_both_confirmations_and_the_victims_own_name() -> None:
    assert in_person_errors(True, True, "  darto   SANTOSO ", "Darto Santoso") == {}
    errors = in_person_errors(False, False, "", "Darto Santoso")
    assert set(errors) == {"voluntary", "uncoerced", "typed_name"}
    wrong = in_person_errors(True, True, "Slamet Wibowo", "Darto Santoso")
    assert set(wrong) == {"typed_name"}
    assert "Darto Santoso" in wrong["typed_name"].get("id")


def test_a_victim_without_a_standing_consent_is_unconsented() -> None:
    a, b = P("complainant", "Darto"), P("victim", "Sri")
    assert unconsented([a, b], [a.id]) == [b]
    assert unconsented([a, b], [a.id, b.id]) == []


def _reason(name: str, facts: CaseFacts) -> str:
    return GUARDS[name].reason(facts).get("id")


def test_victim_consented_needs_a_victim_and_each_ones_consent() -> None:
    guard = GUARDS["victim_consented"]
    assert not guard.check(CaseFacts())
    assert "Catat dulu korban" in _reason("victim_consented", CaseFacts())
    missing = CaseFacts(victims=2, unconsented=("Sri",))
    assert not guard.check(missing)
    assert "Sri" in _reason("victim_consented", missing)
    assert "Pasal 81 ayat (2)" in _reason("victim_consented", missing)
    assert guard.check(CaseFacts(victims=2))


def test_once_per_offender_names_only_the_earlier_cases_reference_and_polsek() -> None:
    guard = GUARDS["once_per_offender"]
    assert guard.check(CaseFacts(offender_niks_recorded=True))
    earlier = EarlierSettlement("RJ/PAKISAJI/2026/0003", "Pakisaji")
    facts = CaseFacts(offender_niks_recorded=True, earlier_settlement=earlier)
    assert not guard.check(facts)
    reason = _reason("once_per_offender", facts)
    assert (
        "Terlapor sudah pernah diselesaikan dengan keadilan restoratif dalam perkara "
        "RJ/PAKISAJI/2026/0003 (Pakisaji)." in reason
    )
    assert "UU 20/2025" in reason
    assert "RJ/PAKISAJI/2026/0003" in GUARDS["once_per_offender"].reason(facts).get("en")


def test_once_per_offender_asks_for_the_nik_first() -> None:
    facts = CaseFacts(offender_niks_recorded=False)
    assert not GUARDS["once_per_offender"].check(facts)
    assert "Catat dulu NIK setiap terlapor" in _reason("once_per_offender", facts)
