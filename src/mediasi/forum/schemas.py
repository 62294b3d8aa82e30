"""What a person may send about a forum, its roster, an activity and an aspiration, with the
limits each form enforces (see :mod:`mediasi.validation` for the words of each refusal)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, BeforeValidator, Field

from mediasi.cases.schemas import chosen
from mediasi.errors import FieldErrors
from mediasi.reports.period import Day as TypedDay
from mediasi.reports.period import check_span
from mediasi.validation import (
    BlankIsNone,
    Form,
    OptionalEmail,
    OptionalPhone,
    many_lines,
    one_line,
    validate,
)

MAX_ATTENDEES = 300
MAX_RESIDENTS = 100_000

Basis = Literal["wilayah", "kawasan"]
PersonKind = Literal["tokoh", "officer", "other"]
Element = Literal[
    "tokoh_agama",
    "tokoh_adat",
    "tokoh_masyarakat",
    "pemuda",
    "perempuan",
    "pemerintah_desa",
    "linmas",
    "akademisi",
    "pelaku_usaha",
    "pengelola_kawasan",
    "satpam",
    "pekerja",
    "polri",
]
Position = Literal["ketua", "wakil_ketua", "sekretaris", "anggota"]
ActivityKind = Literal["dialog", "penyuluhan", "patroli", "bantuan_sosial", "pelatihan"]
Choice = Annotated[UUID, BeforeValidator(chosen)]
OptionalChoice = Annotated[UUID | None, BlankIsNone]
OptionalLine = Annotated[Annotated[str, one_line(120)] | None, BlankIsNone]


def in_range(day: date) -> date:
    """A day this application can count (the reporting periods' bounds)."""
    check_span(day, day)
    return day


# A day as a date input sends it, within the years the reports count.
Day = Annotated[TypedDay, AfterValidator(in_range)]


class ForumForm(Form):
    name: Annotated[str, one_line(120)] = Field(min_length=3)
    area_id: Choice
    basis: Basis = "wilayah"
    kawasan: OptionalLine = None
    meeting_place: Annotated[Annotated[str, one_line(200)] | None, BlankIsNone] = None
    formed_on: Annotated[Day | None, BlankIsNone] = None


class MemberForm(Form):
    person_kind: PersonKind
    tokoh_id: OptionalChoice = None
    user_id: OptionalChoice = None
    name: OptionalLine = None
    phone: OptionalPhone = None
    email: OptionalEmail = None
    element: Element
    position: Position = "anggota"
    started_on: Day


class EndService(Form):
    ended_on: Day
    reason: Annotated[Annotated[str, one_line(300)] | None, BlankIsNone] = None


class MovePosition(Form):
    position: Position
    moved_on: Day


class ActivityForm(Form):
    kind: ActivityKind
    starts_at: datetime
    place: Annotated[str, one_line(200)] = Field(min_length=3)
    topic: Annotated[str, one_line(200)] = Field(min_length=3)


class RecordForm(Form):
    members: list[UUID] = Field(default_factory=list, max_length=MAX_ATTENDEES)
    residents: int = Field(ge=0, le=MAX_RESIDENTS)
    minutes: Annotated[str, many_lines(8000)] = Field(min_length=10)


def record_form(values: dict[str, Any]) -> RecordForm:
    """The record form, a wrong ticked member said once beside the list (not as members.3)."""
    try:
        return validate(RecordForm, values)
    except FieldErrors as refused:
        errors = {n.partition(".")[0]: e for n, e in reversed(refused.errors.items())}
        raise FieldErrors(errors) from None


class AspirationForm(Form):
    kind: Literal["aspirasi", "keluhan"]
    text: Annotated[str, many_lines(2000)] = Field(min_length=5)
    raised_by: OptionalLine = None
    owner: Annotated[str, one_line(120)] = Field(min_length=2)
    due_on: Day


class ProgressForm(Form):
    status: Literal["in_progress", "done"]
    note: Annotated[str, many_lines(2000)] = Field(min_length=3)


class CaseForm(Form):
    # "<workflow>:<category>", one choice grouped by workflow, so the form works without script.
    topic: Annotated[str, one_line(82)] = Field(min_length=3)
    title: Annotated[str, one_line(200)] = Field(min_length=5)
    desa_id: Choice
    reporter_name: Annotated[str, one_line(120)] = Field(min_length=2)

    @property
    def workflow(self) -> str:
        return self.topic.partition(":")[0]

    @property
    def category(self) -> str:
        return self.topic.partition(":")[2]
