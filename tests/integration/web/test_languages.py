"""A language is data: a catalog and MEDIASI_LANGUAGES, nothing else (Javanese, say)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from litestar.testing import TestClient

from mediasi import i18n
from mediasi.app import create_app
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Web

ROOT = Path(__file__).resolve().parents[3]

JAVANESE = {
    "Selamat datang, %(name)s": "Sugeng rawuh, %(name)s",
    "Daftar perkara": "Dhaptar prekara",
    "Perkara tidak ditemukan.": "Prekara mboten kepanggih.",
}


def _catalog(locale_dir: Path, lang: str, messages: dict[str, str]) -> None:
    catalog = Catalog(locale=lang, domain="messages")
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    target = locale_dir / lang / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as f:
        write_mo(f, catalog)


@pytest.fixture
def javanese(runtime: Runtime, world: World, tmp_path: Path) -> Iterator[Web]:
    """The app configured with a tiny test catalog for jv, as settings would configure it."""
    _catalog(tmp_path, "jv", JAVANESE)
    settings = runtime.settings.model_copy(update={"locales": tmp_path, "languages": ("id", "jv")})
    built = Runtime.build(settings)
    try:
        with TestClient(create_app(runtime=built), raise_server_exceptions=False) as client:
            yield Web(client)
    finally:
        built.close()
        i18n.configure(ROOT / "locale", runtime.settings.languages, runtime.settings.timezone)


def test_a_third_language_needs_a_catalog_and_a_setting(javanese: Web) -> None:
    assert javanese.login("officer").status_code == 303
    switched = javanese.get("/lang/jv?next=/")
    assert "lang=jv" in switched.headers["set-cookie"]
    home = javanese.get("/")
    assert home.status_code == 200
    assert "Sugeng rawuh, Officer" in home.text
    assert '<html lang="jv"' in home.text
    assert "Dhaptar prekara" in javanese.get("/cases").text
    # Untranslated msgids fall back to Indonesian.
    assert "Keluar" in home.text
    # A domain error raised deep in a service is shown in the reader's language.
    missing = javanese.get(f"/cases/{uuid4()}")
    assert missing.status_code == 404
    assert "Prekara mboten kepanggih." in missing.text


def test_a_language_not_configured_is_refused(javanese: Web) -> None:
    response = javanese.get("/lang/en?next=/")
    assert response.status_code == 303
    assert "lang=" not in response.headers.get("set-cookie", "")
