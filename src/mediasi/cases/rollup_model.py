"""The statistics' monthly roll-up: the cases' stays (:mod:`~mediasi.cases.stay_model`) and
events counted per desa and calendar month in the desa's time zone, so a page of whole months
adds up a few rows per desa and month instead of reading every stay.

Each table keeps one row per key, counts and sums only, so a change is an addition: the
writer (:mod:`mediasi.cases.rollup`) subtracts what a case counted for before its change and
adds what it counts for after, in the same transaction as the stays. A key column that may be
empty keeps a stand-in instead (:data:`NO_OFFICER`, :data:`NOWHERE`, :data:`NEVER`), so every
key is a primary key both backends can add to (``ON CONFLICT``). A row whose count fell to
zero stays and counts for nothing."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import Boolean, Date, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import DefaultBase

NO_OFFICER = UUID(int=0)  # a case no officer holds
NOWHERE = ""  # a stay left to no state (none is: the key needs a value)
NEVER = date(1, 1, 1)  # a case with no event in an earlier month


class EnteredMonth(DefaultBase):
    """Stays begun in the month: the cases opened (a first stay) and closed (a stay in a
    final state, by its workflow version's outcome), with the closed cases escalated before."""

    __tablename__ = "stats_entered"

    desa_id: Mapped[UUID] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    workflow: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    officer_id: Mapped[UUID] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(40), primary_key=True)
    first: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    stays: Mapped[int] = mapped_column(Integer)
    escalated: Mapped[int] = mapped_column(Integer)  # in a final state, escalated before


class EndedMonth(DefaultBase):
    """Stays ended in the month: how long they lasted (paused time apart), whether they met
    their deadline, where they led; by the event number they ended at, for the order states
    are listed in (the earliest first)."""

    __tablename__ = "stats_ended"

    desa_id: Mapped[UUID] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    workflow: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(40), primary_key=True)
    left_to: Mapped[str] = mapped_column(String(40), primary_key=True)
    missed: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    left_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    stays: Mapped[int] = mapped_column(Integer)
    days: Mapped[float] = mapped_column(Float)  # in the state, paused time left out
    paused: Mapped[float] = mapped_column(Float)


class AgreedMonth(DefaultBase):
    """Agreements recorded in the month, by their exact days from the report: the median and
    90th percentile of a period are read from these counts, value by value."""

    __tablename__ = "stats_agreed"

    desa_id: Mapped[UUID] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    workflow: Mapped[str] = mapped_column(String(40), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    days: Mapped[float] = mapped_column(Float, primary_key=True)
    agreements: Mapped[int] = mapped_column(Integer)


class HandledMonth(DefaultBase):
    """Cases with an event in the month, by their officer and by the latest earlier month
    they had one in (``since``): the cases handled in months a..b are those of a month in
    a..b whose ``since`` is before a, each counted once."""

    __tablename__ = "stats_handled"

    desa_id: Mapped[UUID] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    officer_id: Mapped[UUID] = mapped_column(primary_key=True)
    workflow: Mapped[str] = mapped_column(String(40), primary_key=True)
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    since: Mapped[date] = mapped_column(Date, primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)
