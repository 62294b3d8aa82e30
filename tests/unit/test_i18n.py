"""Gettext catalogs: lazy messages, Babel formats, and a catalog that matches the code.

The last tests make ``make test`` fail when a catalog is stale (a msgid in the code or the
templates that ``locale/en`` lacks, or one it still has that nothing uses) or when a msgid has
no English (an empty or fuzzy msgstr).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from mediasi import i18n
from mediasi.errors import MediasiError, StaleVersion
from mediasi.i18n import Message, Translatable, _, joined, n_
from mediasi.text import Text

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"


@pytest.fixture
def catalogs() -> Iterator[None]:
    yield
    i18n.configure(LOCALE, ("id", "en"))


def _po(lang: str) -> object:
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def test_a_message_is_translated_only_when_shown() -> None:
    message = _("Perkara %(reference)s tidak ditemukan.", reference="X/1")
    assert isinstance(message, Message)
    assert message.msgid == "Perkara %(reference)s tidak ditemukan."
    assert message.get("id") == "Perkara X/1 tidak ditemukan."
    # No English for this msgid in the catalog: the Indonesian text is shown.
    assert message.get("en") == "Perkara X/1 tidak ditemukan."
    assert _("Perkara tidak ditemukan.").get("en") == "Case not found."
    assert _("Perkara tidak ditemukan.").get("xx") == "Perkara tidak ditemukan."


def test_messages_are_frozen_and_hashable() -> None:
    a = _("Versi %(number)s", number=2)
    assert a == _("Versi %(number)s", number=2)
    assert len({a, _("Versi %(number)s", number=2), _("Versi %(number)s", number=3)}) == 2
    with pytest.raises(AttributeError):
        a.msgid = "x"  # type: ignore[misc]


def test_plurals_follow_the_count() -> None:
    one = n_(
        "Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.",
        "Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.",
        1,
    )
    many = n_(
        "Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.",
        "Terlalu banyak percobaan masuk. Coba lagi dalam %(n)s menit.",
        15,
    )
    assert one.get("en") == "Too many login attempts. Try again in 1 minute."
    assert many.get("en") == "Too many login attempts. Try again in 15 minutes."
    assert many.get("id") == "Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit."


def test_parameters_that_are_texts_are_shown_in_the_same_language() -> None:
    states = joined([Text(id="Terbuka", en="Open"), Text(id="Ditinjau")])
    message = _("Pilih salah satu: %(choices)s.", choices=states)
    assert message.get("id") == "Pilih salah satu: Terbuka, Ditinjau."
    assert message.get("en") == "Choose one of: Open, Ditinjau."


def test_text_and_message_are_both_translatable() -> None:
    label = Text.model_validate({"id": "Terbuka", "en": "Open", "jv": "Bukak"})
    for value in (label, _("Wajib diisi.")):
        assert isinstance(value, Translatable)
    assert label.get("jv") == "Bukak"
    assert label.get("en") == "Open"
    assert label.get("fr") == "Terbuka"
    with pytest.raises(ValueError, match="language code"):
        Text.model_validate({"id": "Terbuka", "English": "Open"})


def test_domain_errors_take_any_translatable() -> None:
    error = MediasiError(_("Perkara tidak ditemukan."), Text(id="Lain", en="Other"))
    assert error.text("en") == "Case not found. Other"
    assert str(error) == "Perkara tidak ditemukan.; Lain"
    stale = StaleVersion("A/1", 2, 3)
    assert stale.text("en").startswith("Case A/1 was changed by someone else")
    assert "(versi 2, sekarang 3)" in stale.text("id")


def test_before_configuration_the_indonesian_text_is_shown(catalogs: None) -> None:
    i18n.configure(Path("/nonexistent"), ("id",))
    assert _("Perkara tidak ditemukan.").get("en") == "Perkara tidak ditemukan."
    with pytest.raises(FileNotFoundError, match="no compiled catalog"):
        i18n.configure(Path("/nonexistent"), ("id", "en"))


def test_dates_and_rupiah_by_babel(catalogs: None) -> None:
    moment = datetime(2026, 8, 24, 2, 30, tzinfo=UTC)
    assert i18n.format_datetime(moment, "id") == "24 Agu 2026 09:30"
    assert i18n.format_datetime(moment, "en") == "24 Aug 2026 09:30"
    assert i18n.format_date(date(2026, 5, 1), "id", "d MMMM y") == "1 Mei 2026"
    assert i18n.format_rupiah(1_500_000, "id") == "Rp 1.500.000"
    assert i18n.format_rupiah(1_500_000, "en") == "IDR 1,500,000"
    i18n.configure(LOCALE, ("id", "en"), "Asia/Jayapura")
    assert i18n.format_datetime(moment, "id", "HH:mm z") == "11:30 WIT"
    i18n.configure(LOCALE, ("id", "en"), "Asia/Makassar")
    assert i18n.format_datetime(moment, "id", "HH:mm z") == "10:30 WITA"


def test_a_moment_is_shown_on_the_clock_it_is_given_in_the_readers_style(catalogs: None) -> None:
    moment = datetime(2026, 12, 4, 18, 49, tzinfo=UTC)
    wib, wit = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Jayapura")
    assert i18n.Moment(moment, wib).get("id") == "5 Des 2026 01.49 WIB"
    assert i18n.Moment(moment, wit).get("id") == "5 Des 2026 03.49 WIT"
    assert i18n.Moment(moment, wib).get("en") == "Dec 5, 2026 1:49\u202fAM WIB"
    assert i18n.Moment(date(2026, 1, 31), wib).get("id") == "31 Jan 2026"


def test_every_msgid_has_english() -> None:
    catalog = _po("en")
    untranslated = [
        m.id
        for m in catalog  # type: ignore[attr-defined]
        if m.id
        and ("fuzzy" in m.flags or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert untranslated == [], "msgids without English (run make i18n, then translate)"


def test_the_catalog_is_not_stale() -> None:
    """Extract with Babel now (as make i18n does) and compare with what locale/en holds."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "n_": (1, 2)}
    extracted = {
        (context, msgid if isinstance(msgid, str) else msgid[0])
        for _file, _line, msgid, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords
        )
    }
    committed = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in _po("en")  # type: ignore[attr-defined]
        if m.id
    }
    assert sorted(extracted - committed, key=str) == [], "new msgids: run make i18n"
    assert sorted(committed - extracted, key=str) == [], "msgids nothing uses: run make i18n"


def test_languages_and_time_zone_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from mediasi.config import Settings

    monkeypatch.setenv("MEDIASI_LANGUAGES", "id, en,jv")
    monkeypatch.setenv("MEDIASI_TIMEZONE", "Asia/Makassar")
    settings = Settings()
    assert settings.languages == ("id", "en", "jv")
    assert settings.timezone == "Asia/Makassar"
    assert settings.locale_dir == settings.root_dir / "locale"
    monkeypatch.delenv("MEDIASI_LANGUAGES")
    monkeypatch.delenv("MEDIASI_TIMEZONE")
    assert Settings().languages == ("id", "en")
    assert Settings().timezone == "Asia/Jakarta"
    with pytest.raises(ValidationError, match="Asia/Jakarta, Asia/Makassar, Asia/Jayapura"):
        Settings(timezone="Europe/Berlin")
    with pytest.raises(ValidationError, match="default_language must be one of"):
        Settings(languages="id,jv", default_language="en")
    with pytest.raises(ValidationError, match="not a language code"):
        Settings(languages="id,English")
