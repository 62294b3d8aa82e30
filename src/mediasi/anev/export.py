"""The monthly pack written to a folder, for the command line: both files, as the system
reads the area (the command runs on the server, for any area by its code)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mediasi.accounts.actor import SYSTEM
from mediasi.anev.downloads import AnevDownloads


def write_pack(
    downloads: AnevDownloads, area: str, month: str, out: Path, now: datetime
) -> list[Path]:
    """The PDF and the workbook of ``area``'s ``month``, written in ``out`` (made if missing)."""
    documents = downloads.both(SYSTEM, {"area": area, "month": month}, now)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for document in documents:
        path = out / document.filename
        path.write_bytes(document.data)
        paths.append(path)
    return paths
