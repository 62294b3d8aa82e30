"""One dispute through every kind of step a case's history records, for the tests of how that
history reads: report, assessment, an edit, escalation and its return, a passed deadline, a
mediator, a failed session and a moved one, the agreement with every signature, obligations
kept, closing.

Early in 2026, long before the other tests' cases, so that the deadline scan it runs at its
own time can only find this case (the browser tests share one server and database).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area
from mediasi.accounts.roles import ROLE_LABELS
from mediasi.cases import event_labels, kinds
from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseEdit, PartyInput, TokohInvite
from mediasi.cases.services import CaseService
from mediasi.deadlines.services import DeadlineScanner
from mediasi.demo.agreements import AGREEMENT_STEPS
from mediasi.mediation.models import MediationSession
from mediasi.mediation.schemas import SessionMove, SessionRecord
from mediasi.mediation.services import MediationService
from mediasi.runtime import Runtime
from mediasi.web.i18n import input_time
from mediasi.workflow.durations import LOCAL_TZ
from tests.factories import PAYLOADS, FixedClock, World

# Full numbers of the parties and the reporter: the case's history must show them masked.
NIK = "3507010101019876"
PHONE = "081298765432"
REPORTER_PHONE = "085711112222"


def full_journey(runtime: Runtime, world: World, title: str) -> UUID:
    """The case, settled; every step a few hours after the one before."""
    clock = FixedClock(datetime(2026, 1, 5, 9, 0, tzinfo=LOCAL_TZ))
    officer = world.actor("officer")
    with runtime.sessions.begin() as session:
        cases = runtime.case_service(session, clock=clock)
        parties = [
            PartyInput(role="complainant", name="Darto Santoso", nik=NIK),
            PartyInput(role="respondent", name="Slamet Wibowo", phone=PHONE),
        ]
        case = cases.report(
            officer,
            world.report(title=title, parties=parties, reporter_phone=REPORTER_PHONE, door="phone"),
        )
        step = _Steps(cases, case, world, clock)
        step("assess")
        cases.edit(case.id, officer, CaseEdit(category="utang_piutang"), case.version)
        step("escalate")
        step("return_escalation", by="supervisor")
        case_id = case.id
    # Assessed for longer than its 7 days: the scanner flags the case.
    clock.advance(timedelta(days=8))
    DeadlineScanner(runtime.sessions, runtime.workflows, runtime.hooks, clock=clock).run()

    with runtime.sessions.begin() as session:
        cases = runtime.case_service(session, clock=clock)
        case = cases.get(case_id, officer)
        mediation = MediationService(cases)
        step = _Steps(cases, case, world, clock)
        cases.invite_tokoh(case.id, officer, TokohInvite(tokoh_id=world.tokoh_a1), case.version)
        first = clock.now + timedelta(days=2)
        step("schedule_mediation", session_at=input_time(first), place="Balai Desa")
        clock.advance(timedelta(days=3))
        record = SessionRecord(
            outcome="failed",
            held_at=first,
            attendees="Darto Santoso, Bhabinkamtibmas, KH. Abdul Rohman",
            minutes="Terlapor berhalangan; musyawarah diulang.",
        )
        mediation.record(case.id, _scheduled(session, case).id, officer, record, case.version)
        second = clock.now + timedelta(days=2)
        step("reschedule", session_at=input_time(second), place="Rumah Kepala Desa")
        moved = SessionMove(session_at=second + timedelta(days=1), place="Masjid Al-Ikhlas")
        mediation.move(case.id, _scheduled(session, case).id, officer, moved, case.version)
        clock.advance(timedelta(days=4))
        desa = session.get(Area, case.desa_id)
        assert desa is not None
        rng = random.Random(14)
        for name in ("hold", "agreement"):
            AGREEMENT_STEPS[name](cases, case, officer, desa, rng)
        step("agree", summary="Para pihak berdamai; ganti rugi dibayar.")
        clock.advance(timedelta(days=2))
        AGREEMENT_STEPS["keep_all"](cases, case, officer, desa, rng)
        step("close", closing_note="Semua kewajiban dipenuhi.")
    return case_id


class _Steps:
    """``step(trigger, …)``: the transition fired three hours on, by the officer or ``by``."""

    def __init__(self, cases: CaseService, case: Case, world: World, clock: FixedClock) -> None:
        self.cases, self.case, self.world, self.clock = cases, case, world, clock

    def __call__(self, trigger: str, by: str = "officer", **payload: str) -> None:
        self.clock.advance(timedelta(hours=3))
        data = {**PAYLOADS.get(trigger, {}), **payload}
        self.cases.fire(self.case.id, trigger, self.world.actor(by), data, self.case.version)


def _scheduled(session: Session, case: Case) -> MediationSession:
    return session.scalars(
        select(MediationSession).where(
            MediationSession.case_id == case.id, MediationSession.status == "scheduled"
        )
    ).one()


# ---- what the history of such a case must never show ------------------------------------

WORKFLOWS = Path(__file__).resolve().parent.parent / "workflows"
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")
WHOLE_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")
# What a payload shows when it is dumped rather than read.
DUMPED = ("null", "None", "True", "False", "{", "}")


def _texts(node: Any, lang: str) -> Iterator[str]:
    """Every text in ``lang`` of a workflow file (labels, descriptions, help …)."""
    if isinstance(node, dict):
        if lang in node and isinstance(node[lang], str):
            yield node[lang]
        for value in node.values():
            yield from _texts(value, lang)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, lang)


def _keys(node: Any) -> Iterator[str]:
    """The keys a workflow file names: states, triggers, fields, choices, roles, guards …"""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in ("states",):
                yield from value
            if name in ("trigger", "name", "value", "dest", "on_expiry", "case_field"):
                yield str(value)
            if name in ("source", "roles", "guards", "effects", "parties", "tokoh"):
                yield from ([value] if isinstance(value, str) else value)
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


def never_shown() -> tuple[set[str], set[str]]:
    """(raw keys, English texts) that the Indonesian history must not show: every key of the
    workflow files and of the events' payloads, and the workflows' English words. A key that
    is also a word of the workflows' Indonesian texts ('keluarga') cannot be told apart and
    is left out."""
    files = [yaml.safe_load(path.read_text()) for path in sorted(WORKFLOWS.glob("*.yaml"))]
    indonesian = {w for f in files for t in _texts(f, "id") for w in re.findall(r"\w+", t)}
    keys = {k for f in files for k in _keys(f)}
    keys |= {v for n, v in vars(kinds).items() if n.isupper() and isinstance(v, str)}
    keys |= set(event_labels.FIELD_LABELS) | set(ROLE_LABELS)
    keys |= {v for values in event_labels.VALUE_LABELS.values() for v in values}
    english = {t for f in files for t in _texts(f, "en")} - {
        t for f in files for t in _texts(f, "id")
    }
    return keys - indonesian, english


def raw_in(text: str) -> list[str]:
    """What of the above ``text`` (the visible text of a page part) shows."""
    keys, english = never_shown()
    found = [f"key {k!r}" for k in sorted(keys) if re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text)]
    found += [f"English {e!r}" for e in sorted(english) if re.search(rf"\b{re.escape(e)}\b", text)]
    found += [f"ISO time {m.group(0)!r}" for m in ISO_TIME.finditer(text)]
    found += [f"whole digest {m.group(0)[:8]}…" for m in WHOLE_DIGEST.finditer(text)]
    found += [f"dumped {d!r}" for d in DUMPED if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text)]
    return found
