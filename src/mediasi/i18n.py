"""Gettext catalogs: Indonesian msgids, translated lazily into the page's language.

``_("Perkara %(reference)s tidak ditemukan.", reference=ref)`` records the msgid and its
parameters; the text is looked up in the catalog of a language only at ``.get(lang)``, so a
message made at import time or deep in a service is shown in whatever language the reader
asked for. Indonesian is the msgid language: with no catalog (or before :func:`configure`)
the Indonesian text itself is shown.

This module imports neither Litestar nor SQLAlchemy.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Protocol, TypeGuard, runtime_checkable
from zoneinfo import ZoneInfo

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.dates import format_time as _format_time
from babel.numbers import format_currency as _format_currency
from babel.numbers import format_decimal as _format_decimal
from babel.support import Translations
from babel.units import format_unit as _format_unit

SOURCE_LANGUAGE = "id"
DOMAIN = "messages"
DEFAULT_TIMEZONE = "Asia/Jakarta"


@runtime_checkable
class Translatable(Protocol):
    """What can be shown in a language: a catalog :class:`Message` or a workflow ``Text``."""

    def get(self, lang: str) -> str: ...


_KINDS: dict[type, bool] = {}


def translatable(value: object) -> TypeGuard[Translatable]:
    """``isinstance(value, Translatable)``, remembered by type: a protocol's check looks up
    its attributes each time, and a page asks it for every label it shows."""
    kind = type(value)
    known = _KINDS.get(kind)
    if known is None:
        known = _KINDS[kind] = isinstance(value, Translatable)
    return known


class _Catalogs:
    """The loaded catalogs; one per language, configured once at start-up."""

    def __init__(self) -> None:
        self.languages: tuple[str, ...] = (SOURCE_LANGUAGE,)
        self.translations: dict[str, _gettext.NullTranslations] = {}
        self.timezone: tzinfo = ZoneInfo(DEFAULT_TIMEZONE)

    def of(self, lang: str) -> _gettext.NullTranslations:
        found = self.translations.get(lang)
        return found if found is not None else _NULL


_NULL = _gettext.NullTranslations()
_CATALOGS = _Catalogs()


def configure(
    locale_dir: Path | str,
    languages: Iterable[str],
    timezone: str | tzinfo = DEFAULT_TIMEZONE,
) -> None:
    """Load ``<locale_dir>/<lang>/LC_MESSAGES/messages.mo`` for every language.

    Indonesian needs no catalog (its msgids are the text). A missing catalog for another
    language is an error: a language is offered only when its catalog is there.
    """
    wanted = tuple(dict.fromkeys(languages))
    if not wanted:
        raise ValueError("at least one language is needed")
    loaded: dict[str, _gettext.NullTranslations] = {}
    for lang in wanted:
        catalog = Translations.load(str(locale_dir), [lang], domain=DOMAIN)
        if not isinstance(catalog, Translations) and lang != SOURCE_LANGUAGE:
            raise FileNotFoundError(
                f"no compiled catalog for language {lang!r} in {locale_dir} "
                f"({lang}/LC_MESSAGES/{DOMAIN}.mo); run 'make i18n'"
            )
        loaded[lang] = catalog
    _CATALOGS.languages = wanted
    _CATALOGS.translations = loaded
    _CATALOGS.timezone = ZoneInfo(timezone) if isinstance(timezone, str) else timezone


def languages() -> tuple[str, ...]:
    """The configured languages, the first being the default."""
    return _CATALOGS.languages


def timezone() -> tzinfo:
    """The zone times are shown in (WIB, WITA or WIT)."""
    return _CATALOGS.timezone


def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang`` (an identity one for Indonesian or an unknown language)."""
    return _CATALOGS.of(lang)


def gettext(lang: str, msgid: str) -> str:
    return _CATALOGS.of(lang).gettext(msgid)


def ngettext(lang: str, singular: str, plural: str, n: int) -> str:
    return _CATALOGS.of(lang).ngettext(singular, plural, n)


def _freeze(params: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(params.items()))


