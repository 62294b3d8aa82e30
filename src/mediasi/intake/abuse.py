"""Keeping robots and floods out of the public door without a third party's CAPTCHA.

- a field people never see (``website``): a robot that fills every field fills it too;
- the time the form was on screen, carried in a signed hidden field: a form sent back within
  seconds of being shown was not read by a person;
- limits per sender address (hashed with the deployment's key, so the table cannot say who
  sent what) and per phone number.

Each refusal keeps what was typed, so a person who trips one loses nothing: they send again.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime


def _sign(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()[:32]


def form_token(secret: str, now: datetime) -> str:
    """The hidden ``started`` value: when the form was shown, signed."""
    stamp = str(int(now.timestamp()))
    return f"{stamp}.{_sign(secret, 'form:' + stamp)}"


def seconds_on_screen(secret: str, token: str, now: datetime) -> float | None:
    """How long the form was shown before it came back; None for a missing or forged token."""
    stamp, _, signature = token.partition(".")
    if not stamp.isdigit() or len(stamp) > 12:
        return None
    if not hmac.compare_digest(signature, _sign(secret, "form:" + stamp)):
        return None
    return now.timestamp() - int(stamp)


def address_hash(secret: str, address: str) -> str:
    """The sender's address as the limits count it: keyed, so it cannot be looked up."""
    return hmac.new(secret.encode(), f"address:{address}".encode(), hashlib.sha256).hexdigest()
