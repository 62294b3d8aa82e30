"""Restorative justice cases walked to different ends, for the report's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import pytest

from mediasi.cases.schemas import PartyInput
from mediasi.db.base import utcnow
from mediasi.runtime import Runtime
from tests.factories import TimedCases, World
from tests.integration.restorative.walk import agreed, checked, consent, fire
from tests.integration.restorative.walk import ruled_out as ruled_out_by
from tests.integration.supervision.conftest import open_as, timed  # noqa: F401 - fixtures

WITHDRAWAL = "Korban menyatakan tidak lagi bersedia berdamai dengan terlapor."


@dataclass(frozen=True)
class Walked:
    settled: UUID
    ruled_out: UUID  # ancaman_berat, referred to Reskrim
    to_ppa: UUID  # kekerasan_perempuan_anak, referred to Unit PPA at once
    withdrawn: UUID
    in_progress: UUID
    failed_b: UUID  # Polsek B
    last_month: UUID  # reported before the current month


@pytest.fixture
def walked(runtime: Runtime, world: World, timed: TimedCases) -> Walked:  # noqa: F811
    settled = checked(runtime, world)
    consent(runtime, world, settled)
    agreed(runtime, world, settled, world.tokoh_a1)
    ruled_out = ruled_out_by(runtime, world, {"ancaman_berat": "yes"}, "refer_reskrim")
    to_ppa = ruled_out_by(
        runtime,
        world,
        {"kekerasan_perempuan_anak": "yes"},
        "refer_ppa",
        category="penganiayaan_ringan",
    )
    withdrawn = checked(runtime, world, offender_nik=None, desa=world.desa_a2)
    fire(runtime, world, withdrawn, "withdraw_consent", reason=WITHDRAWAL)
    in_progress = checked(runtime, world, offender_nik=None)
    failed_b = checked(
        runtime, world, by="officer_b", desa=world.desa_b1, offender_nik=None, category="penipuan"
    )
    fire(runtime, world, failed_b, "fail", by="officer_b", reason="Terlapor tidak datang.")
    before = utcnow().replace(day=1) - timedelta(days=20)
    last_month = timed.report(
        before,
        workflow="keadilan_restoratif",
        category="pencurian",
        parties=[PartyInput(role="complainant", name="Darto Santoso")],
    )
    return Walked(settled, ruled_out, to_ppa, withdrawn, in_progress, failed_b, last_month)
