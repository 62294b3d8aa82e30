"""Photos and documents with a public report, on both backends: the resident adds them from the
page that shows the tracking code (signed for that report, for two hours), the officer who
holds the desa from the review page; a photo loses its GPS position, a file that is not a
JPEG, PNG or PDF is refused beside the field, nothing is written by a refusal, and the files
never show on the tracking page."""

from __future__ import annotations

import hashlib
import html
import re
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from mediasi.audit.reports import verify_reports
from mediasi.db.base import utcnow
from mediasi.intake.attachments import MAX_FILE_BYTES, PER_REPORT, ticket
from mediasi.intake.models import ReportAttachment, ReportEvent
from mediasi.runtime import Runtime
from tests.factories import World, submitted
from tests.integration.web.conftest import Web, field_error
from tests.integration.web.test_public_door import CODE, report_form, send
from tests.pictures import has_location, photo

TICKET = re.compile(r'name="ticket" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def received(web: Web, runtime: Runtime, world: World) -> tuple[str, str]:
    """(the tracking code, the attach ticket) of a report just sent through /lapor."""
    page = send(web, report_form(runtime, world))
    assert page.status_code == 201
    code, signed = CODE.search(page.text), TICKET.search(page.text)
    assert code is not None
    assert signed is not None
    return code.group(1), signed.group(1)


def attach(web: Web, signed: str, *files: tuple[str, bytes, str]) -> Any:
    parts = [("files", file) for file in files]
    return web.post("/lapor/lampiran", {"ticket": signed}, files=parts)


def stored(runtime: Runtime) -> list[ReportAttachment]:
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(ReportAttachment)
                .options(undefer(ReportAttachment.data))
                .order_by(ReportAttachment.added_at)
            )
        )


def events(runtime: Runtime, trigger: str) -> list[ReportEvent]:
    with runtime.sessions() as session:
        return list(session.scalars(select(ReportEvent).where(ReportEvent.trigger == trigger)))


def test_a_residents_photo_is_kept_without_the_place_it_was_taken(
    web: Web, runtime: Runtime, world: World
) -> None:
    code, signed = received(web, runtime, world)
    taken = photo("JPEG", located=True)
    assert has_location(taken)
    response = attach(web, signed, ("patok.jpg", taken, "image/jpeg"))
    assert response.status_code == 200
    assert "1 berkas dilampirkan." in response.text
    assert "patok.jpg" in response.text
    assert "lokasi foto dihapus" in response.text
    assert code in response.text  # the code stays on screen
    [row] = stored(runtime)
    assert (row.filename, row.media_type, row.location_removed) == ("patok.jpg", "image/jpeg", 1)
    assert not has_location(row.data)
    assert row.sha256 == hashlib.sha256(row.data).hexdigest()
    assert row.size == len(row.data)
    assert row.added_by is None
    [event] = events(runtime, "report.attached")
    assert event.payload == {
        "file": "patok.jpg",
        "sha256": row.sha256,
        "size": row.size,
        "location_removed": True,
    }
    with runtime.sessions() as session:
        assert all(not breaks for _code, breaks in verify_reports(session))


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("denah.png", photo("PNG", located=False), "image/png"),
        ("kuitansi.pdf", PDF, "application/pdf"),
    ],
)
def test_a_picture_without_a_location_and_a_pdf_are_kept_byte_for_byte(
    web: Web, runtime: Runtime, world: World, name: str, data: bytes, kind: str
) -> None:
    _code, signed = received(web, runtime, world)
    assert attach(web, signed, (name, data, kind)).status_code == 200
    [row] = stored(runtime)
    assert (row.data, row.media_type, row.location_removed) == (data, kind, False)
    assert row.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("foto.jpg", b"\xff\xd8\xff\xe0 bukan foto sama sekali", "image/jpeg")], "tidak dapat"),
        ([("catatan.txt", b"hanya teks", "text/plain")], "bukan foto JPEG"),
        ([("nyamar.jpg", b"<html><script>alert(1)</script>", "image/jpeg")], "bukan foto JPEG"),
        ([("kosong.pdf", b"", "application/pdf")], "kosong"),
        ([("besar.pdf", b"%PDF-" + b"x" * MAX_FILE_BYTES, "application/pdf")], "terlalu besar"),
        ([("a.pdf", PDF, "application/pdf"), ("b.pdf", PDF, "application/pdf")], "satu berkas"),
        ([], "Pilih foto"),
    ],
    ids=["fake-jpeg", "text", "html-as-jpeg", "empty", "over-5-mb", "two-at-once", "none"],
)
def test_a_file_that_is_not_kept_is_refused_beside_the_field(
    web: Web,
    runtime: Runtime,
    world: World,
    files: list[tuple[str, bytes, str]],
    message: str,
) -> None:
    code, signed = received(web, runtime, world)
    response = attach(web, signed, *files)
    assert response.status_code == 422
    assert message in (field_error(response.text, "files") or ""), response.text[-2000:]
    assert code in response.text
    assert TICKET.search(response.text)
    assert stored(runtime) == []
    assert events(runtime, "report.attached") == []
    assert "<script>alert" not in response.text


