"""A person's wish, said to the officer and kept: opted out (no message, the log says why) or a
preferred channel; each change is a chained case event; bad values are refused beside the form."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import select

from mediasi.cases.models import Case, Party
from mediasi.notifications.models import SUPPRESSED, ContactPreference, Message
from mediasi.notifications.outbox import OPTED_OUT
from mediasi.runtime import Runtime
from tests.integration.web.conftest import Cases, Db, Web


@pytest.fixture
def case_id(cases: Cases) -> UUID:
    return cases.mediated()


def respondent_key(runtime: Runtime, case_id: UUID) -> str:
    with runtime.sessions() as session:
        party = session.scalars(
            select(Party).where(Party.case_id == case_id, Party.role == "respondent")
        ).one()
        return f"party:{party.id}"


def test_an_opt_out_is_kept_by_number_recorded_and_honoured(
    web: Web, case_id: UUID, runtime: Runtime, db: Db, cases: Cases
) -> None:
    web.login_as("officer")
    key = respondent_key(runtime, case_id)
    assert f'value="{key}"' in web.case_page(case_id).text
    response = web.post(
        f"/cases/{case_id}/messages/contacts",
        {"version": web.version(case_id), "person": key, "opted_out": "true", "channel": ""},
        htmx=True,
    )
    assert response.status_code == 200, response.text[:300]
    with runtime.sessions() as session:
        wish = session.scalars(select(ContactPreference)).one()
    assert (wish.address, wish.opted_out, wish.channel) == ("+6281234567890", True, None)
    event = db.events(case_id)[-1]
    assert event.trigger == "contact.preference"
    assert event.payload["to"] == "0812****7890"  # masked in the chained log too
    # The same number in another case hears nothing either; the log says why.
    other = cases.mediated()
    with runtime.sessions() as session:
        told = session.scalars(
            select(Message).where(Message.case_id == other, Message.address == "+6281234567890")
        ).all()
    assert told
    assert {(m.status, m.reason) for m in told} == {(SUPPRESSED, OPTED_OUT)}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "telegram"}, "channel"),
        ({"channel": "whatsapp"}, "channel"),  # not a channel of this deployment
        ({"person": "party:00000000-0000-4000-8000-000000000000"}, "person"),
        ({"person": "x" * 5000}, "person"),
        ({"person": "party:\x00"}, "person"),
        ({"opted_out": "perhaps"}, "opted_out"),
    ],
)
def test_wrong_values_are_refused_and_nothing_is_kept(
    web: Web, case_id: UUID, runtime: Runtime, change: dict[str, str], field: str
) -> None:
    web.login_as("officer")
    before = web.version(case_id)
    form = {"version": before, "person": respondent_key(runtime, case_id), **change}
    response = web.post(f"/cases/{case_id}/messages/contacts", form, htmx=True)
    assert response.status_code == 422, (change, response.status_code)
    with runtime.sessions() as session:
        assert session.scalars(select(ContactPreference)).all() == []
        assert session.get(Case, case_id).version == before  # type: ignore[union-attr]


def test_a_tokoh_cannot_say_what_a_party_wants(web: Web, case_id: UUID, runtime: Runtime) -> None:
    officer_version = web.login_as("officer").version(case_id)
    web.login_as("tokoh")
    form = {"version": officer_version, "person": respondent_key(runtime, case_id)}
    response = web.post(f"/cases/{case_id}/messages/contacts", form, htmx=True)
    assert response.status_code == 403
