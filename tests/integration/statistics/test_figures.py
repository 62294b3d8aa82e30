"""Each figure of the statistics page against the answer worked out by hand for the world of
:mod:`tests.integration.statistics.world` (September 2026), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from tests.factories import World
from tests.integration.statistics.conftest import shown
from tests.integration.statistics.world import MONTH, Built
from tests.integration.supervision.conftest import OpenAs

SEPTEMBER = f"/statistik?period=month&value={MONTH}"

# Polsek A in September, as its supervisor reads it (the sums are in world.py).
POLSEK_A = [
    ("reports_officer", "3"),
    ("reports_public", "2"),
    ("opened", "10"),
    ("closed", "7"),
    ("closed_settled", "2"),
    ("closed_referred", "1"),
    ("closed_withdrawn", "1"),
    ("closed_resolved", "1"),
    ("closed_forwarded", "1"),
    ("closed_rejected", "1"),
    ("resolution_rate", "28,6%"),
    ("escalation_rate", "42,9%"),
    ("returned_share", "66,7%"),
    ("agreements", "4"),
    ("agreement_median", "11"),
    ("agreement_p90", "13,4"),
    ("deadlines_met", "92,6%"),
    ("overdue_now", "1"),
    ("obligations_kept", "1"),
    ("obligations_broken", "1"),
    ("obligations_open", "1"),
]

# By category, the most opened first (A1-1, A1-3, A2-1, A1-5, A1-6 on land; A1-7 the RJ theft).
CATEGORIES = [
    ("batas_tanah", "Batas tanah", 5, 3, 1),
    ("ketertiban", "Ketertiban umum", 2, 2, 0),
    ("pelayanan", "Pelayanan polisi", 1, 1, 0),
    ("pencurian", "Pencurian", 1, 1, 1),
    ("utang_piutang", "Utang piutang", 1, 0, 0),
]


@pytest.mark.parametrize(("figure", "answer"), POLSEK_A)
def test_each_figure_is_the_hand_worked_answer(
    open_as: OpenAs, built: Built, figure: str, answer: str
) -> None:
    page = open_as("supervisor").get(SEPTEMBER)
    assert page.status_code == 200
    assert shown(page.text, figure) == answer


def test_days_in_a_state_are_the_mean_of_the_stays_ending_in_the_period(
    open_as: OpenAs, built: Built
) -> None:
    page = open_as("supervisor").get(SEPTEMBER).text
    # Escalated (sengketa): 1, 1 and 2 days; received (pengaduan): 1, 5 and 1 days.
    assert shown(page, "stays", 'data-state="sengketa:escalated"') == "3"
    assert shown(page, "mean_days", 'data-state="sengketa:escalated"') == "1,3"
    assert shown(page, "stays", 'data-state="pengaduan:reported"') == "3"
    assert shown(page, "mean_days", 'data-state="pengaduan:reported"') == "2,3"


def test_each_desa_has_its_row_with_a_link_down(open_as: OpenAs, built: Built) -> None:
    page = open_as("supervisor").get(SEPTEMBER).text
    a1, a2 = 'data-area="NGADILANGKUNG"', 'data-area="TALANGAGUNG"'
    assert [shown(page, k, a1) for k in ("opened", "closed", "settled", "overdue")] == [
        "6",
        "3",
        "2",
        "1",
    ]
    assert [shown(page, k, a2) for k in ("opened", "closed", "settled", "overdue")] == [
        "4",
        "4",
        "0",
        "0",
    ]
    assert "area=NGADILANGKUNG" in page


def test_each_officer_has_their_cases_and_sessions(
    open_as: OpenAs, built: Built, world: World
) -> None:
    page = open_as("supervisor").get(SEPTEMBER).text
    columns = ("handled", "settled", "overdue", "sessions")

    def row(user_id: UUID | None) -> list[str]:
        return [shown(page, k, f'data-officer="{user_id}"') for k in columns]

    # A postponed session and one held in October are not counted.
    assert row(world.actor("officer").id) == ["7", "2", "1", "2"]
    assert row(built.officer_a2) == ["4", "0", "0", "0"]
    assert f'data-officer="{world.actor("officer_b").id}"' not in page


def test_the_twelve_months_end_with_the_period_and_show_the_change(
    open_as: OpenAs, built: Built
) -> None:
    page = open_as("supervisor").get(SEPTEMBER).text
    months = re.findall(r'data-month="(\d{4}-\d{2})"', page)
    assert months[0] == "2025-10"
    assert months[-1] == MONTH
    assert len(months) == 12
    september = 'data-month="2026-09"'
    assert shown(page, "opened", september) == "10 (+9)"
    assert shown(page, "closed", september) == "7 (+7)"
    assert shown(page, "settled", 'data-month="2026-08"') == "0"
    assert shown(page, "opened", 'data-month="2026-08"') == "1 (+1)"


def test_each_figure_says_its_change_from_the_previous_period(
    open_as: OpenAs, built: Built
) -> None:
    page = open_as("supervisor").get(SEPTEMBER).text
    # August: one case opened, nothing closed.
    assert re.search(r'data-change="opened"[^>]*>\s*\+9\s*<', page)
    assert re.search(r'data-change="closed"[^>]*>\s*\+7\s*<', page)


def test_every_figure_has_its_definition_one_click_away(open_as: OpenAs, built: Built) -> None:
    page = open_as("supervisor").get(SEPTEMBER).text
    for figure in ("opened", "resolution_rate", "escalation_rate", "deadlines_met"):
        block = re.search(rf'id="figure-{figure}".*?</details>', page, re.S)
        assert block, figure
        assert "<summary>" in block.group(0)
    assert "Perkara yang ditutup selesai damai dibagi semua perkara yang ditutup" in page


def test_the_json_has_the_same_answers(open_as: OpenAs, built: Built) -> None:
    answer = open_as("supervisor").get(f"/api/statistics?period=month&value={MONTH}")
    assert answer.status_code == 200
    body = answer.json()
    figures = body["figures"]
    assert (figures["start"], figures["end"]) == ("2026-09-01", "2026-09-30")
    assert figures["opened"] == 10
    assert figures["closed"] == {
        "settled": 2,
        "referred": 1,
        "withdrawn": 1,
        "resolved": 1,
        "forwarded": 1,
        "rejected": 1,
    }
    assert figures["resolution_rate"] == pytest.approx(2 / 7)
    assert figures["escalation_rate"] == pytest.approx(3 / 7)
    assert figures["returned_share"] == pytest.approx(2 / 3)
    assert figures["agreement_days_median"] == pytest.approx(11)
    assert figures["agreement_days_p90"] == pytest.approx(13.4)
    assert (figures["deadline_stays"], figures["deadlines_met"]) == (27, 25)
    assert figures["reports"] == {"officer": 3, "public": 2}
    assert figures["obligations"] == {"kept": 1, "broken": 1, "open": 1}
    assert body["overdue_now"] == 1
    assert body["previous"]["opened"] == 1
    assert body["time_zone"] == "Asia/Jakarta"
    assert [(a["code"], a["opened"]) for a in body["areas"]] == [
        ("NGADILANGKUNG", 6),
        ("TALANGAGUNG", 4),
    ]
    assert [
        (c["category"], c["label"], c["opened"], c["closed"], c["settled"])
        for c in body["categories"]
    ] == CATEGORIES
    assert body["months"][-1] == {
        "month": MONTH,
        "opened": 10,
        "closed": 7,
        "settled": 2,
        "opened_change": 9,
        "closed_change": 7,
        "settled_change": 2,
    }


def test_the_charts_draw_the_same_figures_with_their_numbers(open_as: OpenAs, built: Built) -> None:
    """Four charts (twelve months as lines; the closed by outcome, the opened by category and
    the areas as bars), each an accessible SVG without script, its numbers those of the
    hand-worked answer."""
    page = open_as("supervisor").get(SEPTEMBER).text
    charts = re.findall(r'<figure class="chart">.*?</figure>', page, re.S)
    assert len(charts) == 4
    trend, outcomes, categories, areas = charts
    for chart in charts:
        assert 'role="img"' in chart
        assert "<script" not in chart
    months = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>", trend)
    assert (len(months), months[-1]) == (12, "Sep 2026")
    assert re.search(
        r'<th scope="row">Sep 2026</th><td[^>]*>10</td><td[^>]*>7</td><td[^>]*>2</td>', trend
    )
    assert re.search(r'<th scope="row">Selesai damai</th><td[^>]*>2</td>', outcomes)
    assert re.search(r'<th scope="row">Dicabut</th><td[^>]*>1</td>', outcomes)
    assert re.findall(r'<th scope="row">([^<]+)</th><td[^>]*>(\d+)</td>', categories) == [
        (label, str(opened)) for _, label, opened, _, _ in CATEGORIES
    ]
    desa = re.findall(r'<th scope="row">([^<]+)</th><td[^>]*>(\d+)</td>', areas)
    assert sum(int(n) for _, n in desa) == 10  # every case opened in September, by its desa
