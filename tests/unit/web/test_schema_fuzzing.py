"""Hypothesis over every pydantic schema at the boundary and every form parser: arbitrary
text, numbers, bytes-as-text and nesting give a model or FieldErrors, never another exception,
and what a model keeps holds no control character."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from mediasi.accounts.schemas import (
    AreaCreate,
    ContactInput,
    PasswordInput,
    TokohCreate,
    UserCreate,
)
from mediasi.agreements import forms as agreement_forms
from mediasi.agreements.schemas import (
    AgreementDraft,
    Decline,
    InPersonSignature,
    ObligationInput,
    ObligationMark,
    PaperSignature,
)
from mediasi.api.schemas import TransitionIn
from mediasi.cases import forms as case_forms
from mediasi.cases.queries import CaseFilters
from mediasi.cases.schemas import CaseCreate, CaseEdit, PartyInput, TokohInvite
from mediasi.errors import FieldErrors
from mediasi.i18n import Translatable
from mediasi.mediation.schemas import SessionRecord
from mediasi.supervision.schemas import ExportRequest
from mediasi.validation import validate
from mediasi.workflow.loader import load_workflows

SCHEMAS: list[type[BaseModel]] = [
    CaseCreate,
    CaseEdit,
    PartyInput,
    TokohInvite,
    CaseFilters,
    TransitionIn,
    UserCreate,
    PasswordInput,
    AreaCreate,
    TokohCreate,
    ContactInput,
    AgreementDraft,
    ObligationInput,
    InPersonSignature,
    PaperSignature,
    Decline,
    ObligationMark,
    SessionRecord,
    ExportRequest,
]
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROLS = {chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)}

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**160), max_value=10**160)
    | st.floats()
    | st.text(max_size=50)
    | st.binary(max_size=20).map(lambda b: b.decode("latin-1"))
    | st.sampled_from(["9" * 140, "", " ", "\x00", "2024-02-30", "00000000-0000-0000-0000-0000"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


def documents(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    known = st.dictionaries(st.sampled_from(sorted(model.model_fields)), values, max_size=8)
    unknown = st.dictionaries(st.text(max_size=12), values, max_size=3)
    return st.tuples(known, unknown).map(lambda pair: {**pair[1], **pair[0]})


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("model", SCHEMAS, ids=[m.__name__ for m in SCHEMAS])
@FUZZ
@given(data=st.data())
def test_every_schema_gives_a_model_or_field_errors(model: type[BaseModel], data: Any) -> None:
    document = data.draw(documents(model))
    refused: FieldErrors | None = None
    try:
        built = validate(model, document)
    except FieldErrors as exc:
        refused = exc
    if refused is not None:
        assert refused.errors
        assert all(isinstance(m, Translatable) for m in refused.errors.values())
        assert len(refused.errors) <= 60  # the answer stays short whatever was sent
        return
    kept = _strings(built.model_dump(mode="json"))
    assert not [s for s in kept if CONTROLS & set(s)], kept


forms = st.dictionaries(
    st.text(max_size=20),
    st.text(max_size=40) | st.lists(st.text(max_size=10), max_size=3),
    max_size=12,
)


@FUZZ
@given(forms)
def test_the_form_parsers_never_fail_other_than_with_field_errors(form: dict[str, Any]) -> None:
    for parse in (
        case_forms.report_input,
        case_forms.without_csrf,
        case_forms.expected_version,
        agreement_forms.draft_input,
        agreement_forms.fields_of,
        agreement_forms.posted_number,
    ):
        try:
            result = parse(form)
        except FieldErrors:
            continue
        if parse in (case_forms.expected_version, agreement_forms.posted_number):
            assert isinstance(result, int)
            assert 1 <= result <= 2**63 - 1


WORKFLOWS = load_workflows(Path(__file__).resolve().parents[3] / "workflows")
row_keys = st.sampled_from(["party", "ob"]).flatmap(
    lambda prefix: st.tuples(
        st.just(prefix),
        st.text(alphabet="0123456789-x\u0663", max_size=6),
        st.sampled_from(["name", "nik", "description", "due_date", "role", "x"]),
    )
)
row_forms = st.dictionaries(
    row_keys.map(lambda parts: "_".join(parts)),
    st.text(max_size=20),
    max_size=40,
)


@FUZZ
@given(row_forms, st.booleans())
def test_numbered_rows_are_read_and_validated_without_surprises(
    form: dict[str, Any], add: bool
) -> None:
    """Whatever rows are posted: at most one past the limit is kept, asking for a row adds at
    most one, and what is saved is validated or refused field by field."""
    for rows, read, build in (
        (
            case_forms.PARTY_ROWS,
            case_forms.report_input,
            partial(case_forms.report_data, registry=WORKFLOWS),
        ),
        (agreement_forms.OBLIGATION_ROWS, agreement_forms.draft_input, agreement_forms.draft_data),
    ):
        values = read(form | ({rows.add_field: "+"} if add else {}))
        shown = values[rows.name]
        assert len(shown) <= rows.limit + 1
        assert rows.add_field not in values
        grown = rows.with_a_new_row(values)[rows.name]
        assert len(grown) == len(shown) + (len(shown) < rows.limit)
        refused: FieldErrors | None = None
        try:
            build(rows.filled_only(values))
        except FieldErrors as exc:
            refused = exc
        if refused is not None:
            assert all(isinstance(m, Translatable) for m in refused.errors.values())


@FUZZ
@given(st.text(max_size=30))
def test_a_version_field_takes_only_plain_digits_in_range(raw: str) -> None:
    try:
        value = case_forms.expected_version({"version": raw})
    except FieldErrors:
        assert not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 2**63 - 1)
    else:
        assert raw == str(value)