@dataclass(frozen=True)
class Message:
    """A msgid (and plural) with its parameters; translated only when shown."""

    msgid: str
    plural: str | None = None
    n: int | None = None
    params: tuple[tuple[str, object], ...] = ()

    def get(self, lang: str) -> str:
        if self.plural is not None:
            text = ngettext(lang, self.msgid, self.plural, self.n or 0)
        else:
            text = gettext(lang, self.msgid)
        if not self.params:
            return text
        values = {
            key: value.get(lang) if translatable(value) else value for key, value in self.params
        }
        return text % values

    def __str__(self) -> str:
        return self.get(SOURCE_LANGUAGE)


def _(msgid: str, **params: object) -> Message:
    """A text to translate; ``%(name)s`` placeholders are filled from ``params``."""
    return Message(msgid, params=_freeze(params))


def n_(singular: str, plural: str, n: int, **params: object) -> Message:
    """A text with a plural form chosen by ``n`` (also available as ``%(n)s``)."""
    return Message(singular, plural=plural, n=n, params=_freeze({"n": n, **params}))


@dataclass(frozen=True)
class Joined:
    """Several texts joined in one language, for a ``%(name)s`` parameter (a list of states)."""

    items: tuple[Translatable | str, ...]
    separator: str = ", "

    def get(self, lang: str) -> str:
        return self.separator.join(
            item if isinstance(item, str) else item.get(lang) for item in self.items
        )


def joined(items: Iterable[Translatable | str], separator: str = ", ") -> Joined:
    return Joined(tuple(items), separator)


# Dates, times and numbers in the reader's language, times in the configured zone.


def format_datetime(value: datetime, lang: str, pattern: str = "d MMM y HH:mm") -> str:
    """E.g. '24 Nov 2026 09:30' in the configured zone."""
    return _format_datetime(value, pattern, tzinfo=timezone(), locale=lang)


def format_date(value: date | datetime, lang: str, pattern: str = "d MMM y") -> str:
    if isinstance(value, datetime):
        value = value.astimezone(timezone()).date()
    return _format_date(value, pattern, locale=lang)


def format_moment(value: datetime, lang: str, zone: tzinfo) -> str:
    """A moment as a clock in ``zone`` showed it, in the reader's own style and with the zone's
    name: '5 Des 2026 01.49 WIB' in Indonesian, 'Dec 5, 2026 1:49 AM WIB' in English."""
    local = value.astimezone(zone)
    day = _format_date(local.date(), "medium", locale=lang)
    return f"{day} {_format_time(local, 'short', locale=lang)} {local.tzname()}"


@dataclass(frozen=True)
class Moment:
    """A moment (or a day) shown in a language only when shown, on the clock of ``zone``."""

    value: date | datetime
    zone: tzinfo

    def get(self, lang: str) -> str:
        if isinstance(self.value, datetime):
            return format_moment(self.value, lang, self.zone)
        return _format_date(self.value, "medium", locale=lang)


def format_rupiah(amount: int, lang: str) -> str:
    """Rupiah without cents, in the reader's conventions (Rp 1.500.000 / IDR 1,500,000)."""
    return _format_currency(amount, "IDR", format="¤ #,##0", locale=lang, currency_digits=False)


def format_number(value: int | float, lang: str) -> str:
    return _format_decimal(value, locale=lang)


_SPAN_UNITS = (("duration-day", 1440), ("duration-hour", 60), ("duration-minute", 1))


def format_span(value: timedelta, lang: str) -> str:
    """A stretch of time to the minute in its largest unit and the next ('23 jam 40 menit',
    '2 days 3 hours'): how long is left of a short deadline, or how far past it; sign ignored."""
    rest = int(abs(value.total_seconds()) // 60)
    amounts = []
    for unit, size in _SPAN_UNITS:
        amount, rest = divmod(rest, size)
        amounts.append((unit, amount))
    first = next((i for i, (_, amount) in enumerate(amounts) if amount), len(amounts) - 1)
    shown = [(u, a) for u, a in amounts[first : first + 2] if a or u == amounts[first][0]]
    return " ".join(_format_unit(a, u, locale=lang, length="long") for u, a in shown)
