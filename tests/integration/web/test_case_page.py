"""The case page: what it shows, to whom, with personal numbers masked."""

from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient

from mediasi.app import create_app
from mediasi.cases.models import Case
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.web.conftest import Cases, Db, Web, section_with, version_in

NIK = "3507010101010001"  # world.report's complainant
PHONE = "081234567890"  # world.report's respondent


def test_the_officer_sees_the_case_with_its_next_steps(web: Web, cases: Cases, db: Db) -> None:
    case_id = cases.report()
    case = db.case(case_id)
    page = web.login_as("officer").get(f"/cases/{case_id}")
    assert page.status_code == 200
    html = page.text
    assert f"<title>{case.reference} · mediasi</title>" in html
    assert "<h1>Sengketa batas sawah</h1>" in html
    assert 'class="badge state-reported"' in html
    assert "<dd>Batas tanah</dd>" in html
    assert "<dd>Ngadilangkung</dd>" in html
    assert "<dd>Officer</dd>" in html
    steps = set(re.findall(r'data-trigger="([a-z_]+)"', html))
    assert steps == {"assess", "escalate", "withdraw"}
    assert version_in(html) == case.version
    assert web.version(case_id) == case.version


def test_nik_and_phone_are_masked_everywhere_on_the_page(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    cases.add_party(case_id, name="Sulastri", nik="3507019999990042", phone="+6285712345678")
    html = web.login_as("officer").get(f"/cases/{case_id}").text
    assert "3507********0001" in html
    assert "0812****7890" in html
    assert "0857****5678" in html
    for secret in (NIK, PHONE, "3507019999990042", "+6285712345678", "85712345678"):
        assert secret not in html  # neither in the party list nor in the timeline


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("officer", 200),
        ("officer_b", 404),
        ("supervisor", 200),
        ("supervisor_b", 404),
        ("polres_supervisor", 200),
        ("tokoh", 404),  # not invited
        ("admin", 404),
    ],
)
def test_a_case_is_seen_only_within_reach(
    web: Web, cases: Cases, username: str, status: int
) -> None:
    case_id = cases.report()
    page = web.login_as(username).get(f"/cases/{case_id}")
    assert page.status_code == status
    if status == 404:
        assert "Perkara tidak ditemukan." in page.text
        assert "Sengketa batas sawah" not in page.text


def test_an_invited_tokoh_reads_the_case_but_gets_no_forms(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    cases.invite(case_id)
    page = web.login_as("tokoh").get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "<h1>Sengketa batas sawah</h1>" in page.text
    assert "Tidak ada langkah yang dapat Anda ambil." in page.text
    assert 'name="version"' not in page.text
    assert "data-trigger=" not in page.text
    assert NIK not in page.text


def test_a_closed_case_offers_no_step_and_no_forms(web: Web, cases: Cases) -> None:
    case_id = cases.complaint()
    cases.fire(case_id, "reject")
    html = web.login_as("officer").get(f"/cases/{case_id}").text
    assert "Perkara ini sudah selesai." in html
    assert 'name="version"' not in html
    assert 'class="badge state-rejected final"' in html


def test_the_timeline_lists_every_event_newest_first(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    cases.fire(case_id, "assess")
    html = web.login_as("officer").get(f"/cases/{case_id}").text
    timeline = section_with(html, 'id="timeline"')
    labels = re.findall(r"<p><strong>(.*?)</strong>", timeline)
    assert labels == ["Nilai laporan", "Pihak ditambahkan", "Pihak ditambahkan", "Laporan dicatat"]
    assert re.findall(r"· #(\d+)</p>", timeline) == ["4", "3", "2", "1"]
    assert "Dilaporkan → Dinilai" in timeline
    assert "Para pihak bersedia bermusyawarah." in timeline


@pytest.mark.parametrize(
    "path", ["/cases/6d55b633-43b8-49ba-99da-52426123d052", "/cases/bukan-uuid"]
)
def test_an_unknown_case_is_404(web: Web, path: str) -> None:
    assert web.login_as("officer").get(path).status_code == 404


def test_the_case_page_in_english(web: Web, cases: Cases) -> None:
    case_id = cases.report()
    web.login_as("officer").get(f"/lang/en?next=/cases/{case_id}")
    html = web.get(f"/cases/{case_id}").text
    assert "Next steps" in html
    assert "Assess report" in html
    assert "Land boundary" in html
    assert "Complainant" in html


def test_a_second_app_in_one_process_keeps_what_it_writes(
    runtime: Runtime, world: World, db: Db
) -> None:
    """The design builds an app per database in one process (tests do); each must commit.

    Found by this suite: TransactionMiddleware looked for the request session under
    advanced-alchemy's default scope key only, so a second app never committed (PostgreSQL
    answered 303 and lost the case; SQLite deadlocked the session store for 15 s). Fixed in
    fbfbe9e; this keeps it fixed.
    """
    for n in range(2):
        app = create_app(runtime=runtime)
        with TestClient(app, raise_server_exceptions=False) as client:
            web = Web(client).login_as("officer")
            form = {
                "workflow": "sengketa",
                "category": "batas_tanah",
                "desa_id": str(world.desa_a1),
                "title": f"Ditulis lewat aplikasi ke-{n + 1}",
                "reporter_name": "Darto",
            }
            assert web.post("/cases", form).status_code == 303
        assert db.count(Case) == n + 1
