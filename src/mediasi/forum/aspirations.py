"""Aspirations and complaints raised at an activity, each a follow-up item with an owner and a
due day, until it is done or turned into a case: "lebih mulia mencegah daripada mengungkap" —
a problem raised at a forum is never lost.

Turning one into a case is one step: the case is registered through the case service, in the
dispute or complaint workflow, prefilled from the aspiration, and the two are linked both ways
(the aspiration keeps the case; the case page shows where it started)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID, uuid4

from sqlalchemy import select

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area
from mediasi.accounts.roles import AreaLevel
from mediasi.cases.access import desa_in_reach
from mediasi.cases.models import Case
from mediasi.cases.schemas import CaseCreate, PartyInput
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound, Unprocessable
from mediasi.forum import kinds, ledger
from mediasi.forum.activities import NOT_YET
from mediasi.forum.lookups import ASPIRATION_GONE, ForumStore
from mediasi.forum.models import Forum, ForumActivity, ForumAspiration
from mediasi.forum.schemas import AspirationForm, CaseForm, ProgressForm
from mediasi.i18n import _
from mediasi.text import Text
from mediasi.workflow.durations import LOCAL_TZ

# The workflows a forum's problem may become: a dispute or a complaint.
CASE_WORKFLOWS = ("sengketa", "pengaduan")
_FINISHED = _("Aspirasi ini sudah selesai ditindaklanjuti.")


class AspirationService(ForumStore):
    def __init__(self, cases: CaseService, clock: Callable[[], datetime] = utcnow) -> None:
        super().__init__(cases.session, clock)
        self.cases = cases

    # ---- reads -----------------------------------------------------------------------------

    def of_activity(self, activity: ForumActivity) -> list[ForumAspiration]:
        return list(
            self.session.scalars(
                select(ForumAspiration)
                .where(ForumAspiration.activity_id == activity.id)
                .order_by(ForumAspiration.raised_at)
            )
        )

    def open_of(self, forum: Forum) -> list[ForumAspiration]:
        """The forum's follow-ups still open or in progress, the earliest due first."""
        return list(
            self.session.scalars(
                select(ForumAspiration)
                .where(
                    ForumAspiration.forum_id == forum.id,
                    ForumAspiration.status.not_in(kinds.FINISHED),
                )
                .order_by(ForumAspiration.due_on, ForumAspiration.raised_at)
            )
        )

    def topics(self) -> list[tuple[Text, list[tuple[str, Text]]]]:
        """The dispute and complaint workflows' categories, as one grouped choice."""
        registry = self.cases.engine.registry
        found = []
        for name in CASE_WORKFLOWS:
            spec = registry.latest(name)
            found.append((spec.label, [(f"{name}:{c.value}", c.label) for c in spec.categories]))
        return found

    def desa_for_case(self, actor: Actor, forum: Forum) -> list[Area]:
        """The desa under the forum's area where this actor may register a case."""
        area = self.session.get(Area, forum.area_id)
        assert area is not None
        return [d for d in desa_in_reach(self.session, actor) if d.path.startswith(area.path)]

    # ---- writes ----------------------------------------------------------------------------

    @unit_of_work
    def raise_(
        self, actor: Actor, activity_id: UUID, data: AspirationForm, version: int | None = None
    ) -> ForumAspiration:
        forum, activity = self.activity(actor, activity_id, version)
        now = self.clock()
        if activity.starts_at > now:
            raise Unprocessable(NOT_YET)
        if data.due_on < activity.starts_at.astimezone(LOCAL_TZ).date():
            raise FieldErrors({"due_on": _("Batas waktu tidak boleh sebelum hari kegiatan.")})
        row = ForumAspiration(
            id=uuid4(),
            forum_id=forum.id,
            activity_id=activity.id,
            kind=data.kind,
            text=data.text,
            raised_by=data.raised_by,
            owner=data.owner,
            due_on=data.due_on,
            status=kinds.OPEN,
            raised_at=now,
        )
        self.session.add(row)
        payload = {
            "aspiration_id": str(row.id),
            "activity_id": str(activity.id),
            "kind": row.kind,
            "text": row.text,
            "raised_by": row.raised_by,
            "owner": row.owner,
            "due_on": row.due_on.isoformat(),
        }
        self.chain(forum, actor, ledger.ASPIRATION_RAISED, (None, kinds.OPEN), payload)
        return row

    def _unfinished(
        self, actor: Actor, activity_id: UUID, aspiration_id: UUID, version: int | None
    ) -> tuple[Forum, ForumAspiration]:
        """An aspiration of the activity, still open or in progress: another activity's is
        not found there (404), a finished one is refused (409)."""
        forum, row = self.aspiration(actor, aspiration_id, version)
        if row.activity_id != activity_id:
            raise NotFound(ASPIRATION_GONE)
        if row.status in kinds.FINISHED:
            raise Conflict(_FINISHED)
        return forum, row

    @unit_of_work
    def progress(
        self,
        actor: Actor,
        activity_id: UUID,
        aspiration_id: UUID,
        data: ProgressForm,
        version: int | None = None,
    ) -> ForumAspiration:
        forum, row = self._unfinished(actor, activity_id, aspiration_id, version)
        before = row.status
        row.status = data.status
        row.note = data.note
        row.closed_at = self.clock() if data.status == kinds.DONE else None
        payload = {"aspiration_id": str(row.id), "note": data.note}
        self.chain(forum, actor, ledger.ASPIRATION_UPDATED, (before, row.status), payload)
        return row

    @unit_of_work
    def to_case(
        self,
        actor: Actor,
        activity_id: UUID,
        aspiration_id: UUID,
        data: CaseForm,
        version: int | None = None,
    ) -> Case:
        """Register the case, prefilled from the aspiration, and link the two."""
        forum, row = self._unfinished(actor, activity_id, aspiration_id, version)
        if data.workflow not in CASE_WORKFLOWS:
            raise FieldErrors({"topic": _("Pilih jenis perkara sengketa atau pengaduan.")})
        area = self.session.get(Area, forum.area_id)
        desa = self.session.get(Area, data.desa_id)
        if (
            area is None
            or desa is None
            or desa.level != AreaLevel.DESA
            or not desa.path.startswith(area.path)
        ):
            raise FieldErrors({"desa_id": _("Pilih desa di wilayah forum ini.")})
        activity = self.session.get(ForumActivity, row.activity_id)
        assert activity is not None
        case = self.cases.report(
            actor,
            CaseCreate(
                workflow=data.workflow,
                category=data.category,
                title=data.title,
                description=_description(forum, activity, row),
                desa_id=desa.id,
                reporter_name=data.reporter_name,
                # Who raised it is the complainant: the complaint workflow's next step asks
                # for one, and a dispute's parties are completed on the case page.
                parties=[PartyInput(role="complainant", name=data.reporter_name)],
                door="walk_in",
            ),
        )
        before = row.status
        row.status = kinds.CASE
        row.case_id = case.id
        row.closed_at = self.clock()
        payload = {
            "aspiration_id": str(row.id),
            "case_id": str(case.id),
            "reference": case.reference,
        }
        self.chain(forum, actor, ledger.ASPIRATION_CASE, (before, kinds.CASE), payload)
        return case


def _description(forum: Forum, activity: ForumActivity, row: ForumAspiration) -> str:
    """What the case says of where it started: the aspiration as raised, then the forum."""
    day = activity.starts_at.astimezone(LOCAL_TZ).date().isoformat()
    kind = kinds.ACTIVITY_KINDS[activity.kind].get("id")
    lines = [row.text, "", f"Diangkat di {forum.name}: {kind} {day}, {activity.topic}."]
    if row.raised_by:
        lines.append(f"Disampaikan oleh: {row.raised_by}.")
    return "\n".join(lines)[:8000]
