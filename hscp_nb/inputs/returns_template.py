"""The blank local returns workbook a partnership fills in: an Instructions sheet, one sheet per returns sheet with its
headers, and drop-down lists on every categorical column, all from the one spec the reader validates against
(:mod:`hscp_nb.inputs.returns_schema`). The reader is :mod:`hscp_nb.inputs.returns`."""

from __future__ import annotations

from pathlib import Path

from hscp_nb.domain import reference
from hscp_nb.inputs.files import save_workbook_reproducibly
from hscp_nb.inputs.returns_schema import SHEETS, Sheet

INSTRUCTIONS = [
    "hscp_nb local returns workbook",
    "",
    "One workbook per partnership holds every year: each sheet has a Year column (e.g. 2021/22),"
    " so a new year is new rows.",
    "Fill one row per item. Grey header cells are column names: do not rename or reorder them.",
    "Drop-down lists show the accepted values of categorical columns. Money is in pounds, as numbers (no £ text).",
    "Required columns must be filled on every row; optional ones may be left blank.",
    "Check the workbook with:  hscp-nb validate <this file>"
    "   (every problem is listed with its sheet, row and column).",
    "",
]


def write_template(target: str | Path, partnership: str | reference.Partnership | None = None) -> Path:
    """A blank returns workbook with an Instructions sheet and drop-down validation on every categorical column."""
    from openpyxl import Workbook

    wb = Workbook()
    fill_instructions(wb.active)
    lists = wb.create_sheet("Lists")
    p = reference.resolve_partnership(partnership) if partnership else None
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        write_sheet_rows(ws, sheet, [])
        add_validation(ws, sheet, lists, p)
    lists.sheet_state = "hidden"
    if p is not None:
        wb["About"].append(["", p.name])
    target = Path(target)
    save_workbook_reproducibly(wb, target)
    return target


def fill_instructions(ws) -> None:
    from openpyxl.styles import Font

    ws.title = "Instructions"
    for line in INSTRUCTIONS:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Sheet", "Column", "Required", "What to enter"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        ws.append([sheet.name, "", "yes" if sheet.required else "optional sheet", sheet.purpose])
        ws[ws.max_row][0].font = Font(bold=True)
        for column in sheet.columns:
            ws.append(
                [
                    "",
                    column.header,
                    "yes" if column.required else "no",
                    (column.help + ". " if column.help else "") + "Expected: " + column.expected + ".",
                ]
            )
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 110


def write_sheet_rows(ws, sheet: Sheet, rows: list[list]) -> None:
    """Header (styled, frozen) and rows of one returns sheet."""
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append([c.header for c in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    for i, column in enumerate(sheet.columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = (
            60
            if column.kind == "text"
            and column.name
            in {
                "engagement",
                "contribution",
                "text",
                "recommendation",
                "action",
                "response",
                "why",
                "what_changed",
                "purpose",
                "reason",
                "decision",
                "variance_reason",
            }
            else max(14, len(column.header) + 2)
        )
        if column.kind == "money":
            for cells in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cells[0].number_format = "#,##0.00"
        if column.kind == "date":
            for cells in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cells[0].number_format = "yyyy-mm-dd"


def add_validation(ws, sheet: Sheet, lists, partnership: reference.Partnership | None, last_row: int = 2000) -> None:
    """Drop-down lists for categorical columns (localities too when the partnership is known), number range checks."""
    from openpyxl.worksheet.datavalidation import DataValidation

    for i, column in enumerate(sheet.columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        cells = f"{letter}2:{letter}{last_row}"
        values = list(column.choices)
        if column.kind == "locality" and partnership is not None:
            values = [loc.name for loc in reference.localities(partnership)]
        if values:
            col = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
            lists.cell(row=1, column=col, value=f"{sheet.name}: {column.header}")
            for r, value in enumerate(values, start=2):
                lists.cell(row=r, column=col, value=value)
            ref_letter = lists.cell(row=1, column=col).column_letter
            dv = DataValidation(
                type="list",
                formula1=f"Lists!${ref_letter}$2:${ref_letter}${len(values) + 1}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.header,
                error=f"Expected {column.expected}",
            )
        elif column.kind == "grade":
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1="1",
                formula2="6",
                allow_blank=True,
                showErrorMessage=True,
                error="Expected a grade from 1 to 6",
            )
        elif column.kind in {"money", "integer"}:
            dv = DataValidation(
                type="decimal" if column.kind == "money" else "whole",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=not column.required,
                showErrorMessage=True,
                error=f"Expected {column.expected}",
            )
        else:
            continue
        dv.add(cells)
        ws.add_data_validation(dv)
