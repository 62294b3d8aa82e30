"""The schema of a workflow file: states, transitions, their fields, roles and guards."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from mediasi.text import LocalText, Text
from mediasi.workflow.durations import Duration, parse_duration

IDENTIFIER = r"^[a-z][a-z0-9_]{0,39}$"
ROLES = ("officer", "supervisor", "tokoh", "admin", "system")
# The roles a person holds in a case, as a transition's ``signatories`` may name them.
PARTY_ROLES = ("complainant", "respondent", "victim", "witness")
TOKOH_ROLES = ("mediator", "witness")
# Case columns a transition field may write to, and nothing else.
CASE_FIELDS = ("risk_level", "category", "title", "description")
# How a case ended, as the statistics count it: a final state names one of these.
CLOSED_OUTCOMES = ("settled", "referred", "withdrawn", "resolved", "forwarded", "rejected")
ClosedOutcome = Literal["settled", "referred", "withdrawn", "resolved", "forwarded", "rejected"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _coerce_duration(value: Any) -> Any:
    if value is None or isinstance(value, Duration):
        return value
    return parse_duration(value)


DurationField = Annotated[
    Duration | None,
    BeforeValidator(_coerce_duration),
    PlainSerializer(lambda d: str(d) if d else None),
]


class FieldType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    CHOICE = "choice"
    DATE = "date"
    DATETIME = "datetime"
    INTEGER = "integer"
    CHECKLIST = "checklist"


class Choice(Strict):
    value: str = Field(pattern=IDENTIFIER)
    label: LocalText


YES, NO = "yes", "no"


def _yes_no(value: Any) -> Any:
    # YAML 1.1 reads a bare ``yes`` or ``no`` as a boolean; the author meant the answer.
    if isinstance(value, bool):
        return YES if value else NO
    return value


Answer = Annotated[Literal["yes", "no"], BeforeValidator(_yes_no)]


class ChecklistItem(Strict):
    """One question of a checklist: what it asks, the article it comes from, and which answer
    rules the case out (and whether that sends it to Unit PPA rather than Reskrim)."""

    key: str = Field(pattern=IDENTIFIER)
    label: LocalText
    source: str = Field(max_length=300)
    disqualifies_when: Answer
    refer_to: Literal["reskrim", "ppa"] | None = None
    # The item's wording or article could not be checked against the regulation's own text.
    needs_legal_review: bool = False

    @field_validator("label")
    @classmethod
    def _worded(cls, value: Text) -> Text:
        if not value.id.strip():
            raise ValueError("a checklist item needs a 'label' (the question it asks)")
        return value

    @field_validator("source")
    @classmethod
    def _cited(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a checklist item must cite its 'source' (the article it comes from)")
        return value.strip()


class FieldSpec(Strict):
    """A form field a transition requires; validated before the transition fires."""

    name: str = Field(pattern=IDENTIFIER)
    label: LocalText
    type: FieldType = FieldType.TEXT
    required: bool = True
    help: LocalText | None = None
    max_length: int | None = Field(default=None, ge=1, le=20_000)
    # Text only: a reason must say something (a withdrawal's reason, at least so many characters).
    min_length: int | None = Field(default=None, ge=1, le=20_000)
    min: int | None = None
    max: int | None = None
    choices: list[Choice] = Field(default_factory=list)
    items: list[ChecklistItem] = Field(default_factory=list)
    case_field: Literal["risk_level", "category", "title", "description"] | None = None

    @model_validator(mode="after")
    def _choices_match_type(self) -> FieldSpec:
        if self.type is FieldType.CHOICE and not self.choices:
            raise ValueError("a choice field needs 'choices'")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError("'choices' only go with type: choice")
        if len({c.value for c in self.choices}) != len(self.choices):
            raise ValueError("choices repeat a value")
        if self.type is FieldType.CHECKLIST and not self.items:
            raise ValueError("a checklist field needs 'items'")
        if self.type is not FieldType.CHECKLIST and self.items:
            raise ValueError("'items' only go with type: checklist")
        if self.type is FieldType.CHECKLIST and self.case_field:
            raise ValueError("a checklist cannot write a case column ('case_field')")
        if self.min_length is not None and self.type not in (FieldType.TEXT, FieldType.TEXTAREA):
            raise ValueError("'min_length' only goes with type: text or textarea")
        if self.min_length is not None and self.min_length > self.effective_max_length:
            raise ValueError("'min_length' is more than the field's 'max_length'")
        return self

    @property
    def effective_max_length(self) -> int:
        if self.max_length:
            return self.max_length
        return 4000 if self.type is FieldType.TEXTAREA else 200


def _pause_shape(value: Any) -> Any:
    if value is True:
        raise ValueError("'pausable' needs its longest pause: write pausable: {max: 30 days}")
    return None if value is False else value


class PauseSpec(Strict):
    """The state's deadline may be paused with a reason (a party in hospital, the harvest), for
    at most ``max``; a pause left running longer counts as the deadline passing."""

    max: Annotated[Duration, BeforeValidator(_coerce_duration), PlainSerializer(str)]


class StateSpec(Strict):
    label: LocalText
    description: LocalText | None = None
    final: bool = False
    # The case waits for a supervisor's decision here (it shows in the review queue).
    review: bool = False
    deadline: DurationField = None
    on_expiry: str | None = Field(default=None, pattern=IDENTIFIER)
    pausable: Annotated[PauseSpec | None, BeforeValidator(_pause_shape)] = None
    # A restorative justice settlement stands while a case is here: it counts for the guard
    # ``once_per_offender`` (a second settlement for the same offender is barred).
    settlement: bool = False
    # Final states only: how a case that ends here counts among the closed (see
    # CLOSED_OUTCOMES), so the statistics read it from the file, never from a state's name.
    outcome: ClosedOutcome | None = None

    @model_validator(mode="after")
    def _expiry_needs_deadline(self) -> StateSpec:
        if self.on_expiry and not self.deadline:
            raise ValueError("'on_expiry' needs a 'deadline'")
        if self.final and self.deadline:
            raise ValueError("a final state has no deadline")
        if self.pausable and not self.deadline:
            raise ValueError("'pausable' needs a 'deadline' (there is nothing to pause)")
        if self.outcome and not self.final:
            raise ValueError("'outcome' goes only with final: true")
        return self


def _role_in(kind: str, known: tuple[str, ...]) -> Any:
    def check(value: str) -> str:
        if value not in known:
            raise ValueError(f"unknown {kind} role {value!r} (known: {', '.join(known)})")
        return value

    return AfterValidator(check)


PartyRoleName = Annotated[str, _role_in("party", PARTY_ROLES)]
TokohRoleName = Annotated[str, _role_in("tokoh", TOKOH_ROLES)]


class Signatories(Strict):
    """Who must sign the agreement before the transition may fire: every party of a case that
    holds one of ``parties`` and every tokoh invited in one of the ``tokoh`` roles."""

    parties: list[PartyRoleName] = Field(default_factory=list)
    tokoh: list[TokohRoleName] = Field(default_factory=list)

    @field_validator("parties", "tokoh")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        repeated = sorted({v for v in value if value.count(v) > 1})
        if repeated:
            raise ValueError(f"role {repeated[0]!r} is listed twice")
        return value

    @model_validator(mode="after")
    def _someone(self) -> Signatories:
        if not self.parties and not self.tokoh:
            raise ValueError("'signatories' must name at least one party or tokoh role")
        return self


class TransitionSpec(Strict):
    trigger: str = Field(pattern=IDENTIFIER)
    label: LocalText
    source: list[str] = Field(min_length=1)
    dest: str = Field(pattern=IDENTIFIER)
    roles: list[Literal["officer", "supervisor", "tokoh", "admin", "system"]] = Field(min_length=1)
    fields: list[FieldSpec] = Field(default_factory=list)
    guards: list[str] = Field(default_factory=list)
    effects: list[str] = Field(default_factory=list)
    style: Literal["primary", "secondary", "danger"] = "primary"
    confirm: LocalText | None = None
    signatories: Signatories | None = None

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("fields")
    @classmethod
    def _unique_fields(cls, value: list[FieldSpec]) -> list[FieldSpec]:
        names = [f.name for f in value]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"field {duplicates[0]!r} is declared twice")
        return value

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


class MigrateFrom(Strict):
    """How the open cases of an earlier version move to this one: the states that were renamed
    or merged (``old: new``); a state not named keeps its name if this version has it."""

    version: int = Field(ge=1, le=10_000)
    states: dict[str, str] = Field(default_factory=dict)

    @field_validator("states")
    @classmethod
    def _state_names(cls, value: dict[str, str]) -> dict[str, str]:
        for old, new in value.items():
            for name in (old, new):
                if not re.match(IDENTIFIER, name):
                    raise ValueError(f"state name {name!r} must be lower_snake_case")
        return value


class Category(Strict):
    value: str = Field(pattern=IDENTIFIER)
    label: LocalText


class WorkflowSpec(Strict):
    """One workflow version, as declared in a file under ``workflows/``."""

    name: str = Field(pattern=IDENTIFIER)
    version: int = Field(ge=1, le=10_000)
    label: LocalText
    description: LocalText | None = None
    initial: str = Field(pattern=IDENTIFIER)
    reference_prefix: str = Field(default="MED", pattern=r"^[A-Z]{2,6}$")
    categories: list[Category] = Field(min_length=1)
    # Whether the public door takes a report of this kind without the reporter's name and
    # phone (a complaint may come anonymously; a dispute needs parties who can be reached).
    anonymous_reports: bool = False
    states: dict[str, StateSpec] = Field(min_length=2)
    transitions: list[TransitionSpec] = Field(min_length=1)
    migrate_from: MigrateFrom | None = None

    @field_validator("states")
    @classmethod
    def _state_names(cls, value: dict[str, StateSpec]) -> dict[str, StateSpec]:
        for name in value:
            if not re.match(IDENTIFIER, name):
                raise ValueError(f"state name {name!r} must be lower_snake_case")
        return value

    @property
    def key(self) -> tuple[str, int]:
        return (self.name, self.version)

    def transition(self, trigger: str, state: str) -> TransitionSpec | None:
        """The transition ``trigger`` fires from ``state`` (a trigger may leave several states)."""
        return next(
            (t for t in self.transitions if t.trigger == trigger and state in t.source), None
        )

    def triggers(self) -> set[str]:
        return {t.trigger for t in self.transitions}

    def transitions_from(self, state: str) -> list[TransitionSpec]:
        return [t for t in self.transitions if state in t.source]

    def agreement_transition(self) -> TransitionSpec | None:
        """The transition that needs a signed agreement (it declares ``signatories``), if any."""
        return next((t for t in self.transitions if t.signatories is not None), None)

    def column_text(self, column: str, value: str) -> Text | None:
        """The label of a case column's stored value: a category, or a choice of a field that
        writes the column (``risk_level``); None where the file gives it no label."""
        if column == "category":
            return next((c.label for c in self.categories if c.value == value), None)
        choices = (
            c
            for t in self.transitions
            for f in t.fields
            if f.case_field == column
            for c in f.choices
            if c.value == value
        )
        return next((c.label for c in choices), None)

    def category_label(self, value: str, lang: str = "id") -> str:
        found = next((c for c in self.categories if c.value == value), None)
        return found.label.get(lang) if found else value
