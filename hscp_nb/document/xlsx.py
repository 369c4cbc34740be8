"""The data workbook writer: every table's and every chart's data of a document as an accessible spreadsheet, laid out
as the Government Analysis Function's guidance and its reference package, gptables, lay one out.

- ``Cover``: the title, what the workbook is, the reporting year, sources, contact, the sample-data warning.
- ``Contents``: one row per sheet, each linking to it, with its title.
- ``Notes``: numbered notes; a sheet whose table has notes says which (``[note 1]``) under its title.
- One sheet per table (``Table 1`` …) and per chart's data (``Chart 1`` …): the title in A1, a line saying what the
  sheet holds, the source, then one Excel table (no merged cells, no blank rows or columns) whose headers carry
  their units and whose columns carry number formats.

Each column's header and kind come from the block's data declaration (:class:`hscp_nb.document.blocks.Data`
``labels`` and ``kinds``; :mod:`hscp_nb.present.data_columns` declares them); the writer formats, it never
computes. Text that a spreadsheet would run as a formula is neutralised (:func:`neutralised`).

openpyxl (a core dependency, also the readers' library) writes it rather than gptables itself: gptables builds on
xlsxwriter and its own theme files, and would put a second spreadsheet library beside openpyxl for one writer; the
layout above is gptables' own.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from hscp_nb import DATA_WORKBOOK_CATEGORY
from hscp_nb.document.blocks import Data, Figure, Table
from hscp_nb.document.model import Document

LANGUAGE = "en-GB"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A column kind's Excel number format and the decimals its values are stored to (what the format shows)
NUMBER_FORMATS = {
    "money": ("#,##0.00", 2),
    "percent": ("0.0", 1),
    "number": ("#,##0.0", 1),
    "count": ("#,##0", 0),
    "year": ("0", 0),
}
DATE_FORMAT = "d mmmm yyyy"
TITLE_SIZE = 14


def neutralised(value):
    """Text that a spreadsheet would run as a formula (starting =, +, -, @, tab or carriage return, and not a
    number) gets a leading apostrophe, which Excel and LibreOffice show as text; anything else is unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value.replace(",", ""))
        return value
    except ValueError:
        return "'" + value


def safe_for_spreadsheets(frame):
    """A copy of ``frame`` whose text cells and column names cannot run as formulas when a CSV is opened."""
    text = [c for c in frame.columns if frame[c].dtype == object]
    safe = frame.copy()
    for column in text:
        safe[column] = safe[column].map(neutralised)
    return safe.rename(columns=lambda c: neutralised(c) if isinstance(c, str) else c)


def data_sheets(document: Document) -> list[tuple[str, str, Data, tuple[str, ...], str]]:
    """(sheet name, title, data, notes, source) for every table and chart of the document that carries data, in
    reading order. A chart names its own source; a table's is the document's."""
    sheets = []
    tables = charts = 0
    sources = "; ".join(document.meta.get("sources", ()))
    for part in document.parts:
        for block in part.blocks:
            if isinstance(block, Table) and block.data is not None and block.data.rows:
                tables += 1
                source = f"Sources of this report: {sources}" if sources else ""
                sheets.append((f"Table {tables}", block.caption, block.data, block.notes, source))
            elif isinstance(block, Figure) and block.data.rows:
                charts += 1
                title = block.caption or block.alt.split(". ")[0]
                source = block.source if block.source.startswith("Source") else f"Source: {block.source}"
                sheets.append((f"Chart {charts}", f"Data for the chart: {title}", block.data, (), source))
    return sheets


