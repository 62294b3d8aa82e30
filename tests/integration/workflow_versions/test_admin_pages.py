"""The admin's workflow page through HTTP: an upload refused with its line and reason, then
corrected; the draft's changes and diagram; publishing; a dry run that writes nothing; and a
run that moves the open cases, its record on the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from sqlalchemy import func, select

from mediasi.cases import kinds
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.runtime import Runtime
from mediasi.workflow_versions.models import WorkflowMigration, WorkflowVersion
from tests.factories import World
from tests.integration.web.conftest import Web
from tests.integration.workflow_versions.test_migrating import open_cases
from tests.workflow_texts import sengketa_v2

UPLOAD = "/admin/workflows/upload"


def upload(web: Web, text: str) -> object:
    files = {"file": ("sengketa-v2.yaml", text.encode(), "application/x-yaml")}
    return web.post(UPLOAD, files=files)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def count(runtime: Runtime, *where: object, model: type = Event) -> int:
    with runtime.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_an_admin_uploads_fixes_checks_publishes_tries_and_moves(
    own: Runtime, world: World, browser: Callable[[str], Web]
) -> None:
    open_cases(own, world, 10)  # 9 open (3 of them assessed), 1 withdrawn
    admin = browser("admin")
    broken = sengketa_v2().replace("dest: telaah", "dest: nowhere", 1)
    line = broken.splitlines().index("    dest: nowhere") + 1

    refused = upload(admin, broken)
    assert refused.status_code == 422
    shown = text_of(refused.text)
    assert "Berkas ditolak karena 1 masalah:" in shown
    assert f"Baris {line}, kolom 5 ( transitions[0].dest ): unknown state 'nowhere'" in shown
    assert count(own, model=WorkflowVersion) == 0

    accepted = upload(admin, sengketa_v2())
    assert accepted.status_code == 303
    draft = admin.get(accepted.headers["location"])
    assert draft.status_code == 200
    page = text_of(draft.text)
    assert "Perubahan terhadap versi 1" in page
    assert "Ditambah: Tahap telaah Dihapus: Tahap assessed" in page
    assert "Diubah: Langkah assess Ke tahap: assessed → telaah" in page
    assert "+++ sengketa v2" in page  # the text's own diff
    assert '<section id="diagram">' in draft.text
    assert "<svg" in draft.text
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', draft.text)
    assert sha is not None

    published = admin.post(draft.url.path + "/publish", {"sha256": sha.group(1)})
    assert published.status_code == 303
    assert "Diterbitkan oleh" in admin.get(published.headers["location"]).text

    form = {"name": "sengketa", "version": "2", "pairs": ""}
    tried = admin.post("/admin/workflows/migrate", {**form, "action": "dry_run"})
    assert tried.status_code == 200
    assert "9 dari 9 perkara terbuka akan dipindahkan, 0 ditolak" in text_of(tried.text)
    assert count(own, Event.trigger == kinds.WORKFLOW_MIGRATED) == 0

    ran = admin.post("/admin/workflows/migrate", {**form, "action": "run"})
    assert ran.status_code == 303
    own.finish_migrations()
    assert count(own, Case.workflow_version == 2, model=Case) == 9
    assert count(own, model=WorkflowMigration) == 1
    runs = text_of(admin.get("/admin/workflows").text)
    assert re.search(r"sengketa → v2 admin 9 0 0 selesai", runs)


def test_a_run_with_a_pair_naming_no_state_is_refused_beside_the_field(
    own: Runtime, world: World, browser: Callable[[str], Web]
) -> None:
    admin = browser("admin")
    assert upload(admin, sengketa_v2()).status_code == 303
    form = {"name": "sengketa", "version": "3", "pairs": "", "action": "run"}
    unknown = admin.post("/admin/workflows/migrate", form)
    assert unknown.status_code == 404
    assert "Alur sengketa versi 3 tidak dikenal." in unknown.text
    bad_pair = admin.post(
        "/admin/workflows/migrate", {**form, "version": "1", "pairs": "hilang=reported"}
    )
    assert bad_pair.status_code == 422
    assert "Tahap lama hilang tidak dikenal." in bad_pair.text
    assert count(own, model=WorkflowMigration) == 0
