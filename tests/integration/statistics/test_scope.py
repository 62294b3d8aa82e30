"""Each reader counts only their own area: a Polsek supervisor never another Polsek's cases,
an officer only their desa; drilling down stays within reach, and each area counts its own
local days (Polsek B keeps WITA)."""

from __future__ import annotations

import pytest

from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from mediasi.statistics.service import StatisticsService
from tests.factories import World
from tests.integration.statistics.conftest import shown
from tests.integration.statistics.world import MONTH, Built
from tests.integration.supervision.conftest import OpenAs

SEPTEMBER = f"period=month&value={MONTH}"
HEADLINE = ("opened", "closed", "closed_settled", "reports_officer", "reports_public")


def figures(open_as: OpenAs, user: str, query: str = "") -> list[str]:
    page = open_as(user).get(f"/statistik?{SEPTEMBER}{query}")
    assert page.status_code == 200
    return [shown(page.text, key) for key in HEADLINE]


def test_the_other_polsek_s_supervisor_counts_only_their_own(open_as: OpenAs, built: Built) -> None:
    # B1-1 (settled) and B1-2, reported at 00:30 on 1 September in WITA.
    assert figures(open_as, "supervisor_b") == ["2", "1", "1", "0", "1"]


def test_the_officer_counts_the_desa_they_hold(open_as: OpenAs, built: Built) -> None:
    assert figures(open_as, "officer") == ["10", "7", "2", "3", "2"]
    assert figures(open_as, "officer_b") == ["2", "1", "1", "0", "1"]


def test_the_polres_counts_both_in_its_own_time_zone(open_as: OpenAs, built: Built) -> None:
    # In Jakarta time B1-2 was reported on 31 August: not September's.
    page = open_as("polres_supervisor").get(f"/statistik?{SEPTEMBER}").text
    assert shown(page, "opened") == "11"
    assert shown(page, "opened", 'data-area="KEPANJEN"') == "10"
    assert shown(page, "opened", 'data-area="PAKISAJI"') == "1"
    assert "Asia/Jakarta" in page


def test_drilling_down_to_a_polsek_counts_in_its_zone(open_as: OpenAs, built: Built) -> None:
    page = open_as("polres_supervisor").get(f"/statistik?{SEPTEMBER}&area=PAKISAJI").text
    assert shown(page, "opened") == "2"
    assert "Asia/Makassar" in page
    assert 'href="/statistik?' in page  # the way back up to the Polres
    desa = open_as("supervisor").get(f"/statistik?{SEPTEMBER}&area=NGADILANGKUNG").text
    assert shown(desa, "opened") == "6"
    assert shown(desa, "closed") == "3"


@pytest.mark.parametrize(
    ("user", "area"),
    [
        ("supervisor", "PAKISAJI"),  # the other Polsek
        ("supervisor", "WADUNG"),  # a desa of the other Polsek
        ("supervisor", "MALANG"),  # the Polres above
        ("supervisor_b", "NGADILANGKUNG"),
        ("officer", "WADUNG"),
        ("officer", "KEPANJEN"),  # an officer counts their desa, not the Polsek
        ("officer_b", "TALANGAGUNG"),
        ("supervisor", "TIDAK_ADA"),
    ],
)
def test_an_area_out_of_reach_is_not_found(
    open_as: OpenAs, built: Built, user: str, area: str
) -> None:
    web = open_as(user)
    page = web.get(f"/statistik?{SEPTEMBER}&area={area}")
    assert page.status_code == 404
    assert "Wilayah itu tidak ditemukan di wilayah Anda." in page.text
    assert "Perkara statistik" not in page.text
    api = web.get(f"/api/statistics?{SEPTEMBER}&area={area}")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("user", ["tokoh", "admin"])
def test_who_works_no_cases_is_refused(open_as: OpenAs, built: Built, user: str) -> None:
    web = open_as(user)
    for url in ("/statistik", "/api/statistics"):
        answer = web.get(url)
        assert answer.status_code == 403
        assert "Statistik hanya untuk petugas dan pengawas." in answer.text


def test_filters_narrow_every_figure(open_as: OpenAs, built: Built) -> None:
    # Pengaduan: A2-2, A2-3, A2-4; one report by the API.
    assert figures(open_as, "supervisor", "&workflow=pengaduan") == ["3", "3", "0", "0", "1"]
    # Batas tanah: A1-1, A1-3, A2-1, A1-5, A1-6; the sengketa reports.
    assert figures(open_as, "supervisor", "&workflow=sengketa&category=batas_tanah") == [
        "5",
        "3",
        "1",
        "3",
        "1",
    ]


def test_the_query_layer_gives_a_polres_one_row_per_desa(
    runtime: Runtime, world: World, built: Built
) -> None:
    polres = world.actor("polres_supervisor")
    with runtime.sessions() as session:
        service = StatisticsService(session, runtime.workflows.registry, "Asia/Jakarta")
        answer = service.statistics(polres, {"period": "month", "value": MONTH}, utcnow())
    rows = answer.statistics.desa
    assert [(r.unit.code, r.opened, r.settled) for r in rows] == [
        ("NGADILANGKUNG", 6, 2),
        ("TALANGAGUNG", 4, 0),
        ("WADUNG", 1, 1),
    ]


def test_every_figure_of_the_other_polsek_leaves_polsek_a_out(
    open_as: OpenAs, built: Built
) -> None:
    body = open_as("supervisor_b").get(f"/api/statistics?{SEPTEMBER}").json()
    figures = body["figures"]
    assert body["time_zone"] == "Asia/Makassar"
    assert figures["reports"] == {"officer": 0, "public": 1}
    assert figures["opened"] == 2
    assert figures["closed"] == {
        "settled": 1,
        "referred": 0,
        "withdrawn": 0,
        "resolved": 0,
        "forwarded": 0,
        "rejected": 0,
    }
    assert figures["resolution_rate"] == 1.0
    assert figures["escalation_rate"] == 0.0
    assert figures["escalations_decided"] == 0
    assert figures["returned_share"] is None
    assert (figures["agreements"], figures["agreement_days_median"]) == (1, 4.0)
    assert [(s["workflow"], s["state"], s["stays"]) for s in figures["state_days"]] == [
        ("sengketa", "reported", 1),
        ("sengketa", "assessed", 1),
        ("sengketa", "mediated", 1),
        ("sengketa", "agreed", 1),
    ]
    assert (figures["deadline_stays"], figures["deadlines_met"]) == (3, 3)
    assert figures["obligations"] == {"kept": 0, "broken": 0, "open": 0}
    assert body["overdue_now"] == 0
    assert [a["code"] for a in body["areas"]] == ["WADUNG"]
    assert [o["name"] for o in body["officers"]] == ["Officer_B"]
    assert body["months"][-1]["opened"] == 2
