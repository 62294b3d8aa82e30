"""A token's text: a public head to tell it apart and 256 random bits, stored as a digest.

``msi_<8 hex>_<43 url-safe characters>``. The secret has enough entropy that a plain SHA-256
is a safe thing to store (no password stretching is needed for a random key), and a lookup by
digest is one indexed equality.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

SHAPE = re.compile(r"^msi_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True)
class Minted:
    text: str  # shown once, to the person who made it
    prefix: str
    digest: str


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def mint() -> Minted:
    prefix = f"msi_{secrets.token_hex(4)}"
    text = f"{prefix}_{secrets.token_urlsafe(32)}"
    return Minted(text, prefix, digest_of(text))


def looks_like_token(text: str) -> bool:
    return bool(SHAPE.match(text))
