"""Reports an officer takes (in person, by phone, found on a visit) are on the same record as
the public door's, on both backends: each case the officer registers is one report, decided at
once, with a tracking code the reporter is sent with the case's number and can follow at
/lacak; a resident's report taken up by triage stays one report, not two; the public door's
limits count residents' reports only."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import func, select

from mediasi.cases.models import Case
from mediasi.intake.models import PublicReport, ReportEvent
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from tests.factories import World, submitted
from tests.integration.web.conftest import Web, field_error
from tests.integration.web.test_public_door import report_form as public_form
from tests.integration.web.test_public_door import send
from tests.integration.web.test_report import report_form

CASE_URL = re.compile(r"^/cases/([0-9a-f-]{36})$")


def register(web: Web, world: World, **changes: Any) -> UUID:
    response = web.post("/cases", report_form(world, **changes))
    assert response.status_code == 303, response.text
    found = CASE_URL.match(response.headers["location"])
    assert found
    return UUID(found.group(1))


def reports_of(runtime: Runtime, case_id: UUID) -> list[PublicReport]:
    with runtime.sessions() as session:
        return list(session.scalars(select(PublicReport).where(PublicReport.case_id == case_id)))


def messages(runtime: Runtime, case_id: UUID) -> list[Message]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Message).where(Message.case_id == case_id)))


def test_the_form_asks_how_the_report_came_in_walk_in_first(web: Web) -> None:
    page = web.login_as("officer").get("/cases/new").text
    assert "Laporan masuk lewat" in page
    assert re.search(r'value="walk_in" checked', page)
    for label in ("Datang langsung", "Telepon atau pesan", "Temuan saat sambang"):
        assert label in page


def test_a_phoned_in_report_is_on_record_and_its_reporter_can_follow_it(
    web: Web, runtime: Runtime, world: World
) -> None:
    case_id = register(web.login_as("officer"), world, door="phone")
    [report] = reports_of(runtime, case_id)
    assert (report.source, report.status) == ("phone", "accepted")
    assert report.legal_basis == "public_task"
    assert (report.consent_at, report.address_hash) == (None, None)
    assert report.reporter_phone == "+6281234567890"
    with runtime.sessions() as session:
        [event] = session.scalars(select(ReportEvent).where(ReportEvent.report_id == report.id))
        case = session.get(Case, case_id)
        assert case is not None
    assert (event.trigger, event.to_status, event.actor_role) == (
        "report.recorded",
        "accepted",
        "officer",
    )
    assert event.payload["reference"] == case.reference

    # One message to the reporter: the case's number and the tracking code together.
    told = [m for m in messages(runtime, case_id) if m.kind.startswith("report_received")]
    assert [m.kind for m in told] == ["report_received_tracked"]
    assert case.reference in told[0].text
    assert report.tracking_code in told[0].text

    # The case page names the door and links the report; the reporter follows it at /lacak.
    page = web.get(f"/cases/{case_id}").text
    assert "Telepon atau pesan" in page
    assert f'href="/laporan/{report.id}"' in page
    public = Web(web.client)
    public.client.cookies.clear()
    public.get("/lacak")
    status = public.post("/lacak", {"code": report.tracking_code, "digits": "7890"})
    assert status.status_code == 200
    assert "Darto Santoso" not in status.text
    assert "Patok batas sawah dipindah" not in status.text


def test_a_finding_on_a_visit_gets_no_tracking_code_message(
    web: Web, runtime: Runtime, world: World
) -> None:
    case_id = register(web.login_as("officer"), world, door="patrol")
    [report] = reports_of(runtime, case_id)
    assert report.source == "patrol"
    kinds = [m.kind for m in messages(runtime, case_id) if m.kind.startswith("report_received")]
    assert kinds == ["report_received"]


@pytest.mark.parametrize("door", ["web", "api", "", "walk_in\x00", "x" * 5000])
def test_an_unknown_door_is_refused_beside_the_field_and_nothing_is_written(
    web: Web, runtime: Runtime, world: World, door: str
) -> None:
    response = web.login_as("officer").post("/cases", report_form(world, door=door))
    assert response.status_code == 422
    assert field_error(response.text, "door")
    with runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0
        assert session.scalar(select(func.count()).select_from(PublicReport)) == 0


def test_a_residents_report_taken_up_as_a_case_is_counted_once(
    web: Web, runtime: Runtime, world: World
) -> None:
    row = submitted(runtime, world)
    accepted = web.login_as("officer").post(f"/laporan/{row.id}/accept", {})
    case_id = UUID(accepted.headers["location"].rsplit("/", 1)[1])
    [report] = reports_of(runtime, case_id)
    assert (report.id, report.source) == (row.id, "web")
    kinds = [m.kind for m in messages(runtime, case_id) if m.kind.startswith("report_received")]
    assert kinds == ["report_received"]  # its code was sent when the resident reported
    other = submitted(
        runtime, world, reporter_phone="0813-1111-2222", what="Patok yang sama, kata tetangga."
    )
    with runtime.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        reference = case.reference
    web.post(f"/laporan/{other.id}/merge", {"reference": reference})
    page = web.get(f"/cases/{case_id}").text
    assert "Laman lapor warga" in page
    assert "Laporan digabung" in page
    assert len(reports_of(runtime, case_id)) == 2


def test_what_the_officer_records_does_not_use_up_a_residents_limits(
    web: Web, runtime: Runtime, world: World
) -> None:
    web.login_as("officer")
    for title in ("Patok batas sawah dipindah", "Saluran air ditutup", "Pagar dirobohkan"):
        register(web, world, title=title, reporter_phone="0812-3456-7890")
    resident = Web(web.client)
    resident.client.cookies.clear()
    taken = send(resident, public_form(runtime, world))
    assert taken.status_code == 201, taken.text
