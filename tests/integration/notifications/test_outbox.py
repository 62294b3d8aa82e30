"""The outbox on both backends: a message exists exactly when its change commits, and the
person's wishes and limits are applied when it is queued."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from mediasi.accounts.models import Area
from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseCreate
from mediasi.config import Settings
from mediasi.notifications.dispatcher import Dispatcher
from mediasi.notifications.models import QUEUED, SENT, SUPPRESSED, ContactPreference, Message
from mediasi.notifications.outbox import INVALID, NO_ADDRESS, NOT_MOBILE, OPTED_OUT, Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.runtime import Runtime
from tests.factories import World

NOON_WIB = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
LATE_WIB = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # 22:00 WIB


def messages(runtime: Runtime) -> list[Message]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Message).order_by(Message.created_at)))


def report(runtime: Runtime, world: World, **overrides: Any) -> None:
    with runtime.sessions.begin() as session:
        data = CaseCreate.model_validate(world.report(**overrides).model_dump())
        runtime.case_service(session, clock=lambda: NOON_WIB).report(world.users["officer"], data)


def test_a_report_tells_the_reporter_its_reference_and_code_once_it_commits(
    runtime: Runtime, world: World
) -> None:
    report(runtime, world, reporter_phone="0812 3456 7890")
    [message] = messages(runtime)
    assert (message.kind, message.status, message.channel) == (
        "report_received_tracked",
        QUEUED,
        "log",
    )
    assert message.address == "+6281234567890"
    assert message.recipient_kind == "reporter"
    with runtime.sessions() as session:
        reference = session.scalars(select(Case.reference)).one()
    assert reference in message.text


def test_a_change_that_rolls_back_queues_nothing(runtime: Runtime, world: World) -> None:
    class Boom(Exception):
        pass

    def report_then_fail() -> None:
        with runtime.sessions.begin() as session:
            data = CaseCreate.model_validate(
                world.report(reporter_phone="081234567890").model_dump()
            )
            runtime.case_service(session).report(world.users["officer"], data)
            assert session.scalars(select(Message)).all()  # written in the same transaction
            raise Boom

    with pytest.raises(Boom):
        report_then_fail()
    assert messages(runtime) == []


def person(phone: str | None = None, email: str | None = None, **kw: Any) -> Recipient:
    return Recipient(RecipientKind.PARTY, kw.pop("ref", "p1"), "Bu Sumiati", phone, email, **kw)


def enqueue(
    runtime: Runtime,
    recipient: Recipient,
    *,
    settings: Settings | None = None,
    at: datetime = NOON_WIB,
    dedupe: str = "k1",
) -> Message:
    with runtime.sessions.begin() as session:
        outbox = Outbox(session, settings or runtime.settings, clock=lambda: at)
        # A kind quiet hours hold back (an admin's test message would not be).
        return outbox.enqueue(
            "report_received", recipient, {"reference": "SKT-2026-0001"}, dedupe=dedupe
        )


@pytest.mark.parametrize(
    ("phone", "reason"),
    [(None, NO_ADDRESS), ("12345", INVALID), ("(021) 555-1234", NOT_MOBILE)],
)
def test_a_person_who_cannot_be_reached_is_logged_as_not_told_with_the_reason(
    runtime: Runtime, phone: str | None, reason: str
) -> None:
    message = enqueue(runtime, person(phone))
    assert (message.status, message.reason) == (SUPPRESSED, reason)


def test_an_opted_out_number_is_not_sent_anything(runtime: Runtime) -> None:
    with runtime.sessions.begin() as session:
        session.add(ContactPreference(address="+6281234567890", opted_out=True))
    message = enqueue(runtime, person("081234567890"))
    assert (message.status, message.reason) == (SUPPRESSED, OPTED_OUT)


def test_the_preferred_channel_wins_where_the_deployment_has_it(runtime: Runtime) -> None:
    both = runtime.settings.model_copy(update={"notify_channels": ("whatsapp", "email", "log")})
    assert (
        enqueue(
            runtime, person("081234567890", "sumi@example.id"), settings=both, dedupe="a"
        ).channel
        == "whatsapp"
    )
    with runtime.sessions.begin() as session:
        session.add(ContactPreference(address="+6281234567890", channel="email"))
    chosen = enqueue(runtime, person("081234567890", "sumi@example.id"), settings=both, dedupe="b")
    assert (chosen.channel, chosen.address) == ("email", "sumi@example.id")
    only_mail = enqueue(runtime, person(None, "sumi@example.id"), settings=both, dedupe="c")
    assert (only_mail.channel, only_mail.status) == ("email", QUEUED)


def test_the_same_key_queues_one_message(runtime: Runtime) -> None:
    first = enqueue(runtime, person("081234567890"))
    again = enqueue(runtime, person("081234567890"))
    assert again.id == first.id
    assert len(messages(runtime)) == 1


def test_quiet_hours_follow_the_area_time_of_the_recipient(runtime: Runtime, world: World) -> None:
    in_java = enqueue(
        runtime, person("081234567890", area_id=world.desa_a1), at=LATE_WIB, dedupe="java"
    )
    assert in_java.next_attempt_at == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)  # 06:00 WIB
    with runtime.sessions.begin() as session:
        session.execute(
            update(Area).where(Area.id == world.polsek_b).values(timezone="Asia/Makassar")
        )
    in_wita = enqueue(
        runtime, person("081234567891", ref="p2", area_id=world.desa_b1), at=LATE_WIB, dedupe="wita"
    )
    assert in_wita.timezone == "Asia/Makassar"  # inherited from its Polsek
    assert in_wita.next_attempt_at == datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 06:00 WITA


def test_the_log_channel_records_a_sent_message_and_sends_nothing(runtime: Runtime) -> None:
    enqueue(runtime, person("081234567890"))
    report = Dispatcher(
        runtime.sessions, runtime.settings, runtime.channels, clock=lambda: NOON_WIB
    ).run()
    assert report.sent == 1
    [message] = messages(runtime)
    assert message.status == SENT
    assert message.sent_at == NOON_WIB
    assert message.provider_id == f"log-{message.id}"
