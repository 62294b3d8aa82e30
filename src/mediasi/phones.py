"""Phone numbers as people type them, stored in one form: E.164 (``+6281234567890``).

``phonenumbers`` (Google's libphonenumber) knows Indonesia's numbering plan, so "0812-3456-7890",
"62 812 3456 7890" and "+62 812 3456 7890" are one number, and a number with a wrong length
or an unknown prefix is refused where it is typed, not found out when a message bounces.
"""

from __future__ import annotations

import re

REGION = "ID"
MAX_INPUT = 40
# What people put in a number: digits, a leading plus, spaces, dashes, dots and brackets.
# Letters are refused (libphonenumber would read "0812-ABC" as a keypad number).
_TYPED = re.compile(r"^\+?[0-9 ().\-]+$")


class NotAPhoneNumber(ValueError):
    """The text is not a phone number a message could reach."""


def to_e164(raw: str, region: str = REGION) -> str:
    """``raw`` in E.164, or :class:`NotAPhoneNumber`."""
    if len(raw) > MAX_INPUT or not _TYPED.match(raw.strip()):
        raise NotAPhoneNumber(raw[:MAX_INPUT])
    import phonenumbers  # here: its 58 modules wait for the first number typed, not each start

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise NotAPhoneNumber(raw) from None
    if not phonenumbers.is_valid_number(number):
        raise NotAPhoneNumber(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    """Whether the number can receive SMS and WhatsApp (a landline cannot)."""
    import phonenumbers  # here: its 58 modules wait for the first number typed, not each start

    number = phonenumbers.parse(e164, None)
    kind = phonenumbers.number_type(number)
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def national(number: str) -> str:
    """An Indonesian number as people write it (``081234567890``); other numbers as stored.
    Forms show this, so a person edits the number they typed, not E.164."""
    if number.startswith("+62"):
        return "0" + number[3:]
    return number


def masked(number: str | None) -> str:
    """Enough to recognise a number, not to call it: ``0812****7890``."""
    if not number:
        return "—"
    digits = national(number)
    if len(digits) <= 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
