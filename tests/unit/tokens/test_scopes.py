"""What a token's scopes let through, and the shape of a token's text."""

from __future__ import annotations

import pytest

from mediasi.tokens.minting import digest_of, looks_like_token, mint
from mediasi.tokens.scopes import ALL_SCOPES, allows, parse


@pytest.mark.parametrize(
    ("held", "feature", "write", "expected"),
    [
        ({"cases:read"}, "cases", False, True),
        ({"cases:read"}, "cases", True, False),
        ({"cases:write"}, "cases", False, True),  # write includes read
        ({"cases:write"}, "cases", True, True),
        ({"cases:write"}, "statistics", False, False),
        ({"cases:write", "statistics:read"}, None, False, False),  # a route without a feature
        (set(), "cases", False, False),
    ],
)
def test_allows(held: set[str], feature: str | None, write: bool, expected: bool) -> None:
    assert allows(held, feature, write) is expected


def test_a_stored_scope_no_longer_known_grants_nothing() -> None:
    assert parse("cases:read  cases:admin statistics:write") == {
        "cases:read",
        "statistics:write",
    }
    assert set(ALL_SCOPES) >= {"cases:read", "cases:write"}


def test_minted_tokens_are_distinct_and_kept_as_their_digest() -> None:
    a, b = mint(), mint()
    assert a.text != b.text
    assert a.prefix != b.prefix
    assert looks_like_token(a.text)
    assert a.text.startswith(a.prefix + "_")
    assert a.digest == digest_of(a.text)
    assert len(a.digest) == 64
    assert not looks_like_token(a.text + "x")
    assert not looks_like_token(a.text.replace("msi_", "xyz_"))
