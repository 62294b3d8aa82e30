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
