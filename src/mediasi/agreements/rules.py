"""The rules of an agreement, as plain functions over plain data.

Is a frozen text intact, which signatures count on a version, is it fully signed, who must
sign it, which terms a draft may hold, when an obligation may be marked. A version, an
obligation or a signature here is anything with the right attributes (a database row or a
plain record), so every rule is tested without a database; nothing here reads or writes one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from mediasi.agreements.canonical import ALL_PARTIES, TermLike, canonical_text, digest_of
from mediasi.agreements.shapes import (
    ObligationLike,
    Person,
    SignatureLike,
    Stage,
    TermInput,
    VersionLike,
)
from mediasi.agreements.status import BROKEN, FROZEN, OPEN, SIGNED
from mediasi.i18n import Translatable, _

MIN_REASON = 5
MAX_YEARS_AHEAD = 10
# What a draft is compared on, besides its terms, to tell whether saving it changes anything.
COMPARED_KEYS = ("place", "chronology", "restitution", "parties", "tokoh", "officer", "desa")
TERM_KEYS = (
    "position",
    "obligor",
    "obligor_name",
    "kind",
    "description",
    "amount",
    "instalments",
    "due_date",
)
ROLE_WORDS: dict[str, Translatable] = {
    "complainant": _("pelapor"),
    "respondent": _("terlapor"),
    "victim": _("korban"),
    "witness": _("saksi"),
    "mediator": _("tokoh mediator"),
}


S = TypeVar("S", bound=SignatureLike)


# ---- where the case stands -----------------------------------------------------------------


def is_drafting(source: Collection[str], case: Stage) -> bool:
    """The case stands where the agreement is drafted and signed (before it is agreed)."""
    return not case.is_final and case.state in source


def is_in_force(dest: str, case: Stage) -> bool:
    """The agreement was agreed and its obligations are running."""
    return not case.is_final and case.state == dest


# ---- integrity and signatures --------------------------------------------------------------


def is_intact(version: VersionLike, obligations: Sequence[TermLike]) -> bool:
    """The stored text and the text rebuilt from the stored content both match the digest."""
    if version.digest is None or version.canonical_text is None:
        return False
    rebuilt = canonical_text(version.content, obligations)
    return digest_of(version.canonical_text) == version.digest == digest_of(rebuilt)


def valid_signatures(version: VersionLike, signatures: Iterable[S]) -> dict[str, S]:
    """The decisions that count on this version, by signatory key: not voided, and given on
    this version's digest."""
    return {
        s.signatory: s for s in signatures if s.voided_at is None and s.digest == version.digest
    }


def signatory_keys(content: Mapping[str, Any]) -> list[str]:
    """Who the frozen text names as its signatories, in its order."""
    return [s["key"] for s in content.get("signatories", [])]


def signed_count(version: VersionLike, signatures: Iterable[SignatureLike]) -> int:
    """How many of the named signatories signed (not declined) this version."""
    valid = valid_signatures(version, signatures)
    return sum(
        1
        for key in signatory_keys(version.content)
        if key in valid and valid[key].decision == SIGNED
    )


def awaits_any(
    version: VersionLike, signatures: Iterable[SignatureLike], keys: Collection[str]
) -> bool:
    """Some of ``keys`` is named on this version and has not yet signed or declined it."""
    decided = valid_signatures(version, signatures)
    return any(k not in decided for k in signatory_keys(version.content) if k in keys)


def missing_signatories(
    content: Mapping[str, Any], parties: Iterable[Person], tokoh: Iterable[Person]
) -> list[str]:
    """People of the case in a required role whom the frozen text does not name (added later)."""
    required = content.get("required") or {}
    named = set(signatory_keys(content))
    return [
        p["name"]
        for p in parties
        if p["role"] in required.get("parties", []) and p["key"] not in named
    ] + [
        t["name"] for t in tokoh if t["role"] in required.get("tokoh", []) and t["key"] not in named
    ]


def fully_signed(
    version: VersionLike,
    obligations: Sequence[ObligationLike],
    signatures: Iterable[SignatureLike],
    missing: Sequence[str],
) -> bool:
    """Frozen, unchanged, signed by every signatory it names on this digest, nobody required
    left out (``missing``), and not broken (a broken agreement is redrafted before the case
    can agree again)."""
    if version.status != FROZEN or not is_intact(version, obligations):
        return False
    everyone = signed_count(version, signatures) == len(signatory_keys(version.content))
    unbroken = all(o.status != BROKEN for o in obligations)
    return everyone and unbroken and not missing


def voided_signed(signatures: Iterable[SignatureLike]) -> int:
    """How many signatures (not refusals) an edit voided."""
    return sum(1 for s in signatures if s.decision == SIGNED and s.voided_at is not None)


def viewed_by(payloads: Iterable[Mapping[str, Any]], version: VersionLike) -> set[str]:
    """The signatories who opened this version, from the payloads of the 'viewed' events."""
    return {
        str(p.get("signatory"))
        for p in payloads
        if p.get("agreement_version") == version.number and p.get("digest") == version.digest
    }