def test_a_report_takes_five_files_and_then_says_so(
    web: Web, runtime: Runtime, world: World
) -> None:
    _code, signed = received(web, runtime, world)
    for number in range(PER_REPORT):
        response = attach(web, signed, (f"berkas-{number}.pdf", PDF, "application/pdf"))
        assert response.status_code == 200
    assert 'name="files"' not in response.text  # the form is gone once the report is full
    refused = attach(web, signed, ("satu-lagi.pdf", PDF, "application/pdf"))
    assert refused.status_code == 422
    assert "paling banyak 5 berkas" in (field_error(refused.text, "files") or "")
    assert len(stored(runtime)) == PER_REPORT


@pytest.mark.parametrize("forgery", ["expired", "forged", "other-report", "garbage", "missing"])
def test_only_the_received_page_of_the_report_may_add_to_it_and_for_two_hours(
    web: Web, runtime: Runtime, world: World, forgery: str
) -> None:
    _code, signed = received(web, runtime, world)
    report_hex, stamp, signature = signed.split(".")
    secret = runtime.settings.secret_key
    forged = {
        "expired": ticket(secret, UUID(hex=report_hex), utcnow() - timedelta(hours=2, minutes=1)),
        "forged": f"{report_hex}.{stamp}.{'0' * 32}",
        "other-report": f"{UUID(int=1).hex}.{stamp}.{signature}",
        "garbage": "\x00" * 20 + "..é",
        "missing": "",
    }[forgery]
    response = attach(web, forged, ("patok.pdf", PDF, "application/pdf"))
    assert response.status_code == 422
    assert "Waktu untuk melampirkan berkas" in response.text
    assert "LPR-" not in response.text  # a forged ticket learns no code
    assert stored(runtime) == []


def test_the_officer_sees_opens_and_adds_files_and_the_tracking_page_shows_none(
    web: Web, runtime: Runtime, world: World
) -> None:
    code, signed = received(web, runtime, world)
    attach(web, signed, ("patok.jpg", photo(), "image/jpeg"))
    [resident_file] = stored(runtime)
    officer = web.login_as("officer")
    page = officer.get(f"/laporan/{resident_file.report_id}")
    link = f"/laporan/{resident_file.report_id}/files/{resident_file.id}"
    assert link in page.text
    assert "dari pelapor" in page.text
    opened = officer.get(link)
    assert opened.status_code == 200
    assert opened.headers["content-type"] == "image/jpeg"
    assert opened.headers["x-content-sha256"] == resident_file.sha256
    assert opened.headers["x-content-type-options"] == "nosniff"
    assert opened.content == resident_file.data

    added = officer.post(
        f"/laporan/{resident_file.report_id}/files",
        {},
        files=[("files", ("surat-desa.pdf", PDF, "application/pdf"))],
    )
    assert added.status_code == 303
    assert added.headers["location"] == f"/laporan/{resident_file.report_id}#files"
    page = officer.get(f"/laporan/{resident_file.report_id}")
    assert "surat-desa.pdf" in page.text
    assert "ditambahkan petugas" in page.text
    assert "Berkas dilampirkan: surat-desa.pdf" in page.text  # on the report's history
    assert stored(runtime)[1].added_by == world.users["officer"].id

    refused = officer.post(
        f"/laporan/{resident_file.report_id}/files",
        {},
        files=[("files", ("catatan.txt", b"teks", "text/plain"))],
    )
    assert refused.status_code == 422
    assert "bukan foto JPEG" in (field_error(refused.text, "files") or "")

    digits = "7890"
    tracked = web.post("/lacak", {"code": code, "digits": digits})
    assert tracked.status_code == 200
    assert "patok" not in tracked.text
    assert "surat-desa" not in tracked.text


