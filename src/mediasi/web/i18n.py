"""The page's language (a cookie set by the switch) and what templates translate with.

Templates use ``jinja2.ext.i18n`` with newstyle gettext: ``{{ _("…") }}``, ``{% trans %}``,
``ngettext`` and ``pgettext`` resolve the callables put in each page's context for its
language, so one environment serves every language at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from mediasi import i18n
from mediasi.i18n import translatable
from mediasi.workflow.durations import LOCAL_TZ

COOKIE = "lang"


def language_of(cookies: dict[str, str], default: str | None = None) -> str:
    """The language the reader chose, if it is one of the configured languages."""
    offered = i18n.languages()
    fallback = default if default in offered else offered[0]
    lang = cookies.get(COOKIE, fallback)
    return lang if lang in offered else fallback


def _finish(context: Context, text: str, variables: dict[str, Any]) -> str:
    # As jinja2.ext's newstyle gettext: escape the parameters, always %-format. The text
    # itself is ours (a msgid or its translation in the committed catalog), not user input.
    if context.eval_ctx.autoescape:
        return Markup(text) % variables  # noqa: S704
    return text % variables


def template_gettext(lang: str) -> dict[str, Callable[..., str]]:
    """``gettext``, ``ngettext``, ``pgettext`` and ``npgettext`` for a page in ``lang``."""
    translations = i18n.translations(lang)

    @pass_context
    def gettext(context: Context, message: str, /, **variables: Any) -> str:
        return _finish(context, translations.gettext(message), variables)

    @pass_context
    def ngettext(
        context: Context, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        return _finish(context, translations.ngettext(singular, plural, num), variables)

    @pass_context
    def pgettext(context: Context, ctx: str, message: str, /, **variables: Any) -> str:
        return _finish(context, translations.pgettext(ctx, message), variables)

    @pass_context
    def npgettext(
        context: Context, ctx: str, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        return _finish(context, translations.npgettext(ctx, singular, plural, num), variables)

    return {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}


def local_text(lang: str) -> Callable[[Any], str]:
    """Render a workflow ``Text``, a catalog ``Message`` (or a plain string) in ``lang``."""

    def show(value: Any) -> str:
        if translatable(value):
            return value.get(lang)
        return "" if value is None else str(value)

    return show


def date_formatter(lang: str) -> Callable[..., str]:
    """Moments as a clock shows them, in the reader's style and with the zone's name: the
    deployment's clock ('24 Nov 2026 09.30 WIB'), or ``zone``, a case area's ('… WITA')."""

    def fmt(
        value: date | datetime | None, with_time: bool = True, zone: tzinfo | None = None
    ) -> str:
        if value is None:
            return "—"
        if with_time and isinstance(value, datetime):
            return i18n.format_moment(value, lang, zone or i18n.timezone())
        return i18n.format_date(value, lang)

    return fmt


def span_formatter(lang: str) -> Callable[[timedelta], str]:
    """A stretch of time ('23 jam 40 menit'): what is left of a deadline, or how far past."""

    def fmt(value: timedelta) -> str:
        return i18n.format_span(value, lang)

    return fmt


def catalog_text(lang: str) -> Callable[[str | None], str]:
    """A stored text that may be a catalog msgid (a reason the system wrote) in ``lang``;
    any other text (a provider's reason) as it is."""

    def show(text: str | None) -> str:
        return i18n.gettext(lang, text) if text else ""

    return show


def input_time(moment: datetime) -> str:
    """A time as a ``datetime-local`` input shows and sends it: local time, to the minute."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


def number_formatter(lang: str) -> Callable[[int], str]:
    """Whole numbers grouped in the reader's style (10.000 / 10,000)."""

    def fmt(value: int) -> str:
        return i18n.format_number(value, lang)

    return fmt


def rupiah_formatter(lang: str) -> Callable[[int], str]:
    def fmt(amount: int) -> str:
        return i18n.format_rupiah(amount, lang)

    return fmt
