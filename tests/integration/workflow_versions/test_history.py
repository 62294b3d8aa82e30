"""A case's history after a migration: each event in the words of the version it was written
under, on the case page and on the home page's recent activity."""

from __future__ import annotations

import re
from collections.abc import Callable

from mediasi.runtime import Runtime
from tests.factories import PAYLOADS, World
from tests.integration.web.conftest import Web, section_with
from tests.integration.workflow_versions.test_publishing import publish
from tests.workflow_texts import sengketa_reworded


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_steps_before_a_migration_keep_their_words_and_those_after_take_the_new_ones(
    own: Runtime, world: World, browser: Callable[[str], Web]
) -> None:
    officer = world.actor("officer")
    with own.sessions.begin() as session:
        cases = own.case_service(session)
        case = cases.report(officer, world.report())
        cases.fire(case.id, "assess", officer, PAYLOADS["assess"], case.version)
    publish(own, world, sengketa_reworded())
    record = own.migrations().run("sengketa", 2, {}, world.actor("admin"))
    assert record.moved == 1

    web = browser("officer")
    timeline = text_of(section_with(web.case_page(case.id).text, "Riwayat"))
    # The step v2 no longer has, in v1's words, with its field's label and v1's states.
    assert "Nilai laporan · Dilaporkan → Dinilai" in timeline
    assert "Hasil penilaian" in timeline
    assert "assessment" not in timeline
    # The migration: from v1's state to v2's.
    assert "Dipindahkan ke versi alur yang lebih baru · Dinilai → Ditelaah" in timeline
    assert "Dari versi alur 1 " in timeline
    assert "Ke versi alur 2 " in timeline
    home = text_of(web.get("/").text)
    assert "Nilai laporan" in home
    assert " assess " not in home