@pytest.mark.parametrize(("username", "status"), [("officer_b", 404), ("tokoh", 403)])
def test_who_does_not_hold_the_desa_neither_opens_nor_adds_files(
    web: Web, runtime: Runtime, world: World, username: str, status: int
) -> None:
    row = submitted(runtime, world)
    with runtime.sessions.begin() as session:
        session.add(
            ReportAttachment(
                report_id=row.id,
                filename="kuitansi.pdf",
                media_type="application/pdf",
                size=len(PDF),
                sha256=hashlib.sha256(PDF).hexdigest(),
                location_removed=False,
                added_at=utcnow(),
                data=PDF,
            )
        )
    [kept] = stored(runtime)
    web.login_as(username)
    assert web.get(f"/laporan/{row.id}/files/{kept.id}").status_code == status
    posted = web.post(
        f"/laporan/{row.id}/files", {}, files=[("files", ("x.pdf", PDF, "application/pdf"))]
    )
    assert posted.status_code == status
    assert len(stored(runtime)) == 1


def test_a_file_is_found_only_under_its_own_report(
    web: Web, runtime: Runtime, world: World
) -> None:
    _code, signed = received(web, runtime, world)
    attach(web, signed, ("kuitansi.pdf", PDF, "application/pdf"))
    [kept] = stored(runtime)
    other = submitted(
        runtime, world, reporter_phone="0813-1111-2222", what="Balap liar tiap malam."
    )
    officer = web.login_as("officer")
    assert officer.get(f"/laporan/{other.id}/files/{kept.id}").status_code == 404
    assert officer.get(f"/laporan/{kept.report_id}/files/{UUID(int=7)}").status_code == 404


@pytest.mark.parametrize(
    ("posted", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("<script>alert(1)</script>.pdf", "script.pdf"),
        ("C:\\Users\\warga\\kuitansi bulan ini.pdf", "kuitansi_bulan_ini.pdf"),
        ("foto.exe", "foto.pdf"),  # the name follows what the file is
        ("x" * 300 + ".pdf", "x" * 80 + ".pdf"),
        ("....", "lampiran.pdf"),
    ],
)
def test_a_hostile_file_name_is_kept_safe_and_shown_escaped(
    web: Web, runtime: Runtime, world: World, posted: str, kept: str
) -> None:
    _code, signed = received(web, runtime, world)
    response = attach(web, signed, (posted, PDF, "application/pdf"))
    assert response.status_code == 200
    [row] = stored(runtime)
    assert row.filename == kept
    assert "<script>alert" not in response.text
    officer = web.login_as("officer")
    opened = officer.get(f"/laporan/{row.report_id}/files/{row.id}")
    assert opened.headers["content-disposition"] == f'inline; filename="{kept}"'
    assert html.escape(kept) in officer.get(f"/laporan/{row.report_id}").text


def test_the_files_count_on_the_report_not_across_reports(
    web: Web, runtime: Runtime, world: World
) -> None:
    """Each report has its own five; the count is per report."""
    _code, first = received(web, runtime, world)
    for number in range(PER_REPORT):
        attach(web, first, (f"a{number}.pdf", PDF, "application/pdf"))
    second = submitted(runtime, world, reporter_phone="0813-1111-2222", what="Balap liar lagi.")
    signed = ticket(runtime.settings.secret_key, second.id, utcnow())
    assert attach(web, signed, ("b.pdf", PDF, "application/pdf")).status_code == 200
    with runtime.sessions() as session:
        counts = dict(
            session.execute(
                select(ReportAttachment.report_id, func.count()).group_by(
                    ReportAttachment.report_id
                )
            ).all()
        )
    assert sorted(counts.values()) == [1, PER_REPORT]


