"""The monthly pack written to a folder, for the command line: both files, as the system
reads the area (the command runs on the server, for any area by its code)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mediasi.accounts.actor import SYSTEM
from mediasi.anev.document import file_stem, pack_pdf
from mediasi.anev.pack import AnevPacks
from mediasi.anev.workbook import pack_xlsx


def write_pack(
    packs: AnevPacks, templates_dir: Path, area: str, month: str, out: Path, now: datetime
) -> tuple[Path, Path]:
    """(the PDF, the workbook) of ``area``'s ``month`` in ``out`` (made if missing)."""
    pack = packs.pack(SYSTEM, {"area": area, "month": month}, now)
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / f"{file_stem(pack)}.pdf"
    xlsx = out / f"{file_stem(pack)}.xlsx"
    pdf.write_bytes(pack_pdf(pack, templates_dir))
    xlsx.write_bytes(pack_xlsx(pack))
    return pdf, xlsx
