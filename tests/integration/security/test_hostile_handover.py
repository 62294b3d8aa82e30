"""Hostile input on the pause, handover and follow-up forms, on both backends: a wrong,
missing, oversize or hostile value (NUL bytes, invalid UTF-8, huge numbers, ids that name
nothing in reach, unknown fields) is refused with a 4xx and a message in Indonesian beside its
field, and nothing is written; hostile text that is allowed is stored as typed and shown
escaped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote
from uuid import UUID, uuid4

import pytest

from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.integration.handover.conftest import add_officer
from tests.integration.security.conftest import (
    SCRIPT,
    Cases,
    Db,
    Web,
    assert_escaped,
    field_message,
)
from tests.writes import Watch

TOO_LONG = "Terlalu panjang"
TOO_SHORT = "Terlalu pendek"
BAD_CHARACTERS = "karakter yang tidak sah"
UNKNOWN_CHOICE = "Pilihan tidak dikenal"
BAD_DAY = "Tanggal tidak sah"
BAD_HOUR = "Jam tidak sah"
ONE_LINE = "satu baris"
HUGE = "9" * 40


def oversize(limit: int) -> str:
    return SCRIPT + "x" * (limit + 1 - len(SCRIPT))


Ids = dict[str, str]
Form = Callable[[World, Ids], tuple[str, str, dict[str, Any]]]  # (who, url, fields)


def _pause(world: World, ids: Ids) -> tuple[str, str, dict[str, Any]]:
    url = f"/cases/{ids['case']}/deadline/pause"
    return "officer", url, {"reason": "Pihak sakit", "version": ids["version"]}


def _handover(world: World, ids: Ids) -> tuple[str, str, dict[str, Any]]:
    fields = {
        "desa_id": str(world.desa_a1),
        "to_officer_id": ids["successor"],
        "reason": "Sprint mutasi",
        "from_officer_id": str(world.actor("officer").id),
    }
    return "supervisor", "/serah-terima", fields


def _follow_up(world: World, ids: Ids) -> tuple[str, str, dict[str, Any]]:
    fields = {"due_on": ids["today"], "due_time": "09:30", "note": "Telepon teradu"}
    return "officer", f"/cases/{ids['case']}/follow-ups", fields


# (form, field, value, what the person is told beside the field)
BAD: list[tuple[Form, str, Any, str]] = [
    (_pause, "reason", oversize(300), TOO_LONG),
    (_pause, "reason", "Pihak \x00 sakit", BAD_CHARACTERS),
    (_pause, "reason", "", TOO_SHORT),
    (_pause, "reason", "Pihak\nsakit", ONE_LINE),
    (_handover, "desa_id", "<b>", UNKNOWN_CHOICE),
    (_handover, "desa_id", HUGE, UNKNOWN_CHOICE),
    (_handover, "desa_id", str(uuid4()), "tidak ada di wilayah Anda"),
    (_handover, "to_officer_id", HUGE, UNKNOWN_CHOICE),
    (_handover, "to_officer_id", str(uuid4()), "Pilih petugas di wilayah Anda"),
    (_handover, "reason", oversize(500), TOO_LONG),
    (_handover, "reason", "Mu\x00tasi", BAD_CHARACTERS),
    (_handover, "reason", "", TOO_SHORT),
    (_handover, "from_officer_id", "x", UNKNOWN_CHOICE),
    (_follow_up, "due_on", "99999-01-01", BAD_DAY),
    (_follow_up, "due_on", HUGE, BAD_DAY),
    (_follow_up, "due_on", "2026-02-30", BAD_DAY),
    (_follow_up, "due_on", "", BAD_DAY),
    (_follow_up, "due_time", "99:99", BAD_HOUR),
    (_follow_up, "due_time", "1e308", BAD_HOUR),
    (_follow_up, "note", oversize(200), TOO_LONG),
    (_follow_up, "note", "Telepon\x00teradu", BAD_CHARACTERS),
    (_follow_up, "note", "", TOO_SHORT),
]
FORMS = [_pause, _handover, _follow_up]


@pytest.fixture
def ids(runtime: Runtime, world: World, cases: Cases, db: Db) -> Ids:
    case_id = cases.report()
    cases.fire(case_id, "assess")  # a pausable state
    successor = add_officer(runtime, world)
    return {
        "case": str(case_id),
        "version": str(db.case(case_id).version),
        "successor": str(successor),
        "today": utcnow().astimezone(LOCAL_TZ).date().isoformat(),
    }


@pytest.mark.parametrize("who", ["officer", "supervisor"])
def test_every_new_form_refuses_bad_values_beside_the_field(
    web: Web, runtime: Runtime, world: World, ids: Ids, who: str
) -> None:
    web.login_as(who)
    watch = Watch(runtime)
    for form, field, value, expected in BAD:
        login, url, data = form(world, ids)
        if login != who:
            continue
        response = web.post(url, {**data, field: value}, htmx=True)
        seen = (url, field, value[:40] if isinstance(value, str) else value)
        assert response.status_code == 422, (seen, response.status_code, response.text[:300])
        assert expected in (field_message(response.text, field) or ""), (seen, response.text)
        assert_escaped(response.text)
    assert watch.written() == []


@pytest.mark.parametrize("form", FORMS, ids=["pause", "handover", "follow-up"])
def test_an_unknown_field_and_invalid_utf8_are_refused(
    web: Web, runtime: Runtime, world: World, ids: Ids, form: Form
) -> None:
    who, url, data = form(world, ids)
    web.login_as(who)
    watch = Watch(runtime)
    unknown = web.post(url, {**data, "is_admin": "1"}, htmx=True)
    assert unknown.status_code == 422
    assert "Isian ini tidak dikenal" in unknown.text
    name = next(iter(data))
    body = "&".join(f"{k}={quote(str(v))}" for k, v in data.items() if k != name)
    response = web.client.post(
        url,
        content=f"{body}&{name}=".encode() + quote(b"\xff\xfe").encode(),
        headers={"content-type": "application/x-www-form-urlencoded", "x-csrftoken": web.csrf},
    )
    assert response.status_code == 400
    assert "bukan teks UTF-8 yang sah" in response.text
    assert watch.written() == []


def test_a_huge_or_missing_version_on_the_pause_form_is_refused(
    web: Web, runtime: Runtime, world: World, ids: Ids
) -> None:
    web.login_as("officer")
    watch = Watch(runtime)
    _, url, data = _pause(world, ids)
    for version in (HUGE, "-1", "", "1.5"):
        response = web.post(url, {**data, "version": version}, htmx=True)
        assert response.status_code == 422, (version, response.text[:300])
        assert "Versi halaman tidak sah" in response.text
    assert watch.written() == []


def test_hostile_text_is_stored_as_typed_and_shown_escaped(
    web: Web, runtime: Runtime, world: World, ids: Ids, db: Db
) -> None:
    web.login_as("officer")
    for form in (_pause, _follow_up):
        _, url, data = form(world, ids)
        field = "reason" if form is _pause else "note"
        response = web.post(url, {**data, field: f"Catatan {SCRIPT}"})
        assert response.status_code == 303, response.text[:300]
    assert db.case(UUID(ids["case"])).pause_reason == f"Catatan {SCRIPT}"
    assert_escaped(web.get(f"/cases/{ids['case']}").text, f"Catatan {SCRIPT}")
    assert_escaped(web.get("/").text, f"Catatan {SCRIPT}")