def multipart(*parts: tuple[bytes, bytes]) -> tuple[bytes, dict[str, str]]:
    """A body built by hand, for what no well-behaved client would send."""
    boundary = b"grenzeUjiMediasi"
    body = b"".join(
        b"--" + boundary + b"\r\n" + head + b"\r\n\r\n" + data + b"\r\n" for head, data in parts
    )
    return body + b"--" + boundary + b"--\r\n", {
        "content-type": f"multipart/form-data; boundary={boundary.decode()}"
    }


@pytest.mark.parametrize(
    "spoiled",
    ["invalid-utf8-name", "nul-in-name", "nul-in-ticket", "thousand-parts", "huge-number-name"],
)
def test_a_hostile_upload_is_refused_and_writes_nothing(
    web: Web, runtime: Runtime, world: World, spoiled: str
) -> None:
    _code, signed = received(web, runtime, world)
    csrf = (b'Content-Disposition: form-data; name="_csrf_token"', web.csrf.encode())
    good_ticket = (b'Content-Disposition: form-data; name="ticket"', signed.encode())

    def file(name: bytes) -> tuple[bytes, bytes]:
        head = b'Content-Disposition: form-data; name="files"; filename="' + name + b'"'
        return head + b"\r\nContent-Type: application/pdf", PDF

    parts = {
        "invalid-utf8-name": [csrf, good_ticket, file(b"kuitansi\xff\xfe.pdf")],
        "nul-in-name": [csrf, good_ticket, file(b"kuitansi\x00.pdf")],
        "nul-in-ticket": [
            csrf,
            (b'Content-Disposition: form-data; name="ticket"', signed.encode() + b"\x00"),
            file(b"kuitansi.pdf"),
        ],
        "thousand-parts": [csrf, good_ticket]
        + [(f'Content-Disposition: form-data; name="x{n}"'.encode(), b"1") for n in range(1000)]
        + [file(b"kuitansi.pdf")],
        "huge-number-name": [csrf, good_ticket, file(b"9" * 5000 + b".pdf")],
    }[spoiled]
    body, headers = multipart(*parts)
    response = web.client.post("/lapor/lampiran", content=body, headers=headers)
    # A name is only a label: one with a NUL is replaced by a safe one and the file kept; a
    # body that breaks the rules of the form (a part head of 5,000 characters among them) is
    # refused whole.
    kept = {"nul-in-name": "kuitansi.pdf"}
    if spoiled in kept:
        assert response.status_code == 200, response.text[:300]
        [row] = stored(runtime)
        assert row.filename == kept[spoiled]
    else:
        assert 400 <= response.status_code < 500, response.text[:300]
        assert stored(runtime) == []


def test_a_photo_far_too_big_gets_the_public_error_page_that_says_the_report_is_safe(
    web: Web, runtime: Runtime, world: World
) -> None:
    _code, signed = received(web, runtime, world)
    response = attach(
        web, signed, ("besar.pdf", b"%PDF-" + b"x" * 7 * 1024 * 1024, "application/pdf")
    )
    assert response.status_code == 413
    assert "Laporan Anda sudah tersimpan dan kode lacaknya tetap berlaku" in response.text
    assert web.asset("public.css") in response.text  # the public door's own light layout
    assert 'href="/lacak"' in response.text
    assert stored(runtime) == []


def test_the_received_page_with_its_files_stays_light(
    web: Web, runtime: Runtime, world: World
) -> None:
    _code, signed = received(web, runtime, world)
    for number in range(2):
        page = attach(web, signed, (f"patok-{number}.jpg", photo(), "image/jpeg"))
    css = web.get(web.asset("public.css"))
    assert len(page.content) + len(css.content) < 60_000
    assert "<script" not in page.text
