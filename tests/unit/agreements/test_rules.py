"""The agreement's rules on plain records, without a database: whether a frozen text is intact,
which signatures count, when it is fully signed, who must sign, which terms a draft may hold
and when an obligation may be marked."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from mediasi.agreements import rules
from mediasi.agreements.canonical import canonical_text, digest_of
from mediasi.agreements.status import (
    BROKEN,
    DECLINED,
    DRAFT,
    FROZEN,
    KEPT,
    OPEN,
    SIGNED,
    VOIDED,
)

TODAY = date(2026, 11, 24)
WHEN = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Term:
    position: int
    obligor: str = "party:b"
    obligor_name: str = "Slamet Wibowo"
    kind: str = "payment"
    description: str = "Membayar ganti rugi tanaman padi"
    amount: int | None = 1_500_000
    instalments: int | None = 3
    due_date: date = date(2026, 12, 24)
    status: str = OPEN


@dataclass(frozen=True)
class Version:
    content: dict[str, Any]
    number: int = 2
    status: str = FROZEN
    canonical_text: str | None = None
    digest: str | None = None


@dataclass(frozen=True)
class Sig:
    signatory: str
    digest: str
    decision: str = SIGNED
    voided_at: datetime | None = None


@dataclass(frozen=True)
class Stage:
    state: str
    is_final: bool = False


@dataclass(frozen=True)
class Input:
    obligor: str
    due_date: date


PARTIES = [
    {"key": "party:a", "role": "complainant", "name": "Darto Santoso"},
    {"key": "party:b", "role": "respondent", "name": "Slamet Wibowo"},
]
TOKOH = [{"key": "tokoh:m", "role": "mediator", "name": "KH Ahmad Fauzi"}]
SIGNATORIES = [
    {"key": "party:a", "kind": "party", "role": "complainant", "name": "Darto Santoso"},
    {"key": "party:b", "kind": "party", "role": "respondent", "name": "Slamet Wibowo"},
    {"key": "tokoh:m", "kind": "tokoh", "role": "mediator", "name": "KH Ahmad Fauzi"},
]
REQUIRED = {"parties": ["complainant", "respondent"], "tokoh": ["mediator"]}


def content(**overrides: Any) -> dict[str, Any]:
    """A frozen version's content: the case's people, whom it names and which roles must sign."""
    return (
        dict(
            reference="MED/KEPANJEN/2026/0007",
            number=2,
            desa="Desa Ngadilangkung",
            place="Balai Desa Ngadilangkung",
            chronology="Patok batas sawah dipindah.",
            restitution=None,
            parties=[{**p, "nik": None, "address": None} for p in PARTIES],
            tokoh=[{**t, "title": None} for t in TOKOH],
            officer={"name": "Bripka Sutrisno", "title": "Bhabinkamtibmas Ngadilangkung"},
            dated="2026-11-24",
            signatories=SIGNATORIES,
            required=REQUIRED,
        )
        | overrides
    )


TERMS = [Term(1), Term(2, kind="apology", amount=None, instalments=None)]


def frozen(terms: list[Term] = TERMS, **overrides: Any) -> Version:
    """A version frozen the way the service freezes one: its text and that text's digest."""
    body = content(**overrides)
    text = canonical_text(body, terms)
    return Version(content=body, canonical_text=text, digest=digest_of(text))


def everyone(version: Version, decision: str = SIGNED) -> list[Sig]:
    assert version.digest is not None
    return [Sig(s["key"], version.digest, decision) for s in SIGNATORIES]


# ---- the rules know neither the database nor the web ---------------------------------------


