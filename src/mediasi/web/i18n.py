"""Two languages: Bahasa Indonesia first, English on request (a cookie set by the switch)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from mediasi.text import Text
from mediasi.workflow.durations import LOCAL_TZ

LANGUAGES = ("id", "en")
COOKIE = "lang"

_MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}


def language_of(cookies: dict[str, str], default: str = "id") -> str:
    lang = cookies.get(COOKIE, default)
    return lang if lang in LANGUAGES else default


def translator(lang: str) -> Callable[[str, str], str]:
    """``tr("Perkara", "Cases")``: both texts stand side by side in the template."""

    def tr(indonesian: str, english: str) -> str:
        return english if lang == "en" else indonesian

    return tr


def local_text(lang: str) -> Callable[[Any], str]:
    """Render a workflow :class:`Text` (or a plain string) in the page's language."""

    def show(value: Any) -> str:
        if isinstance(value, Text):
            return value.get(lang)
        return "" if value is None else str(value)

    return show


def date_formatter(lang: str) -> Callable[[datetime | None, bool], str]:
    """Dates in local time (WIB), e.g. '24 Nov 2026 09:30'."""

    def fmt(value: datetime | None, with_time: bool = True) -> str:
        if value is None:
            return "—"
        local = value.astimezone(LOCAL_TZ)
        text = f"{local.day} {_MONTHS[lang][local.month - 1]} {local.year}"
        return f"{text} {local:%H:%M}" if with_time else text

    return fmt
