"""The compiled templates shared between apps: a second app renders what the first compiled,
and a template edited in between is compiled afresh, never served stale."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from mediasi.web.template_cache import COMPILED


def _environment(folder: Path) -> Environment:
    return Environment(loader=FileSystemLoader(folder), bytecode_cache=COMPILED)


def test_a_second_app_renders_the_same_and_an_edited_template_anew(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("Halo {{ name }}")
    assert _environment(tmp_path).get_template("page.html").render(name="Budi") == "Halo Budi"
    assert _environment(tmp_path).get_template("page.html").render(name="Sari") == "Halo Sari"
    page.write_text("Selamat datang, {{ name }}")
    shown = _environment(tmp_path).get_template("page.html").render(name="Sari")
    assert shown == "Selamat datang, Sari"
