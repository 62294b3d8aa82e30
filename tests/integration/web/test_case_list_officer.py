"""The case list filtered to one officer, and the supervisor desk's officer-load table that
opens it: each officer's name leads to that officer's cases, their overdue count to the
overdue ones (both backends)."""

from __future__ import annotations

import re
from datetime import timedelta

from mediasi.db.base import utcnow
from tests.factories import World
from tests.integration.web.conftest import Cases, Db, Web, case_links

LOAD_ROW = re.compile(r'<tr><td><a href="(/cases\?officer=[^"]+)">([^<]+)</a></td>(.*?)</tr>')


def test_the_desk_links_each_officer_to_their_own_cases(
    web: Web, world: World, cases: Cases, db: Db
) -> None:
    mine = {cases.report(title="Sengketa batas sawah Ngadilangkung") for _ in range(2)}
    theirs = cases.report(by="officer_b", desa_id=world.desa_b1, title="Pagar roboh di Wadung")
    late = next(iter(mine))
    db.set_due(late, utcnow() - timedelta(days=1))
    desk = web.login_as("polres_supervisor").get("/supervision")
    assert desk.status_code == 200
    rows = {name: (link, rest) for link, name, rest in LOAD_ROW.findall(desk.text)}
    assert set(rows) == {"Officer", "Officer_B"}

    officer_link, officer_rest = rows["Officer"]
    listed = web.get(officer_link.replace("&amp;", "&"))
    assert listed.status_code == 200
    assert case_links(listed.text) == {str(c) for c in mine}
    assert "selected>Officer</option>" in listed.text  # the filter shows whom it is

    overdue_link = re.search(r'href="([^"]+overdue=true)"', officer_rest)
    assert overdue_link is not None
    overdue = web.get(overdue_link.group(1).replace("&amp;", "&"))
    assert case_links(overdue.text) == {str(late)}

    other = web.get(rows["Officer_B"][0])
    assert case_links(other.text) == {str(theirs)}


def test_an_officer_filter_outside_ones_reach_finds_nothing_and_empty_values_mean_any(
    web: Web, world: World, cases: Cases
) -> None:
    cases.report(by="officer_b", desa_id=world.desa_b1)
    officer_b = world.actor("officer_b").id
    polsek_a = web.login_as("supervisor")
    assert case_links(polsek_a.get(f"/cases?officer={officer_b}").text) == set()
    api = polsek_a.get(f"/api/cases?officer={officer_b}")  # the API takes the same filter
    assert api.status_code == 200
    assert api.json()["items"] == []
    mine = cases.report()
    # What a form sends for untouched fields: every filter empty.
    anything = polsek_a.get("/cases?q=&state=&desa=&officer=&overdue=")
    assert anything.status_code == 200
    assert case_links(anything.text) == {str(mine)}
    own = polsek_a.get(f"/api/cases?officer={world.actor('officer').id}").json()
    assert [item["id"] for item in own["items"]] == [str(mine)]


def test_a_wrong_officer_value_is_refused_in_words(web: Web) -> None:
    for value in ("not-a-uuid", "\x00", "9" * 5000):
        answer = web.login_as("supervisor").get("/cases", params={"officer": value})
        assert answer.status_code in (400, 422), (value[:10], answer.status_code)
