"""Versions of the shipped workflow files, as an admin would upload them (text, not specs)."""

from __future__ import annotations

from pathlib import Path

WORKFLOWS = Path(__file__).resolve().parent.parent / "workflows"


def shipped(name: str) -> str:
    return (WORKFLOWS / f"{name}.yaml").read_text(encoding="utf-8")


def sengketa_v2(*, mapped: bool = True) -> str:
    """sengketa version 2: the state ``assessed`` renamed ``telaah`` (with the mapping in the
    file when ``mapped``), everything else as in version 1."""
    text = shipped("sengketa").replace("version: 1\n", "version: 2\n", 1)
    text = text.replace("assessed", "telaah")
    if mapped:
        text += "migrate_from:\n  version: 1\n  states: {assessed: telaah}\n"
    return text


def sengketa_reworded() -> str:
    """sengketa version 2 with other words: ``assessed`` renamed ``telaah`` (mapped) and
    labelled anew, and the step ``assess`` replaced by ``telaah_laporan``."""
    return (
        sengketa_v2()
        .replace("trigger: assess\n", "trigger: telaah_laporan\n", 1)
        .replace("{id: Nilai laporan, en: Assess report}", "{id: Telaah laporan, en: Review}", 1)
        .replace("{id: Dinilai, en: Assessed}", "{id: Ditelaah, en: Under review}", 1)
    )


def sengketa_checklist() -> str:
    """sengketa version 2 whose assessment answers a checklist, and whose mediation is
    scheduled only when no answer rules the case out."""
    checklist = (
        "      - name: kelayakan\n"
        "        label: {id: Kelayakan mediasi, en: Fitness for mediation}\n"
        "        type: checklist\n"
        "        items:\n"
        "          - key: kekerasan\n"
        "            label: {id: Ada kekerasan fisik?, en: Was there physical violence?}\n"
        "            source: contoh untuk uji, bukan pasal\n"
        "            disqualifies_when: yes\n"
    )
    text = shipped("sengketa").replace("version: 1\n", "version: 2\n", 1)
    text = text.replace("      - name: assessment\n", checklist + "      - name: assessment\n", 1)
    return text.replace(
        "guards: [has_parties, has_mediator]\n",
        "guards: [has_parties, has_mediator, eligibility_clear]\n",
        1,
    )
