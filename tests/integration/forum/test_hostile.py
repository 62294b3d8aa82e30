"""Hostile input on every forum form and upload, on both backends: a wrong, missing, oversize
or hostile value (NUL bytes, invalid UTF-8, huge numbers, days out of range, markup) is refused
beside its field in Indonesian, the form keeps what was typed, nothing is written, and never a
5xx; hostile text that is allowed is stored as typed and shown escaped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest

from mediasi.db.base import utcnow
from mediasi.forum.models import ForumPhoto
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.forum.conftest import Forums, local
from tests.integration.security.conftest import SCRIPT, assert_escaped, field_message
from tests.integration.web.conftest import Web
from tests.writes import Watch

TOO_LONG = "Terlalu panjang"
BAD_CHARACTERS = "karakter yang tidak sah"
UNKNOWN_CHOICE = "Pilihan tidak dikenal"
MISSING = "Wajib diisi"
BAD_DAY = "Tanggal tidak sah"
OUT_OF_RANGE = "Tanggal harus antara"


def oversize(limit: int) -> str:
    return SCRIPT + "x" * (limit + 1 - len(SCRIPT))


Ids = dict[str, str]
Form = Callable[[World, Ids], tuple[str, dict[str, Any]]]


def _forum(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    return "/forum", {"name": "FKPM Baru", "area_id": str(world.desa_a2), "basis": "wilayah"}


def _member(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    form = {
        "person_kind": "other",
        "name": "Pak Budi",
        "element": "linmas",
        "started_on": "2026-03-01",
    }
    return f"/forum/{ids['forum']}/anggota", form


def _end(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    return f"/forum/{ids['forum']}/anggota/{ids['member']}/akhiri", {"ended_on": "2026-08-01"}


def _move(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    form = {"position": "sekretaris", "moved_on": "2026-08-01"}
    return f"/forum/{ids['forum']}/anggota/{ids['member']}/jabatan", form


def _schedule(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    form = {
        "kind": "patroli",
        "starts_at": local(utcnow() - timedelta(days=1)),
        "place": "Pos ronda",
        "topic": "Patroli malam",
    }
    return f"/forum/{ids['forum']}/kegiatan", form


def _record(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    form = {"members": ids["member"], "residents": "12", "minutes": "Dialog berjalan baik."}
    return f"/forum/kegiatan/{ids['activity']}/catat", form


def _raise(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    form = {
        "kind": "aspirasi",
        "text": "Lampu jalan mati",
        "owner": "Kades",
        "due_on": "2026-12-31",
    }
    return f"/forum/kegiatan/{ids['activity']}/aspirasi", form


def _progress(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    return f"/forum/kegiatan/{ids['activity']}/aspirasi/{ids['aspiration']}", {
        "status": "done",
        "note": "Sudah diperbaiki.",
    }


def _case(world: World, ids: Ids) -> tuple[str, dict[str, Any]]:
    form = {
        "topic": "pengaduan:ketertiban",
        "title": "Lampu jalan mati",
        "desa_id": str(world.desa_a1),
        "reporter_name": "Pak RT",
    }
    return f"/forum/kegiatan/{ids['activity']}/aspirasi/{ids['aspiration']}/perkara", form


# (form, field, value, what the person is told beside the field)
BAD: list[tuple[Form, str, Any, str]] = [
    (_forum, "name", oversize(120), TOO_LONG),
    (_forum, "name", "FKPM \x00 nol", BAD_CHARACTERS),
    (_forum, "name", "", "Terlalu pendek"),
    (_forum, "area_id", SCRIPT, UNKNOWN_CHOICE),
    (_forum, "area_id", "", "Pilih salah satu"),
    (_forum, "basis", "<b>x</b>", UNKNOWN_CHOICE),
    (_forum, "meeting_place", oversize(200), TOO_LONG),
    (_forum, "formed_on", "99999-01-01", BAD_DAY),
    (_forum, "formed_on", "1900-01-01", OUT_OF_RANGE),
    (_member, "person_kind", SCRIPT, UNKNOWN_CHOICE),
    (_member, "name", oversize(120), TOO_LONG),
    (_member, "name", "Nama\nbaris", "satu baris"),
    (_member, "phone", "nol delapan", "Nomor telepon tidak dikenali"),
    (_member, "email", "bukan-email", "Alamat email tidak dikenali"),
    (_member, "element", "", UNKNOWN_CHOICE),
    (_member, "position", "raja", UNKNOWN_CHOICE),
    (_member, "started_on", "kemarin", BAD_DAY),
    (_member, "tokoh_id", "12", UNKNOWN_CHOICE),
    (_end, "ended_on", "", BAD_DAY),
    (_end, "reason", oversize(300), TOO_LONG),
    (_move, "position", SCRIPT, UNKNOWN_CHOICE),
    (_move, "moved_on", "2026-13-01", BAD_DAY),
    (_schedule, "kind", "pesta", UNKNOWN_CHOICE),
    (_schedule, "starts_at", "99999-01-01T10:00", "Tanggal dan jam tidak sah"),
    (_schedule, "starts_at", "1900-01-01T10:00", OUT_OF_RANGE),
    (_schedule, "place", oversize(200), TOO_LONG),
    (_schedule, "topic", "To\x00pik", BAD_CHARACTERS),
    (_record, "residents", "9" * 40, "Nilainya terlalu besar"),
    (_record, "residents", "-1", "Nilainya terlalu kecil"),
    (_record, "residents", "1e3", "bilangan bulat"),
    (_record, "minutes", oversize(8000), TOO_LONG),
    (_record, "members", SCRIPT, UNKNOWN_CHOICE),
    (_raise, "text", oversize(2000), TOO_LONG),
    (_raise, "kind", "", UNKNOWN_CHOICE),
    (_raise, "owner", "", "Terlalu pendek"),
    (_raise, "due_on", "31-12-2026", BAD_DAY),
    (_progress, "status", "case", UNKNOWN_CHOICE),
    (_progress, "note", "Catatan \x00", BAD_CHARACTERS),
    (_case, "topic", "rj:pencurian_ringan", "sengketa atau pengaduan"),
    (_case, "title", oversize(200), TOO_LONG),
    (_case, "desa_id", "<b>", UNKNOWN_CHOICE),
    (_case, "reporter_name", "", "Terlalu pendek"),
]


@pytest.fixture
def ids(forums: Forums) -> Ids:
    forum_id = forums.create()
    member = forums.member(forum_id)
    activity = forums.activity(forum_id, when=utcnow() - timedelta(hours=2))
    aspiration = forums.aspiration(activity)
    return {
        "forum": str(forum_id),
        "member": str(member),
        "activity": str(activity),
        "aspiration": str(aspiration),
    }


def test_every_forum_form_refuses_bad_values_beside_the_field(
    web: Web, runtime: Runtime, world: World, ids: Ids
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    for form, field, value, expected in BAD:
        url, data = form(world, ids)
        response = web.post(url, {**data, field: value})
        seen = (url, field, value[:40] if isinstance(value, str) else value)
        assert response.status_code == 422, (seen, response.status_code, response.text[:300])
        shown = field_message(response.text, field) or response.text
        assert expected in shown, (seen, field_message(response.text, field))
        assert_escaped(response.text)
        for name, typed in data.items():
            if name != field and isinstance(typed, str) and name not in ("members", "area_id"):
                assert typed in response.text, (seen, "not kept", name)
    assert watch.written() == []


@pytest.mark.parametrize("form", [_forum, _member, _schedule, _raise, _case])
def test_a_missing_field_is_said_and_an_unknown_one_refused(
    web: Web, runtime: Runtime, world: World, ids: Ids, form: Form
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    url, data = form(world, ids)
    first = next(iter(data))
    missing = web.post(url, {k: v for k, v in data.items() if k != first})
    assert missing.status_code == 422
    assert MISSING in (field_message(missing.text, first) or "") or "Pilih" in missing.text
    unknown = web.post(url, {**data, "is_admin": "1"})
    assert unknown.status_code == 422
    assert "Isian ini tidak dikenal" in unknown.text
    assert watch.written() == []


def test_invalid_utf8_is_refused_before_the_form(web: Web, runtime: Runtime, ids: Ids) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    body = b"kind=aspirasi&owner=Kades&due_on=2026-12-31&text=" + quote(b"\xff\xfe").encode()
    response = web.client.post(
        f"/forum/kegiatan/{ids['activity']}/aspirasi",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded", "x-csrftoken": web.csrf},
    )
    assert response.status_code == 400
    assert "bukan teks UTF-8 yang sah" in response.text
    assert watch.written() == []


def test_hostile_text_is_stored_as_typed_and_shown_escaped(
    web: Web, world: World, forums: Forums, ids: Ids
) -> None:
    web.login_as("officer")
    name = f"FKPM {SCRIPT}"
    created = web.post("/forum", {"name": name, "area_id": str(world.desa_a2)})
    assert created.status_code == 303
    assert_escaped(web.get("/forum").text, name)
    text = f"Aspirasi {SCRIPT}"
    url, data = _raise(world, ids)
    assert (
        web.post(
            url, {**data, "text": text, "raised_by": "<img src=x onerror=alert(1)>"}
        ).status_code
        == 303
    )
    page = web.get(f"/forum/kegiatan/{ids['activity']}").text
    assert_escaped(page, text, "<img src=x onerror=alert(1)>")


PHOTOS = [
    ("catatan.txt", b"bukan gambar", "bukan foto JPEG atau PNG"),
    ("surat.pdf", b"%PDF-1.4\n%%EOF\n", "bukan foto JPEG atau PNG"),
    ("rusak.jpg", b"\xff\xd8\xff" + b"\x00" * 64, "tidak dapat dibuka"),
    ("kosong.png", b"", "kosong"),
    ("besar.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "terlalu besar"),
    (f"{SCRIPT}.gif", b"GIF89a" + b"\x00" * 32, "bukan foto JPEG atau PNG"),
]


@pytest.mark.parametrize(
    ("filename", "content", "expected"), PHOTOS, ids=[p[0][:12] for p in PHOTOS]
)
def test_a_photo_that_is_not_a_good_jpeg_or_png_is_refused(
    web: Web, runtime: Runtime, ids: Ids, filename: str, content: bytes, expected: str
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    response = web.client.post(
        f"/forum/kegiatan/{ids['activity']}/foto",
        files={"photo": (filename, content, "image/jpeg")},
        headers={"x-csrftoken": web.csrf},
        follow_redirects=False,
    )
    assert response.status_code == 422, response.text[:300]
    assert expected in (field_message(response.text, "photo") or ""), field_message(
        response.text, "photo"
    )
    assert_escaped(response.text)
    assert watch.written() == []


def test_a_sixth_photo_is_refused(web: Web, runtime: Runtime, ids: Ids) -> None:
    from tests.pictures import photo

    web.login_as("officer")
    for n in range(7):
        response = web.client.post(
            f"/forum/kegiatan/{ids['activity']}/foto",
            files={"photo": (f"foto{n}.png", photo("PNG", located=False), "image/png")},
            headers={"x-csrftoken": web.csrf},
            follow_redirects=False,
        )
    assert response.status_code == 422
    assert "paling banyak 6 foto" in (field_message(response.text, "photo") or "")
    with runtime.sessions() as session:
        assert session.query(ForumPhoto).count() == 6
