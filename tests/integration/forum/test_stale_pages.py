"""A forum page opened before someone else changed the forum: its forms carry the version they
showed, so a change sent from it is refused (409, in the person's language, what was typed
kept, nothing written) instead of overwriting the other change; the page it comes back with
carries the new version, and the second press goes through. A version that is not a version
is refused by name."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

import httpx

from mediasi.db.base import utcnow
from mediasi.forum.models import Forum
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.forum.conftest import Forums
from tests.integration.web.conftest import Web
from tests.writes import Watch

CHANGED = "sudah diubah orang lain"
_VERSION = re.compile(r'<input type="hidden" name="version" value="(\d+)">')


def shown_version(page: httpx.Response) -> str:
    """The one version every form of a forum page carries."""
    found = set(_VERSION.findall(page.text))
    assert len(found) == 1, found
    return found.pop()


def test_an_edit_from_a_page_opened_before_another_change_is_refused_then_goes_through(
    web: Web, forums: Forums, world: World, runtime: Runtime
) -> None:
    forum_id = forums.create()
    web.login_as("officer")
    page = web.get(f"/forum/{forum_id}")
    stale = shown_version(page)
    forums.member(forum_id)  # someone else adds a member meanwhile
    form = {
        "name": "FKPM Desa Ngadilangkung Raya",
        "area_id": str(world.desa_a1),
        "basis": "wilayah",
        "version": stale,
    }
    watch = Watch(runtime)
    refused = web.post(f"/forum/{forum_id}", form)
    assert refused.status_code == 409, refused.text[:500]
    assert CHANGED in refused.text
    assert 'value="FKPM Desa Ngadilangkung Raya"' in refused.text  # what was typed
    assert watch.written() == []
    fresh = shown_version(refused)
    assert int(fresh) > int(stale)

    sent = web.post(f"/forum/{forum_id}", {**form, "version": fresh})
    assert sent.status_code == 303, sent.text[:500]
    assert forums.get(Forum, forum_id).name == "FKPM Desa Ngadilangkung Raya"

    web.client.cookies.set("lang", "en")
    english = web.post(f"/forum/{forum_id}", {**form, "name": "FKPM Lain", "version": fresh})
    assert english.status_code == 409
    assert "changed" in english.text.lower()


def test_an_aspiration_raised_from_a_stale_activity_page_is_refused_then_goes_through(
    web: Web, forums: Forums, runtime: Runtime
) -> None:
    forum_id = forums.create()
    activity_id = forums.activity(forum_id, when=utcnow() - timedelta(hours=3))
    web.login_as("officer")
    page = f"/forum/kegiatan/{activity_id}"
    stale = shown_version(web.get(page))
    forums.member(forum_id)
    form = {
        "kind": "keluhan",
        "text": "Lampu jalan di pertigaan mati",
        "raised_by": "Pak RT 03",
        "owner": "Bhabinkamtibmas",
        "due_on": (utcnow() + timedelta(days=7)).date().isoformat(),
        "version": stale,
    }
    refused = web.post(f"{page}/aspirasi", form)
    assert refused.status_code == 409, refused.text[:500]
    assert CHANGED in refused.text
    assert "Lampu jalan di pertigaan mati" in refused.text
    assert forums.aspirations(activity_id) == []
    sent = web.post(f"{page}/aspirasi", {**form, "version": shown_version(refused)})
    assert sent.status_code == 303, sent.text[:500]
    assert [a.text for a in forums.aspirations(activity_id)] == ["Lampu jalan di pertigaan mati"]


def test_a_version_that_is_not_one_is_refused_by_name(
    web: Web, forums: Forums, world: World, runtime: Runtime
) -> None:
    forum_id: UUID = forums.create()
    web.login_as("officer")
    watch = Watch(runtime)
    for bad in ("abc", "0", "-1", "9" * 40, "1\x00"):
        form = {"name": "FKPM Baru", "area_id": str(world.desa_a1), "basis": "wilayah"}
        refused = web.post(f"/forum/{forum_id}", {**form, "version": bad})
        assert refused.status_code == 422, (bad, refused.text[:300])
        assert "Versi halaman tidak sah" in refused.text, bad
    assert watch.written() == []
