"""The monthly pack as its two downloads, each one call for a controller or the command line:
gathered for the reader (refused as :meth:`AnevPacks.pack` says), then printed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from mediasi.accounts.actor import Actor
from mediasi.agreements.documents import Document
from mediasi.anev.document import file_stem, pack_pdf
from mediasi.anev.pack import AnevPacks, Pack
from mediasi.anev.workbook import XLSX, pack_xlsx


class AnevDownloads:
    def __init__(self, packs: AnevPacks, templates_dir: Path) -> None:
        self.packs = packs
        self.templates_dir = templates_dir

    def pdf(self, actor: Actor, params: Mapping[str, Any], now: datetime) -> Document:
        return self._pdf(self.packs.pack(actor, params, now))

    def xlsx(self, actor: Actor, params: Mapping[str, Any], now: datetime) -> Document:
        return self._xlsx(self.packs.pack(actor, params, now))

    def both(self, actor: Actor, params: Mapping[str, Any], now: datetime) -> list[Document]:
        """The PDF and the workbook of one reading (the command line writes both)."""
        pack = self.packs.pack(actor, params, now)
        return [self._pdf(pack), self._xlsx(pack)]

    def _pdf(self, pack: Pack) -> Document:
        return Document(pack_pdf(pack, self.templates_dir), f"{file_stem(pack)}.pdf")

    @staticmethod
    def _xlsx(pack: Pack) -> Document:
        return Document(pack_xlsx(pack), f"{file_stem(pack)}.xlsx", XLSX)
