"""Phone numbers as people type them, stored in one form: E.164 (``+6281234567890``).

``phonenumbers`` (Google's libphonenumber) knows Indonesia's numbering plan, so "0812-3456-7890",
"62 812 3456 7890" and "+62 812 3456 7890" are one number, and a number with a wrong length
or an unknown prefix is refused where it is typed, not found out when a message bounces.
"""

from __future__ import annotations

import phonenumbers

REGION = "ID"
MAX_INPUT = 40


class NotAPhoneNumber(ValueError):
    """The text is not a phone number a message could reach."""


def to_e164(raw: str, region: str = REGION) -> str:
    """``raw`` in E.164, or :class:`NotAPhoneNumber`."""
    if len(raw) > MAX_INPUT:
        raise NotAPhoneNumber(raw[:MAX_INPUT])
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise NotAPhoneNumber(raw) from None
    if not phonenumbers.is_valid_number(number):
        raise NotAPhoneNumber(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_mobile(e164: str) -> bool:
    """Whether the number can receive SMS and WhatsApp (a landline cannot)."""
    number = phonenumbers.parse(e164, None)
    kind = phonenumbers.number_type(number)
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def readable(e164: str) -> str:
    """The number as Indonesians write it (``0812-3456-7890``) for pages; E.164 if foreign."""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def masked(e164: str) -> str:
    """Enough to recognise a number, not to call it: ``+62 812-****-7890``."""
    if len(e164) < 8:
        return "****"
    return f"{e164[:3]} {e164[3:6]}-****-{e164[-4:]}"
