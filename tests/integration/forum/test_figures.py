"""The forum figures on the statistics page and in the monthly anev pack, October 2026, each
reader counting the forums of their own reach: activities held by kind, who came, aspirations
raised and followed up, cases that started at a forum."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from openpyxl import load_workbook

from mediasi.forum.activities import ActivityService
from mediasi.forum.aspirations import AspirationService
from mediasi.forum.models import ForumAspiration
from mediasi.forum.schemas import ActivityForm, AspirationForm, CaseForm, ProgressForm, RecordForm
from mediasi.runtime import Runtime
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import World
from tests.integration.forum.conftest import Forums
from tests.integration.statistics.conftest import shown
from tests.integration.supervision.conftest import OpenAs

MONTH = "period=month&value=2026-10"


def _at(day: int, month: int = 10, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=LOCAL_TZ)


class Built:
    """Forums of desa A1, of Polsek A itself and of desa B1 with their October (and one
    September) activities, set up through the services at the days they happened."""

    def __init__(self, runtime: Runtime, world: World, forums: Forums) -> None:
        self.runtime, self.world = runtime, world
        a1 = forums.create()
        m = [
            forums.member(a1, name=n, started_on=date(2026, 1, 1)) for n in ("Ani", "Budi", "Citra")
        ]
        self.held(a1, "dialog", _at(5), [m[0], m[1]], 40)
        self.held(a1, "penyuluhan", _at(20), [m[0]], 15)
        self.held(a1, "dialog", _at(28, 9), [m[2]], 10)  # September
        self.scheduled(a1, "patroli", _at(25))  # never recorded: not counted
        dialog = self.activity_on(a1, _at(5))
        done = self.raise_(dialog, _at(5, hour=11))
        self.follow(done, _at(8))
        case = self.raise_(dialog, _at(5, hour=12))
        self.to_case(case, _at(6))
        self.raise_(dialog, _at(5, hour=13))  # still open
        self.raise_(self.activity_on(a1, _at(28, 9)), _at(28, 9, hour=12))  # September
        polsek = forums.create(area=world.polsek_a, by="supervisor", name="FKPM Kecamatan")
        self.held(polsek, "pelatihan", _at(12), [], 20, by="supervisor")
        b1 = forums.create(area=world.desa_b1, by="officer_b", name="FKPM Wadung")
        b_member = forums.member(b1, by="officer_b", name="Dedi", started_on=date(2026, 1, 1))
        self.held(b1, "bantuan_sosial", _at(10), [b_member], 100, by="officer_b")
        self.raise_(self.activity_on(b1, _at(10), by="officer_b"), _at(10, hour=12), by="officer_b")

    def _clock(self, moment: datetime) -> Callable[[], datetime]:
        return lambda: moment.astimezone(UTC)

    def scheduled(self, forum: UUID, kind: str, when: datetime, by: str = "officer") -> UUID:
        form = ActivityForm(kind=kind, starts_at=when, place="Balai", topic=f"{kind} {when:%d %b}")
        with self.runtime.sessions.begin() as session:
            service = ActivityService(session, self.runtime.settings, self._clock(when))
            return service.schedule(self.world.actor(by), forum, form).id

    def held(
        self,
        forum: UUID,
        kind: str,
        when: datetime,
        members: list[UUID],
        residents: int,
        by: str = "officer",
    ) -> None:
        activity = self.scheduled(forum, kind, when, by)
        form = RecordForm(
            members=members, residents=residents, minutes="Berjalan lancar dan tertib."
        )
        with self.runtime.sessions.begin() as session:
            service = ActivityService(session, self.runtime.settings, self._clock(when))
            service.record(self.world.actor(by), activity, form)

    def activity_on(self, forum: UUID, when: datetime, by: str = "officer") -> UUID:
        with self.runtime.sessions() as session:
            service = ActivityService(session, self.runtime.settings)
            forum_row = service.forum(self.world.actor(by), forum)
            return next(a.id for a in service.activities(forum_row) if a.starts_at == when)

    def _aspirations(self, session, when: datetime) -> AspirationService:  # type: ignore[no-untyped-def]
        return AspirationService(
            self.runtime.case_service(session, self._clock(when)), self._clock(when)
        )

    def raise_(self, activity: UUID, when: datetime, by: str = "officer") -> UUID:
        form = AspirationForm(
            kind="keluhan", text="Jalan desa rusak", owner="Kades", due_on=date(2026, 12, 1)
        )
        with self.runtime.sessions.begin() as session:
            return self._aspirations(session, when).raise_(self.world.actor(by), activity, form).id

    def follow(self, aspiration: UUID, when: datetime) -> None:
        with self.runtime.sessions.begin() as session:
            form = ProgressForm(status="done", note="Sudah diperbaiki.")
            service = self._aspirations(session, when)
            row = session.get(ForumAspiration, aspiration)
            service.progress(self.world.actor("officer"), row.activity_id, aspiration, form)

    def to_case(self, aspiration: UUID, when: datetime) -> None:
        form = CaseForm(
            topic="pengaduan:ketertiban",
            title="Jalan desa rusak",
            desa_id=self.world.desa_a1,
            reporter_name="Pak RT",
        )
        with self.runtime.sessions.begin() as session:
            service = self._aspirations(session, when)
            row = session.get(ForumAspiration, aspiration)
            service.to_case(self.world.actor("officer"), row.activity_id, aspiration, form)


@pytest.fixture
def built(runtime: Runtime, world: World, forums: Forums) -> Built:
    return Built(runtime, world, forums)


# reader, area → (held, dialog, penyuluhan, pelatihan, bantuan_sosial, members, residents,
#                 raised, followed, cases)
EXPECTED = {
    ("supervisor", "KEPANJEN"): ("3", "1", "1", "1", "0", "3", "75", "3", "2", "1"),
    ("polres_supervisor", "MALANG"): ("4", "1", "1", "1", "1", "4", "175", "4", "2", "1"),
    ("polres_supervisor", "PAKISAJI"): ("1", "0", "0", "0", "1", "1", "100", "1", "0", "0"),
    ("officer", None): ("2", "1", "1", "0", "0", "3", "55", "3", "2", "1"),
    ("officer_b", None): ("1", "0", "0", "0", "1", "1", "100", "1", "0", "0"),
}
KEYS = (
    "forum_held",
    "forum_held_dialog",
    "forum_held_penyuluhan",
    "forum_held_pelatihan",
    "forum_held_bantuan_sosial",
    "forum_members_present",
    "forum_residents",
    "forum_raised",
    "forum_followed",
    "forum_cases",
)


@pytest.mark.parametrize(("reader", "area"), list(EXPECTED))
def test_the_statistics_page_counts_the_forums_in_reach(
    open_as: OpenAs, built: Built, reader: str, area: str | None
) -> None:
    url = f"/statistik?{MONTH}" + (f"&area={area}" if area else "")
    page = open_as(reader).get(url)
    assert page.status_code == 200, page.text[:300]
    forum = page.text.split('id="statistics-forum"')[1].split("</section>")[0]
    assert tuple(shown(forum, key) for key in KEYS) == EXPECTED[(reader, area)]


def test_the_anev_pack_has_the_forum_figures(open_as: OpenAs, built: Built) -> None:
    response = open_as("supervisor").get("/statistik/anev.xlsx?month=2026-10&area=KEPANJEN")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = {row[0].value: row[1].value for row in book["Forum kemitraan"].iter_rows(min_row=2)}
    assert sheet["Kegiatan: dialog"] == 1
    assert sheet["Kegiatan: pelatihan"] == 1
    assert sheet["Kegiatan terlaksana"] == 3
    assert sheet["Warga hadir"] == 75
    assert sheet["Aspirasi dan keluhan diterima"] == 3
    assert sheet["… sudah tuntas (selesai atau menjadi perkara)"] == 2
    assert sheet["Perkara yang berawal dari forum"] == 1
