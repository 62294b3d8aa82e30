"""The restorative justice report: what a supervisor reads on the page, in the JSON and in the
download, for cases walked to each end; only the cases in the reader's area and period."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

import pytest

from mediasi.db.base import utcnow
from mediasi.workflow.durations import LOCAL_TZ
from tests.integration.reports.conftest import Walked
from tests.integration.supervision.conftest import OpenAs

OUTCOMES = (
    "reported",
    "settled",
    "in_progress",
    "failed",
    "referred_ppa",
    "referred_reskrim",
    "consent_withdrawn",
)
NONE = dict.fromkeys(OUTCOMES, 0)

# Where the walked cases of Polsek A stand (the officer of desa A1 and A2 sees the same).
POLSEK_A = {
    "pencurian": {
        **NONE,
        "reported": 4,
        "settled": 1,
        "in_progress": 1,
        "referred_reskrim": 1,
        "consent_withdrawn": 1,
    },
    "penganiayaan_ringan": {**NONE, "reported": 1, "referred_ppa": 1},
    "penipuan": NONE,
}
POLSEK_B = {
    "pencurian": NONE,
    "penganiayaan_ringan": NONE,
    "penipuan": {**NONE, "reported": 1, "failed": 1},
}
POLRES = {**POLSEK_A, "penipuan": POLSEK_B["penipuan"]}
HEAVIER = "Ancaman pidananya lebih berat dari penjara paling lama 5 tahun"
VIOLENCE = "Kekerasan terhadap perempuan atau anak"


def text_of(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def page_figures(page: str) -> dict[str, dict[str, int]]:
    """Each category row of the page's table: its figures by the outcome each cell shows."""
    rows = re.findall(r'<tr data-category="([a-z_]*)"[^>]*>(.*?)</tr>', page, re.S)
    return {
        category or "total": {
            outcome: int(value)
            for outcome, value in re.findall(r'data-outcome="([a-z_]+)">([\d.,]+)<', cells)
        }
        for category, cells in rows
    }


def page_exclusions(page: str) -> dict[str, str]:
    """The exclusions table: item key → the row as read."""
    rows = re.findall(r'<tr data-item="([a-z_]+)">(.*?)</tr>', page, re.S)
    return {key: text_of(cells) for key, cells in rows}


def expect(table: dict[str, dict[str, int]], wanted: dict[str, dict[str, int]]) -> None:
    for category, figures in wanted.items():
        assert table[category] == figures, category
    total = {o: sum(f[o] for f in wanted.values()) for o in OUTCOMES}
    assert table["total"] == total


def test_the_supervisor_reads_each_end_by_category_with_the_exclusions(
    walked: Walked, open_as: OpenAs
) -> None:
    web = open_as("supervisor")
    desk = web.get("/supervision")
    assert 'href="/rj/laporan"' in desk.text
    page = web.get("/rj/laporan")
    assert page.status_code == 200
    figures = page_figures(page.text)
    expect(figures, POLSEK_A)
    assert figures["lainnya"] == NONE  # every category is a row, none reported or not
    shown = text_of(page.text)
    assert "Pencurian" in shown
    assert "Penganiayaan ringan" in shown
    exclusions = page_exclusions(page.text)
    assert set(exclusions) == {"ancaman_berat", "kekerasan_perempuan_anak"}
    assert HEAVIER in exclusions["ancaman_berat"]
    assert "UU 20/2025 Pasal 80 ayat (1) huruf a" in exclusions["ancaman_berat"]
    assert exclusions["ancaman_berat"].endswith("Reskrim 1")
    assert VIOLENCE in exclusions["kekerasan_perempuan_anak"]
    assert exclusions["kekerasan_perempuan_anak"].endswith("Unit PPA 1")
    assert "2 perkara dikecualikan oleh sedikitnya satu butir." in shown
    assert "1 perkara dilimpahkan seketika ke Unit PPA" in shown


def test_the_areas_each_reader_sees(walked: Walked, open_as: OpenAs) -> None:
    for user, wanted in (
        ("polres_supervisor", POLRES),
        ("supervisor_b", POLSEK_B),
        ("officer", POLSEK_A),
        ("officer_b", POLSEK_B),
    ):
        page = open_as(user).get("/rj/laporan")
        assert page.status_code == 200, user
        expect(page_figures(page.text), wanted)


