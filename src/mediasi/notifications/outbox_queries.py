"""The outbox as the admin reads it: every message, newest first, filtered and paged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import parse_qs

from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.repository import SQLAlchemySyncRepository
from sqlalchemy.orm import Session

from mediasi.i18n import _
from mediasi.notifications.masking import mask
from mediasi.notifications.models import STATUSES, Message
from mediasi.notifications.texts import KINDS
from mediasi.reports.period import EARLIEST, LATEST
from mediasi.web.paging import Span
from mediasi.workflow.durations import LOCAL_TZ

PAGE_SIZE = 25
MAX_PAGE = 100_000
FIELDS = ("status", "channel", "kind", "from", "to", "page")


class MessageRepository(SQLAlchemySyncRepository[Message]):
    model_type = Message
    count_with_window_function = False


@dataclass(frozen=True)
class OutboxFilters:
    status: str | None = None
    channel: str | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1


@dataclass(frozen=True)
class OutboxRow:
    queued_at: datetime
    kind: str
    name: str
    address: str
    channel: str
    status: str
    attempts: int
    reason: str | None


@dataclass(frozen=True)
class OutboxPage:
    rows: list[OutboxRow]
    total: int
    page: int
    pages: int


def _day(raw: str) -> date:
    if len(raw) != 10:
        raise ValueError(raw)
    return date.fromisoformat(raw)


def parse_filters(query: bytes, channels: list[str]) -> tuple[OutboxFilters, dict[str, Any]]:
    """The filters a query string asks for; each wrong value gives an error beside its field
    and falls back to 'any', so the page still answers."""
    errors: dict[str, Any] = {}
    try:
        raw = parse_qs(query.decode("utf-8", errors="strict"), errors="strict")
    except (UnicodeDecodeError, ValueError):
        return OutboxFilters(), {"query": _("Alamat halaman tidak terbaca; filter diabaikan.")}
    values: dict[str, str] = {}
    for name in FIELDS:
        given = raw.get(name, [])
        if len(given) > 1:
            errors[name] = _("Isian ini hanya boleh diberikan sekali.")
        elif given and given[0] and "\x00" not in given[0]:
            values[name] = given[0]
        elif given and "\x00" in given[0]:
            errors[name] = _("Nilai tidak valid.")
    choices = {"status": STATUSES, "channel": tuple(channels), "kind": tuple(KINDS)}
    chosen: dict[str, Any] = {}
    for name, allowed in choices.items():
        if name in values:
            if values[name] in allowed:
                chosen[name] = values[name]
            else:
                errors[name] = _("Pilih salah satu dari daftar.")
    for name, key in (("from", "since"), ("to", "until")):
        if name in values:
            try:
                day = _day(values[name])
            except ValueError:
                errors[name] = _("Tanggal harus berbentuk TTTT-BB-HH.")
                continue
            if EARLIEST <= day <= LATEST:  # a day at the calendar's ends has no midnight after it
                chosen[key] = day
            else:
                errors[name] = _(
                    "Tanggal harus antara %(earliest)s dan %(latest)s.",
                    earliest=EARLIEST.isoformat(),
                    latest=LATEST.isoformat(),
                )
    if "page" in values:
        page = values["page"]
        if page.isascii() and page.isdigit() and len(page) <= 6 and 1 <= int(page) <= MAX_PAGE:
            chosen["page"] = int(page)
        else:
            errors["page"] = _("Halaman harus bilangan bulat positif.")
    return OutboxFilters(**chosen), errors


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LOCAL_TZ)


def _conditions(filters: OutboxFilters) -> list[Any]:
    conditions: list[Any] = []
    if filters.status:
        conditions.append(Message.status == filters.status)
    if filters.channel:
        conditions.append(Message.channel == filters.channel)
    if filters.kind:
        conditions.append(Message.kind == filters.kind)
    if filters.since:
        conditions.append(Message.created_at >= _local_midnight(filters.since))
    if filters.until:
        conditions.append(Message.created_at < _local_midnight(filters.until + timedelta(days=1)))
    return conditions


def count_outbox(session: Session, filters: OutboxFilters) -> int:
    """How many messages the filters keep (the page and the API number their pages by it)."""
    return MessageRepository(session=session).count(*_conditions(filters))


def outbox_rows(
    session: Session, filters: OutboxFilters, offset: int, limit: int
) -> list[OutboxRow]:
    """The messages the filters keep, newest first, addresses masked, in one window: the page
    and the API read the same rows and differ only in the window's size."""
    messages = MessageRepository(session=session).get_many(
        *_conditions(filters),
        LimitOffset(limit=limit, offset=offset),
        order_by=[Message.created_at.desc(), Message.id.desc()],
    )
    return [
        OutboxRow(
            m.created_at.astimezone(LOCAL_TZ),
            m.kind,
            m.recipient_name,
            mask(m.address),
            m.channel,
            m.status,
            m.attempts,
            m.reason,
        )
        for m in messages
    ]


def list_outbox(session: Session, filters: OutboxFilters) -> OutboxPage:
    """One page of the outbox as the admin page shows it, 25 a page."""
    total = count_outbox(session, filters)
    rows = outbox_rows(session, filters, (filters.page - 1) * PAGE_SIZE, PAGE_SIZE)
    return OutboxPage(rows, total, filters.page, max(1, -(-total // PAGE_SIZE)))


def outbox_window(session: Session, filters: OutboxFilters) -> tuple[list[OutboxRow], Span]:
    """The API's page of the outbox: 20 a page, and a page past the last is the last."""
    span = Span.of(count_outbox(session, filters), filters.page)
    return outbox_rows(session, filters, span.offset, span.size), span
