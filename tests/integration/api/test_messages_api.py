"""A case's messages over the API, on both backends, through the case page's services: the
delivery log paged with every address masked, a failed message sent again to a corrected
number (the party's record takes it), a person's wish kept; wrong fields 422 naming them, a
stale version 409, a message that did not fail or is another case's refused, a tokoh 403,
another desa 404, each writing nothing; a retry with its Idempotency-Key sends one copy."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from litestar.testing import TestClient
from sqlalchemy import select, update

from mediasi.cases.models import Party
from mediasi.notifications.models import ContactPreference, Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime
from tests.factories import World
from tests.integration.api.case_parts import (
    HOSTILE,
    Caller,
    is_problem,
    version_of,
)
from tests.integration.web.conftest import Cases, Db


@pytest.fixture
def case_id(runtime: Runtime, world: World) -> UUID:
    return Cases(runtime, world).mediated()


@pytest.fixture
def officer(client: TestClient[Any], runtime: Runtime, world: World) -> Caller:
    return Caller(client, runtime, world, "officer")


def url(case_id: UUID, rest: str = "") -> str:
    return f"/api/cases/{case_id}/messages{rest}"


def messages(runtime: Runtime, case_id: UUID) -> list[Message]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Message).where(Message.case_id == case_id)))


def failed(runtime: Runtime, case_id: UUID) -> Message:
    """A party's message that the provider refused for good."""
    party = next(m for m in messages(runtime, case_id) if m.recipient_kind == "party")
    with runtime.sessions.begin() as session:
        session.execute(
            update(Message).where(Message.id == party.id).values(status="failed", reason="gone")
        )
    return party


def respondent_key(runtime: Runtime, case_id: UUID) -> str:
    with runtime.sessions() as session:
        party = session.scalars(
            select(Party).where(Party.case_id == case_id, Party.role == "respondent")
        ).one()
        return f"party:{party.id}"


def test_the_log_lists_every_message_masked_and_a_failed_one_goes_again(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    gone = failed(runtime, case_id)
    log = officer.get(url(case_id)).json()
    sent = messages(runtime, case_id)
    assert log["total"] == len(sent) > 0
    assert {m["id"] for m in log["items"]} == {str(m.id) for m in sent}
    addresses = {m.address for m in sent if m.address}
    assert not addresses & {m["to"] for m in log["items"]}  # only masked
    offered = {m["id"] for m in log["items"] if m["resendable"]}
    assert str(gone.id) in offered
    version = version_of(runtime, case_id)

    done = officer.send(
        "POST", url(case_id, f"/{gone.id}/resend"), {"version": version, "phone": "0812-9999-1234"}
    )
    assert done.status_code == 201, done.text
    copy = done.json()
    assert copy["message"]["resent_from_id"] == str(gone.id)
    assert copy["message"]["status"] == "queued"
    assert "+6281299991234" not in done.text
    assert copy["case_version"] == version_of(runtime, case_id) > version
    with runtime.sessions() as session:
        party = session.get(Party, UUID(gone.recipient_ref or ""))
        assert party is not None
        assert party.phone == "+6281299991234"
    again = officer.get(url(case_id)).json()
    assert {m["id"] for m in again["items"] if m["resendable"]} == offered - {str(gone.id)}
    assert again["items"][0]["id"] == copy["message"]["id"]  # newest first


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"phone": ""}, "phone"),
        ({"phone": "bukan nomor"}, "phone"),
        ({"phone": "0" * 5000}, "phone"),
        ({"phone": 812345678}, "phone"),
        ({}, "version"),
        ({"phone": "081299991234", "tambahan": 1}, "tambahan"),
    ],
    ids=["blank", "words", "long", "number", "no-version", "unknown"],
)
def test_a_wrong_number_is_422_naming_it_and_nothing_is_sent(
    runtime: Runtime, case_id: UUID, officer: Caller, body: dict[str, Any], named: str
) -> None:
    gone = failed(runtime, case_id)
    before = len(messages(runtime, case_id))
    sent = {"version": version_of(runtime, case_id), **body}
    if named == "version":
        sent = {"phone": "081299991234"}
    problem = is_problem(officer.send("POST", url(case_id, f"/{gone.id}/resend"), sent), 422)
    assert named in problem["errors"], problem
    assert len(messages(runtime, case_id)) == before