def test_a_case_reported_before_the_period_counts_only_in_its_own(
    walked: Walked, open_as: OpenAs
) -> None:
    web = open_as("supervisor")
    today = utcnow().astimezone(LOCAL_TZ).date()
    earlier = today.replace(day=1) - timedelta(days=1)
    before = web.get(f"/rj/laporan?start={earlier.replace(day=1)}&end={earlier}")
    figures = page_figures(before.text)
    assert figures["total"] == {**NONE, "reported": 1, "in_progress": 1}
    assert page_exclusions(before.text) == {}
    both = web.get(f"/api/rj/report?start={earlier.replace(day=1)}&end={today}").json()
    assert both["total"]["reported"] == 6


def test_the_json_gives_the_same_counts(walked: Walked, open_as: OpenAs) -> None:
    body = open_as("polres_supervisor").get("/api/rj/report").json()
    today = utcnow().astimezone(LOCAL_TZ).date()
    assert body["start"] == today.replace(day=1).isoformat()
    by_category = {c["category"]: c for c in body["categories"]}
    for category, figures in POLRES.items():
        assert {o: by_category[category][o] for o in OUTCOMES} == figures
    assert by_category["pencurian"]["label"] == "Pencurian"
    assert body["total"]["reported"] == 6
    exclusions = body["exclusions"]
    assert (exclusions["cases"], exclusions["ppa_at_once"]) == (2, 1)
    items = {i["key"]: i for i in exclusions["items"]}
    assert items["ancaman_berat"]["cases"] == 1
    assert items["ancaman_berat"]["source"] == "UU 20/2025 Pasal 80 ayat (1) huruf a"
    assert items["kekerasan_perempuan_anak"]["refer_to"] == "ppa"


def test_the_download_holds_the_page_s_figures(walked: Walked, open_as: OpenAs) -> None:
    web = open_as("supervisor")
    answer = web.get("/rj/laporan/unduh")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.text)))
    header = next(r for r in rows if r and r[0] == "Kategori")
    assert header[1:] == [
        "Dilaporkan",
        "Selesai damai",
        "Masih berjalan",
        "Gagal, menunggu pelimpahan",
        "Dilimpahkan ke Unit PPA",
        "Dilimpahkan ke Reskrim",
        "Persetujuan korban ditarik",
    ]
    by_label = {r[0]: r[1:] for r in rows if r}
    assert by_label["Pencurian"] == ["4", "1", "1", "0", "0", "1", "1"]
    assert by_label["Penganiayaan ringan"] == ["1", "0", "0", "0", "1", "0", "0"]
    assert by_label["Jumlah"] == ["5", "1", "1", "0", "1", "1", "1"]
    heavier = next(r for r in rows if r and r[0].startswith(HEAVIER))
    assert heavier[1:] == ["UU 20/2025 Pasal 80 ayat (1) huruf a", "Reskrim", "1"]
    assert by_label["Dilimpahkan seketika ke Unit PPA"] == ["1"]
    # The API's download is the page's: the same file, for the default month and a period
    # asked; a wrong period is a problem naming the field.
    api = web.get("/api/rj/report.csv")
    assert api.status_code == 200, api.text
    assert api.headers["content-type"] == answer.headers["content-type"]
    assert api.headers["content-disposition"] == answer.headers["content-disposition"]
    assert api.text == answer.text
    today = utcnow().astimezone(LOCAL_TZ).date()
    earlier = f"?start={today - timedelta(days=60)}&end={today}"
    assert (
        web.get("/api/rj/report.csv" + earlier).text == web.get("/rj/laporan/unduh" + earlier).text
    )
    wrong = web.get(f"/api/rj/report.csv?start={today}&end={today - timedelta(days=1)}")
    assert wrong.status_code == 422
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert "Tanggal akhir sebelum tanggal awal." in wrong.json()["errors"].values()


def test_the_download_speaks_the_reader_s_language(walked: Walked, open_as: OpenAs) -> None:
    web = open_as("supervisor")
    web.get("/lang/en")
    rows = list(csv.reader(io.StringIO(web.get("/rj/laporan/unduh").text)))
    by_label = {r[0]: r[1:] for r in rows if r}
    assert by_label["Theft"][0] == "4"
    assert "Category" in by_label
    assert web.get("/api/rj/report.csv").text == web.get("/rj/laporan/unduh").text


@pytest.mark.parametrize("user", ["tokoh", "admin"])
def test_who_works_no_case_is_refused(user: str, open_as: OpenAs) -> None:
    web = open_as(user)
    for url in ("/rj/laporan", "/rj/laporan/unduh", "/api/rj/report", "/api/rj/report.csv"):
        assert web.get(url).status_code == 403, url
    assert "/rj/laporan" not in web.get("/").text
