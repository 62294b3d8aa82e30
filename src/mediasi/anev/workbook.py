"""The monthly pack as a workbook (XLSX): one sheet per table of the PDF, the headings bold,
each number a number (a share a fraction shown as a percentage, a day a date), so a
supervisor can sort, sum and chart it further."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import TYPE_CHECKING

from mediasi.anev.pack import Pack
from mediasi.anev.tables import Cell, Month, Share, Table, cut_note, tables_of

if TYPE_CHECKING:
    from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {Share: "0.0%", float: "0.0", Month: "mmm yyyy", date: "d mmm yyyy"}
WIDEST = 60


def _width(cell: Cell) -> int:
    """The characters a cell shows in its format (a share or days: a few digits)."""
    if isinstance(cell, date | float):
        return 12 if isinstance(cell, date) else 7
    return len(str(cell if cell is not None else ""))


def _sheet(book: Workbook, table: Table) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.key)
    sheet.append(list(table.headings))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(table.rows, start=2):
        sheet.append(list(row))
        for column, value in enumerate(row, start=1):
            fmt = next((f for kind, f in FORMATS.items() if isinstance(value, kind)), None)
            if fmt is not None and not isinstance(value, bool | int):
                # By its address: asking the sheet for its last row counts every cell.
                sheet.cell(number, column).number_format = fmt
    if table.total:
        sheet.append([cut_note(table)])
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(table.headings):
        widest = max([len(heading), *(_width(row[index]) for row in table.rows)])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(widest + 2, WIDEST)


def pack_xlsx(pack: Pack) -> bytes:
    # openpyxl is imported here, not with the module: 18 MB a worker that never writes a
    # workbook would hold (the server's memory target is per worker).
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables_of(pack):
        _sheet(book, table)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
