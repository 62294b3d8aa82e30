"""Tracking codes: short enough to read over the phone, unambiguous, and not guessable.

Twelve symbols from an alphabet without 0/O and 1/I (32 symbols, 5 bits each) give 60 random
bits, e.g. ``LPR-7K3M-Q9XD-4F2A``; a lookup also needs the last four digits of the phone and is
throttled, so guessing is hopeless.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "LPR"
LENGTH = 12
GROUP = 4
MAX_TYPED = 40
_TYPED = re.compile(rf"^(?:{PREFIX})?([{ALPHABET}]{{{LENGTH}}})$")


def new_code() -> str:
    """A fresh code as stored: the twelve symbols, no prefix, no dashes."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def unused_code(taken: Callable[[str], bool]) -> str:
    """A fresh code no report has yet (a clash in 2**60 is rare, but not impossible)."""
    while True:
        code = new_code()
        if not taken(code):
            return code


def format_code(code: str) -> str:
    groups = [code[i : i + GROUP] for i in range(0, len(code), GROUP)]
    return "-".join([PREFIX, *groups])


def normalise_code(typed: object) -> str | None:
    """What a person typed, as stored: case, spaces and dashes ignored, 0 and 1 read as O and I
    would be (which the alphabet lacks, so such a code is refused, not mistaken)."""
    if not isinstance(typed, str) or len(typed) > MAX_TYPED:
        return None
    text = re.sub(r"[\s\-.]", "", typed).upper()
    found = _TYPED.match(text)
    return found.group(1) if found else None
