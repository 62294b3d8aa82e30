"""Addresses as the delivery log and the logs show them: recognisable, not usable."""

from __future__ import annotations

from mediasi.phones import masked


def mask(address: str | None) -> str:
    if address and "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    return masked(address)