def test_a_stale_version_a_message_not_failed_and_another_case_s_are_refused(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    gone = failed(runtime, case_id)
    before = len(messages(runtime, case_id))
    stale = {"version": version_of(runtime, case_id) - 1, "phone": "081299991234"}
    assert is_problem(officer.send("POST", url(case_id, f"/{gone.id}/resend"), stale), 409)
    fresh = {"version": version_of(runtime, case_id), "phone": "081299991234"}
    fine = next(m for m in messages(runtime, case_id) if m.status == "queued")
    refused = officer.send("POST", url(case_id, f"/{fine.id}/resend"), fresh)
    assert "phone" in is_problem(refused, 422)["errors"]
    other = Cases(runtime, world).report(title="Perkara lain di desa yang sama")
    crossed = {"version": version_of(runtime, other), "phone": "081299991234"}
    assert is_problem(officer.send("POST", url(other, f"/{gone.id}/resend"), crossed), 404)
    assert len(messages(runtime, case_id)) == before


def test_a_wish_is_listed_and_kept(runtime: Runtime, case_id: UUID, officer: Caller) -> None:
    key = respondent_key(runtime, case_id)
    people = officer.get(url(case_id, "/contacts")).json()
    mine = next(p for p in people["items"] if p["person"] == key)
    assert (mine["opted_out"], mine["channel"], mine["to"]) == (False, None, "0812****7890")
    body = {"version": version_of(runtime, case_id), "person": key, "opted_out": True}
    kept = officer.send("POST", url(case_id, "/contacts"), body)
    assert kept.status_code == 200, kept.text
    assert kept.json()["contact"]["opted_out"] is True
    assert kept.json()["case_version"] == version_of(runtime, case_id)
    with runtime.sessions() as session:
        wish = session.scalars(select(ContactPreference)).one()
    assert (wish.address, wish.opted_out) == ("+6281234567890", True)
    shown = officer.get(url(case_id, "/contacts")).json()
    assert next(p for p in shown["items"] if p["person"] == key)["opted_out"] is True
    for wrong, named in [
        ({"person": "party:00000000-0000-4000-8000-000000000000"}, "person"),
        ({"channel": "telegram"}, "channel"),
        ({"opted_out": "mungkin"}, "opted_out"),
    ]:
        sent = {**body, "version": version_of(runtime, case_id), **wrong}
        assert (
            named
            in is_problem(officer.send("POST", url(case_id, "/contacts"), sent), 422)["errors"]
        )


def test_a_tokoh_is_refused_and_another_desa_finds_nothing(
    client: TestClient[Any], runtime: Runtime, world: World, case_id: UUID
) -> None:
    gone = failed(runtime, case_id)
    before = len(messages(runtime, case_id))
    body = {"version": version_of(runtime, case_id), "phone": "081299991234"}
    wish = {"version": version_of(runtime, case_id), "person": "reporter:x", "opted_out": True}
    tokoh = Caller(client, runtime, world, "tokoh")  # invited to the mediated case
    assert "hanya untuk petugas" in is_problem(tokoh.get(url(case_id)), 403)["detail"]
    client.cookies.set("lang", "en")
    assert "only for the case's officers" in is_problem(tokoh.get(url(case_id)), 403)["detail"]
    client.cookies.delete("lang")
    assert is_problem(tokoh.get(url(case_id, "/contacts")), 403)
    assert is_problem(tokoh.send("POST", url(case_id, f"/{gone.id}/resend"), body), 403)
    assert is_problem(tokoh.send("POST", url(case_id, "/contacts"), wish), 403)
    outsider = Caller(client, runtime, world, "officer_b")
    assert is_problem(outsider.get(url(case_id)), 404)["detail"] == "Perkara tidak ditemukan."
    assert is_problem(outsider.get(url(case_id, "/contacts")), 404)
    assert is_problem(outsider.send("POST", url(case_id, f"/{gone.id}/resend"), body), 404)
    assert is_problem(outsider.send("POST", url(case_id, "/contacts"), wish), 404)
    assert len(messages(runtime, case_id)) == before
    assert Db(runtime).count(ContactPreference) == 0


def test_the_log_is_paged_newest_first(
    runtime: Runtime, world: World, case_id: UUID, officer: Caller
) -> None:
    model = messages(runtime, case_id)[0]
    with runtime.sessions.begin() as session:
        outbox = Outbox(session, runtime.settings)
        for n in range(25):
            person = Recipient(RecipientKind.PARTY, None, f"Pihak {n:02d}", "081234567890")
            params = dict(model.params)
            outbox.enqueue(model.kind, person, params, dedupe=f"uji-{n}", case_id=case_id)
    total = len(messages(runtime, case_id))
    first = officer.get(url(case_id)).json()
    assert (first["total"], first["page"], len(first["items"])) == (total, 1, 20)
    assert first["next"] == f"{url(case_id)}?page=2"
    rest = officer.get(first["next"]).json()
    seen = [m["id"] for m in first["items"]] + [m["id"] for m in rest["items"]]
    assert len(set(seen)) == min(total, 40)
    assert "page" in is_problem(officer.get(url(case_id), page="x"), 422)["errors"]


def test_a_retried_resend_and_wish_with_their_keys_happen_once(
    runtime: Runtime, case_id: UUID, officer: Caller
) -> None:
    gone = failed(runtime, case_id)
    body = {"version": version_of(runtime, case_id), "phone": "081299991234"}
    sent = [officer.send("POST", url(case_id, f"/{gone.id}/resend"), body, key="m-1") for _ in "12"]
    assert [r.status_code for r in sent] == [201, 201]
    assert sent[1].headers["idempotent-replayed"] == "true"
    assert sent[1].json() == sent[0].json()
    assert len([m for m in messages(runtime, case_id) if m.resent_from_id == gone.id]) == 1
    key = respondent_key(runtime, case_id)
    wish = {"version": version_of(runtime, case_id), "person": key, "opted_out": True}
    kept = [officer.send("POST", url(case_id, "/contacts"), wish, key="m-2") for _ in "12"]
    assert [r.status_code for r in kept] == [200, 200]
    assert kept[1].json() == kept[0].json()


@pytest.mark.parametrize(("name", "content", "kind"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_bodies_are_refused_with_a_4xx_and_send_nothing(
    runtime: Runtime, case_id: UUID, officer: Caller, name: str, content: bytes, kind: str
) -> None:
    gone = failed(runtime, case_id)
    before = len(messages(runtime, case_id))
    for route in (url(case_id, f"/{gone.id}/resend"), url(case_id, "/contacts")):
        response = officer.raw("POST", route, content, kind)
        assert 400 <= response.status_code < 500, response.text[:300]
    assert len(messages(runtime, case_id)) == before
