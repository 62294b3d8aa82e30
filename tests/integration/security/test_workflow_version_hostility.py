"""Hostile input on the admin's workflow version routes: a file that is not what it claims
(NUL bytes, invalid UTF-8, too big, a YAML bomb, nesting 10,000 deep, a number of 10,000
digits; on the page and through the API alike), hostile pairs for a migration, and version
ids that name nothing. Each is refused with a 4xx that says why in Indonesian, and nothing
is written."""

from __future__ import annotations

import re
from html import unescape
from uuid import uuid4

import httpx
import pytest

from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.security.conftest import SCRIPT, Web, injections
from tests.workflow_texts import sengketa_v2
from tests.writes import Watch

UPLOAD = "/admin/workflows/upload"
MIGRATE = "/admin/workflows/migrate"
REFUSED = "Berkas alur kerja ditolak; alasannya ada di bawah."

BOMB = "\n".join(
    [
        "name: sengketa",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)),
    ]
)
FILES = {
    "NUL bytes": (
        sengketa_v2().replace("version: 2", "version: 2\x00").encode(),
        "Baris 5, kolom 1: Berkas memuat karakter NUL.",
    ),
    "invalid UTF-8": (
        sengketa_v2().encode().replace(b"Sengketa", b"Seng\xffketa", 1),
        "Baris 1, kolom 1: Berkas bukan teks UTF-8 (bita ke-7).",
    ),
    "280 KB": (
        sengketa_v2().encode() + b"#" * 280_000,
        "Baris 1, kolom 1: Berkas berukuran",
    ),
    "YAML bomb": (
        BOMB.encode(),
        "Baris 2, kolom 4: Jangkar dan alias (& dan *) tidak boleh ada di berkas alur kerja.",
    ),
    # libyaml stops at its own limit (1,000 levels) before the engine's (20) is counted.
    "10,000 deep": (
        b"name: sengketa\nstates: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
        "Baris 2, kolom",
    ),
    "10,000 digits": (
        sengketa_v2().replace("version: 2", "version: 2" + "9" * 10_000).encode(),
        "Baris 5, kolom 1 ( version ): Nilainya tidak dapat dibaca: angka terlalu panjang",
    ),
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def admin(web: Web, world: World) -> Web:
    return web.login_as("admin")


def upload(admin: Web, data: bytes) -> httpx.Response:
    return admin.post(UPLOAD, files={"file": ("alur.yaml", data, "application/x-yaml")})


def test_the_api_refuses_each_hostile_file_with_the_pages_line_and_reason(
    admin: Web, runtime: Runtime
) -> None:
    """``POST /api/admin/workflows/upload`` (the admin's cookie and CSRF header): each file above is
    a 422 whose one problem reads, put as the page puts it, what the page says."""
    watch = Watch(runtime)
    for kind, (data, said) in FILES.items():
        response = admin.client.post(
            "/api/admin/workflows/upload",
            files={"file": ("alur.yaml", data, "application/x-yaml")},
            headers={"x-csrftoken": admin.csrf},
        )
        assert response.status_code == 422, (kind, response.text[:300])
        assert response.headers["content-type"].startswith("application/problem+json"), kind
        [problem] = response.json()["problems"]
        where = f" ( {problem['path']} )" if problem["path"] else ""
        shown = f"Baris {problem['line']}, kolom {problem['column']}{where}: {problem['reason']}"
        assert said in shown, (kind, shown)
    assert watch.written() == []


@pytest.mark.parametrize("kind", list(FILES))
def test_a_hostile_workflow_file_is_refused_with_its_line_and_nothing_is_kept(
    admin: Web, runtime: Runtime, kind: str
) -> None:
    watch = Watch(runtime)
    response = upload(admin, FILES[kind][0])
    assert response.status_code == 422, response.text[:300]
    assert REFUSED in response.text
    assert "Berkas ditolak karena 1 masalah:" in text_of(response.text)
    assert FILES[kind][1] in text_of(response.text)
    assert injections(response.text) == []
    assert watch.written() == []


def test_an_upload_over_the_routes_limit_is_refused_before_it_is_read(
    admin: Web, runtime: Runtime
) -> None:
    watch = Watch(runtime)
    response = upload(admin, sengketa_v2().encode() + b"#" * 310_000)
    assert response.status_code == 413
    assert "Data yang dikirim terlalu besar (paling banyak 300 KiB)." in text_of(response.text)
    assert watch.written() == []


PAIRS = {
    "a script": (f"{SCRIPT}=reported", "bukan pasangan tahap_lama=tahap_baru"),
    "a NUL byte": ("reported\x00=reported", "Mengandung karakter yang tidak sah."),
    "three sides": ("reported=mediated=settled", "bukan pasangan tahap_lama=tahap_baru"),
    "too long": ("a=b\n" * 1_001, "Terlalu panjang"),
    "too many": (",".join(f"s{i}=reported" for i in range(101)), "Paling banyak 100 pasangan"),
    "a closing state": ("reported=settled", "tahap akhir; migrasi tidak menutup perkara"),
}


@pytest.mark.parametrize("kind", list(PAIRS))
def test_hostile_pairs_for_a_migration_are_refused_beside_the_field(
    admin: Web, runtime: Runtime, kind: str
) -> None:
    pairs, reason = PAIRS[kind]
    watch = Watch(runtime)
    for action in ("dry_run", "run"):
        form = {"name": "sengketa", "version": "1", "pairs": pairs, "action": action}
        response = admin.post(MIGRATE, form)
        assert response.status_code == 422, (action, response.text[:300])
        assert "tidak ada perkara yang dipindahkan" in response.text
        assert reason in text_of(response.text), text_of(response.text)[-2000:]
        assert injections(response.text) == []
    assert watch.written() == []


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("version", "99999999999999999999999", "Nilainya terlalu besar."),
        ("version", "-1", "Nilainya terlalu kecil."),
        ("version", "dua", "Harus berupa bilangan bulat."),
        ("name", "<b>x</b>", "Formatnya tidak sesuai."),
        # The action is a button, not a field: the form says what it refused as a whole.
        ("action", "drop_table", "Periksa isian yang ditandai; tidak ada perkara yang"),
    ],
)
def test_a_migration_form_with_a_wrong_value_is_refused_beside_the_field(
    admin: Web, runtime: Runtime, field: str, value: str, reason: str
) -> None:
    form = {"name": "sengketa", "version": "1", "pairs": "", "action": "dry_run", field: value}
    watch = Watch(runtime)
    response = admin.post(MIGRATE, form)
    assert response.status_code == 422, response.text[:300]
    assert reason in text_of(response.text)
    assert watch.written() == []


def test_version_ids_that_name_nothing_are_refused(admin: Web, runtime: Runtime) -> None:
    watch = Watch(runtime)
    missing = uuid4()
    page = admin.get(f"/admin/workflows/{missing}")
    assert page.status_code == 404
    assert "tidak ditemukan" in page.text
    published = admin.post(f"/admin/workflows/{missing}/publish", {"sha256": "a" * 64})
    assert published.status_code == 404
    assert "tidak ditemukan" in published.text
    assert admin.get("/admin/workflows/12345").status_code in (400, 404)
    unknown = admin.post(MIGRATE, {"name": "sengketa", "version": "77", "action": "dry_run"})
    assert unknown.status_code == 404
    assert "Alur sengketa versi 77 tidak dikenal." in unknown.text
    assert watch.written() == []
