"""Residents' reports waiting at the public door, so the demo's "Laporan masuk" is not empty."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.intake.abuse import form_token
from mediasi.intake.models import PUBLIC_DOORS, PublicReport
from mediasi.intake.schemas import ReportForm
from mediasi.intake.services import IntakeService
from mediasi.workflow.engine import WorkflowEngine

REPORTS = (
    (
        "Ngadilangkung",
        "sengketa:batas_tanah",
        "Pagar tetangga dibangun melewati batas pekarangan kami.",
        "Sumiati",
        "081233445566",
    ),
    (
        "Ngadilangkung",
        "pengaduan:kenakalan_remaja",
        "Balap liar tiap malam Minggu di jalan desa, warga tidak bisa tidur.",
        None,
        None,
    ),
    (
        "Jatirejoyoso",
        "sengketa:utang_piutang",
        "Pinjaman arisan Rp 3 juta belum dikembalikan sejak Agustus.",
        "Bambang Riyadi",
        "085711223344",
    ),
)


def demo_reports(
    session: Session, settings: Settings, workflows: WorkflowEngine, say: Callable[[str], None]
) -> None:
    if session.scalar(
        select(func.count()).select_from(PublicReport).where(PublicReport.source.in_(PUBLIC_DOORS))
    ):
        say("public reports: already present, none added")
        return
    intake = IntakeService(session, settings, workflows)
    shown = form_token(settings.secret_key, utcnow() - timedelta(minutes=5))
    for village, topic, what, name, phone in REPORTS:
        desa = session.scalars(select(Area).where(Area.name == f"Desa {village}")).first()
        if desa is None:
            continue
        form = ReportForm(
            desa_id=desa.id,
            topic=topic,
            what=what,
            place=f"Desa {village}",
            reporter_name=name,
            reporter_phone=phone,
            anonymous=name is None,
            consent=True,
            started=shown,
        )
        intake.submit(form, f"demo:{village}:{topic}")
    say(f"public reports: {len(REPORTS)} waiting in 'Laporan masuk'")
