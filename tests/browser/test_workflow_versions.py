"""A new workflow version in Chromium, on a 360-px phone and a 1280-px laptop: the admin
uploads a file with an error and reads its line and reason, fixes it, checks the changes,
the text's diff and the diagram, publishes, tries the migration, then runs it. Nothing is
wider than the screen (tables and the diagram scroll in their own box).

Each viewport gets a database and server of its own: a version published here must not
reach the shared server's other tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from advanced_alchemy.extensions.litestar import SQLAlchemySyncConfig
from advanced_alchemy.extensions.litestar.plugins.init.config.common import SESSION_SCOPE_KEY
from playwright.sync_api import Browser, Page, expect

from mediasi.app import create_app
from mediasi.config import Settings
from mediasi.db import migrate
from mediasi.runtime import Runtime
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    ROOT,
    LiveServer,
    console_errors,
    log_in,
    open_page,
    serving,
)
from tests.browser.test_history import _fits as fits
from tests.browser.test_history import _shot as shot
from tests.factories import build_world
from tests.integration.workflow_versions.test_migrating import open_cases
from tests.workflow_texts import sengketa_v2

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
BROKEN = sengketa_v2().replace("dest: telaah", "dest: nowhere", 1)


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LiveServer]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'mediasi.db'}",
        root_dir=ROOT,
        deadline_scanner=False,
        notify_dispatcher=False,
    )
    runtime = Runtime.build(settings)
    migrate.upgrade(settings, runtime.engine)
    with runtime.sessions.begin() as session:
        world = build_world(session)
    SQLAlchemySyncConfig._SESSION_SCOPE_KEY_REGISTRY.discard(SESSION_SCOPE_KEY)
    try:
        with serving(create_app(runtime=runtime)) as url:
            yield LiveServer(runtime, world, url)
    finally:
        runtime.close()


def upload(page: Page, text: str) -> None:
    page.set_input_files(
        "#f-file",
        files=[{"name": "sengketa.yaml", "mimeType": "text/yaml", "buffer": text.encode()}],
    )
    page.get_by_role("button", name="Unggah dan periksa").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_an_admin_publishes_a_new_version_and_moves_the_open_cases(
    browser: Browser, own_server: LiveServer, viewport: dict[str, int]
) -> None:
    name = "phone" if viewport is PHONE else "laptop"
    runtime, world = own_server.runtime, own_server.world
    open_cases(runtime, world, 12)  # 11 open, 4 of them assessed; 1 withdrawn
    page = open_page(browser, viewport)
    log_in(page, own_server, "admin")
    page.goto(f"{own_server.url}/admin/workflows")

    upload(page, BROKEN)
    problems = page.locator("#problems")
    line = BROKEN.splitlines().index("    dest: nowhere") + 1
    expect(problems).to_contain_text(f"Baris {line}, kolom 5 (transitions[0].dest)")
    expect(problems).to_contain_text("unknown state 'nowhere'")
    problems.scroll_into_view_if_needed()
    fits(page, viewport)
    shot(page, f"workflow-upload-refused-{name}")

    upload(page, sengketa_v2())
    expect(page.locator("h1")).to_contain_text("versi 2")
    changes = page.locator("#changes")
    expect(changes).to_contain_text("Ditambah: Tahap telaah")
    expect(changes).to_contain_text("Ke tahap: assessed → telaah")
    changes.locator("summary").click()
    expect(changes.locator("pre.diff .add").first).to_be_visible()
    expect(page.locator("#diagram .diagram-scroll svg")).to_be_visible()
    fits(page, viewport)
    shot(page, f"workflow-draft-{name}")

    page.get_by_role("button", name="Terbitkan versi 2").click()
    expect(page.locator("#published")).to_contain_text("Diterbitkan oleh")

    page.goto(f"{own_server.url}/admin/workflows")
    page.select_option("#m-name", "sengketa")
    page.fill("#m-version", "2")
    page.get_by_role("button", name="Uji coba").click()
    plan = page.locator("#plan")
    expect(plan.get_by_role("status")).to_contain_text(
        "11 dari 11 perkara terbuka akan dipindahkan, 0 ditolak"
    )
    expect(plan.locator("tr.moves")).to_have_count(11)
    plan.scroll_into_view_if_needed()
    fits(page, viewport)
    shot(page, f"workflow-dry-run-{name}")

    page.get_by_role("button", name="Pindahkan").click()
    page.wait_for_url(f"{own_server.url}/admin/workflows#runs")
    runtime.finish_migrations()
    page.reload()
    run = page.locator("tr.run")
    expect(run).to_have_count(1)
    expect(run).to_contain_text("sengketa → v2")
    expect(run).to_contain_text("selesai")
    page.locator("#runs").scroll_into_view_if_needed()
    fits(page, viewport)
    shot(page, f"workflow-runs-{name}")
    assert console_errors(page) == []
