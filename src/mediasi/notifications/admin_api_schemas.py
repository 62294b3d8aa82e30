"""What the admin's notifications API sends and takes: each channel's settings as the page
shows them (a secret only as set or not), the outbox's rows and filters as the page has them
(addresses masked), the test message's form, and the test message's fate (masked too)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field

from mediasi.errors import FieldErrors
from mediasi.i18n import _, gettext
from mediasi.notifications.channels.base import ChannelStatus
from mediasi.notifications.masking import mask
from mediasi.notifications.models import STATUSES, Message
from mediasi.notifications.outbox import REACHES
from mediasi.notifications.outbox_queries import OutboxFilters, OutboxRow
from mediasi.notifications.texts import KINDS
from mediasi.notifications.trial import TrialForm
from mediasi.reports.period import EARLIEST, LATEST, Day
from mediasi.validation import BlankIsNone, validate
from mediasi.web.openapi_input import DATE_SCHEMA, Query, with_example
from mediasi.web.paging import PAGE, PageOut, PageQuery
from mediasi.workflow.fields import FieldProblem

NOT_LISTED = _("Pilih salah satu dari daftar.")


def _enum(names: Collection[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(names)}


OUTBOX_QUERY = (
    Query("status", _enum(STATUSES), "Only the messages in this status.", example="failed"),
    Query("channel", _enum(REACHES), "Only this channel's (one that is on).", example="log"),
    Query("kind", _enum(KINDS), "Only the messages of this kind.", example=next(iter(KINDS))),
    Query("from", DATE_SCHEMA, "Queued on this day (WIB) or later.", example="2026-05-01"),
    Query("to", DATE_SCHEMA, "Queued on this day (WIB) or earlier.", example="2026-05-31"),
    PAGE,
)


def _one_of(names: Collection[str]) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is not None and value not in names:
            raise FieldProblem(NOT_LISTED)
        return value

    return AfterValidator(check)


def _in_range(value: date | None) -> date | None:
    """A day whose midnights (and the next day's) the database and ``datetime`` hold."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise FieldProblem(
            _(
                "Tanggal harus antara %(earliest)s dan %(latest)s.",
                earliest=EARLIEST.isoformat(),
                latest=LATEST.isoformat(),
            )
        )
    return value


OptionalDay = Annotated[Day | None, BlankIsNone, AfterValidator(_in_range)]


class OutboxQuery(PageQuery):
    """The page's filters, refused beside their name when wrong (the page falls back to any)."""

    status: Annotated[str | None, BlankIsNone, _one_of(STATUSES)] = None
    channel: Annotated[str | None, BlankIsNone, _one_of(REACHES)] = None
    kind: Annotated[str | None, BlankIsNone, _one_of(KINDS)] = None
    since: OptionalDay = Field(default=None, alias="from")
    until: OptionalDay = Field(default=None, alias="to")


def outbox_filters(
    query: Mapping[str, str], on: Collection[str]
) -> tuple[OutboxFilters, dict[str, str]]:
    """The filters a query string asks for, and the query parameters the page links keep; a
    channel that is not on is refused, as the page does not offer it."""
    wanted = validate(OutboxQuery, dict(query))
    if wanted.channel is not None and wanted.channel not in on:
        raise FieldErrors({"channel": _("Saluran ini tidak aktif di sini.")})
    filters = OutboxFilters(
        wanted.status, wanted.channel, wanted.kind, wanted.since, wanted.until, wanted.page
    )
    kept = wanted.model_dump(by_alias=True, exclude={"page"}, exclude_none=True)
    return filters, {name: str(value) for name, value in kept.items()}


class OutboxRowOut(BaseModel):
    """A message as the outbox lists it; the address masked, the reason in the caller's
    language."""

    queued_at: datetime
    kind: str = Field(examples=["case_registered"])
    name: str = Field(description="The recipient's name.")
    address: str = Field(examples=["+62812****7890"], description="The address, masked.")
    channel: str = Field(examples=["whatsapp"])
    status: str = Field(examples=["failed"])
    attempts: int
    reason: str | None = Field(description="Why it failed or was held back.")

    @classmethod
    def of(cls, row: OutboxRow, lang: str) -> OutboxRowOut:
        return cls(
            queued_at=row.queued_at,
            kind=row.kind,
            name=row.name,
            address=row.address,
            channel=row.channel,
            status=row.status,
            attempts=row.attempts,
            reason=gettext(lang, row.reason) if row.reason else None,
        )


class OutboxPageOut(PageOut):
    items: list[OutboxRowOut]


class TrialIn(TrialForm):
    """One enabled channel and the admin's own number or email (what the channel reaches)."""

    model_config = with_example({"channel": "log", "phone": "0812-3456-7890"})


class ChannelOut(BaseModel):
    name: str = Field(examples=["whatsapp"])
    reaches: str = Field(description="What kind of address it sends to, in words.")
    settings: dict[str, str] = Field(
        description="Each setting's value; a secret only as set or not.",
        examples=[{"MEDIASI_WHATSAPP_TOKEN": "diisi"}],
    )

    @classmethod
    def of(cls, status: ChannelStatus, lang: str) -> ChannelOut:
        settings = {
            name: value if isinstance(value, str) else value.get(lang)
            for name, value in status.settings.items()
        }
        return cls(name=status.name, reaches=status.reaches.get(lang), settings=settings)


class ChannelPageOut(PageOut):
    items: list[ChannelOut]


class TrialOut(BaseModel):
    id: UUID
    channel: str = Field(examples=["log"])
    to: str = Field(examples=["+62812****7890"], description="The address, masked.")
    status: str = Field(
        examples=["queued"], description="queued or sending until it is known: ask again."
    )
    text: str
    reason: str | None = Field(description="Why it failed, in the caller's language.")
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None

    @classmethod
    def of(cls, message: Message, lang: str) -> TrialOut:
        return cls(
            id=message.id,
            channel=message.channel,
            to=mask(message.address),
            status=message.status,
            text=message.text,
            reason=gettext(lang, message.reason) if message.reason else None,
            created_at=message.created_at,
            sent_at=message.sent_at,
            delivered_at=message.delivered_at,
            failed_at=message.failed_at,
        )
