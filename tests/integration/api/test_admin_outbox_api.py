"""The outbox of the admin's "Notifikasi" page over the API, on both backends: the page's rows
(addresses masked, newest first) filtered by status, channel, kind and day, 20 a page with
links that keep the filters; a wrong filter is a 422 naming it, where the page falls back to
'any'; only an admin may read it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import select

from mediasi.notifications.models import FAILED, Message
from mediasi.notifications.outbox import NO_ADDRESS, Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import Caller, is_problem
from tests.integration.api.tokens import bearer, held_since_admin, issue
from tests.integration.web.conftest import Web

OUTBOX = "/api/admin/notifications/outbox"
PHONE = "081234567890"


def _queue(runtime: Runtime) -> None:
    """23 test messages over the log channel, a minute apart (``Orang 22`` the newest); two
    failed, one sent over WhatsApp (a channel since turned off), one queued in May 2026."""
    with runtime.sessions.begin() as session:
        outbox = Outbox(session, runtime.settings)
        for n in range(23):
            person = Recipient(RecipientKind.TEST, None, f"Orang {n}", phone=PHONE)
            outbox.enqueue("test", person, {"site": "Uji"}, dedupe=f"test:api:{n}")
        session.flush()
        rows = {m.recipient_name: m for m in session.scalars(select(Message))}
        for n, message in enumerate(rows[f"Orang {n}"] for n in range(23)):
            message.created_at = datetime(2026, 6, 1, 3, n, tzinfo=UTC)
        for name in ("Orang 3", "Orang 4"):
            rows[name].status, rows[name].reason = FAILED, NO_ADDRESS
        rows["Orang 5"].channel = "whatsapp"
        rows["Orang 6"].created_at = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)


def test_an_admin_reads_the_outbox_filtered_and_paged_and_others_are_refused(
    client: TestClient[Any], runtime: Runtime, world: World
) -> None:
    _queue(runtime)
    admin = Caller(client, runtime, world, "admin")
    first = admin.get(OUTBOX, kind="test")
    assert first.status_code == 200, first.text
    page = first.json()
    assert (page["total"], page["pages"], page["prev"], len(page["items"])) == (23, 2, None, 20)
    assert page["next"] == f"{OUTBOX}?kind=test&page=2"
    top = page["items"][0]
    assert (top["name"], top["kind"], top["channel"], top["status"]) == (
        "Orang 22",
        "test",
        "log",
        "queued",
    )
    assert (top["address"], top["attempts"], top["queued_at"]) == (
        "0812****7890",
        0,
        "2026-06-01T10:22:00+07:00",
    )
    assert PHONE not in first.text
    assert "+62" + PHONE[1:] not in first.text
    rest = admin.get(page["next"]).json()
    assert [r["name"] for r in rest["items"]] == ["Orang 1", "Orang 0", "Orang 6"]
    assert rest["prev"] == f"{OUTBOX}?kind=test&page=1"
    past = admin.get(OUTBOX, kind="test", page=9).json()  # past the last page: the last
    assert (past["page"], len(past["items"])) == (2, 3)

    failed = admin.get(OUTBOX, status="failed", channel="log", kind="test", to="2026-06-01")
    rows = failed.json()["items"]
    assert [(r["name"], r["status"]) for r in rows] == [
        ("Orang 4", "failed"),
        ("Orang 3", "failed"),
    ]
    assert rows[0]["reason"] == "Tidak ada nomor telepon atau alamat email yang tercatat."
    assert failed.json()["next"] is None
    on_log = admin.get(OUTBOX, channel="log", kind="test").json()
    assert on_log["total"] == 22
    assert "Orang 5" not in {r["name"] for r in on_log["items"]}
    may = admin.get(OUTBOX, kind="test", **{"from": "2026-05-01", "to": "2026-05-31"}).json()
    assert [r["name"] for r in may["items"]] == ["Orang 6"]
    june = admin.get(OUTBOX, kind="test", status="failed", **{"from": "2026-06-01", "page": 1})
    assert june.json()["total"] == 2
    client.cookies.set("lang", "en")
    english = admin.get(OUTBOX, status="failed", kind="test").json()["items"][0]["reason"]
    client.cookies.delete("lang")
    assert english == "No phone number or email address on record."

    wrong = is_problem(admin.get(OUTBOX, status="lost", to="2026-02-30", kind="x"), 422)
    assert set(wrong["errors"]) == {"status", "to", "kind"}
    assert wrong["errors"]["status"] == "Pilih salah satu dari daftar."
    typed = is_problem(admin.get(OUTBOX, **{"from": "1/5/2026", "page": 0}), 422)["errors"]
    assert set(typed) == {"from", "page"}
    far = is_problem(admin.get(OUTBOX, to="9999-12-31"), 422)["errors"]["to"]
    assert "2099-12-31" in far
    off = is_problem(admin.get(OUTBOX, channel="whatsapp"), 422)["errors"]["channel"]
    assert off == "Saluran ini tidak aktif di sini."
    unknown = is_problem(admin.get(OUTBOX, recipient="Orang"), 422)["errors"]
    assert set(unknown) == {"recipient"}

    held = held_since_admin(runtime, world, "officer", ("admin:read",))
    officer = client.get(OUTBOX, headers=bearer(held))
    assert "Hanya admin" in is_problem(officer, 403)["detail"]
    by_cookie = Web(client).login_as("supervisor").get(OUTBOX)
    assert "Hanya admin" in is_problem(by_cookie, 403)["detail"]
    narrow = issue(runtime, world, "admin", ("cases:read",))
    assert "admin:read" in is_problem(client.get(OUTBOX, headers=bearer(narrow)), 403)["detail"]
