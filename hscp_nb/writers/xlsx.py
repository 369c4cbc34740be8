"""The data workbook writer (xlsx): the layout of :mod:`hscp_nb.writers.workbook` as an Excel file.

Title cells take Excel's built-in ``Title`` style and the cover's headings ``Heading 2``, so a screen reader and
Excel's navigation see them as headings; each table is an Excel table with a number format per column.

openpyxl (a core dependency, also the readers' library) writes it rather than gptables itself: gptables builds on
xlsxwriter and its own theme files, and would put a second spreadsheet library beside openpyxl for one writer; the
layout is gptables' own.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from hscp_nb import DATA_WORKBOOK_CATEGORY
from hscp_nb.document.model import Document
from hscp_nb.document.values import cell_value, neutralised, xml_text
from hscp_nb.writers.workbook import Plan, plan

LANGUAGE = "en-GB"


def render_workbook(document: Document, created: dt.datetime | None = None, companions: tuple[str, ...] = ()) -> bytes:
    """The document's data workbook (bytes)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.hyperlink import Hyperlink

    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    layout = plan(document, companions)
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    _cover(cover, layout)
    for sheet_plan in layout.sheets:
        sheet = wb.create_sheet(sheet_plan.name)
        _title(sheet, sheet_plan.title)
        for i, line in enumerate(sheet_plan.lines, start=2):
            sheet.cell(row=i, column=1, value=neutralised(xml_text(line)))
        start = 2 + len(sheet_plan.lines)
        _table(sheet, sheet_plan.table_name, sheet_plan.headers, sheet_plan.rows, sheet_plan.kinds, start)
        if sheet_plan.name == "Contents":
            for i, (name, _) in enumerate(sheet_plan.rows, start=start + 1):
                cell = sheet.cell(row=i, column=1)
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{name}'!A1", display=name)
                cell.style = "Hyperlink"

    props = wb.properties
    props.title = layout.title + " — data"
    props.subject = layout.subject
    props.creator = layout.creator
    props.keywords = layout.keywords
    props.language = LANGUAGE
    props.category = DATA_WORKBOOK_CATEGORY
    props.created = props.modified = created.replace(tzinfo=None)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _title(sheet, title: str) -> None:
    sheet["A1"] = neutralised(xml_text(title))
    sheet["A1"].style = "Title"


def _cover(sheet, layout: Plan) -> None:
    from openpyxl.styles import Alignment

    _title(sheet, layout.title)
    row = 2
    for heading, text in layout.cover:
        sheet.cell(row=row, column=1, value=neutralised(xml_text(heading))).style = "Headline 2"
        cell = sheet.cell(row=row + 1, column=1, value=neutralised(xml_text(text)))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 2
    sheet.column_dimensions["A"].width = 100


def _table(sheet, name: str, headers: list[str], rows: list[list], kinds: list[str], start_row: int) -> None:
    """One Excel table at ``start_row``: headers, then the rows, each column in its kind's number format."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table as ExcelTable
    from openpyxl.worksheet.table import TableStyleInfo

    for c, header in enumerate(headers, start=1):
        cell = sheet.cell(row=start_row, column=c, value=neutralised(str(header)))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(60, max(10, len(str(h)) * 0.6 + 2)) for h in headers]
    for r, row in enumerate(rows or [[None] * len(headers)], start=start_row + 1):
        for c, (value, kind) in enumerate(zip(row, kinds), start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value, number_format = cell_value(value, kind)
            if number_format:
                cell.number_format = number_format
            if isinstance(cell.value, str):
                widths[c - 1] = min(60, max(widths[c - 1], len(cell.value) + 2))
                if len(cell.value) > 60:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif cell.value is not None:
                widths[c - 1] = max(widths[c - 1], 14)
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    end = f"{get_column_letter(len(headers))}{start_row + max(1, len(rows))}"
    table = ExcelTable(displayName=_table_name(name), ref=f"A{start_row}:{end}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    sheet.freeze_panes = f"A{start_row + 1}"


def _table_name(name: str) -> str:
    """An Excel table's name: letters, digits and underscores, starting with a letter."""
    cleaned = re.sub(r"\W", "_", name)
    return cleaned if cleaned[:1].isalpha() else f"T_{cleaned}"
