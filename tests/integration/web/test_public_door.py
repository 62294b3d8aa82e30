"""The public door on both backends: a resident reports without an account at /lapor, gets a
tracking code (shown, and queued to their phone), and follows it at /lacak, which shows no
personal data and throttles wrong guesses; robots, floods and repeats are held back with what
was typed kept; the pages stay light."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from mediasi.db.base import utcnow
from mediasi.intake.abuse import form_token
from mediasi.intake.codes import ALPHABET, normalise_code
from mediasi.intake.models import DECLINED, PublicReport, TrackingAttempt
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Web, field_error

CODE = re.compile(r'id="tracking-code">(LPR-[A-Z0-9-]+)<')
WHAT = "Patok batas sawah dipindah tetangga saat musim tanam."


def report_form(runtime: Runtime, world: World, **fields: Any) -> dict[str, Any]:
    started = form_token(runtime.settings.secret_key, utcnow() - timedelta(seconds=30))
    base = {
        "desa_id": str(world.desa_a1),
        "topic": "sengketa:batas_tanah",
        "what": WHAT,
        "occurred_on": "",
        "place": "Dusun Krajan RT 02",
        "people": "",
        "reporter_name": "Sumiati",
        "reporter_phone": "0812-3456-7890",
        "consent": "true",
        "website": "",
        "started": started,
    }
    return {**base, **fields}


def send(web: Web, form: dict[str, Any]) -> Any:
    web.get("/lapor")  # the CSRF cookie, as a browser gets it
    return web.post("/lapor", form)


def reports(runtime: Runtime) -> list[PublicReport]:
    with runtime.sessions() as session:
        return list(session.scalars(select(PublicReport).order_by(PublicReport.submitted_at)))


def test_the_report_form_needs_no_login_and_is_light(web: Web) -> None:
    page = web.get("/lapor")
    assert page.status_code == 200
    assert "Laporkan masalah di desa Anda" in page.text
    assert "Desa Ngadilangkung" in page.text or "<optgroup" in page.text
    assert "UU No. 27 Tahun 2022" in page.text
    assert "<script" not in page.text  # works with script off: there is none
    css = web.get(web.asset("public.css"))
    assert len(page.content) + len(css.content) < 60_000


def test_a_resident_reports_and_gets_a_code_shown_and_sent(
    web: Web, runtime: Runtime, world: World
) -> None:
    response = send(web, report_form(runtime, world))
    assert response.status_code == 201
    found = CODE.search(response.text)
    assert found is not None
    code = found.group(1)
    assert re.fullmatch(rf"LPR(-[{ALPHABET}]{{4}}){{3}}", code)
    [report] = reports(runtime)
    assert normalise_code(code) == report.code
    assert (report.workflow, report.category, report.status) == ("sengketa", "batas_tanah", "new")
    assert report.reporter_phone == "+6281234567890"
    assert report.consent_at is not None
    assert report.due_at is not None
    assert report.due_at > report.submitted_at
    with runtime.sessions() as session:
        [message] = session.scalars(select(Message).where(Message.kind == "report_tracking"))
    assert message.address == "+6281234567890"
    assert code in message.text
    assert WHAT not in message.text


def test_the_status_page_shows_the_state_and_no_personal_data(
    web: Web, runtime: Runtime, world: World
) -> None:
    code = CODE.search(send(web, report_form(runtime, world)).text).group(1)  # type: ignore[union-attr]
    web.get("/lacak")
    page = web.post("/lacak", {"code": code.lower().replace("-", " "), "digits": "7890"})
    assert page.status_code == 200
    assert "Diterima, menunggu ditinjau petugas" in page.text
    # The code and the form's random CSRF token may hold any digits by chance.
    shown = page.text.replace(code, "").replace(web.csrf, "")
    for private in ("Sumiati", "7890", "3456", WHAT, "Dusun Krajan"):
        assert private not in shown


def test_a_declined_report_shows_its_reason(web: Web, runtime: Runtime, world: World) -> None:
    code = CODE.search(send(web, report_form(runtime, world)).text).group(1)  # type: ignore[union-attr]
    with runtime.sessions.begin() as session:
        report = session.scalars(select(PublicReport)).one()
        report.status, report.decided_at = DECLINED, utcnow()
        report.decline_reason = "Bukan wilayah desa ini; silakan lapor ke Polsek Pakisaji."
    web.get("/lacak")
    page = web.post("/lacak", {"code": code, "digits": "7890"})
    assert "Tidak ditindaklanjuti" in page.text
    assert "silakan lapor ke Polsek Pakisaji" in page.text


def test_wrong_guesses_are_throttled_per_address_and_per_code(
    web: Web, runtime: Runtime, world: World
) -> None:
    code = CODE.search(send(web, report_form(runtime, world)).text).group(1)  # type: ignore[union-attr]
    web.get("/lacak")
    limit = runtime.settings.tracking_max_failures
    for _ in range(limit):
        wrong = web.post("/lacak", {"code": code, "digits": "0000"})
        assert wrong.status_code == 404
        assert "Kode atau nomor tidak cocok" in wrong.text
    # Now even the right digits are refused for a while: guessing cannot go on.
    blocked = web.post("/lacak", {"code": code, "digits": "7890"})
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan yang salah" in blocked.text
    # When to try again, as the API says it: a phone's browser or a proxy can act on it.
    assert blocked.headers["retry-after"] == str(runtime.settings.tracking_window_seconds)


def test_a_signed_in_officer_can_follow_a_report_and_a_wrong_guess_is_still_counted(
    web: Web, runtime: Runtime, world: World
) -> None:
    """The tracking attempt is its own unit of work: a request that carries a web session must
    not hold the database while it is written."""
    code = CODE.search(send(web, report_form(runtime, world)).text).group(1)  # type: ignore[union-attr]
    web.login_as("officer")
    web.get("/lacak")
    assert web.post("/lacak", {"code": code, "digits": "0000"}).status_code == 404
    page = web.post("/lacak", {"code": code, "digits": "7890"})
    assert page.status_code == 200
    assert "Diterima, menunggu ditinjau petugas" in page.text
    with runtime.sessions() as session:
        attempts = session.scalars(select(TrackingAttempt.succeeded)).all()
    assert sorted(attempts) == [False, True]


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        pytest.param({"consent": ""}, "consent", "Centang persetujuan ini", id="no-consent"),
        pytest.param({"topic": "sengketa:x"}, "topic", "Pilih jenis laporan", id="category"),
        pytest.param({"topic": "<script>"}, "topic", "Pilih jenis laporan", id="script"),
        pytest.param({"desa_id": "nowhere"}, "desa_id", "Pilihan tidak dikenal", id="desa"),
        pytest.param({"what": "x" * 4001}, "what", "Terlalu panjang", id="oversized"),
        pytest.param({"what": "Ada\x00apa"}, "what", "karakter yang tidak sah", id="nul"),
        pytest.param({"reporter_phone": ""}, "reporter_phone", "Tulis nomor", id="no-phone"),
        pytest.param(
            {"reporter_phone": "9" * 3000}, "reporter_phone", "tidak dikenali", id="huge-phone"
        ),
        pytest.param({"occurred_on": "2999-01-01"}, "occurred_on", "belum lewat", id="future"),
        pytest.param(
            {"anonymous": "true", "reporter_name": "", "reporter_phone": ""},
            "anonymous",
            "perlu nama dan nomor",
            id="anonymous-dispute",
        ),
    ],
)
def test_a_wrong_field_is_marked_kept_and_nothing_is_stored(
    web: Web, runtime: Runtime, world: World, fields: dict[str, str], field: str, expected: str
) -> None:
    response = send(web, report_form(runtime, world, **fields))
    assert response.status_code == 422
    assert expected in (field_error(response.text, field) or "")
    assert "Dusun Krajan RT 02" in response.text  # what was typed is kept
    assert reports(runtime) == []


def test_an_anonymous_complaint_is_taken_and_followed_by_its_code_alone(
    web: Web, runtime: Runtime, world: World
) -> None:
    form = report_form(
        runtime,
        world,
        topic="pengaduan:ketertiban",
        anonymous="true",
        reporter_name="",
        reporter_phone="",
    )
    response = send(web, form)
    assert response.status_code == 201
    assert "hanya tampil sekali" in response.text
    code = CODE.search(response.text).group(1)  # type: ignore[union-attr]
    [report] = reports(runtime)
    assert (report.reporter_name, report.reporter_phone, report.anonymous) == (None, None, True)
    page = web.post("/lacak", {"code": code, "digits": ""})
    assert page.status_code == 200
    assert "Diterima, menunggu ditinjau petugas" in page.text


@pytest.mark.parametrize(
    "trap",
    [
        pytest.param({"website": "http://spam.example"}, id="honeypot"),
        pytest.param({"started": "forged.123"}, id="forged-token"),
        pytest.param({"started": "now"}, id="too-fast"),
    ],
)
def test_a_robot_is_refused_and_a_person_who_trips_the_trap_loses_nothing(
    web: Web, runtime: Runtime, world: World, trap: dict[str, str]
) -> None:
    if trap.get("started") == "now":
        trap = {"started": form_token(runtime.settings.secret_key, utcnow())}
    response = send(web, report_form(runtime, world, **trap))
    assert response.status_code == 422
    assert "Laporan belum terkirim" in response.text
    assert WHAT in response.text
    assert reports(runtime) == []


def test_a_repeat_from_the_same_phone_is_asked_about_then_taken(
    web: Web, runtime: Runtime, world: World
) -> None:
    assert send(web, report_form(runtime, world)).status_code == 201
    again = send(web, report_form(runtime, world))
    assert again.status_code == 422
    assert "sudah masuk hari ini" in (field_error(again.text, "another") or "")
    assert len(reports(runtime)) == 1
    confirmed = send(web, report_form(runtime, world, another="true"))
    assert confirmed.status_code == 201
    assert len(reports(runtime)) == 2


def test_a_flood_from_one_address_is_refused_after_the_limit(
    web: Web, runtime: Runtime, world: World
) -> None:
    for n in range(runtime.settings.intake_per_address_hour):
        phone = f"0812-3456-{7800 + n}"
        form = report_form(runtime, world, reporter_phone=phone, what=f"{WHAT} ({n})")
        assert send(web, form).status_code == 201
    refused = send(web, report_form(runtime, world, reporter_phone="0813-1111-2222"))
    assert refused.status_code == 429
    assert "Terlalu banyak laporan" in refused.text
    assert refused.headers["retry-after"] == "3600"  # every report counted has left the hour
    assert WHAT in refused.text
    with runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PublicReport)) == 5


def test_a_thousand_fields_or_invalid_utf8_is_refused_and_stores_nothing(
    web: Web, runtime: Runtime
) -> None:
    web.get("/lapor")
    headers = {"content-type": "application/x-www-form-urlencoded", "x-csrftoken": web.csrf}
    many = b"&".join(b"f%04d=x" % n for n in range(1000))
    for body in (many, b"\xff\xfe%zz=&what=\xc3\x28"):
        response = web.client.post("/lapor", content=body, headers=headers)
        assert 400 <= response.status_code < 500
    assert reports(runtime) == []


def desa_options(html: str) -> list[str]:
    return re.findall(r'<option value="[0-9a-f-]{36}"[^>]*>([^<]+)</option>', html)


def test_the_desa_is_found_by_part_of_its_name_or_its_polsek_without_script(
    web: Web, world: World
) -> None:
    everything = desa_options(web.get("/lapor").text)
    assert len(everything) > 1
    found = web.get("/lapor", params={"cari": "  NGADI  "})
    assert found.status_code == 200
    [only] = desa_options(found.text)
    assert "Ngadilangkung" in only
    assert re.search(r'<option value="[0-9a-f-]{36}" selected>', found.text)  # the one match
    assert 'value="NGADI"' in found.text  # the search box keeps what was typed, tidied
    [_, polsek] = re.findall(r'<optgroup label="([^"]+)">', web.get("/lapor").text)[:2]
    by_polsek = desa_options(web.get("/lapor", params={"cari": polsek[-6:]}).text)
    assert 0 < len(by_polsek) < len(everything)


@pytest.mark.parametrize(
    "search", ["tidak-ada-desa-ini", "%", "_", "<script>alert(1)</script>", "x" * 5000]
)
def test_a_search_that_finds_nothing_says_so_and_offers_every_desa(
    web: Web, world: World, search: str
) -> None:
    page = web.get("/lapor", params={"cari": search})
    assert page.status_code == 200
    assert "semua desa ditampilkan" in (field_error(page.text, "cari") or "")
    assert len(desa_options(page.text)) == len(desa_options(web.get("/lapor").text))
    assert "<script>alert" not in page.text


@pytest.mark.parametrize(
    ("query", "status", "said"),
    [
        ("cari=%00", 400, "karakter yang tidak sah"),
        ("cari=%FF%FE", 400, "bukan teks UTF-8"),
        ("cari=a&cari=b", 200, "Laporkan masalah di desa Anda"),
    ],
)
def test_a_hostile_search_is_refused_in_the_residents_language(
    web: Web, query: str, status: int, said: str
) -> None:
    page = web.get(f"/lapor?{query}")
    assert page.status_code == status
    assert said in page.text
    assert web.asset("public.css") in page.text  # the public door's own page, refusal or not
