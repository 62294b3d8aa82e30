"""The delivery log on the case page, and sending a failed message again to a corrected number."""

from __future__ import annotations

from uuid import UUID

import pytest
from sqlalchemy import select, update

from mediasi.cases.models import Party
from mediasi.notifications.models import Message
from mediasi.runtime import Runtime
from tests.integration.web.conftest import Cases, Db, Web, field_error


@pytest.fixture
def mediated(cases: Cases) -> UUID:
    return cases.mediated()


def messages(runtime: Runtime, case_id: UUID) -> list[Message]:
    with runtime.sessions() as session:
        return list(
            session.scalars(
                select(Message).where(Message.case_id == case_id).order_by(Message.created_at)
            )
        )


def fail_party_message(runtime: Runtime, case_id: UUID) -> Message:
    """A party's message that the provider refused for good."""
    party = next(m for m in messages(runtime, case_id) if m.recipient_kind == "party")
    with runtime.sessions.begin() as session:
        session.execute(
            update(Message)
            .where(Message.id == party.id)
            .values(status="failed", reason="number does not exist")
        )
    return party


def test_the_log_lists_every_message_masked_for_the_officer(
    web: Web, mediated: UUID, runtime: Runtime
) -> None:
    sent = messages(runtime, mediated)
    assert sent, "scheduling a session queues messages"
    html = web.login_as("officer").case_page(mediated).text
    assert 'id="deliveries"' in html
    for m in sent:
        assert f'id="message-{m.id}"' in html
        assert m.recipient_name in html
        if m.address:
            assert m.address not in html  # only masked


def test_a_tokoh_does_not_see_the_log(web: Web, mediated: UUID) -> None:
    html = web.login_as("tokoh").case_page(mediated).text
    assert 'id="deliveries"' not in html


def test_resending_to_a_corrected_number(
    web: Web, mediated: UUID, runtime: Runtime, db: Db
) -> None:
    failed = fail_party_message(runtime, mediated)
    web.login_as("officer")
    html = web.case_page(mediated).text
    assert f"/cases/{mediated}/messages/{failed.id}/resend" in html
    response = web.post(
        f"/cases/{mediated}/messages/{failed.id}/resend",
        {"version": web.version(mediated), "phone": "0812-9999-1234"},
        htmx=True,
    )
    assert response.status_code == 200, response.text[:300]
    copy = next(m for m in messages(runtime, mediated) if m.resent_from_id == failed.id)
    assert (copy.status, copy.address, copy.kind) == ("queued", "+6281299991234", failed.kind)
    with runtime.sessions() as session:
        party = session.get(Party, UUID(failed.recipient_ref or ""))
        assert party is not None
        assert party.phone == "+6281299991234"
    triggers = [e.trigger for e in db.events(mediated)[-2:]]
    assert triggers == ["party.updated", "message.resent"]
    again = web.case_page(mediated).text
    assert f"/cases/{mediated}/messages/{failed.id}/resend" not in again  # offered once
    assert "+6281299991234" not in again


@pytest.mark.parametrize(
    "phone",
    ["", "12", "bukan nomor", "0" * 5000, "0812\x0012345678", "９" * 12, "+" + "9" * 30],
)
def test_a_wrong_number_is_refused_beside_the_field(
    web: Web, mediated: UUID, runtime: Runtime, phone: str
) -> None:
    failed = fail_party_message(runtime, mediated)
    web.login_as("officer")
    before = len(messages(runtime, mediated))
    response = web.post(
        f"/cases/{mediated}/messages/{failed.id}/resend",
        {"version": web.version(mediated), "phone": phone},
        htmx=True,
    )
    assert response.status_code == 422
    assert field_error(response.text, "phone")
    assert len(messages(runtime, mediated)) == before


def test_a_stale_page_and_a_message_not_failed(web: Web, mediated: UUID, runtime: Runtime) -> None:
    failed = fail_party_message(runtime, mediated)
    web.login_as("officer")
    url = f"/cases/{mediated}/messages/{failed.id}/resend"
    stale = web.post(url, {"version": 1, "phone": "081299991234"}, htmx=True)
    assert stale.status_code == 409
    assert 'id="conflict"' in stale.text
    fine = next(m for m in messages(runtime, mediated) if m.status == "queued")
    refused = web.post(
        f"/cases/{mediated}/messages/{fine.id}/resend",
        {"version": web.version(mediated), "phone": "081299991234"},
        htmx=True,
    )
    assert refused.status_code == 422
    missing = web.post(
        f"/cases/{mediated}/messages/{mediated}/resend",
        {"version": web.version(mediated), "phone": "081299991234"},
        htmx=True,
    )
    assert missing.status_code == 404


def test_a_tokoh_may_not_resend(web: Web, mediated: UUID, runtime: Runtime) -> None:
    failed = fail_party_message(runtime, mediated)
    web.login_as("tokoh")
    response = web.post(
        f"/cases/{mediated}/messages/{failed.id}/resend",
        {"version": 3, "phone": "081299991234"},
    )
    assert response.status_code in (403, 404)