def render_workbook(document: Document, created: dt.datetime | None = None) -> bytes:
    """The document's data workbook (bytes)."""
    from openpyxl import Workbook
    from openpyxl.worksheet.hyperlink import Hyperlink

    meta = document.meta
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    sheets = data_sheets(document)
    notes: list[str] = list(meta.get("notes", ()))  # the document's own, on how to read the figures
    refs: list[list[int]] = []
    for _, _, _, sheet_notes, _ in sheets:
        refs.append([])
        for note in sheet_notes:
            if note not in notes:
                notes.append(note)
            refs[-1].append(notes.index(note) + 1)

    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    _cover(cover, document)
    contents = wb.create_sheet("Contents")
    rows = [("Notes", "Notes: how to read the figures, and notes the tables refer to")] if notes else []
    rows += [(name, _titled(title, r)) for (name, title, _, _, _), r in zip(sheets, refs)]
    _heading(contents, "Contents", "This worksheet contains one table. Each sheet name links to its sheet.")
    _table(contents, "contents", ["Sheet", "Title"], [list(r) for r in rows], ["text", "text"], start_row=3)
    for i, (name, _) in enumerate(rows, start=4):
        cell = contents.cell(row=i, column=1)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{name}'!A1", display=name)  # within the file
        cell.style = "Hyperlink"
    if notes:
        sheet = wb.create_sheet("Notes")
        _heading(
            sheet,
            "Notes",
            "This worksheet contains one table: how to read the figures, and the notes tables refer to by number.",
        )
        _table(sheet, "notes", ["Note number", "Note text"], [[f"note {i}", n] for i, n in enumerate(notes, 1)],
               ["text", "text"], start_row=3)  # fmt: skip
    for (name, title, data, _, source), r in zip(sheets, refs):
        sheet = wb.create_sheet(name)
        lines = ["This worksheet contains one table."]
        if r:
            lines.append("Notes on its figures are in the Notes worksheet.")
        elif notes:
            lines.append("The Notes worksheet says how to read the figures.")
        _heading(sheet, _titled(title, r), " ".join(lines), source)
        labels = list(data.labels) if data.labels else list(data.columns)
        kinds = list(data.kinds) if data.kinds else ["text"] * len(labels)
        _table(sheet, name, _unique(labels), [list(row) for row in data.rows], kinds, start_row=4 if source else 3)

    props = wb.properties
    props.title = meta.get("title", "") + " — data"
    props.subject = meta.get("description", "")
    props.creator = meta.get("partnership", "hscp_nb")
    props.keywords = "; ".join(k for k in ("Health and Social Care Partnership", meta.get("year_label", "")) if k)
    props.language = LANGUAGE
    props.category = DATA_WORKBOOK_CATEGORY
    props.created = props.modified = created.replace(tzinfo=None)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _titled(title: str, refs: list[int]) -> str:
    return title + "".join(f" [note {n}]" for n in refs)


def _cover(sheet, document: Document) -> None:
    from openpyxl.styles import Alignment, Font

    meta = document.meta
    sheet["A1"] = neutralised(meta.get("title", "Data"))
    sheet["A1"].font = Font(bold=True, size=TITLE_SIZE)
    lines = [
        ("About this workbook", meta.get("workbook_about") or "The data behind every table and chart of the report."),
    ]
    if meta.get("year_span"):
        lines.append(("Reporting year", meta["year_span"]))
    for source in meta.get("sources", ()) or [meta.get("source", "")]:
        if source:
            lines.append(("Source", source))
    if meta.get("partnership"):
        lines.append(("Contact", f"The performance team of {meta['partnership']} Health and Social Care Partnership"))
    lines.append(("Built", meta.get("created", "")))
    if document.synthetic:
        lines.append(("Sample data", "These figures are synthetic sample data generated for testing, not official "
                      "statistics."))  # fmt: skip
    row = 3
    for label, text in lines:
        if not text:
            continue
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True, size=12)
        cell = sheet.cell(row=row + 1, column=1, value=neutralised(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        row += 3
    sheet.column_dimensions["A"].width = 100


def _heading(sheet, title: str, *lines: str) -> None:
    from openpyxl.styles import Font

    sheet["A1"] = neutralised(title)
    sheet["A1"].font = Font(bold=True, size=TITLE_SIZE)
    for i, line in enumerate((x for x in lines if x), start=2):
        sheet.cell(row=i, column=1, value=neutralised(line))


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
            cell.value, number_format = _cell_value(value, kind)
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


def _cell_value(value, kind: str):
    """A data value as the cell holds it, and the cell's number format."""
    if value is None:
        return None, None
    if kind == "flag" or isinstance(value, bool):
        return ("Yes" if value else "No") if isinstance(value, bool) else neutralised(str(value)), None
    if kind == "date" and isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value), DATE_FORMAT
        except ValueError:
            return neutralised(value), None
    if kind in NUMBER_FORMATS and isinstance(value, int | float):
        number_format, decimals = NUMBER_FORMATS[kind]
        return (round(value, decimals) if decimals else round(value)), number_format
    if isinstance(value, int | float):
        return value, "#,##0.###" if isinstance(value, float) else "0"
    return neutralised(str(value)), None


def _table_name(name: str) -> str:
    """An Excel table's name: letters, digits and underscores, starting with a letter."""
    cleaned = re.sub(r"\W", "_", name)
    return cleaned if cleaned[:1].isalpha() else f"T_{cleaned}"


def _unique(headers: list[str]) -> list[str]:
    """Excel tables need distinct headers: a repeated one gets its position added."""
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out
