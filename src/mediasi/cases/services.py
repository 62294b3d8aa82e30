"""The case service: every change of a case is one transaction that moves the row under its
version lock and appends one chained event. Controllers and the CLI call only this."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh
from mediasi.accounts.roles import AreaLevel, Role
from mediasi.cases import kinds
from mediasi.cases.access import desa_in_reach, visible_case
from mediasi.cases.categories import category_refusal
from mediasi.cases.facts import case_facts
from mediasi.cases.hooks import CaseHooks
from mediasi.cases.ledger import StaleCase, append_event, json_value, stage
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.cases.references import format_reference, next_number
from mediasi.cases.schemas import CaseCreate, CaseEdit, PartyInput, TokohInvite
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound, StaleVersion
from mediasi.i18n import _
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.engine import TriggerOption, WorkflowEngine
from mediasi.workflow.guards import CaseFacts
from mediasi.workflow.spec import WorkflowSpec

WRITERS = (Role.OFFICER, Role.SUPERVISOR)

_NOT_FOUND = _("Perkara tidak ditemukan.")
_CLOSED = _("Perkara sudah selesai; tidak dapat diubah lagi.")
_NOT_WRITER = _("Anda dapat melihat perkara ini tetapi tidak berwenang mengubahnya.")


class CaseService:
    """Reads are scoped to what the actor may see; writes also check the actor may act."""

    def __init__(
        self,
        session: Session,
        engine: WorkflowEngine,
        hooks: CaseHooks,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session = session
        self.engine = engine
        self.hooks = hooks
        self.clock = clock

    # ---- reads -------------------------------------------------------------------------

    def get(self, case_id: UUID, actor: Actor) -> Case:
        """The case if the actor may see it; otherwise NotFound, as if it did not exist."""
        case = visible_case(self.session, case_id, actor)
        if case is None:
            raise NotFound(_NOT_FOUND)
        return case

    def spec_of(self, case: Case) -> WorkflowSpec:
        return self.engine.spec((case.workflow, case.workflow_version))

    def versions_of(self, case: Case) -> Callable[[int], WorkflowSpec]:
        """Any version of the case's workflow by number: its history was written under each
        version a migration moved it through."""
        return lambda version: self.engine.spec((case.workflow, version))

    def facts(self, case: Case) -> CaseFacts:
        return case_facts(self.session, self.hooks, case)

    def options(self, case: Case, actor: Actor) -> list[TriggerOption]:
        """The steps this actor could take now, each with the reasons it is blocked, if any."""
        if case.is_final or not self._may_write(actor, raise_=False):
            return []
        key = (case.workflow, case.workflow_version)
        return self.engine.options(key, case.state, actor.role, self.facts(case))

    def require_writer(self, case: Case, actor: Actor) -> None:
        """Forbidden (403) unless the actor may change this case: forms are refused on the
        server, not only left out of the page."""
        self._may_write(actor, raise_=True)

    def can_write(self, case: Case, actor: Actor) -> bool:
        """Whether the page should offer editing (parties, tokoh, sessions) to this actor."""
        return not case.is_final and self._may_write(actor, raise_=False)

    def allowed_triggers(self, case: Case, actor: Actor) -> list[str]:
        if case.is_final or not self._may_write(actor, raise_=False):
            return []
        key = (case.workflow, case.workflow_version)
        return self.engine.allowed_triggers(key, case.state, actor.role, self.facts(case))

    # ---- writes ------------------------------------------------------------------------

    @unit_of_work
    def report(self, actor: Actor, data: CaseCreate, *, on_record: bool = False) -> Case:
        """Register a new case in the workflow's initial state, with its first parties.

        The report behind it is recorded at its door too, unless it is ``on_record`` already
        (a resident's report from the public door, taken up by triage)."""
        if actor.role not in WRITERS:
            raise Forbidden(_NOT_WRITER)
        try:
            spec = self.engine.registry.latest(data.workflow)
        except KeyError:
            raise FieldErrors({"workflow": _("Jenis perkara tidak dikenal.")}) from None
        refusal = category_refusal(self.engine.registry, spec, data.category)
        if refusal is not None:
            raise FieldErrors({"category": refusal})
        desa = self.session.get(Area, data.desa_id, with_for_update={"read": True})  # handover
        if desa is None or desa.level != AreaLevel.DESA or desa.parent_id is None:
            raise FieldErrors({"desa_id": _("Desa tidak dikenal.")})
        if not self._holds_desa(actor, desa):
            raise FieldErrors({"desa_id": _("Desa ini bukan wilayah tugas Anda.")})
        polsek = self.session.get(Area, desa.parent_id)
        assert polsek is not None
        now = self.clock()
        year = now.astimezone(LOCAL_TZ).year
        number = next_number(self.session, polsek.id, year)
        officer_id = actor.id if actor.role == Role.OFFICER else self._officer_of(desa.id)
        initial = spec.states[spec.initial]
        case = Case(
            reference=format_reference(spec.reference_prefix, polsek.code, year, number),
            polsek_id=polsek.id,
            year=year,
            number=number,
            workflow=spec.name,
            workflow_version=spec.version,
            state=spec.initial,
            category=data.category,
            title=data.title,
            description=data.description,
            desa_id=desa.id,
            reporter_name=data.reporter_name,
            reporter_phone=data.reporter_phone,
            assigned_officer_id=officer_id,
            state_entered_at=now,
            due_at=initial.deadline.after(now) if initial.deadline else None,
            is_final=initial.final,
        )
        case.id = uuid4()
        self.session.add(case)
        snapshot = {name: json_value(getattr(case, name)) for name in kinds.CASE_FIELDS}
        payload: dict[str, Any] = {
            "case": snapshot,
            "workflow": spec.name,
            "workflow_version": spec.version,
        }
        if not on_record:
            payload |= self.hooks.record_door(self.session, actor, case, data.door)
        self._chain(case, actor, kinds.CASE_REPORTED, None, payload, now)
        for party in data.parties:
            self._add_party(case, actor, party, now)
        return case

    @unit_of_work
    def fire(
        self,
        case_id: UUID,
        trigger: str,
        actor: Actor,
        payload: dict[str, Any],
        expected_version: int | None = None,
    ) -> Case:
        """Role, fields and guards through the engine; then the row, the due time, the event."""
        case = self._writable(case_id, actor, expected_version, allow_final=False)
        key = (case.workflow, case.workflow_version)
        fired = self.engine.fire(key, case.state, trigger, actor.role, self.facts(case), payload)
        now = self.clock()
        dest = self.spec_of(case).states[fired.dest]
        fields = fired.transition.fields
        staged = stage(
            case,
            {
                f.case_field: fired.payload[f.name]
                for f in fields
                if f.case_field and f.name in fired.payload
            }
            | {
                "state": fired.dest,
                "state_entered_at": now,
                "due_at": dest.deadline.after(now) if dest.deadline else None,
                "deadline_expired_at": None,
                # A pause is the state's: a new state starts its clock unpaused.
                "paused_at": None,
                "pause_until": None,
                "pause_reason": None,
                "is_final": dest.final,
            },
        )
        recorded = dict(fired.payload)
        try:
            for effect in fired.transition.effects:
                recorded.update(self.hooks.run_effect(effect, self.session, case, fired))
            self._chain(case, actor, trigger, fired.source, recorded, now, staged)
        except BaseException:
            self.session.expire(case)  # staged values never written: read the row again
            raise
        return case

    @unit_of_work
    def edit(self, case_id: UUID, actor: Actor, data: CaseEdit, expected_version: int) -> Case:
        """The fields sent (None keeps one) as one ``case.edited`` event of [old, new] pairs; a
        category of the case's own workflow version (a case's type does not change)."""
        case = self._writable(case_id, actor, expected_version)
        known = {c.value for c in self.spec_of(case).categories}
        if data.category is not None and data.category not in known:
            refusal = _("Kategori tidak dikenal.") if data.category else _("Pilih kategori.")
            raise FieldErrors({"category": refusal})
        changes = {
            name: [getattr(case, name), value]
            # Only the edit's fields: the API's model adds ``version``, not a column to set.
            for name, value in data.model_dump(
                exclude_none=True, include=set(CaseEdit.model_fields)
            ).items()
            if getattr(case, name) != value
        }
        if not changes:
            return case
        for name, (_old, new) in changes.items():
            setattr(case, name, new)
        self._event(case, actor, kinds.CASE_EDITED, {"changes": changes})
        return case

    @unit_of_work
    def add_party(
        self, case_id: UUID, actor: Actor, data: PartyInput, expected_version: int
    ) -> Party:
        case = self._writable(case_id, actor, expected_version)
        return self._add_party(case, actor, data, self.clock())

    @unit_of_work
    def update_party(
        self, case_id: UUID, party_id: UUID, actor: Actor, data: PartyInput, expected_version: int
    ) -> Party:
        case = self._writable(case_id, actor, expected_version)
        party = self._party(case, party_id)
        for name, value in data.model_dump().items():
            setattr(party, name, value)
        self._event(case, actor, kinds.PARTY_UPDATED, _party_payload(party))
        return party

    @unit_of_work
    def update_reporter_phone(
        self, case_id: UUID, actor: Actor, phone: str, expected_version: int
    ) -> Case:
        """A corrected number for the reporter (a message to them failed), as an edit."""
        case = self._writable(case_id, actor, expected_version)
        if case.reporter_phone != phone:
            changes = {"reporter_phone": [case.reporter_phone, phone]}
            case.reporter_phone = phone
            self._event(case, actor, kinds.CASE_EDITED, {"changes": changes})
        return case

    @unit_of_work
    def remove_party(
        self, case_id: UUID, party_id: UUID, actor: Actor, expected_version: int
    ) -> None:
        case = self._writable(case_id, actor, expected_version)
        party = self._party(case, party_id)
        self.session.delete(party)
        self._event(
            case, actor, kinds.PARTY_REMOVED, {"party_id": str(party.id), "name": party.name}
        )

    @unit_of_work
    def invite_tokoh(
        self, case_id: UUID, actor: Actor, data: TokohInvite, expected_version: int
    ) -> CaseTokoh:
        case = self._writable(case_id, actor, expected_version)
        tokoh = self.session.get(Tokoh, data.tokoh_id)
        if tokoh is None or not tokoh.is_active or tokoh.desa_id != case.desa_id:
            raise FieldErrors(
                {"tokoh_id": _("Tokoh tidak ada dalam daftar tokoh desa perkara ini.")}
            )
        exists = self.session.scalars(
            select(CaseTokoh).where(CaseTokoh.case_id == case.id, CaseTokoh.tokoh_id == tokoh.id)
        ).one_or_none()
        if exists is not None:
            raise FieldErrors({"tokoh_id": _("Tokoh ini sudah diundang.")})
        link = CaseTokoh(case_id=case.id, tokoh_id=tokoh.id, role=data.role)
        self.session.add(link)
        payload = {"tokoh_id": str(tokoh.id), "name": tokoh.name, "role": data.role}
        self._event(case, actor, kinds.TOKOH_INVITED, payload)
        return link

    @unit_of_work
    def remove_tokoh(
        self, case_id: UUID, tokoh_id: UUID, actor: Actor, expected_version: int
    ) -> None:
        case = self._writable(case_id, actor, expected_version)
        link = self.session.scalars(
            select(CaseTokoh).where(CaseTokoh.case_id == case.id, CaseTokoh.tokoh_id == tokoh_id)
        ).one_or_none()
        if link is None:
            raise NotFound(_("Tokoh tidak terlibat dalam perkara ini."))
        self.session.delete(link)
        self._event(case, actor, kinds.TOKOH_REMOVED, {"tokoh_id": str(tokoh_id)})

    def record(self, case: Case, actor: Actor, kind: str, payload: dict[str, Any]) -> None:
        """Append a non-transition event (a session, a signature …) for another feature."""
        self._event(case, actor, kind, payload)

    def writable(self, case_id: UUID, actor: Actor, expected_version: int | None) -> Case:
        """Load a case the actor may change, checked against the version they saw."""
        return self._writable(case_id, actor, expected_version)

    # ---- internals ---------------------------------------------------------------------

    def _add_party(self, case: Case, actor: Actor, data: PartyInput, now: datetime) -> Party:
        party = Party(case_id=case.id, **data.model_dump())
        self.session.add(party)
        self.session.flush()
        self._chain(case, actor, kinds.PARTY_ADDED, case.state, _party_payload(party), now)
        return party

    def _event(self, case: Case, actor: Actor, kind: str, payload: dict[str, Any]) -> None:
        self._chain(case, actor, kind, case.state, payload, self.clock())

    def _chain(
        self,
        case: Case,
        actor: Actor,
        kind: str,
        from_state: str | None,
        payload: dict[str, Any],
        now: datetime,
        staged: dict[str, Any] | None = None,
    ) -> None:
        """Append the event, write it, then tell the listeners (in the same transaction, so a
        message is queued exactly when its change commits)."""
        # Read first: a refused write expires the row. The writer started from the version
        # before this event's.
        expected, reference = case.version, case.reference
        try:
            event = append_event(
                self.session, case, actor, kind, from_state, case.state, payload, now, staged
            )
        except StaleCase as exc:
            raise StaleVersion(reference, expected, None) from exc
        self.hooks.announce(self.session, case, event)

    def _party(self, case: Case, party_id: UUID) -> Party:
        party = self.session.get(Party, party_id)
        if party is None or party.case_id != case.id:
            raise NotFound(_("Pihak tidak ditemukan."))
        return party

    def _writable(
        self,
        case_id: UUID,
        actor: Actor,
        expected_version: int | None,
        *,
        allow_final: bool = False,
    ) -> Case:
        case = self.get(case_id, actor)
        if not actor.is_system:
            self._may_write(actor, raise_=True)
        if expected_version is not None and case.version != expected_version:
            raise StaleVersion(case.reference, expected_version, case.version)
        if case.is_final and not allow_final:
            raise Conflict(_CLOSED)
        return case

    def _may_write(self, actor: Actor, *, raise_: bool) -> bool:
        """Officers and supervisors in scope write; a tokoh acts only through their own steps."""
        allowed = actor.role in (*WRITERS, Role.SYSTEM)
        if not allowed and raise_:
            raise Forbidden(_NOT_WRITER)
        return allowed

    def _holds_desa(self, actor: Actor, desa: Area) -> bool:
        if actor.role == Role.SYSTEM:
            return True
        return any(d.id == desa.id for d in desa_in_reach(self.session, actor))

    def _officer_of(self, desa_id: UUID) -> UUID | None:
        return self.session.scalars(
            select(OfficerDesa.user_id).where(OfficerDesa.desa_id == desa_id).limit(1)
        ).first()


def _party_payload(party: Party) -> dict[str, Any]:
    return {
        "party_id": str(party.id),
        "party": {
            "role": party.role,
            "name": party.name,
            "nik": party.nik,
            "phone": party.phone,
            "address": party.address,
        },
    }