# ---- who signs -----------------------------------------------------------------------------


def missing_roles(
    parties: Iterable[Person],
    tokoh: Iterable[Person],
    party_roles: Iterable[str],
    tokoh_roles: Iterable[str],
) -> list[str]:
    """The required roles nobody of the case holds yet."""
    have_party = {p["role"] for p in parties}
    have_tokoh = {t["role"] for t in tokoh}
    return [r for r in party_roles if r not in have_party] + [
        r for r in tokoh_roles if r not in have_tokoh
    ]


def signatories_of(
    parties: Iterable[Person],
    tokoh: Iterable[Person],
    party_roles: Collection[str],
    tokoh_roles: Collection[str],
    with_login: Collection[str],
) -> list[dict[str, Any]]:
    """Everyone in a required role, as the frozen text names them; a tokoh with an account
    (``with_login``) signs from it, everyone else in the officer's presence or on paper."""
    return [
        {"key": p["key"], "kind": "party", "role": p["role"], "name": p["name"], "login": False}
        for p in parties
        if p["role"] in party_roles
    ] + [
        {
            "key": t["key"],
            "kind": "tokoh",
            "role": t["role"],
            "name": t["name"],
            "login": t["key"] in with_login,
        }
        for t in tokoh
        if t["role"] in tokoh_roles
    ]


def roles_in_words(roles: Iterable[str]) -> list[Translatable | str]:
    return [ROLE_WORDS.get(r, r) for r in roles]


# ---- the draft -----------------------------------------------------------------------------


def term_errors(
    terms: Sequence[TermInput], obligors: Collection[str], today: date
) -> dict[str, Translatable]:
    """Each term falls on a party of the case (or all of them) and is due from today and
    within ten years."""
    errors: dict[str, Translatable] = {}
    latest = date(today.year + MAX_YEARS_AHEAD, 12, 31)
    for i, term in enumerate(terms):
        if term.obligor != ALL_PARTIES and term.obligor not in obligors:
            errors[f"obligations.{i}.obligor"] = _("Pilih salah satu pihak dalam perkara ini.")
        if term.due_date < today:
            errors[f"obligations.{i}.due_date"] = _("Tenggat tidak boleh sebelum hari ini.")
        elif term.due_date > latest:
            errors[f"obligations.{i}.due_date"] = _("Tenggat terlalu jauh (paling lama 10 tahun).")
    return errors


def late_articles(obligations: Iterable[TermLike], today: date) -> list[int]:
    """The articles whose due date has passed (a draft left lying cannot be frozen so)."""
    return [o.position for o in obligations if o.due_date < today]


def term_record(term: TermLike) -> dict[str, Any]:
    return {key: getattr(term, key) for key in TERM_KEYS}


def same_draft(
    stored: Mapping[str, Any],
    stored_terms: Iterable[TermLike],
    content: Mapping[str, Any],
    terms: Sequence[Mapping[str, Any]],
) -> bool:
    """Saving ``content`` and ``terms`` would change nothing of the stored version."""
    if any(stored.get(k) != content.get(k) for k in COMPARED_KEYS):
        return False
    return [term_record(t) for t in stored_terms] == list(terms)


# ---- signing and obligations ---------------------------------------------------------------


def same_name(typed: str, name: str) -> bool:
    """Names match whatever the case and the spacing."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


def in_person_errors(consent: bool, typed_name: str, name: str) -> dict[str, Translatable]:
    """A party signing on the officer's device consents and types their own name."""
    errors: dict[str, Translatable] = {}
    if not consent:
        errors["consent"] = _("Centang pernyataan bahwa pihak telah membaca dan menyetujui naskah.")
    if not typed_name:
        errors["typed_name"] = _("Pihak mengetik namanya sendiri.")
    elif not same_name(typed_name, name):
        errors["typed_name"] = _(
            "Nama yang diketik tidak sama dengan nama dalam naskah (%(name)s).", name=name
        )
    return errors


def decline_errors(reason: str | None) -> dict[str, Translatable]:
    """A refusal says why, in a few words at least."""
    if len((reason or "").strip()) >= MIN_REASON:
        return {}
    return {
        "reason": _(
            "Tuliskan alasan penolakan dengan jelas (sedikitnya %(n)s huruf).", n=MIN_REASON
        )
    }


def may_mark(obligation: ObligationLike) -> bool:
    """An obligation is marked kept or broken once."""
    return obligation.status == OPEN


def mark_errors(status: str, note: str | None) -> dict[str, Translatable]:
    """A broken obligation says what happened."""
    if status == BROKEN and not note:
        return {"note": _("Tuliskan apa yang terjadi (kewajiban mana yang tidak dipenuhi).")}
    return {}


def obligation_counts(obligations: Iterable[ObligationLike]) -> dict[str, int]:
    """How many obligations are still open and how many were broken."""
    statuses = [o.status for o in obligations]
    return {"open": statuses.count(OPEN), "broken": statuses.count(BROKEN)}