def test_the_rules_module_imports_neither_sqlalchemy_nor_litestar() -> None:
    code = (
        "import sys, mediasi.agreements.rules\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'litestar',"
        " 'advanced_alchemy'))\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# ---- integrity ------------------------------------------------------------------------------


def test_a_frozen_version_is_intact_when_text_content_and_digest_agree() -> None:
    assert rules.is_intact(frozen(), TERMS)


def test_editing_the_stored_text_breaks_integrity() -> None:
    version = frozen()
    assert version.canonical_text is not None
    edited = version.canonical_text.replace("1.500.000", "150.000")
    assert edited != version.canonical_text
    assert not rules.is_intact(replace(version, canonical_text=edited), TERMS)


def test_editing_the_stored_content_or_an_obligation_breaks_integrity() -> None:
    version = frozen()
    assert not rules.is_intact(
        replace(version, content={**version.content, "place": "Musala"}), TERMS
    )
    assert not rules.is_intact(version, [replace(TERMS[0], amount=150_000), TERMS[1]])
    assert not rules.is_intact(version, TERMS[:1])


def test_a_version_without_text_or_digest_is_not_intact() -> None:
    version = frozen()
    assert not rules.is_intact(replace(version, digest=None), TERMS)
    assert not rules.is_intact(replace(version, canonical_text=None), TERMS)


# ---- which signatures count ------------------------------------------------------------------


def test_only_unvoided_signatures_on_this_digest_count() -> None:
    version = frozen()
    assert version.digest is not None
    good = Sig("party:a", version.digest)
    voided = Sig("party:b", version.digest, voided_at=WHEN)
    other_text = Sig("tokoh:m", digest_of("another text"))
    valid = rules.valid_signatures(version, [good, voided, other_text])
    assert valid == {"party:a": good}


def test_signed_count_counts_signatures_of_named_signatories_not_refusals() -> None:
    version = frozen()
    assert version.digest is not None
    sigs = [
        Sig("party:a", version.digest),
        Sig("party:b", version.digest, DECLINED),
        Sig("party:stranger", version.digest),
    ]
    assert rules.signed_count(version, sigs) == 1
    assert rules.signatory_keys(version.content) == ["party:a", "party:b", "tokoh:m"]


def test_awaits_any_is_true_while_one_of_the_keys_has_not_decided() -> None:
    version = frozen()
    assert version.digest is not None
    decided = [Sig("tokoh:m", version.digest, DECLINED)]
    assert rules.awaits_any(version, [], {"tokoh:m"})
    assert not rules.awaits_any(version, decided, {"tokoh:m"})
    assert not rules.awaits_any(version, [], {"tokoh:not-named"})
    voided = [Sig("tokoh:m", version.digest, voided_at=WHEN)]
    assert rules.awaits_any(version, voided, {"tokoh:m"})


def test_voided_signed_counts_the_signatures_an_edit_voided() -> None:
    sigs = [
        Sig("party:a", "d", voided_at=WHEN),
        Sig("party:b", "d", DECLINED, voided_at=WHEN),
        Sig("tokoh:m", "d"),
    ]
    assert rules.voided_signed(sigs) == 1


def test_viewed_by_keeps_views_of_this_version_and_digest_only() -> None:
    version = frozen()
    payloads = [
        {"signatory": "tokoh:m", "agreement_version": 2, "digest": version.digest},
        {"signatory": "party:a", "agreement_version": 1, "digest": version.digest},
        {"signatory": "party:b", "agreement_version": 2, "digest": "older"},
    ]
    assert rules.viewed_by(payloads, version) == {"tokoh:m"}


# ---- fully signed ---------------------------------------------------------------------------


def test_fully_signed_when_every_named_signatory_signed_the_intact_frozen_text() -> None:
    version = frozen()
    assert rules.fully_signed(version, TERMS, everyone(version), missing=[])


def test_not_fully_signed_while_someone_has_not_signed_or_declined() -> None:
    version = frozen()
    sigs = everyone(version)
    assert not rules.fully_signed(version, TERMS, sigs[:2], missing=[])
    declined = [*sigs[:2], replace(sigs[2], decision=DECLINED)]
    assert not rules.fully_signed(version, TERMS, declined, missing=[])
    voided = [*sigs[:2], replace(sigs[2], voided_at=WHEN)]
    assert not rules.fully_signed(version, TERMS, voided, missing=[])


def test_not_fully_signed_when_not_frozen_changed_broken_or_someone_left_out() -> None:
    version = frozen()
    sigs = everyone(version)
    assert not rules.fully_signed(replace(version, status=DRAFT), TERMS, sigs, missing=[])
    assert not rules.fully_signed(replace(version, status=VOIDED), TERMS, sigs, missing=[])
    tampered = [replace(TERMS[0], description="Tidak membayar apa pun"), TERMS[1]]
    assert not rules.fully_signed(version, tampered, sigs, missing=[])
    broken = [replace(TERMS[0], status=BROKEN), TERMS[1]]
    assert not rules.fully_signed(version, broken, sigs, missing=[])
    assert not rules.fully_signed(version, TERMS, sigs, missing=["Saksi Baru"])


def test_a_kept_obligation_does_not_stop_the_agreement_being_fully_signed() -> None:
    version = frozen()
    kept = [replace(TERMS[0], status=KEPT), TERMS[1]]
    assert rules.fully_signed(version, kept, everyone(version), missing=[])


def test_missing_signatories_are_people_in_a_required_role_the_text_does_not_name() -> None:
    body = content()
    later_party = {"key": "party:c", "role": "respondent", "name": "Wati"}
    later_witness = {"key": "party:d", "role": "witness", "name": "Saksi Biasa"}
    later_tokoh = {"key": "tokoh:n", "role": "mediator", "name": "Pak RW"}
    parties = [*PARTIES, later_party, later_witness]
    assert rules.missing_signatories(body, parties, [*TOKOH, later_tokoh]) == ["Wati", "Pak RW"]
    assert rules.missing_signatories(body, PARTIES, TOKOH) == []
    assert rules.missing_signatories({}, parties, TOKOH) == []


# ---- who signs --------------------------------------------------------------------------------


def test_missing_roles_are_the_required_roles_nobody_holds() -> None:
    assert rules.missing_roles(PARTIES, TOKOH, ["complainant", "victim"], ["mediator"]) == [
        "victim"
    ]
    assert rules.missing_roles(PARTIES, [], ["complainant"], ["mediator", "witness"]) == [
        "mediator",
        "witness",
    ]
    assert rules.missing_roles(PARTIES, TOKOH, REQUIRED["parties"], REQUIRED["tokoh"]) == []


def test_signatories_are_the_people_in_required_roles_parties_first() -> None:
    witness = {"key": "party:w", "role": "witness", "name": "Saksi"}
    second = {"key": "tokoh:x", "role": "witness", "name": "Pak RT"}
    out = rules.signatories_of(
        [*PARTIES, witness], [*TOKOH, second], ["complainant", "respondent"], ["mediator"], set()
    )
    assert [(s["key"], s["kind"], s["login"]) for s in out] == [
        ("party:a", "party", False),
        ("party:b", "party", False),
        ("tokoh:m", "tokoh", False),
    ]


def test_a_tokoh_with_an_account_signs_from_it_and_a_party_never_does() -> None:
    out = rules.signatories_of(
        PARTIES, TOKOH, ["complainant"], ["mediator"], {"tokoh:m", "party:a"}
    )
    assert {s["key"]: s["login"] for s in out} == {"party:a": False, "tokoh:m": True}


# ---- the draft's terms ------------------------------------------------------------------------


def test_terms_of_the_case_due_from_today_within_ten_years_pass() -> None:
    terms = [
        Input("party:b", TODAY),
        Input("all", date(TODAY.year + 10, 12, 31)),
    ]
    assert rules.term_errors(terms, {"party:a", "party:b"}, TODAY) == {}


def test_a_term_of_a_stranger_in_the_past_or_too_far_is_named_by_row() -> None:
    terms = [
        Input("party:z", TODAY),
        Input("party:a", date(2026, 11, 23)),
        Input("party:b", date(TODAY.year + 11, 1, 1)),
    ]
    errors = rules.term_errors(terms, {"party:a", "party:b"}, TODAY)
    assert set(errors) == {
        "obligations.0.obligor",
        "obligations.1.due_date",
        "obligations.2.due_date",
    }
    assert "sebelum hari ini" in errors["obligations.1.due_date"].get("id")
    assert "10 tahun" in errors["obligations.2.due_date"].get("id")


def test_late_articles_are_those_due_before_today() -> None:
    terms = [
        Term(1, due_date=date(2026, 11, 23)),
        Term(2, due_date=TODAY),
        Term(3, due_date=date(2026, 1, 1)),
    ]
    assert rules.late_articles(terms, TODAY) == [1, 3]


def test_saving_the_same_draft_is_recognised_and_any_change_is_not() -> None:
    stored = content()
    records = [rules.term_record(t) for t in TERMS]
    assert rules.same_draft(stored, TERMS, content(), records)
    # What a save does not compare (the number, the frozen date …) does not matter.
    assert rules.same_draft(stored, TERMS, content(number=3, dated=None), records)
    assert not rules.same_draft(stored, TERMS, content(place="Musala Al-Ikhlas"), records)
    assert not rules.same_draft(stored, TERMS, content(), records[:1])
    changed = [{**records[0], "amount": 2_000_000}, records[1]]
    assert not rules.same_draft(stored, TERMS, content(), changed)


# ---- signing ----------------------------------------------------------------------------------


def test_names_match_whatever_the_case_and_spacing() -> None:
    assert rules.same_name("  slamet   WIBOWO ", "Slamet Wibowo")
    assert not rules.same_name("Slamet Wibow", "Slamet Wibowo")


def test_signing_in_person_needs_consent_and_the_party_s_own_name() -> None:
    assert rules.in_person_errors(True, "slamet wibowo", "Slamet Wibowo") == {}
    assert set(rules.in_person_errors(False, "", "Slamet Wibowo")) == {"consent", "typed_name"}
    wrong = rules.in_person_errors(True, "Darto", "Slamet Wibowo")
    assert set(wrong) == {"typed_name"}
    assert "Slamet Wibowo" in wrong["typed_name"].get("id")


@pytest.mark.parametrize(
    ("reason", "refused"),
    [(None, True), ("", True), ("  abcd   ", True), ("abcde", False), ("Isi belum adil.", False)],
)
def test_a_refusal_gives_a_reason_of_a_few_letters(reason: str | None, refused: bool) -> None:
    assert bool(rules.decline_errors(reason)) is refused


# ---- obligations ----------------------------------------------------------------------------


def test_an_obligation_is_marked_once() -> None:
    assert rules.may_mark(Term(1))
    assert not rules.may_mark(Term(1, status=KEPT))
    assert not rules.may_mark(Term(1, status=BROKEN))


def test_a_broken_obligation_says_what_happened() -> None:
    assert set(rules.mark_errors(BROKEN, None)) == {"note"}
    assert rules.mark_errors(BROKEN, "Angsuran kedua tidak dibayar.") == {}
    assert rules.mark_errors(KEPT, None) == {}


def test_obligation_counts() -> None:
    terms = [Term(1), Term(2, status=KEPT), Term(3, status=BROKEN), Term(4)]
    assert rules.obligation_counts(terms) == {"open": 2, "broken": 1}
    assert rules.obligation_counts([]) == {"open": 0, "broken": 0}


# ---- where the case stands ----------------------------------------------------------------------


def test_drafting_happens_in_the_signing_transition_s_source_states_of_an_open_case() -> None:
    source = ("in_mediation",)
    assert rules.is_drafting(source, Stage("in_mediation"))
    assert not rules.is_drafting(source, Stage("agreed"))
    assert not rules.is_drafting(source, Stage("in_mediation", is_final=True))


def test_the_agreement_is_in_force_in_the_transition_s_destination_until_closed() -> None:
    assert rules.is_in_force("agreed", Stage("agreed"))
    assert not rules.is_in_force("agreed", Stage("in_mediation"))
    assert not rules.is_in_force("agreed", Stage("agreed", is_final=True))


def test_roles_are_said_in_words_unknown_ones_as_they_are() -> None:
    mediator, elder = rules.roles_in_words(["mediator", "elder"])
    assert elder == "elder"
    assert not isinstance(mediator, str)
    assert mediator.get("id") == "tokoh mediator"
